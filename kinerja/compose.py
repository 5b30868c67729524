"""Supergraph composition: collect each built service's subgraph SDL and compose it with Node.

The kit never imports a service statically (import-linter forbids `kinerja` → `services`), so
schemas are loaded by their import path from `kinerja.settings.SERVICES`.
"""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any, TypedDict

from kinerja.graphql import subgraph_sdl
from kinerja.settings import SERVICES, ServiceSpec

REPO_ROOT = Path(__file__).resolve().parent.parent
GATEWAY_DIR = REPO_ROOT / "gateway"
SUPERGRAPH_PATH = GATEWAY_DIR / "supergraph.graphql"
COMPOSE_SCRIPT = GATEWAY_DIR / "compose.mjs"
SERVICES_DIR = REPO_ROOT / "services"


class Subgraph(TypedDict):
    """What the composer needs of one subgraph."""

    name: str
    url: str
    sdl: str


class CompositionError(RuntimeError):
    """The subgraphs do not compose; the message lists the composer's errors."""


def is_built(spec: ServiceSpec) -> bool:
    """True when the service's package has an `app.py` (services not yet built are skipped)."""
    return (SERVICES_DIR / spec.name / "app.py").is_file()


def built_services() -> list[ServiceSpec]:
    """The services that exist in this checkout, in start order."""
    return [spec for spec in SERVICES if is_built(spec)]


def load_object(path: str) -> Any:
    """Import `package.module:attribute` dynamically."""
    module_name, _, attribute = path.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def subgraph_url(spec: ServiceSpec) -> str:
    """The URL composed into the supergraph: the service's default local port."""
    # The committed supergraph must not depend on the machine; runtime overrides use
    # KINERJA_<NAME>_URL in the gateway instead.
    return f"http://127.0.0.1:{spec.port}/graphql"


def collect_subgraphs() -> list[Subgraph]:
    """The name, URL and federation SDL of every built service."""
    return [
        Subgraph(
            name=spec.name,
            url=subgraph_url(spec),
            sdl=subgraph_sdl(load_object(spec.schema_path)),
        )
        for spec in built_services()
    ]


def node_binary() -> str:
    """The `node` executable; raises RuntimeError when Node.js is not installed."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node not found on PATH; the gateway needs Node.js 20+")
    return node


def compose_supergraph(subgraphs: list[Subgraph]) -> str:
    """The supergraph SDL composed from `subgraphs`; raises CompositionError when they clash."""
    result = subprocess.run(  # noqa: S603 - fixed script, input passed on stdin
        [node_binary(), str(COMPOSE_SCRIPT)],
        input=json.dumps(subgraphs),
        capture_output=True,
        text=True,
        cwd=GATEWAY_DIR,
        check=False,
    )
    if result.returncode != 0:
        raise CompositionError(result.stderr.strip() or f"compose.mjs exited {result.returncode}")
    return result.stdout
