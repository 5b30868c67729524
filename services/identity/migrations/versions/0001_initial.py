"""Initial identity schema: units, positions, employees, assignments and the kit's tables.

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
        "employee",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("nip", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column(
            "asn_type",
            sa.Enum("PNS", "PPPK", name="asntype", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "CPNS",
                "PNS",
                "PPPK",
                "TUGAS_BELAJAR",
                "CLTN",
                "SUSPENDED",
                "RETIRED",
                "CONTRACT_ENDED",
                "RESIGNED",
                "DISMISSED",
                "DECEASED",
                name="employeestatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("golongan", sa.String(length=8), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("appointment_date", sa.Date(), nullable=False),
        sa.Column(
            "gender",
            sa.Enum("MALE", "FEMALE", name="gender", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employee")),
        sa.UniqueConstraint("nip", name=op.f("uq_employee_nip")),
    )
    op.create_index(op.f("ix_employee_name_key"), "employee", ["name_key"], unique=False)
    op.create_table(
        "org_unit",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=50), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "MINISTRY",
                "DIRECTORATE_GENERAL",
                "SECRETARIAT",
                "DIRECTORATE",
                "SUB_DIRECTORATE",
                "DIVISION",
                "SECTION",
                "REGIONAL_OFFICE",
                name="orgunittype",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("parent_id", sa.String(length=36), nullable=True),
        sa.Column("path", sa.String(length=2000), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["org_unit.id"], name=op.f("fk_org_unit_parent_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_unit")),
        sa.UniqueConstraint("code", name=op.f("uq_org_unit_code")),
    )
    op.create_index(op.f("ix_org_unit_parent_id"), "org_unit", ["parent_id"], unique=False)
    op.create_index(
        op.f("ix_org_unit_path"),
        "org_unit",
        ["path"],
        unique=False,
        postgresql_ops={"path": "varchar_pattern_ops"},
    )
    op.create_table(
        "position",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "job_type",
            sa.Enum(
                "JPT_UTAMA",
                "JPT_MADYA",
                "JPT_PRATAMA",
                "ADMINISTRATOR",
                "PENGAWAS",
                "PELAKSANA",
                "JF_AHLI_PERTAMA",
                "JF_AHLI_MUDA",
                "JF_AHLI_MADYA",
                "JF_AHLI_UTAMA",
                "JF_PEMULA",
                "JF_TERAMPIL",
                "JF_MAHIR",
                "JF_PENYELIA",
                name="jobtype",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("kelas_jabatan", sa.Integer(), nullable=False),
        sa.Column("reports_to_id", sa.String(length=36), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kelas_jabatan BETWEEN 1 AND 17", name=op.f("ck_position_kelas_jabatan_range")
        ),
        sa.ForeignKeyConstraint(
            ["reports_to_id"], ["position.id"], name=op.f("fk_position_reports_to_id_position")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["org_unit.id"], name=op.f("fk_position_unit_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_position")),
    )
    op.create_index(op.f("ix_position_reports_to_id"), "position", ["reports_to_id"], unique=False)
    op.create_index(op.f("ix_position_unit_id"), "position", ["unit_id"], unique=False)
    op.create_table(
        "assignment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("position_id", sa.String(length=36), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "DEFINITIVE", "PLT", "PLH", name="assignmentkind", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date", name=op.f("ck_assignment_dates_in_order")
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["employee.id"], name=op.f("fk_assignment_employee_id_employee")
        ),
        sa.ForeignKeyConstraint(
            ["position_id"], ["position.id"], name=op.f("fk_assignment_position_id_position")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment")),
    )
    op.create_index(op.f("ix_assignment_employee_id"), "assignment", ["employee_id"], unique=False)
    op.create_index(op.f("ix_assignment_position_id"), "assignment", ["position_id"], unique=False)
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
    op.create_index(op.f("ix_dead_letter_consumer"), "dead_letter", ["consumer"], unique=False)
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
    op.create_index(op.f("ix_outbox_sent_at"), "outbox", ["sent_at"], unique=False)
    op.create_index(op.f("ix_outbox_subject"), "outbox", ["subject"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_outbox_subject"), table_name="outbox")
    op.drop_index(op.f("ix_outbox_sent_at"), table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("inbox")
    op.drop_index(op.f("ix_dead_letter_consumer"), table_name="dead_letter")
    op.drop_table("dead_letter")
    op.drop_index(op.f("ix_assignment_position_id"), table_name="assignment")
    op.drop_index(op.f("ix_assignment_employee_id"), table_name="assignment")
    op.drop_table("assignment")
    op.drop_index(op.f("ix_position_unit_id"), table_name="position")
    op.drop_index(op.f("ix_position_reports_to_id"), table_name="position")
    op.drop_table("position")
    op.drop_index(op.f("ix_org_unit_path"), table_name="org_unit")
    op.drop_index(op.f("ix_org_unit_parent_id"), table_name="org_unit")
    op.drop_table("org_unit")
    op.drop_index(op.f("ix_employee_name_key"), table_name="employee")
    op.drop_table("employee")
