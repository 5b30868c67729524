"""Contract: `targets.skp.approved.v1` alone lets activity and appraisal rebuild what they need.

Targets runs its real GraphQL mutations on its own database (its directory replica fed with
identity-shaped events by the kit's own handlers); the outbox relay publishes to a real
nats-server; a minimal consumer — standing in for activity and appraisal — keeps only what they
will need: the RHK items (and indicators) or PP 46/2011 activities a log may serve, per employee
and period; per indicator its monthly targets and direction, per PP46 activity its four targets;
the regime and the appraiser. It reads nothing but the events. A revision approved later
supersedes the first version in the read model, whatever order the two arrive in.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from nats.aio.client import Client
from nats.js import JetStreamContext
from sqlalchemy import Date, Integer, String, Text, delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kinerja.auth import Principal, PrincipalKind
from kinerja.db import KitBase, create_engine, create_session_factory, new_metadata
from kinerja.directory import replica
from kinerja.events import CloudEvent
from kinerja.events.consumer import Consumer
from kinerja.events.relay import OutboxRelay
from kinerja.events.streams import ensure_service_streams
from kinerja.graphql import Context
from kinerja.migrations import migrate_async
from kinerja.settings import Settings
from services.targets.schema import schema
from tests.fixtures.nats import consume_all, stream_messages

SKP_APPROVED = "targets.skp.approved.v1"
NOW = datetime(2026, 2, 2, 2, 0, tzinfo=UTC)

# --- the targets side: the real schema on its own database ---------------------------------

UNITS = {"u-dg": None, "u-dir": "u-dg"}
POSITIONS = {"p-dg": ("u-dg", None), "p-analyst": ("u-dir", "p-dg")}
PEOPLE = {  # id: (nip, position)
    "e-head": ("197001012000011002", "p-dg"),
    "e-analyst": ("199002022015031004", "p-analyst"),
}
HEAD, ANALYST = "e-head", "e-analyst"
YEAR = NOW.year


def _identity_event(subject: str, data: dict[str, Any]) -> CloudEvent:
    return CloudEvent(type=subject, source="kinerja/identity", data={"version": 1, **data})


def organisation_events() -> list[CloudEvent]:
    """Identity's events for a directorate general whose head supervises an analyst."""
    events = [
        _identity_event(
            replica.UNIT_UPSERTED,
            {
                "id": unit,
                "code": unit.upper(),
                "name": f"Unit {unit}",
                "type": "DIRECTORATE",
                "parent_id": parent,
                "path": [p for p in (parent, unit) if p],
                "time_zone": "Asia/Jakarta",
                "active": True,
            },
        )
        for unit, parent in UNITS.items()
    ]
    events += [
        _identity_event(
            replica.POSITION_UPSERTED,
            {
                "id": position,
                "unit_id": unit,
                "title": f"Jabatan {position}",
                "job_type": "PELAKSANA",
                "kelas_jabatan": 9,
                "reports_to_id": reports_to,
                "active": True,
            },
        )
        for position, (unit, reports_to) in POSITIONS.items()
    ]
    for person, (nip, position) in PEOPLE.items():
        employee = {"id": person, "nip": nip, "name": person, "asn_type": "PNS", "status": "PNS"}
        events.append(_identity_event(replica.EMPLOYEE_UPSERTED, employee))
        assignment = {
            "id": f"a-{person}",
            "employee_id": person,
            "position_id": position,
            "kind": "DEFINITIVE",
            "start_date": "2020-01-01",
            "end_date": None,
            "deleted": False,
        }
        events.append(_identity_event(replica.ASSIGNMENT_CHANGED, assignment))
    return events


