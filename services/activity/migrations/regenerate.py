"""Regenerate revision 0001 from the models: `.venv/bin/python -m services.activity.migrations.regenerate`."""

from __future__ import annotations

from kinerja.migrations import regenerate_initial

MESSAGE = "initial activity schema: logs, evidence, SKP replica, attendance, kit, directory"

if __name__ == "__main__":
    regenerate_initial("activity", MESSAGE)
