"""The CloudEvents 1.0 JSON envelope every event travels in."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


class EnvelopeError(ValueError):
    """A message that is not a CloudEvents 1.0 JSON envelope."""


@dataclass(frozen=True)
class CloudEvent:
    """One event: `type` is also the NATS subject (`<service>.<entity>.<past_tense>.v<N>`)."""

    type: str
    source: str
    data: dict[str, Any]
    subject: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    time: datetime = field(default_factory=lambda: datetime.now(UTC))
    datacontenttype: str = "application/json"
    specversion: str = "1.0"

    def to_dict(self) -> dict[str, Any]:
        """The envelope as a JSON-ready dict."""
        envelope: dict[str, Any] = {
            "specversion": self.specversion,
            "id": self.id,
            "source": self.source,
            "type": self.type,
            "time": self.time.isoformat(),
            "datacontenttype": self.datacontenttype,
            "data": self.data,
        }
        if self.subject is not None:
            envelope["subject"] = self.subject
        return envelope

    def to_json(self) -> bytes:
        """Serialized envelope (UTF-8, sorted keys so equal events are equal bytes)."""
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":")).encode()

    @classmethod
    def from_json(cls, raw: bytes | str) -> CloudEvent:
        """Parse an envelope, tolerating unknown attributes; raise EnvelopeError if malformed."""
        try:
            doc = json.loads(raw)
            if not isinstance(doc, dict) or doc.get("specversion") != "1.0":
                raise EnvelopeError("not a CloudEvents 1.0 envelope")
            data = doc.get("data") or {}
            if not isinstance(data, dict):
                raise EnvelopeError("data must be a JSON object")
            return cls(
                id=str(doc["id"]),
                source=str(doc["source"]),
                type=str(doc["type"]),
                time=datetime.fromisoformat(str(doc["time"])),
                subject=doc.get("subject"),
                datacontenttype=str(doc.get("datacontenttype", "application/json")),
                data=data,
            )
        except (KeyError, ValueError, TypeError) as exc:
            if isinstance(exc, EnvelopeError):
                raise
            raise EnvelopeError(f"malformed event: {exc}") from exc
