"""Appraisal's pure rules: regimes, periods, workflow, distribution, follow-up (stdlib only)."""
