# ruff: noqa: PLR0915 - one statement per table and index
"""initial activity schema: logs, evidence, SKP replica, attendance, kit, directory

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
        "absence",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("LEAVE", "OFFICIAL_DUTY", name="absencekind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column(
            "leave_type",
            sa.Enum(
                "CUTI_TAHUNAN",
                "SAKIT",
                "BESAR",
                "MELAHIRKAN",
                "ALASAN_PENTING",
                "BERSAMA",
                "CLTN",
                name="leavetype",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("letter_number", sa.String(length=200), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "PENDING",
                "APPROVED",
                "REJECTED",
                name="requeststatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=36), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absence")),
    )
    with op.batch_alter_table("absence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_absence_employee_id"), ["employee_id"], unique=False)

    op.create_table(
        "attendance_band_set",
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("bands", sa.Text(), nullable=False),
        sa.Column("absence_deduction_percent", sa.Numeric(precision=9, scale=4), nullable=False),
        sa.Column("monthly_minutes_target", sa.Integer(), nullable=True),
        sa.Column("updated_by", sa.String(length=36), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("valid_from", name=op.f("pk_attendance_band_set")),
    )
    op.create_table(
        "attendance_correction",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("check_in", sa.DateTime(timezone=True), nullable=True),
        sa.Column("check_out", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "PENDING",
                "APPROVED",
                "REJECTED",
                name="requeststatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=36), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_correction")),
    )
    with op.batch_alter_table("attendance_correction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attendance_correction_employee_id"), ["employee_id"], unique=False
        )

    op.create_table(
        "attendance_record",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("CHECK_IN", "CHECK_OUT", name="eventkind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "source",
            sa.Enum("DEVICE", "MOBILE", "CORRECTION", name="source", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("device_event_id", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_record")),
        sa.UniqueConstraint("device_event_id", name=op.f("uq_attendance_record_device_event_id")),
    )
    with op.batch_alter_table("attendance_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_record_day"), ["day"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_attendance_record_employee_id"), ["employee_id"], unique=False
        )

    op.create_table(
        "calendar_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("HOLIDAY", "CUTI_BERSAMA", name="calendarkind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_day")),
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("uploaded_by", sa.String(length=36), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_sha256"), ["sha256"], unique=False)
        batch_op.create_index(batch_op.f("ix_evidence_uploaded_by"), ["uploaded_by"], unique=False)

    op.create_table(
        "month_close",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("closed_by", sa.String(length=36), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_month_close")),
        sa.UniqueConstraint("unit_id", "month", name=op.f("uq_month_close_unit_id")),
    )
    op.create_table(
        "month_reopening",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reopened_by", sa.String(length=36), nullable=False),
        sa.Column("reopened_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_month_reopening")),
    )
    op.create_table(
        "month_summary",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_month_summary")),
        sa.UniqueConstraint(
            "employee_id", "unit_id", "month", "revision", name=op.f("uq_month_summary_employee_id")
        ),
    )
    with op.batch_alter_table("month_summary", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_month_summary_employee_id"), ["employee_id"], unique=False
        )

    op.create_table(
        "skp_replica",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("appraiser_id", sa.String(length=36), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("superseded_by", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skp_replica")),
    )
    with op.batch_alter_table("skp_replica", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_skp_replica_employee_id"), ["employee_id"], unique=False
        )

    op.create_table(
        "standard_activity",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("standard_minutes", sa.Integer(), nullable=False),
        sa.Column("output_unit", sa.String(length=50), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standard_activity")),
        sa.UniqueConstraint("unit_id", "code", name=op.f("uq_standard_activity_unit_id")),
    )
    with op.batch_alter_table("standard_activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_standard_activity_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "work_schedule",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("hours", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_schedule")),
        sa.UniqueConstraint("name", "valid_from", name=op.f("uq_work_schedule_name")),
    )
    op.create_table(
        "activity_log",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("skp_id", sa.String(length=36), nullable=False),
        sa.Column("skp_item_id", sa.String(length=36), nullable=False),
        sa.Column("indicator_id", sa.String(length=36), nullable=False),
        sa.Column("output_quantity", sa.Numeric(precision=20, scale=4), nullable=True),
        sa.Column("standard_activity_id", sa.String(length=36), nullable=True),
        sa.Column("standard_minutes", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "SUBMITTED",
                "APPROVED",
                "REJECTED",
                "REVOKED",
                name="logstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=36), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["standard_activity_id"],
            ["standard_activity.id"],
            name=op.f("fk_activity_log_standard_activity_id_standard_activity"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_log")),
    )
    with op.batch_alter_table("activity_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_log_day"), ["day"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_activity_log_employee_id"), ["employee_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_activity_log_skp_item_id"), ["skp_item_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_activity_log_standard_activity_id"),
            ["standard_activity_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_activity_log_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "skp_item_replica",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("skp_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["skp_id"],
            ["skp_replica.id"],
            name=op.f("fk_skp_item_replica_skp_id_skp_replica"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skp_item_replica")),
    )
    with op.batch_alter_table("skp_item_replica", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_skp_item_replica_skp_id"), ["skp_id"], unique=False)

    op.create_table(
        "indicator_replica",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("skp_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(length=100), nullable=False),
        sa.Column("additive", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["skp_item_replica.id"],
            name=op.f("fk_indicator_replica_item_id_skp_item_replica"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_replica")),
    )
    with op.batch_alter_table("indicator_replica", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_replica_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_indicator_replica_skp_id"), ["skp_id"], unique=False)

    op.create_table(
        "log_evidence",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("log_id", sa.String(length=36), nullable=False),
        sa.Column("evidence_id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("attached_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duplicate_of", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["evidence_id"], ["evidence.id"], name=op.f("fk_log_evidence_evidence_id_evidence")
        ),
        sa.ForeignKeyConstraint(
            ["log_id"],
            ["activity_log.id"],
            name=op.f("fk_log_evidence_log_id_activity_log"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_log_evidence")),
        sa.UniqueConstraint("log_id", "evidence_id", name=op.f("uq_log_evidence_log_id")),
    )
    with op.batch_alter_table("log_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_log_evidence_evidence_id"), ["evidence_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_log_evidence_log_id"), ["log_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_log_evidence_sha256"), ["sha256"], unique=False)

    op.create_table(
        "log_revocation",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("log_id", sa.String(length=36), nullable=False),
        sa.Column("revoked_by", sa.String(length=36), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["log_id"],
            ["activity_log.id"],
            name=op.f("fk_log_revocation_log_id_activity_log"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_log_revocation")),
    )
    with op.batch_alter_table("log_revocation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_log_revocation_log_id"), ["log_id"], unique=False)

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
    with op.batch_alter_table("log_revocation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_log_revocation_log_id"))

    op.drop_table("log_revocation")
    with op.batch_alter_table("log_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_log_evidence_sha256"))
        batch_op.drop_index(batch_op.f("ix_log_evidence_log_id"))
        batch_op.drop_index(batch_op.f("ix_log_evidence_evidence_id"))

    op.drop_table("log_evidence")
    with op.batch_alter_table("indicator_replica", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_replica_skp_id"))
        batch_op.drop_index(batch_op.f("ix_indicator_replica_item_id"))

    op.drop_table("indicator_replica")
    with op.batch_alter_table("skp_item_replica", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skp_item_replica_skp_id"))

    op.drop_table("skp_item_replica")
    with op.batch_alter_table("activity_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_log_unit_id"))
        batch_op.drop_index(batch_op.f("ix_activity_log_standard_activity_id"))
        batch_op.drop_index(batch_op.f("ix_activity_log_skp_item_id"))
        batch_op.drop_index(batch_op.f("ix_activity_log_employee_id"))
        batch_op.drop_index(batch_op.f("ix_activity_log_day"))

    op.drop_table("activity_log")
    op.drop_table("work_schedule")
    with op.batch_alter_table("standard_activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_standard_activity_unit_id"))

    op.drop_table("standard_activity")
    with op.batch_alter_table("skp_replica", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skp_replica_employee_id"))

    op.drop_table("skp_replica")
    with op.batch_alter_table("month_summary", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_month_summary_employee_id"))

    op.drop_table("month_summary")
    op.drop_table("month_reopening")
    op.drop_table("month_close")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_uploaded_by"))
        batch_op.drop_index(batch_op.f("ix_evidence_sha256"))

    op.drop_table("evidence")
    op.drop_table("calendar_day")
    with op.batch_alter_table("attendance_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_record_employee_id"))
        batch_op.drop_index(batch_op.f("ix_attendance_record_day"))

    op.drop_table("attendance_record")
    with op.batch_alter_table("attendance_correction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_correction_employee_id"))

    op.drop_table("attendance_correction")
    op.drop_table("attendance_band_set")
    with op.batch_alter_table("absence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_absence_employee_id"))

    op.drop_table("absence")
