"""Regenerate revision 0001 from the models: `.venv/bin/python -m services.allowance.migrations.regenerate`."""

from __future__ import annotations

from kinerja.migrations import regenerate_initial

MESSAGE = (
    "initial allowance schema: tariffs, rule sets, inputs, HR data, runs, payments, audit, kit"
)

if __name__ == "__main__":
    regenerate_initial("allowance", MESSAGE)
