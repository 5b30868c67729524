"""Activity: daily logs with evidence and verification, schedules and attendance."""
