"""Alembic environment of the identity database: identity's tables plus the kit's."""

import kinerja.events.tables  # noqa: F401 - registers the outbox/inbox tables on KitBase
from kinerja.db import KitBase
from kinerja.migrations import run_env
from services.identity.store import Base

run_env([Base.metadata, KitBase.metadata])
