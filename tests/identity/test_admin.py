"""`kinerja admin create-superuser`: bootstrap the first SYSTEM_ADMIN, refuse to do it twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from kinerja.cli import app
from kinerja.errors import ConflictError
from services.identity.admin import create_superuser
from services.identity.domain import InvalidNipError, InvalidPasswordError
from services.identity.store import AccountRow, AuditLogRow, RoleGrantRow
from tests.identity.graphql import EMPTY, Client, Sessions

NIP = "196608011988031001"
PASSWORD = "correct horse battery"


async def test_a_new_nip_becomes_an_employee_with_a_system_admin_grant(
    identity_db: Sessions, db_url: str
) -> None:
    result = await create_superuser(
        db_url, nip="19660801 198803 1 001", name="Admin", password=PASSWORD
    )

    async with identity_db() as session:
        grant = await session.scalar(select(RoleGrantRow))
        account = await session.scalar(select(AccountRow))
        actions = list(await session.scalars(select(AuditLogRow.action).order_by(AuditLogRow.id)))
    assert (result.nip, result.created_employee) == (NIP, True)
    assert grant is not None
    assert (grant.role.value, grant.unit_id) == ("SYSTEM_ADMIN", None)
    assert account is not None
    assert account.password_hash
    assert not account.must_change_password
    assert actions == ["employee.create", "account.set_password", "role.grant"]


async def test_running_it_twice_for_the_same_nip_is_refused(
    identity_db: Sessions, db_url: str
) -> None:
    await create_superuser(db_url, nip=NIP, name="Admin", password=PASSWORD)
    before = await Client(identity_db).totals()

    with pytest.raises(ConflictError, match="already is a superuser"):
        await create_superuser(db_url, nip=NIP, name=None, password=PASSWORD)

    assert await Client(identity_db).totals() == before


@pytest.mark.parametrize(
    ("nip", "password", "error"),
    [
        ("196608011988031000", PASSWORD, InvalidNipError),
        (NIP, "short", InvalidPasswordError),
    ],
)
async def test_a_bad_nip_or_password_changes_nothing(
    identity_db: Sessions, db_url: str, nip: str, password: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await create_superuser(db_url, nip=nip, name="Admin", password=password)

    assert await Client(identity_db).totals() == EMPTY


def test_the_cli_dispatches_to_identity(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'identity.sqlite3'}"
    env = {"KINERJA_IDENTITY_DATABASE_URL": url, "KINERJA_HOME": str(tmp_path)}
    command = ["admin", "create-superuser", "--nip", NIP, "--name", "Admin", "--password-stdin"]

    first = CliRunner().invoke(app, command, input=PASSWORD + "\n", env=env)
    second = CliRunner().invoke(app, command, input=PASSWORD + "\n", env=env)

    assert first.exit_code == 0, first.output
    assert f"employee {NIP} created and made SYSTEM_ADMIN" in first.output
    assert second.exit_code == 1
    assert "already is a superuser" in second.output
