"""Kinerja platform kit: plumbing shared by every service (no business rules)."""
