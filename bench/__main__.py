"""`python -m bench [NAME] [options]`: run one benchmark (default: every one, with defaults)."""

from __future__ import annotations

import sys
from collections.abc import Callable

from bench import activity_throughput, allowance_month_end, dashboard, events

BENCHMARKS: dict[str, Callable[[list[str]], int]] = {
    "activity": activity_throughput.main,
    "allowance": allowance_month_end.main,
    "dashboard": dashboard.main,
    "events": events.main,
}


def main(argv: list[str]) -> int:
    """Dispatch to the benchmark named first; with no name, run them all with defaults."""
    if argv and argv[0] in ("-h", "--help"):
        print(f"usage: python -m bench [{'|'.join(BENCHMARKS)}] [options]")
        return 0
    if not argv or argv[0].startswith("-"):
        return max(run(argv) for run in BENCHMARKS.values())
    name, *rest = argv
    if name not in BENCHMARKS:
        print(f"unknown benchmark {name!r}; known: {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    return BENCHMARKS[name](rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
