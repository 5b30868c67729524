"""Identity: the organisation directory (units, positions, employees, assignments)."""