@pytest.fixture
async def targets_db(db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Targets' database, migrated, with the organisation in its directory replica."""
    await migrate_async("targets", db_url)
    engine = create_engine(db_url)
    sessions = create_session_factory(engine)
    async with sessions() as session, session.begin():
        for event in organisation_events():
            await replica.DIRECTORY_HANDLERS[event.type](session, event)
    yield sessions
    await engine.dispose()


@pytest.fixture
async def reader_db(another_db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """The consuming service's database: the kit's inbox and the read model, nothing else."""
    engine = create_engine(another_db_url)
    async with engine.begin() as conn:
        await conn.run_sync(KitBase.metadata.create_all)
        await conn.run_sync(ReadModel.metadata.create_all)
    yield create_session_factory(engine)
    await engine.dispose()


PAYLOAD_FIELDS = {"Pp46ActivityPayload": "activity"}


class Targets:
    """Drives targets through its public GraphQL operations, as one employee at a time."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def run(self, who: str, query: str, **variables: Any) -> dict[str, Any]:
        context = Context(
            settings=Settings(service="targets"),
            session_factory=self.sessions,
            principal=Principal(subject=who, kind=PrincipalKind.EMPLOYEE),
            request_id="contract",
            clock=lambda: NOW,
        )
        result = await schema.execute(query, variable_values=variables, context_value=context)
        assert result.errors is None, result.errors
        assert result.data is not None
        return result.data

    async def mutate(self, who: str, name: str, payload: str, input_: dict[str, Any]) -> str:
        """Run `name(input)` as `who`; the id of the record in the payload."""
        field = PAYLOAD_FIELDS.get(payload) or payload[0].lower() + payload[1:-7]
        query = (
            f"mutation($input: {name[0].upper()}{name[1:]}Input!) {{ {name}(input: $input) {{ "
            f"__typename ... on {payload} {{ {field} {{ id }} }} ... on Error {{ message }} }} }}"
        )
        outcome = (await self.run(who, query, input=input_))[name]
        assert outcome["__typename"] == payload, outcome
        return str(outcome[field]["id"])

    async def skp_seen_by_appraisal(self, who: str, employee: str) -> dict[str, Any]:
        """The employee's SKP on NOW, as targets itself shows it (what the event must carry)."""
        query = """
        query($r: [_Any!]!, $on: Date!) {
          _entities(representations: $r) {
            ... on Employee {
              skp(on: $on) {
                id version regime status appraiser { id }
                items { id kind title indicators {
                  id name unit direction targetValue monthlyTargets { month target } } }
              }
            }
          }
        }
        """
        data = await self.run(
            who, query, r=[{"__typename": "Employee", "id": employee}], on=NOW.date().isoformat()
        )
        skp: dict[str, Any] = data["_entities"][0]["skp"]
        return skp


# --- the minimal consumer: only what activity and appraisal will need ------------------------


class ReadModel(DeclarativeBase):
    """A later service's read model of approved SKPs, fed only by `targets.skp.approved.v1`."""

    metadata = new_metadata()


class SkpInForce(ReadModel):
    """An approved SKP version; `superseded_by` set once a newer approved version replaced it."""

    __tablename__ = "skp_in_force"

    skp_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(36), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    regime: Mapped[str] = mapped_column(String(40))
    appraiser_id: Mapped[str] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(Integer)
    superseded_by: Mapped[str | None] = mapped_column(String(36))


class ServableItem(ReadModel):
    """An RHK item (or PP46 activity) an activity log may serve (activity's need)."""

    __tablename__ = "servable_item"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    skp_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)


class IndicatorTarget(ReadModel):
    """An indicator with what scoring needs of it (appraisal's need)."""

    __tablename__ = "indicator_target"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(36), index=True)
    skp_id: Mapped[str] = mapped_column(String(36), index=True)
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(100))
    direction: Mapped[str] = mapped_column(String(20))
    target_value: Mapped[str] = mapped_column(String(40))


class MonthTarget(ReadModel):
    """The part of an indicator's target planned for one month."""

    __tablename__ = "month_target"

    indicator_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    skp_id: Mapped[str] = mapped_column(String(36), index=True)
    target: Mapped[str] = mapped_column(String(40))


