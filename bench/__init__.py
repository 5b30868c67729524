"""Measurements of the running platform (`python -m bench NAME`): not tests, never collected."""
