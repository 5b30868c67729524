"""The embedded servers start, answer, and stop without leaving a process behind."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import nats
import pytest
import redis

from kinerja.runtime import EmbeddedNats, EmbeddedRedis, wait_for_port
from tests.fixtures.nats import free_port


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def port_is_closed(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


async def test_embedded_nats_serves_jetstream_and_stops_without_orphans(tmp_path: Path) -> None:
    server = EmbeddedNats(port=free_port(), data_dir=tmp_path, monitor_port=free_port())
    with server:
        pid = server.pid
        assert server.running
        assert pid is not None
        nc = await nats.connect(server.url)
        info = await nc.jetstream().account_info()
        await nc.close()
        assert info.limits is not None
    assert not server.running
    assert not process_exists(pid)
    assert port_is_closed(server.port)


def test_embedded_nats_keeps_its_store_in_the_data_dir(tmp_path: Path) -> None:
    with EmbeddedNats(port=free_port(), data_dir=tmp_path) as server:
        assert "sync_interval: always" in server.config_file.read_text()
    assert (tmp_path / "jetstream").is_dir()


def test_embedded_nats_that_cannot_start_raises_with_its_log(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = EmbeddedNats(port=port, data_dir=tmp_path)
        with pytest.raises(RuntimeError, match="nats-server did not become ready"):
            server.start(timeout=3)
    assert not server.running


def test_embedded_redis_answers_ping_and_stops_without_orphans(tmp_path: Path) -> None:
    server = EmbeddedRedis(port=free_port(), data_dir=tmp_path)
    with server:
        pid = server.pid
        assert pid is not None
        client = redis.Redis.from_url(server.url)
        client.set("kit:answer", "42")
        assert client.get("kit:answer") == b"42"
        client.close()
    assert not process_exists(pid)
    assert port_is_closed(server.port)
    assert list(tmp_path.glob("appendonly*"))


def test_wait_for_port_times_out_on_a_closed_port() -> None:
    with pytest.raises(TimeoutError):
        wait_for_port("127.0.0.1", free_port(), timeout=0.2)
