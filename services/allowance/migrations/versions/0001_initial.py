# ruff: noqa: PLR0915 - one statement per table and index
"""initial allowance schema: tariffs, rule sets, inputs, HR data, runs, payments, audit, kit

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
        "allowance_run",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("DRAFT", "REVIEWED", "LOCKED", name="runstatus", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("rule_set_id", sa.String(length=36), nullable=True),
        sa.Column("tariff_version_id", sa.String(length=36), nullable=False),
        sa.Column("inputs_digest", sa.String(length=64), nullable=False),
        sa.Column("results_digest", sa.String(length=64), nullable=False),
        sa.Column("missing", sa.Text(), nullable=False),
        sa.Column("employees", sa.Integer(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("computed_by", sa.String(length=36), nullable=False),
        sa.Column("reviewed_by", sa.String(length=36), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("locked_by", sa.String(length=36), nullable=True),
        sa.Column("locked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allowance_run")),
        sa.UniqueConstraint("organisation_id", "month", name="uq_run_month"),
    )
    with op.batch_alter_table("allowance_run", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_allowance_run_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "appraisal_result",
        sa.Column("appraisal_id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=True),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("predicate", sa.String(length=40), nullable=False),
        sa.Column("finalized_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("appraisal_id", name=op.f("pk_appraisal_result")),
    )
    with op.batch_alter_table("appraisal_result", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appraisal_result_employee_id"), ["employee_id"], unique=False
        )

    op.create_table(
        "audit_log",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_log_hash")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "month_reopening",
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("reopened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("unit_id", "month", "revision", name=op.f("pk_month_reopening")),
    )
    op.create_table(
        "month_summary",
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("working_days", sa.Integer(), nullable=False),
        sa.Column("present_days", sa.Integer(), nullable=False),
        sa.Column("tl", sa.Text(), nullable=False),
        sa.Column("psw", sa.Text(), nullable=False),
        sa.Column("tl_minutes", sa.Integer(), nullable=False),
        sa.Column("psw_minutes", sa.Integer(), nullable=False),
        sa.Column("unexcused_days", sa.Integer(), nullable=False),
        sa.Column("leave_days", sa.Text(), nullable=False),
        sa.Column("official_duty_days", sa.Integer(), nullable=False),
        sa.Column("effective_minutes", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("employee_id", "unit_id", "month", name=op.f("pk_month_summary")),
    )
    op.create_table(
        "profession_allowance",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("monthly_amount", sa.BigInteger(), nullable=False),
        sa.Column("start_month", sa.Date(), nullable=False),
        sa.Column("end_month", sa.Date(), nullable=True),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profession_allowance")),
    )
    with op.batch_alter_table("profession_allowance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_profession_allowance_employee_id"), ["employee_id"], unique=False
        )

    op.create_table(
        "rule_set",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=True),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("parameters", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_set")),
        sa.UniqueConstraint("organisation_id", "effective_from", name="uq_rule_set_from"),
    )
    with op.batch_alter_table("rule_set", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rule_set_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "sanction",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("start_month", sa.Date(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("percent", sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_by", sa.String(length=36), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sanction")),
    )
    with op.batch_alter_table("sanction", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sanction_employee_id"), ["employee_id"], unique=False)

    op.create_table(
        "study_leave",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("education", sa.String(length=10), nullable=False),
        sa.Column("start_month", sa.Date(), nullable=False),
        sa.Column("end_month", sa.Date(), nullable=True),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_study_leave")),
    )
    with op.batch_alter_table("study_leave", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_study_leave_employee_id"), ["employee_id"], unique=False
        )

    op.create_table(
        "tariff_version",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tariff_version")),
        sa.UniqueConstraint("effective_from", name=op.f("uq_tariff_version_effective_from")),
    )
    op.create_table(
        "payment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("nip", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=True),
        sa.Column("kelas", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("lines", sa.Text(), nullable=False),
        sa.Column("inputs", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["allowance_run.id"], name=op.f("fk_payment_run_id_allowance_run")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment")),
        sa.UniqueConstraint("run_id", "employee_id", name="uq_payment_employee"),
    )
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_employee_id"), ["employee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payment_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payment_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "tariff_amount",
        sa.Column("version_id", sa.String(length=36), nullable=False),
        sa.Column("kelas", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["tariff_version.id"],
            name=op.f("fk_tariff_amount_version_id_tariff_version"),
        ),
        sa.PrimaryKeyConstraint("version_id", "kelas", name=op.f("pk_tariff_amount")),
    )
    op.create_table(
        "correction",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("original_payment_id", sa.String(length=36), nullable=False),
        sa.Column("original_run_id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("inputs_digest", sa.String(length=64), nullable=False),
        sa.Column("lines", sa.Text(), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied_run_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["original_payment_id"],
            ["payment.id"],
            name=op.f("fk_correction_original_payment_id_payment"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_correction")),
        sa.UniqueConstraint("original_payment_id", "inputs_digest", name="uq_correction_inputs"),
    )
    with op.batch_alter_table("correction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_correction_applied_run_id"), ["applied_run_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_correction_employee_id"), ["employee_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_correction_original_run_id"), ["original_run_id"], unique=False
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
    with op.batch_alter_table("correction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_correction_original_run_id"))
        batch_op.drop_index(batch_op.f("ix_correction_employee_id"))
        batch_op.drop_index(batch_op.f("ix_correction_applied_run_id"))

    op.drop_table("correction")
    op.drop_table("tariff_amount")
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_unit_id"))
        batch_op.drop_index(batch_op.f("ix_payment_run_id"))
        batch_op.drop_index(batch_op.f("ix_payment_employee_id"))

    op.drop_table("payment")
    op.drop_table("tariff_version")
    with op.batch_alter_table("study_leave", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_study_leave_employee_id"))

    op.drop_table("study_leave")
    with op.batch_alter_table("sanction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sanction_employee_id"))

    op.drop_table("sanction")
    with op.batch_alter_table("rule_set", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rule_set_organisation_id"))

    op.drop_table("rule_set")
    with op.batch_alter_table("profession_allowance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_profession_allowance_employee_id"))

    op.drop_table("profession_allowance")
    op.drop_table("month_summary")
    op.drop_table("month_reopening")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_entity_id"))

    op.drop_table("audit_log")
    with op.batch_alter_table("appraisal_result", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appraisal_result_employee_id"))

    op.drop_table("appraisal_result")
    with op.batch_alter_table("allowance_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_allowance_run_organisation_id"))

    op.drop_table("allowance_run")
