"""Alembic environment of the allowance database: allowance's tables, the kit's and the directory's."""

import kinerja.events.tables  # noqa: F401 - registers the outbox/inbox tables on KitBase
from kinerja.db import KitBase
from kinerja.directory.tables import DirectoryBase
from kinerja.migrations import run_env
from services.allowance.store import Base

run_env([Base.metadata, KitBase.metadata, DirectoryBase.metadata])
