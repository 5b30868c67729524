"""initial targets schema: work plan, SKP, kit and directory tables

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plan",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "DRAFT", "PUBLISHED", "SUPERSEDED", name="planstatus", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan")),
        sa.UniqueConstraint("unit_id", "year", "version", name=op.f("uq_plan_unit_id")),
    )
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "skp",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("lineage_id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column(
            "regime",
            sa.Enum(
                "PP46_2011",
                "PERMENPANRB_8_2021",
                "PERMENPANRB_6_2022",
                name="regime",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "DRAFT",
                "SUBMITTED",
                "APPROVED",
                "RETURNED",
                name="skpstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("supersedes_id", sa.String(length=36), nullable=True),
        sa.Column("superseded_by_id", sa.String(length=36), nullable=True),
        sa.Column("revision_reason", sa.Text(), nullable=True),
        sa.Column("appraiser_id", sa.String(length=36), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skp")),
    )
    with op.batch_alter_table("skp", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_skp_employee_id"), ["employee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_skp_lineage_id"), ["lineage_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_skp_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "plan_indicator",
        sa.Column("plan_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("target_value", sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column("unit", sa.String(length=100), nullable=False),
        sa.Column(
            "direction",
            sa.Enum(
                "HIGHER_IS_BETTER",
                "LOWER_IS_BETTER",
                name="direction",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan.id"],
            name=op.f("fk_plan_indicator_plan_id_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("plan_id", "code", name=op.f("pk_plan_indicator")),
    )
    with op.batch_alter_table("plan_indicator", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_indicator_id"), ["id"], unique=False)

    op.create_table(
        "plan_kegiatan",
        sa.Column("plan_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("program_code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_plan_kegiatan_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("plan_id", "code", name=op.f("pk_plan_kegiatan")),
    )
    op.create_table(
        "plan_kro",
        sa.Column("plan_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("kegiatan_code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_plan_kro_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("plan_id", "code", name=op.f("pk_plan_kro")),
    )
    op.create_table(
        "plan_output",
        sa.Column("plan_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kro_code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(length=100), nullable=False),
        sa.Column("volume", sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column("budget", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("budget >= 0", name=op.f("ck_plan_output_budget_not_negative")),
        sa.CheckConstraint("volume > 0", name=op.f("ck_plan_output_volume_positive")),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_plan_output_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("plan_id", "code", name=op.f("pk_plan_output")),
    )
    with op.batch_alter_table("plan_output", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_output_id"), ["id"], unique=False)

    op.create_table(
        "plan_program",
        sa.Column("plan_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_plan_program_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("plan_id", "code", name=op.f("pk_plan_program")),
    )
    op.create_table(
        "skp_activity",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("skp_id", sa.String(length=36), nullable=False),
        sa.Column("lineage_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("quantity_target", sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column("quantity_unit", sa.String(length=100), nullable=False),
        sa.Column("quality_target", sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column("time_target_months", sa.Integer(), nullable=False),
        sa.Column("cost_target", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["skp_id"], ["skp.id"], name=op.f("fk_skp_activity_skp_id_skp")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skp_activity")),
    )
    with op.batch_alter_table("skp_activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_skp_activity_skp_id"), ["skp_id"], unique=False)

    op.create_table(
        "skp_rhk",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("skp_id", sa.String(length=36), nullable=False),
        sa.Column("lineage_id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("UTAMA", "TAMBAHAN", name="rhkkind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("parent_rhk_id", sa.String(length=36), nullable=True),
        sa.Column("plan_output_id", sa.String(length=36), nullable=True),
        sa.Column("unit_indicator_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_rhk_id"], ["skp_rhk.id"], name=op.f("fk_skp_rhk_parent_rhk_id_skp_rhk")
        ),
        sa.ForeignKeyConstraint(["skp_id"], ["skp.id"], name=op.f("fk_skp_rhk_skp_id_skp")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skp_rhk")),
    )
    with op.batch_alter_table("skp_rhk", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_skp_rhk_parent_rhk_id"), ["parent_rhk_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_skp_rhk_plan_output_id"), ["plan_output_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_skp_rhk_skp_id"), ["skp_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_skp_rhk_unit_indicator_id"), ["unit_indicator_id"], unique=False
        )

    op.create_table(
        "skp_indicator",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rhk_id", sa.String(length=36), nullable=False),
        sa.Column("lineage_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("target_value", sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column("unit", sa.String(length=100), nullable=False),
        sa.Column(
            "direction",
            sa.Enum(
                "HIGHER_IS_BETTER",
                "LOWER_IS_BETTER",
                name="direction",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("additive", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["rhk_id"], ["skp_rhk.id"], name=op.f("fk_skp_indicator_rhk_id_skp_rhk")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skp_indicator")),
    )
    with op.batch_alter_table("skp_indicator", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_skp_indicator_rhk_id"), ["rhk_id"], unique=False)

    op.create_table(
        "skp_monthly_target",
        sa.Column("indicator_id", sa.String(length=36), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("target", sa.Numeric(precision=20, scale=4), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["skp_indicator.id"],
            name=op.f("fk_skp_monthly_target_indicator_id_skp_indicator"),
        ),
        sa.PrimaryKeyConstraint("indicator_id", "month", name=op.f("pk_skp_monthly_target")),
    )
    op.create_table(
        "dead_letter",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("consumer", sa.String(length=100), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=True),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("deliveries", sa.Integer(), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dead_letter")),
    )
    with op.batch_alter_table("dead_letter", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dead_letter_consumer"), ["consumer"], unique=False)

    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(length=100), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id", name=op.f("pk_inbox")),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
        sa.UniqueConstraint("event_id", name=op.f("uq_outbox_event_id")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_sent_at"), ["sent_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_subject"), ["subject"], unique=False)

    op.create_table(
        "directory_assignment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("position_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_assignment")),
    )
    with op.batch_alter_table("directory_assignment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_directory_assignment_employee_id"), ["employee_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_directory_assignment_position_id"), ["position_id"], unique=False
        )

    op.create_table(
        "directory_employee",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("nip", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("asn_type", sa.String(length=50), nullable=False),
        sa.Column("status", sa.String(length=50), nullable=False),
        sa.Column("golongan", sa.String(length=20), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_employee")),
        sa.UniqueConstraint("nip", name=op.f("uq_directory_employee_nip")),
    )
    op.create_table(
        "directory_position",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("job_type", sa.String(length=50), nullable=False),
        sa.Column("kelas_jabatan", sa.Integer(), nullable=False),
        sa.Column("reports_to_id", sa.String(length=36), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_position")),
    )
    with op.batch_alter_table("directory_position", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_directory_position_reports_to_id"), ["reports_to_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_directory_position_unit_id"), ["unit_id"], unique=False
        )

    op.create_table(
        "directory_unit",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("type", sa.String(length=50), nullable=False),
        sa.Column("parent_id", sa.String(length=36), nullable=True),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_unit")),
    )
    with op.batch_alter_table("directory_unit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_directory_unit_parent_id"), ["parent_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("directory_unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_unit_parent_id"))

    op.drop_table("directory_unit")
    with op.batch_alter_table("directory_position", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_position_unit_id"))
        batch_op.drop_index(batch_op.f("ix_directory_position_reports_to_id"))

    op.drop_table("directory_position")
    op.drop_table("directory_employee")
    with op.batch_alter_table("directory_assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_assignment_position_id"))
        batch_op.drop_index(batch_op.f("ix_directory_assignment_employee_id"))

    op.drop_table("directory_assignment")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_subject"))
        batch_op.drop_index(batch_op.f("ix_outbox_sent_at"))

    op.drop_table("outbox")
    op.drop_table("inbox")
    with op.batch_alter_table("dead_letter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dead_letter_consumer"))

    op.drop_table("dead_letter")
    op.drop_table("skp_monthly_target")
    with op.batch_alter_table("skp_indicator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skp_indicator_rhk_id"))

    op.drop_table("skp_indicator")
    with op.batch_alter_table("skp_rhk", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skp_rhk_unit_indicator_id"))
        batch_op.drop_index(batch_op.f("ix_skp_rhk_skp_id"))
        batch_op.drop_index(batch_op.f("ix_skp_rhk_plan_output_id"))
        batch_op.drop_index(batch_op.f("ix_skp_rhk_parent_rhk_id"))

    op.drop_table("skp_rhk")
    with op.batch_alter_table("skp_activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skp_activity_skp_id"))

    op.drop_table("skp_activity")
    op.drop_table("plan_program")
    with op.batch_alter_table("plan_output", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_output_id"))

    op.drop_table("plan_output")
    op.drop_table("plan_kro")
    op.drop_table("plan_kegiatan")
    with op.batch_alter_table("plan_indicator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_indicator_id"))

    op.drop_table("plan_indicator")
    with op.batch_alter_table("skp", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skp_unit_id"))
        batch_op.drop_index(batch_op.f("ix_skp_lineage_id"))
        batch_op.drop_index(batch_op.f("ix_skp_employee_id"))

    op.drop_table("skp")
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_unit_id"))

    op.drop_table("plan")
