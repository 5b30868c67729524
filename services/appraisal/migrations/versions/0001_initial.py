# ruff: noqa: PLR0915 - one statement per table and index
"""initial appraisal schema: SKP replica, realisation, appraisals, unit ratings, kit

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
        "appraisal",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=True),
        sa.Column("position_id", sa.String(length=36), nullable=True),
        sa.Column("job_type", sa.String(length=50), nullable=True),
        sa.Column(
            "kind",
            sa.Enum("PERIODIC", "ANNUAL", name="appraisalkind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("skp_id", sa.String(length=36), nullable=True),
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
        sa.Column("appraiser_id", sa.String(length=36), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "OPEN",
                "SELF_ASSESSED",
                "RATED",
                "ACKNOWLEDGED",
                "OBJECTED",
                "DECIDED",
                "FINALIZED",
                name="appraisalstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("self_assessment", sa.Text(), nullable=True),
        sa.Column("self_assessed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "results_rating",
            sa.Enum(
                "BELOW", "AS_EXPECTED", "ABOVE", name="expectation", native_enum=False, length=40
            ),
            nullable=True,
        ),
        sa.Column("results_follow_unit", sa.Boolean(), nullable=False),
        sa.Column(
            "behaviour_rating",
            sa.Enum(
                "BELOW", "AS_EXPECTED", "ABOVE", name="expectation", native_enum=False, length=40
            ),
            nullable=True,
        ),
        sa.Column("additional_tasks", sa.Integer(), nullable=False),
        sa.Column("creativity_points", sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column("innovation", sa.Boolean(), nullable=False),
        sa.Column("skp_score", sa.Numeric(precision=20, scale=4), nullable=True),
        sa.Column("behaviour_score", sa.Numeric(precision=20, scale=4), nullable=True),
        sa.Column("final_score", sa.Numeric(precision=20, scale=4), nullable=True),
        sa.Column(
            "predicate",
            sa.Enum(
                "SANGAT_BAIK",
                "BAIK",
                "CUKUP",
                "BUTUH_PERBAIKAN",
                "KURANG",
                "SANGAT_KURANG",
                "BURUK",
                name="predicate",
                native_enum=False,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("rating_note", sa.Text(), nullable=True),
        sa.Column("rated_by", sa.String(length=36), nullable=True),
        sa.Column("rated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("objection_deadline", sa.Date(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finalized_by", sa.String(length=36), nullable=True),
        sa.Column("finalized_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal")),
        sa.UniqueConstraint("employee_id", "period", name="uq_appraisal_period"),
    )
    with op.batch_alter_table("appraisal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appraisal_appraiser_id"), ["appraiser_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_appraisal_employee_id"), ["employee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_appraisal_period"), ["period"], unique=False)
        batch_op.create_index(batch_op.f("ix_appraisal_predicate"), ["predicate"], unique=False)
        batch_op.create_index(batch_op.f("ix_appraisal_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_appraisal_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "appraisal_audit",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("appraisal_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_audit")),
    )
    with op.batch_alter_table("appraisal_audit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appraisal_audit_appraisal_id"), ["appraisal_id"], unique=False
        )

    op.create_table(
        "competency_gap",
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("competency", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("required_level", sa.Integer(), nullable=False),
        sa.Column("assessed_level", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("employee_id", "competency", name=op.f("pk_competency_gap")),
    )
    op.create_table(
        "competency_gap_set",
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("employee_id", name=op.f("pk_competency_gap_set")),
    )
    op.create_table(
        "feedback_note",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("author_id", sa.String(length=36), nullable=False),
        sa.Column("superior_id", sa.String(length=36), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_note")),
    )
    with op.batch_alter_table("feedback_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_note_day"), ["day"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_feedback_note_employee_id"), ["employee_id"], unique=False
        )

    op.create_table(
        "log_realisation",
        sa.Column("log_id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("skp_id", sa.String(length=36), nullable=False),
        sa.Column("skp_item_id", sa.String(length=36), nullable=False),
        sa.Column("indicator_id", sa.String(length=36), nullable=False),
        sa.Column("output_quantity", sa.Numeric(precision=20, scale=4), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("approved", sa.Boolean(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("log_id", name=op.f("pk_log_realisation")),
    )
    with op.batch_alter_table("log_realisation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_log_realisation_employee_id"), ["employee_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_log_realisation_indicator_id"), ["indicator_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_log_realisation_month"), ["month"], unique=False)

    op.create_table(
        "manual_realisation",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("indicator_id", sa.String(length=36), nullable=False),
        sa.Column("indicator_lineage_id", sa.String(length=36), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column("evidence_reference", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_by", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manual_realisation")),
    )
    with op.batch_alter_table("manual_realisation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_manual_realisation_employee_id"), ["employee_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_manual_realisation_indicator_lineage_id"),
            ["indicator_lineage_id"],
            unique=False,
        )

    op.create_table(
        "rule_set",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("parameters", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_set")),
        sa.UniqueConstraint("effective_from", name=op.f("uq_rule_set_effective_from")),
    )
    op.create_table(
        "skp_replica",
        sa.Column("id", sa.String(length=36), nullable=False),
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
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("appraiser_id", sa.String(length=36), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("superseded_by", sa.String(length=36), nullable=True),
        sa.Column("received", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skp_replica")),
    )
    with op.batch_alter_table("skp_replica", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_skp_replica_employee_id"), ["employee_id"], unique=False
        )

    op.create_table(
        "unit_rating",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column(
            "rating",
            sa.Enum(
                "ISTIMEWA",
                "BAIK",
                "BUTUH_PERBAIKAN",
                "KURANG",
                "SANGAT_KURANG",
                name="unitrating",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("rated_by", sa.String(length=36), nullable=False),
        sa.Column("rated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_rating")),
        sa.UniqueConstraint("unit_id", "period", name="uq_unit_rating_period"),
    )
    with op.batch_alter_table("unit_rating", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_rating_period"), ["period"], unique=False)
        batch_op.create_index(batch_op.f("ix_unit_rating_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "behaviour_rating",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("appraisal_id", sa.String(length=36), nullable=False),
        sa.Column("rater_id", sa.String(length=36), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "SUPERIOR",
                "SELF",
                "PEER",
                "SUBORDINATE",
                name="raterrole",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("aspect", sa.String(length=50), nullable=False),
        sa.Column("score", sa.Numeric(precision=20, scale=4), nullable=True),
        sa.Column(
            "level",
            sa.Enum(
                "BELOW", "AS_EXPECTED", "ABOVE", name="expectation", native_enum=False, length=40
            ),
            nullable=True,
        ),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("rated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["appraisal_id"],
            ["appraisal.id"],
            name=op.f("fk_behaviour_rating_appraisal_id_appraisal"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_behaviour_rating")),
        sa.UniqueConstraint("appraisal_id", "rater_id", "aspect", name="uq_behaviour_rating"),
    )
    with op.batch_alter_table("behaviour_rating", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_behaviour_rating_appraisal_id"), ["appraisal_id"], unique=False
        )

    op.create_table(
        "indicator_result",
        sa.Column("appraisal_id", sa.String(length=36), nullable=False),
        sa.Column("indicator_id", sa.String(length=36), nullable=False),
        sa.Column("lineage_id", sa.String(length=36), nullable=False),
        sa.Column("item_title", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("target", sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column("realisation", sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column("achievement", sa.Numeric(precision=20, scale=4), nullable=True),
        sa.Column("value", sa.Numeric(precision=20, scale=4), nullable=True),
        sa.Column("quality", sa.Numeric(precision=20, scale=4), nullable=True),
        sa.Column("time_months", sa.Integer(), nullable=True),
        sa.Column("cost", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["appraisal_id"],
            ["appraisal.id"],
            name=op.f("fk_indicator_result_appraisal_id_appraisal"),
        ),
        sa.PrimaryKeyConstraint("appraisal_id", "indicator_id", name=op.f("pk_indicator_result")),
    )
    op.create_table(
        "objection",
        sa.Column("appraisal_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("objected_by", sa.String(length=36), nullable=False),
        sa.Column("objected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decider_id", sa.String(length=36), nullable=True),
        sa.Column("decided_by", sa.String(length=36), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("upheld", sa.Boolean(), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["appraisal_id"], ["appraisal.id"], name=op.f("fk_objection_appraisal_id_appraisal")
        ),
        sa.PrimaryKeyConstraint("appraisal_id", name=op.f("pk_objection")),
    )
    op.create_table(
        "pp46_activity_replica",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("skp_id", sa.String(length=36), nullable=False),
        sa.Column("lineage_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("quantity_target", sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column("quantity_unit", sa.String(length=100), nullable=False),
        sa.Column("quality_target", sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column("time_target_months", sa.Integer(), nullable=False),
        sa.Column("cost_target", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["skp_id"], ["skp_replica.id"], name=op.f("fk_pp46_activity_replica_skp_id_skp_replica")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pp46_activity_replica")),
    )
    with op.batch_alter_table("pp46_activity_replica", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pp46_activity_replica_lineage_id"), ["lineage_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_pp46_activity_replica_skp_id"), ["skp_id"], unique=False
        )

    op.create_table(
        "rater_invitation",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("appraisal_id", sa.String(length=36), nullable=False),
        sa.Column("rater_id", sa.String(length=36), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "SUPERIOR",
                "SELF",
                "PEER",
                "SUBORDINATE",
                name="raterrole",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("invited_by", sa.String(length=36), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["appraisal_id"],
            ["appraisal.id"],
            name=op.f("fk_rater_invitation_appraisal_id_appraisal"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rater_invitation")),
        sa.UniqueConstraint("appraisal_id", "rater_id", name="uq_rater_invitation"),
    )
    with op.batch_alter_table("rater_invitation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rater_invitation_appraisal_id"), ["appraisal_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_rater_invitation_rater_id"), ["rater_id"], unique=False
        )

    op.create_table(
        "skp_item_replica",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("skp_id", sa.String(length=36), nullable=False),
        sa.Column("lineage_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["skp_id"], ["skp_replica.id"], name=op.f("fk_skp_item_replica_skp_id_skp_replica")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skp_item_replica")),
    )
    with op.batch_alter_table("skp_item_replica", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_skp_item_replica_lineage_id"), ["lineage_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_skp_item_replica_skp_id"), ["skp_id"], unique=False)

    op.create_table(
        "indicator_replica",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("skp_id", sa.String(length=36), nullable=False),
        sa.Column("lineage_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
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
        sa.Column("target_value", sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["skp_item_replica.id"],
            name=op.f("fk_indicator_replica_item_id_skp_item_replica"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_replica")),
    )
    with op.batch_alter_table("indicator_replica", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_replica_item_id"), ["item_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_indicator_replica_lineage_id"), ["lineage_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_indicator_replica_skp_id"), ["skp_id"], unique=False)

    op.create_table(
        "monthly_target_replica",
        sa.Column("indicator_id", sa.String(length=36), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("target", sa.Numeric(precision=20, scale=4), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator_replica.id"],
            name=op.f("fk_monthly_target_replica_indicator_id_indicator_replica"),
        ),
        sa.PrimaryKeyConstraint("indicator_id", "month", name=op.f("pk_monthly_target_replica")),
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
    op.drop_table("monthly_target_replica")
    with op.batch_alter_table("indicator_replica", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_replica_skp_id"))
        batch_op.drop_index(batch_op.f("ix_indicator_replica_lineage_id"))
        batch_op.drop_index(batch_op.f("ix_indicator_replica_item_id"))

    op.drop_table("indicator_replica")
    with op.batch_alter_table("skp_item_replica", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skp_item_replica_skp_id"))
        batch_op.drop_index(batch_op.f("ix_skp_item_replica_lineage_id"))

    op.drop_table("skp_item_replica")
    with op.batch_alter_table("rater_invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rater_invitation_rater_id"))
        batch_op.drop_index(batch_op.f("ix_rater_invitation_appraisal_id"))

    op.drop_table("rater_invitation")
    with op.batch_alter_table("pp46_activity_replica", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pp46_activity_replica_skp_id"))
        batch_op.drop_index(batch_op.f("ix_pp46_activity_replica_lineage_id"))

    op.drop_table("pp46_activity_replica")
    op.drop_table("objection")
    op.drop_table("indicator_result")
    with op.batch_alter_table("behaviour_rating", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_behaviour_rating_appraisal_id"))

    op.drop_table("behaviour_rating")
    with op.batch_alter_table("unit_rating", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_rating_unit_id"))
        batch_op.drop_index(batch_op.f("ix_unit_rating_period"))

    op.drop_table("unit_rating")
    with op.batch_alter_table("skp_replica", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skp_replica_employee_id"))

    op.drop_table("skp_replica")
    op.drop_table("rule_set")
    with op.batch_alter_table("manual_realisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_manual_realisation_indicator_lineage_id"))
        batch_op.drop_index(batch_op.f("ix_manual_realisation_employee_id"))

    op.drop_table("manual_realisation")
    with op.batch_alter_table("log_realisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_log_realisation_month"))
        batch_op.drop_index(batch_op.f("ix_log_realisation_indicator_id"))
        batch_op.drop_index(batch_op.f("ix_log_realisation_employee_id"))

    op.drop_table("log_realisation")
    with op.batch_alter_table("feedback_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_note_employee_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_note_day"))

    op.drop_table("feedback_note")
    op.drop_table("competency_gap_set")
    op.drop_table("competency_gap")
    with op.batch_alter_table("appraisal_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appraisal_audit_appraisal_id"))

    op.drop_table("appraisal_audit")
    with op.batch_alter_table("appraisal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appraisal_unit_id"))
        batch_op.drop_index(batch_op.f("ix_appraisal_status"))
        batch_op.drop_index(batch_op.f("ix_appraisal_predicate"))
        batch_op.drop_index(batch_op.f("ix_appraisal_period"))
        batch_op.drop_index(batch_op.f("ix_appraisal_employee_id"))
        batch_op.drop_index(batch_op.f("ix_appraisal_appraiser_id"))

    op.drop_table("appraisal")
