"""Activity's pure rules: logs, evidence (and attendance, in its own modules)."""