class ActivityTarget(ReadModel):
    """A PP 46/2011 activity's four targets (what PP46 scoring needs)."""

    __tablename__ = "activity_target"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    skp_id: Mapped[str] = mapped_column(String(36), index=True)
    quantity_target: Mapped[str] = mapped_column(String(40))
    quantity_unit: Mapped[str] = mapped_column(String(100))
    quality_target: Mapped[str] = mapped_column(String(40))
    time_target_months: Mapped[int] = mapped_column(Integer)
    cost_target: Mapped[int | None] = mapped_column(Integer)


async def _forget_content(session: AsyncSession, skp_id: str) -> None:
    for model in (MonthTarget, IndicatorTarget, ActivityTarget, ServableItem):
        await session.execute(delete(model).where(model.skp_id == skp_id))


async def _retire(session: AsyncSession, old_id: str, *, by: SkpInForce) -> None:
    """Mark the superseded version (a tombstone when it has not arrived yet) and drop it."""
    old = await session.get(SkpInForce, old_id)
    if old is None:
        old = SkpInForce(
            skp_id=old_id,
            employee_id=by.employee_id,
            period_start=by.period_start,
            period_end=by.period_end,
            regime=by.regime,
            appraiser_id=by.appraiser_id,
            version=by.version - 1,
        )
        session.add(old)
    old.superseded_by = by.skp_id
    await _forget_content(session, old_id)


def _content_rows(data: dict[str, Any]) -> list[ReadModel]:
    skp_id = data["skp_id"]
    rows: list[ReadModel] = []
    for item in data["items"]:
        rows.append(
            ServableItem(id=item["id"], skp_id=skp_id, kind=item["kind"], title=item["title"])
        )
        for indicator in item["indicators"]:
            rows.append(
                IndicatorTarget(
                    id=indicator["id"],
                    item_id=item["id"],
                    skp_id=skp_id,
                    name=indicator["name"],
                    unit=indicator["unit"],
                    direction=indicator["direction"],
                    target_value=indicator["target_value"],
                )
            )
            rows += [
                MonthTarget(
                    indicator_id=indicator["id"],
                    month=month["month"],
                    skp_id=skp_id,
                    target=month["target"],
                )
                for month in indicator["monthly_targets"]
            ]
    for activity in data.get("activities", []):
        rows.append(
            ServableItem(id=activity["id"], skp_id=skp_id, kind="ACTIVITY", title=activity["title"])
        )
        rows.append(
            ActivityTarget(
                id=activity["id"],
                skp_id=skp_id,
                quantity_target=activity["quantity_target"],
                quantity_unit=activity["quantity_unit"],
                quality_target=activity["quality_target"],
                time_target_months=int(activity["time_target_months"]),
                cost_target=activity.get("cost_target"),
            )
        )
    return rows


async def apply_skp_approved(session: AsyncSession, event: CloudEvent) -> None:
    """Keep the latest approved version of each SKP; an older one arriving late is ignored."""
    data = event.data
    known = await session.get(SkpInForce, data["skp_id"])
    if known is not None and known.superseded_by is not None:
        return  # a newer version already replaced this one
    if known is not None:
        await _forget_content(session, known.skp_id)
        await session.delete(known)
        await session.flush()
    skp = SkpInForce(
        skp_id=data["skp_id"],
        employee_id=data["employee_id"],
        period_start=date.fromisoformat(data["period_start"]),
        period_end=date.fromisoformat(data["period_end"]),
        regime=data["regime"],
        appraiser_id=data["appraiser_id"],
        version=int(data["version"]),
    )
    session.add(skp)
    session.add_all(_content_rows(data))
    if data.get("supersedes"):
        await _retire(session, data["supersedes"], by=skp)


# --- what later services ask of the read model -----------------------------------------------


