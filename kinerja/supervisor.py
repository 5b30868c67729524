"""Process supervision for `kinerja up`: named children, their logs, readiness, clean stops.

Every child leads its own session (process group), so a Ctrl-C in the terminal reaches only the
supervisor, which then stops the children in reverse start order: SIGTERM to the whole group,
SIGKILL after a grace period. On Linux each child also gets SIGTERM if the supervisor itself dies,
so even a killed supervisor leaves no orphans behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Self

import httpx

logger = logging.getLogger(__name__)

_LOG_TAIL_BYTES = 3000
_PR_SET_PDEATHSIG = 1


class ChildExitedError(RuntimeError):
    """A supervised child process exited while it was expected to run."""

    def __init__(self, name: str, returncode: int | None, log_tail: str) -> None:
        super().__init__(f"{name} exited with code {returncode}\n{log_tail}")
        self.name = name
        self.returncode = returncode
        self.log_tail = log_tail


class ChildNotReadyError(RuntimeError):
    """A supervised child did not pass its readiness check in time."""


@dataclass
class Child:
    """One supervised process: its command, log file and readiness URL."""

    name: str
    process: subprocess.Popen[bytes]
    log_path: Path
    ready_url: str | None
    log_handle: IO[bytes] = field(repr=False)
    ready: bool = False

    @property
    def pid(self) -> int:
        """The child's process id (also its process group id)."""
        return self.process.pid

    @property
    def running(self) -> bool:
        """True while the process has not exited."""
        return self.process.poll() is None

    def log_tail(self) -> str:
        """The last few kilobytes of the child's log, for error reports."""
        with contextlib.suppress(OSError):
            data = self.log_path.read_bytes()[-_LOG_TAIL_BYTES:]
            return f"--- {self.log_path} ---\n{data.decode(errors='replace')}"
        return f"--- {self.log_path} (unreadable) ---"


def _die_with_parent() -> None:  # pragma: no cover - runs in the forked child
    # Linux only: ask the kernel to SIGTERM this child when the supervisor dies.
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def signal_group(pid: int, sig: signal.Signals) -> None:
    """Signal a child's whole process group (the child leads its own session: pgid == pid)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


def _probe(client: httpx.Client, url: str) -> bool:
    try:
        return client.get(url).status_code == 200
    except httpx.HTTPError:
        return False


class ProcessGroup:
    """Named child processes started in order, checked for readiness, and stopped in reverse."""

    def __init__(self, log_dir: Path, *, stop_timeout: float = 10.0) -> None:
        self.log_dir = Path(log_dir)
        self.stop_timeout = stop_timeout
        self.children: list[Child] = []

    def start(
        self,
        name: str,
        command: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        ready_url: str | None = None,
    ) -> Child:
        """Spawn `command` in its own process group, logging to `<log_dir>/<name>.log`."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log_path = self.log_dir / f"{name}.log"
        log_handle = log_path.open("ab")
        process = subprocess.Popen(  # noqa: S603 - commands are built by the CLI, not user input
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=log_handle,
            stderr=subprocess.STDOUT,
            env=dict(env) if env is not None else None,
            cwd=cwd,
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,  # noqa: PLW1509
        )
        child = Child(name, process, log_path, ready_url, log_handle)
        self.children.append(child)
        logger.info("started %s pid=%s", name, process.pid)
        return child

    def get(self, name: str) -> Child:
        """The child with this name; raises KeyError when there is none."""
        for child in self.children:
            if child.name == name:
                return child
        raise KeyError(name)

    def check(self) -> None:
        """Raise ChildExitedError if any child has exited."""
        for child in self.children:
            if not child.running:
                raise ChildExitedError(child.name, child.process.returncode, child.log_tail())

    def wait_ready(
        self,
        *,
        timeout: float = 60.0,
        interval: float = 0.2,
        on_change: Callable[[Child], None] | None = None,
    ) -> None:
        """Block until every child with a readiness URL answers 200; fail fast if one dies."""
        deadline = time.monotonic() + timeout
        with httpx.Client(timeout=2.0) as client:
            while True:
                self.check()
                for child in self.children:
                    if not child.ready and child.ready_url and _probe(client, child.ready_url):
                        child.ready = True
                        if on_change is not None:
                            on_change(child)
                if all(c.ready for c in self.children if c.ready_url):
                    return
                if time.monotonic() >= deadline:
                    pending = [c.name for c in self.children if c.ready_url and not c.ready]
                    raise ChildNotReadyError(f"not ready after {timeout:.0f}s: {pending}")
                time.sleep(interval)

    def stop_all(self) -> None:
        """Stop every child, last started first: SIGTERM its group, SIGKILL after the timeout."""
        while self.children:
            self._stop(self.children.pop())

    def _stop(self, child: Child) -> None:
        if child.running:
            signal_group(child.pid, signal.SIGTERM)
            try:
                child.process.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                logger.warning("%s pid=%s ignored SIGTERM; killing", child.name, child.pid)
                signal_group(child.pid, signal.SIGKILL)
                child.process.wait(timeout=self.stop_timeout)
        # Grandchildren the child left behind in its group go too.
        signal_group(child.pid, signal.SIGKILL)
        child.log_handle.close()
        logger.info("stopped %s pid=%s", child.name, child.pid)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop_all()
