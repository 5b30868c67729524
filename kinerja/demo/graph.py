"""Calling the gateway for the demo: one operation at a time, or many on a small thread pool."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import httpx
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

T = TypeVar("T")
R = TypeVar("R")

TIMEOUT_SECONDS = 120
WORKERS = 8


class DemoError(RuntimeError):
    """An operation the demo needs did not succeed."""


class Graph:
    """The gateway at `url`, called from any thread (one keep-alive client per thread)."""

    def __init__(self, url: str, console: Console) -> None:
        self.url = url
        self.console = console
        self._local = threading.local()

    def _client(self) -> httpx.Client:
        client: httpx.Client | None = getattr(self._local, "client", None)
        if client is None:
            client = httpx.Client(timeout=TIMEOUT_SECONDS)
            self._local.client = client
        return client

    def call(self, query: str, variables: dict[str, Any], token: str | None) -> dict[str, Any]:
        """The JSON answer to one operation; GraphQL errors raise DemoError."""
        headers = {"authorization": f"Bearer {token}"} if token else {}
        for attempt in range(5):
            try:
                response = self._client().post(
                    self.url, json={"query": query, "variables": variables}, headers=headers
                )
            except httpx.TransportError:
                if attempt == 4:
                    raise
                time.sleep(0.5 * (attempt + 1))
                continue
            if response.status_code >= 500 and attempt < 4:
                time.sleep(0.5 * (attempt + 1))
                continue
            body: dict[str, Any] = response.json()
            if body.get("errors"):
                raise DemoError(f"{body['errors']} (variables: {variables})")
            return body
        raise DemoError("unreachable")  # pragma: no cover

    def field(self, query: str, name: str, token: str | None, **variables: Any) -> Any:
        """`data[name]` of one operation."""
        return self.call(query, variables, token)["data"][name]

    def ok(self, query: str, name: str, typename: str, token: str | None, **variables: Any) -> Any:
        """`data[name]` of a mutation that must answer `typename`."""
        result = self.field(query, name, token, **variables)
        if not isinstance(result, dict) or result.get("__typename") != typename:
            raise DemoError(f"{name}: expected {typename}, got {result} (variables: {variables})")
        return result

    def eventually(self, what: str, attempt: Callable[[], T | None], seconds: float = 60) -> T:
        """Poll `attempt` until it answers something (a replica catching up)."""
        deadline = time.monotonic() + seconds
        while True:
            result = attempt()
            if result:
                return result
            if time.monotonic() > deadline:
                raise DemoError(f"never happened: {what}")
            time.sleep(0.2)


def progress(console: Console) -> Progress:
    """The rich progress display of the demo's stages."""
    return Progress(
        TextColumn("[bold]{task.description:<34}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def each(
    bar: Progress, description: str, items: Iterable[T], work: Callable[[T], R], workers: int = 0
) -> list[R]:
    """`work` for every item on the thread pool, with a bar; results in the items' order."""
    todo = list(items)
    task = bar.add_task(description, total=len(todo))
    results: list[R] = []
    if workers == 1:
        for item in todo:
            results.append(work(item))
            bar.advance(task)
        return results

    def one(item: T) -> R:
        result = work(item)
        bar.advance(task)
        return result

    with ThreadPoolExecutor(max_workers=workers or WORKERS) as pool:
        return list(pool.map(one, todo))
