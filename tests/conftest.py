"""Shared fixtures: real databases, a real nats-server, real Redis (see tests/fixtures)."""

import pytest

pytest_plugins = ["tests.fixtures.db", "tests.fixtures.nats", "tests.fixtures.auth"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With pytest-xdist (`make test` runs two workers, `--dist loadgroup`): a test file runs on
    one worker (its module-scoped fixtures are built once), and all of tests/e2e on the same
    worker, so the platform it starts for the session starts once."""
    if not config.pluginmanager.hasplugin("xdist"):
        return  # `-p no:xdist`: no workers, and the marker is not registered
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        group = "e2e" if path.startswith("tests/e2e/") else path
        item.add_marker(pytest.mark.xdist_group(group))
