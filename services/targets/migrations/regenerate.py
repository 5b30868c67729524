"""Regenerate revision 0001 from the models: `.venv/bin/python -m services.targets.migrations.regenerate`.

Autogenerates against a fresh SQLite database (deterministic), renders the project's
`UtcDateTime` as the plain `sa.DateTime(timezone=True)` it stores, and drops Alembic's comments.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from alembic import command

from kinerja.migrations import alembic_config

VERSIONS = Path(__file__).resolve().parent / "versions"
MESSAGE = "initial targets schema: work plan, SKP, kit and directory tables"


def _tidy(path: Path) -> None:
    text = path.read_text()
    text = re.sub(
        r"(?:kinerja\.db|services\.targets\.store\.base)\.UtcDateTime\(", "sa.DateTime(", text
    )
    text = re.sub(r"\n *# ### .* ###", "", text)
    text = re.sub(r"\nCreate Date: .*", "", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    path.write_text(text)


def main() -> None:
    """Delete and autogenerate 0001, then format it."""
    for old in VERSIONS.glob("0001_*.py"):
        old.unlink()
    with tempfile.TemporaryDirectory() as directory:
        config = alembic_config("targets", f"sqlite+aiosqlite:///{directory}/fresh.sqlite3")
        command.revision(config, message=MESSAGE, autogenerate=True, rev_id="0001")
    [path] = VERSIONS.glob("0001_*.py")
    target = path.with_name("0001_initial.py")
    path.rename(target)
    _tidy(target)
    ruff = Path(sys.executable).with_name("ruff")
    subprocess.run([str(ruff), "check", "--fix", "--quiet", str(target)], check=True)  # noqa: S603
    subprocess.run([str(ruff), "format", "--quiet", str(target)], check=True)  # noqa: S603


if __name__ == "__main__":
    main()
