"""Appraisal: realisation, scoring regimes, behaviour (360), feedback, appraisals, unit ratings."""