async def items_an_activity_can_serve(
    session: AsyncSession, employee_id: str, day: date
) -> dict[str, dict[str, Any]]:
    """Activity's question: which items (with indicator names) may a log of this day serve?"""
    skp_ids = select(SkpInForce.skp_id).where(
        SkpInForce.employee_id == employee_id,
        SkpInForce.superseded_by.is_(None),
        SkpInForce.period_start <= day,
        SkpInForce.period_end >= day,
    )
    items = (
        await session.scalars(select(ServableItem).where(ServableItem.skp_id.in_(skp_ids)))
    ).all()
    indicators = (
        await session.scalars(select(IndicatorTarget).where(IndicatorTarget.skp_id.in_(skp_ids)))
    ).all()
    return {
        item.id: {
            "kind": item.kind,
            "title": item.title,
            "indicators": sorted(i.name for i in indicators if i.item_id == item.id),
        }
        for item in items
    }


async def pp46_targets(session: AsyncSession, activity_id: str) -> dict[str, Any] | None:
    """Appraisal's question under PP 46/2011: an activity's targets, regime and appraiser."""
    activity = await session.get(ActivityTarget, activity_id)
    if activity is None:
        return None
    skp = await session.get(SkpInForce, activity.skp_id)
    assert skp is not None
    return {
        "employee_id": skp.employee_id,
        "regime": skp.regime,
        "appraiser_id": skp.appraiser_id,
        "quantity": (activity.quantity_target, activity.quantity_unit),
        "quality": activity.quality_target,
        "time_months": activity.time_target_months,
        "cost_rupiah": activity.cost_target,
    }


async def scoring_targets(session: AsyncSession, indicator_id: str) -> dict[str, Any] | None:
    """Appraisal's question: an indicator's targets per month, direction, regime and appraiser."""
    indicator = await session.get(IndicatorTarget, indicator_id)
    if indicator is None:
        return None
    skp = await session.get(SkpInForce, indicator.skp_id)
    assert skp is not None
    months = await session.scalars(
        select(MonthTarget)
        .where(MonthTarget.indicator_id == indicator_id)
        .order_by(MonthTarget.month)
    )
    return {
        "employee_id": skp.employee_id,
        "regime": skp.regime,
        "appraiser_id": skp.appraiser_id,
        "direction": indicator.direction,
        "target_value": indicator.target_value,
        "unit": indicator.unit,
        "monthly": {m.month: m.target for m in months},
    }


# --- the journey ---------------------------------------------------------------------------

MONTHS = [f"{YEAR}-{m:02d}" for m in range(1, 13)]


