"""Regenerate revision 0001 from the models: `.venv/bin/python -m services.targets.migrations.regenerate`."""

from __future__ import annotations

from kinerja.migrations import regenerate_initial

MESSAGE = "initial targets schema: work plan, SKP, kit and directory tables"

if __name__ == "__main__":
    regenerate_initial("targets", MESSAGE)
