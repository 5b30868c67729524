"""Targets: the work plan and budget, organisational indicators, SKP and its cascade."""