def reports_per_month(total: int) -> list[dict[str, str]]:
    return [{"month": month, "target": str(total // 12)} for month in MONTHS]


async def draft_first_version(targets: Targets) -> dict[str, str]:
    """The head's SKP exists; the analyst drafts two RHK with indicators and submits."""
    period = {"periodStart": f"{YEAR}-01-01", "periodEnd": f"{YEAR}-12-31"}
    await targets.mutate(HEAD, "createSkp", "SkpPayload", {"employeeId": HEAD, **period})
    skp = await targets.mutate(
        ANALYST, "createSkp", "SkpPayload", {"employeeId": ANALYST, **period}
    )
    main = await targets.mutate(
        ANALYST,
        "addRhk",
        "RhkPayload",
        {"skpId": skp, "kind": "UTAMA", "title": "Laporan evaluasi kinerja unit tersusun"},
    )
    extra = await targets.mutate(
        ANALYST,
        "addRhk",
        "RhkPayload",
        {"skpId": skp, "kind": "TAMBAHAN", "title": "Keluhan layanan ditindaklanjuti"},
    )
    reports = await targets.mutate(
        ANALYST,
        "addIndicator",
        "IndicatorPayload",
        {
            "rhkId": main,
            "name": "Jumlah laporan evaluasi",
            "targetValue": "24",
            "unit": "Laporan",
            "direction": "HIGHER_IS_BETTER",
            "additive": True,
            "monthlyTargets": reports_per_month(24),
        },
    )
    delay = await targets.mutate(
        ANALYST,
        "addIndicator",
        "IndicatorPayload",
        {
            "rhkId": extra,
            "name": "Rata-rata hari penyelesaian keluhan",
            "targetValue": "3.5",
            "unit": "Hari",
            "direction": "LOWER_IS_BETTER",
            "additive": False,
            "monthlyTargets": [
                {"month": f"{YEAR}-06", "target": "4"},
                {"month": f"{YEAR}-12", "target": "3.5"},
            ],
        },
    )
    await targets.mutate(ANALYST, "submitSkp", "SkpPayload", {"skpId": skp})
    return {"skp": skp, "main": main, "extra": extra, "reports": reports, "delay": delay}


async def relay_and_consume(
    targets_db: async_sessionmaker[AsyncSession],
    reader_db: async_sessionmaker[AsyncSession],
    js: JetStreamContext,
) -> None:
    """Publish targets' outbox to JetStream and let the reader consume the whole stream."""
    await ensure_service_streams(js, "targets")
    await OutboxRelay(targets_db, js).drain()
    reader = Consumer(
        service="appraisal",
        stream="TARGETS",
        handlers={SKP_APPROVED: apply_skp_approved},
        session_factory=reader_db,
        js=js,
        fetch_timeout=0.2,
    )
    await consume_all(js, reader)


def expected_view(skp: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """What activity may serve, from targets' own view of the SKP."""
    return {
        item["id"]: {
            "kind": item["kind"],
            "title": item["title"],
            "indicators": sorted(i["name"] for i in item["indicators"]),
        }
        for item in skp["items"]
    }


def expected_targets(skp: dict[str, Any], employee: str) -> dict[str, dict[str, Any]]:
    """What appraisal scores against, per indicator, from targets' own view of the SKP."""
    return {
        indicator["id"]: {
            "employee_id": employee,
            "regime": skp["regime"],
            "appraiser_id": skp["appraiser"]["id"],
            "direction": indicator["direction"],
            "target_value": indicator["targetValue"],
            "unit": indicator["unit"],
            "monthly": {m["month"]: m["target"] for m in indicator["monthlyTargets"]},
        }
        for item in skp["items"]
        for indicator in item["indicators"]
    }


async def read_model(
    reader_db: async_sessionmaker[AsyncSession], indicator_ids: list[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    async with reader_db() as session:
        servable = await items_an_activity_can_serve(session, ANALYST, NOW.date())
        scoring = {i: await scoring_targets(session, i) for i in indicator_ids}
    return servable, scoring


async def test_an_approved_skp_is_rebuilt_from_its_event_alone(
    targets_db: async_sessionmaker[AsyncSession],
    reader_db: async_sessionmaker[AsyncSession],
    jetstream: tuple[Client, JetStreamContext],
) -> None:
    # given an analyst's SKP approved by their direct superior
    targets = Targets(targets_db)
    ids = await draft_first_version(targets)
    await targets.mutate(HEAD, "approveSkp", "SkpPayload", {"skpId": ids["skp"]})
    shown = await targets.skp_seen_by_appraisal(HEAD, ANALYST)

    # when the events travel through JetStream to a reader that knows nothing else
    await relay_and_consume(targets_db, reader_db, jetstream[1])

    # then it knows what activity and appraisal need, exactly as targets shows it
    servable, scoring = await read_model(reader_db, [ids["reports"], ids["delay"]])
    assert servable == expected_view(shown)
    assert servable == {
        ids["main"]: {
            "kind": "UTAMA",
            "title": "Laporan evaluasi kinerja unit tersusun",
            "indicators": ["Jumlah laporan evaluasi"],
        },
        ids["extra"]: {
            "kind": "TAMBAHAN",
            "title": "Keluhan layanan ditindaklanjuti",
            "indicators": ["Rata-rata hari penyelesaian keluhan"],
        },
    }
    assert scoring == expected_targets(shown, ANALYST)
    assert scoring[ids["delay"]] == {
        "employee_id": ANALYST,
        "regime": "PERMENPANRB_6_2022",
        "appraiser_id": HEAD,
        "direction": "LOWER_IS_BETTER",
        "target_value": "3.5",
        "unit": "Hari",
        "monthly": {f"{YEAR}-06": "4", f"{YEAR}-12": "3.5"},
    }
    assert scoring[ids["reports"]]["monthly"] == dict.fromkeys(MONTHS, "2")
    async with reader_db() as session:
        assert await items_an_activity_can_serve(session, ANALYST, date(YEAR + 1, 1, 1)) == {}
        assert await items_an_activity_can_serve(session, HEAD, NOW.date()) == {}


REVISE = """
mutation($input: ReviseSkpInput!) {
  reviseSkp(input: $input) {
    __typename
    ... on SkpPayload { skp { id version items { id kind indicators { id name } } } }
  }
}
"""


async def approve_a_revision(targets: Targets, first: dict[str, str]) -> dict[str, str]:
    """The analyst revises: more reports, the additional RHK dropped; the head approves."""
    data = await targets.run(
        ANALYST, REVISE, input={"skpId": first["skp"], "reason": "Penugasan tambahan dari pimpinan"}
    )
    revised = data["reviseSkp"]["skp"]
    main = next(item for item in revised["items"] if item["kind"] == "UTAMA")
    extra = next(item for item in revised["items"] if item["kind"] == "TAMBAHAN")
    reports = main["indicators"][0]["id"]
    await targets.mutate(
        ANALYST,
        "updateIndicator",
        "IndicatorPayload",
        {"indicatorId": reports, "targetValue": "36", "monthlyTargets": reports_per_month(36)},
    )
    await targets.run(
        ANALYST,
        "mutation($i: RemoveRhkInput!) { removeRhk(input: $i) { __typename } }",
        i={"rhkId": extra["id"]},
    )
    await targets.mutate(ANALYST, "submitSkp", "SkpPayload", {"skpId": revised["id"]})
    await targets.mutate(HEAD, "approveSkp", "SkpPayload", {"skpId": revised["id"]})
    return {"skp": revised["id"], "main": main["id"], "reports": reports}


async def test_an_approved_revision_supersedes_the_first_version_in_the_read_model(
    targets_db: async_sessionmaker[AsyncSession],
    reader_db: async_sessionmaker[AsyncSession],
    jetstream: tuple[Client, JetStreamContext],
) -> None:
    # given an approved SKP, then an approved revision of it
    targets = Targets(targets_db)
    first = await draft_first_version(targets)
    await targets.mutate(HEAD, "approveSkp", "SkpPayload", {"skpId": first["skp"]})
    second = await approve_a_revision(targets, first)
    shown = await targets.skp_seen_by_appraisal(HEAD, ANALYST)
    assert (shown["id"], shown["version"]) == (second["skp"], 2)

    # when both approvals reach the reader in order
    await relay_and_consume(targets_db, reader_db, jetstream[1])

    # then only the revision is in force: one RHK, the new target, the old ids gone
    servable, scoring = await read_model(
        reader_db, [second["reports"], first["reports"], first["delay"]]
    )
    assert servable == expected_view(shown)
    assert list(servable) == [second["main"]]
    assert scoring[second["reports"]] == expected_targets(shown, ANALYST)[second["reports"]]
    assert scoring[second["reports"]]["target_value"] == "36"
    assert scoring[second["reports"]]["monthly"] == dict.fromkeys(MONTHS, "3")
    assert scoring[first["reports"]] is None
    assert scoring[first["delay"]] is None
    async with reader_db() as session:
        first_version = await session.get(SkpInForce, first["skp"])
        assert first_version is not None
        assert first_version.superseded_by == second["skp"]


async def test_a_late_first_version_never_overrides_its_revision(
    targets_db: async_sessionmaker[AsyncSession],
    reader_db: async_sessionmaker[AsyncSession],
    jetstream: tuple[Client, JetStreamContext],
) -> None:
    # given both approvals published, as they were emitted
    targets = Targets(targets_db)
    first = await draft_first_version(targets)
    await targets.mutate(HEAD, "approveSkp", "SkpPayload", {"skpId": first["skp"]})
    second = await approve_a_revision(targets, first)
    js = jetstream[1]
    await ensure_service_streams(js, "targets")
    await OutboxRelay(targets_db, js).drain()
    approvals = [
        CloudEvent.from_json(message.data)
        for message in await stream_messages(js, "TARGETS")
        if message.subject == SKP_APPROVED
    ]
    assert [(e.data["version"], e.data["supersedes"]) for e in approvals] == [
        (1, None),
        (2, first["skp"]),
    ]

    # when the reader applies them in the opposite order
    for event in reversed(approvals):
        async with reader_db() as session, session.begin():
            await apply_skp_approved(session, event)

    # then the revision is still the one in force
    servable, scoring = await read_model(reader_db, [second["reports"], first["reports"]])
    assert list(servable) == [second["main"]]
    assert scoring[first["reports"]] is None
    assert scoring[second["reports"]] is not None
    assert scoring[second["reports"]]["target_value"] == "36"


async def test_a_pp46_skps_activities_and_their_four_targets_travel_in_the_event(
    targets_db: async_sessionmaker[AsyncSession],
    reader_db: async_sessionmaker[AsyncSession],
    jetstream: tuple[Client, JetStreamContext],
) -> None:
    # given an analyst's PP 46/2011 SKP with two activities, approved by the head
    targets = Targets(targets_db)
    period = {"periodStart": f"{YEAR}-01-01", "periodEnd": f"{YEAR}-06-30"}
    await targets.mutate(HEAD, "createSkp", "SkpPayload", {"employeeId": HEAD, **period})
    skp = await targets.mutate(
        ANALYST,
        "createSkp",
        "SkpPayload",
        {"employeeId": ANALYST, "regime": "PP46_2011", **period},
    )
    letters = await targets.mutate(
        ANALYST,
        "addPp46Activity",
        "Pp46ActivityPayload",
        {
            "skpId": skp,
            "title": "Menyusun konsep surat dinas",
            "quantityTarget": "120",
            "quantityUnit": "Surat",
            "timeTargetMonths": 6,
        },
    )
    audit = await targets.mutate(
        ANALYST,
        "addPp46Activity",
        "Pp46ActivityPayload",
        {
            "skpId": skp,
            "title": "Pemeriksaan kas satker",
            "quantityTarget": "2",
            "quantityUnit": "Laporan",
            "qualityTarget": "95",
            "timeTargetMonths": 3,
            "costTarget": "7500000",
        },
    )
    await targets.mutate(ANALYST, "submitSkp", "SkpPayload", {"skpId": skp})
    await targets.mutate(HEAD, "approveSkp", "SkpPayload", {"skpId": skp})

    # when the event reaches the reader
    await relay_and_consume(targets_db, reader_db, jetstream[1])

    # then the activities are what a log may serve, with everything PP46 scoring needs
    async with reader_db() as session:
        servable = await items_an_activity_can_serve(session, ANALYST, date(YEAR, 3, 1))
        letters_targets = await pp46_targets(session, letters)
        audit_targets = await pp46_targets(session, audit)
    assert servable == {
        letters: {"kind": "ACTIVITY", "title": "Menyusun konsep surat dinas", "indicators": []},
        audit: {"kind": "ACTIVITY", "title": "Pemeriksaan kas satker", "indicators": []},
    }
    common = {"employee_id": ANALYST, "regime": "PP46_2011", "appraiser_id": HEAD}
    assert letters_targets == {
        **common,
        "quantity": ("120", "Surat"),
        "quality": "100",
        "time_months": 6,
        "cost_rupiah": None,
    }
    assert audit_targets == {
        **common,
        "quantity": ("2", "Laporan"),
        "quality": "95",
        "time_months": 3,
        "cost_rupiah": 7500000,
    }
