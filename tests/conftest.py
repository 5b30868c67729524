"""Shared fixtures: real databases, a real nats-server, real Redis (see tests/fixtures)."""

pytest_plugins = ["tests.fixtures.db", "tests.fixtures.nats", "tests.fixtures.auth"]
