"""Allowance's use cases (each takes a session inside the caller's transaction)."""
