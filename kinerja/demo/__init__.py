"""`kinerja demo`: a seeded demo organisation and month, built through the public APIs only.

`generate` makes the organisation and the month's variety from a seed (pure, deterministic);
`graph` calls the gateway; `seed` runs the stages (identity → targets → activity → appraisal →
allowance) and prints the logins.
"""

from kinerja.demo.seed import DemoOptions, run_demo

__all__ = ["DemoOptions", "run_demo"]
