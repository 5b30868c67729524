"""Allowance (tukin): tariffs, rule sets, monthly runs, explained payments, corrections, export."""
