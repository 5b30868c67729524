"""The allowance audit log is append-only: triggers refuse UPDATE and DELETE on it.

The hash chain shows any change made past the triggers (by the database owner, who may drop
them); the triggers keep the application and everyone else from making one.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from kinerja.migrations import drop_append_only, make_append_only

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    make_append_only("audit_log")


def downgrade() -> None:
    drop_append_only("audit_log")
