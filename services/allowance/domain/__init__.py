"""Allowance's pure rules: tariffs, the rule set, one employee's payment (stdlib only)."""
