"""Regenerate revision 0001 from the models: `.venv/bin/python -m services.appraisal.migrations.regenerate`."""

from __future__ import annotations

from kinerja.migrations import regenerate_initial

MESSAGE = "initial appraisal schema: SKP replica, realisation, appraisals, unit ratings, kit"

if __name__ == "__main__":
    regenerate_initial("appraisal", MESSAGE)
