"""One probe per activity operation: do it as an actor to a target, say whether it was allowed.

Every person has an SKP for the log day's year, approved by their direct superior in targets and
replicated into activity (`targets.skp.approved.v1`), and one submitted base log on it for reads.
Logs are dated `LOG_DAY` (today in the units' zone, Asia/Jakarta; yesterday in the first hours
of a day, when too few minutes of today have passed) in one-minute slots, as logs may not end in
the future and may not overlap. A log is recorded by its employee (nobody else may); a decision
probe gets a fresh log, kept for the next row of the same operation and target when refused.
Attendance requests go on past days of their own (months nobody closes); the month-close probes
close months of 2021; calendar probes write far-future dates.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from starlette.testclient import TestClient

from tests.authz import probes_targets
from tests.authz.org import Call, Person
from tests.authz.probes import UnitTarget

ZONE = ZoneInfo("Asia/Jakarta")
SLOTS_NEEDED = timedelta(hours=2)  # a day needs this much past before its minutes are used


def log_day() -> date:
    """Today in the units' zone, or yesterday while today has too few minutes behind it."""
    now = datetime.now(ZONE)
    return (now - SLOTS_NEEDED).date()


LOG_DAY = log_day()
ATTENDANCE_MONTH = "2024-03"  # taps and Employee.attendance
FIRST_CORRECTION_DAY = date(2024, 4, 1)
FIRST_LEAVE_DAY = date(2023, 1, 2)
CLOSED_MONTH = "2021-01"  # closed for each unit before the rows run
CATALOGUE = "code,name,standard_minutes,output_unit\nMX.{n},Menyusun nota,60,dokumen\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

Target = Person | UnitTarget | None


@dataclass(frozen=True)
class Served:
    """A person's approved SKP item and indicator (what their logs serve)."""

    rhk: str
    indicator: str


@dataclass
class ActivityWorld:
    """What activity's probes act on, and how they call the activity app."""

    call: Call
    client: TestClient
    admin: Person
    superiors: dict[str, Person]
    served: dict[str, Served] = field(default_factory=dict)
    base_logs: dict[str, str] = field(default_factory=dict)
    entries: dict[str, str] = field(default_factory=dict)  # unit id → catalogue entry
    spares: dict[tuple[str, str], str] = field(default_factory=dict)
    minutes: dict[str, itertools.count[int]] = field(default_factory=dict)
    counter: itertools.count[int] = field(default_factory=itertools.count)
    months: itertools.count[int] = field(default_factory=lambda: itertools.count(2))

    def as_admin(self, query: str, **variables: Any) -> dict[str, Any]:
        return self.call(query, variables, self.admin.token)

    def spare(self, operation: str, key: str, make: Callable[[], str]) -> str:
        """The record a refused row of `operation` on `key` left untouched, else a new one."""
        if (operation, key) not in self.spares:
            self.spares[(operation, key)] = make()
        return self.spares[(operation, key)]

    def used(self, operation: str, key: str, allowed: bool) -> bool:
        """Forget the spare when the row changed it."""
        if allowed:
            del self.spares[(operation, key)]
        return allowed

    def slot(self, person: Person) -> tuple[str, str]:
        """A one-minute stretch of LOG_DAY no log of `person` has used."""
        minute = next(self.minutes.setdefault(person.id, itertools.count()))
        start = datetime.combine(LOG_DAY, time()) + timedelta(minutes=minute)
        end = start + timedelta(minutes=1)
        return f"{start:%H:%M:%S}", f"{end:%H:%M:%S}"


Probe = Callable[[ActivityWorld, Person, Target], bool]
ACTIVITY_PROBES: dict[str, Probe] = {}
UNIT_OPS: set[str] = set()


def probe(name: str, *, units: bool = False) -> Callable[[Probe], Probe]:
    """Register a probe for activity operation `name` (`units`: its targets are org units)."""

    def register(function: Probe) -> Probe:
        ACTIVITY_PROBES[name] = function
        if units:
            UNIT_OPS.add(name)
        return function

    return register


field_of = probes_targets.field_of


def person_of(target: Target) -> Person:
    assert isinstance(target, Person), target
    return target


def unit_of(target: Target) -> UnitTarget:
    assert isinstance(target, UnitTarget), target
    return target


def mutation(name: str, input_type: str, payload: str, selection: str = "__typename") -> str:
    """`name(input: $input)` returning `payload { selection }` (and the typed errors)."""
    return f"""
mutation($input: {input_type}!) {{
  {name}(input: $input) {{
    __typename ... on {payload} {{ {selection} }} ... on Error {{ message }}
  }}
}}
"""


def _run(
    world: ActivityWorld, actor: Person, name: str, input_type: str, payload: str, /, **input_: Any
) -> bool:
    body = world.call(mutation(name, input_type, payload), {"input": input_}, actor.token)
    return probes_targets.typename_of(body, name) == payload


def _ok(
    world: ActivityWorld,
    caller: Person,
    name: str,
    input_type: str,
    payload: str,
    selection: str,
    /,
    **input_: Any,
) -> Any:
    """A preparation step; it must succeed."""
    body = world.call(
        mutation(name, input_type, payload, selection), {"input": input_}, caller.token
    )
    assert probes_targets.typename_of(body, name) == payload, body
    return field_of(body, name)


# --- preparing records -----------------------------------------------------------------------


def prepare_skps(
    targets: probes_targets.TargetsWorld, heads: list[Person], people: list[Person]
) -> dict[str, Served]:
    """Each person's SKP for LOG_DAY's year, submitted and approved by their direct superior.

    Heads get a draft (submitting needs the superior's SKP for the period); `people` must list
    every superior before those they supervise.
    """
    period = {"periodStart": f"{LOG_DAY.year}-01-01", "periodEnd": f"{LOG_DAY.year}-12-31"}
    for head in heads:
        probes_targets.create_skp(targets, head, period)
    served: dict[str, Served] = {}
    for person in people:
        skp = probes_targets.create_skp(targets, person, period)
        rhk, indicator = probes_targets.add_content(targets, skp)
        probes_targets.admin_ok(targets, "submitSkp", "SkpPayload", "skp { id }", skpId=skp)
        superior = targets.superiors[person.id]
        body = targets.call(
            probes_targets.mutation("approveSkp", "SkpPayload"),
            {"input": {"skpId": skp}},
            superior.token,
        )
        assert probes_targets.succeeded(body, "approveSkp", "SkpPayload"), body
        served[person.id] = Served(rhk, indicator)
    return served


CREATE_LOG = mutation("createLog", "CreateLogInput", "LogPayload", "log { id }")


def try_log(world: ActivityWorld, person: Person, served: Served) -> dict[str, Any]:
    """`createLog` as `person` citing `served`, on a fresh slot of LOG_DAY: the response."""
    start, end = world.slot(person)
    new = {
        "date": LOG_DAY.isoformat(),
        "startTime": start,
        "endTime": end,
        "description": "Menyusun laporan",
        "skpItemId": served.rhk,
        "indicatorId": served.indicator,
        "outputQuantity": "1",
    }
    return world.call(CREATE_LOG, {"input": new}, person.token)


def new_log(world: ActivityWorld, person: Person) -> str:
    """A fresh submitted log of `person` (recorded by them)."""
    body = try_log(world, person, world.served[person.id])
    assert probes_targets.typename_of(body, "createLog") == "LogPayload", body
    return str(field_of(body, "createLog")["log"]["id"])


def approved_log(world: ActivityWorld, person: Person) -> str:
    """A fresh log of `person`, approved by their direct superior."""
    log = new_log(world, person)
    superior = world.superiors[person.id]
    _ok(world, superior, "approveLog", "ApproveLogInput", "LogPayload", "log { id }", logId=log)
    return log


def _next_day(world: ActivityWorld, first: date) -> date:
    return first + timedelta(days=next(world.counter))


def _correction_input(world: ActivityWorld, person: Person) -> dict[str, Any]:
    day = _next_day(world, FIRST_CORRECTION_DAY)
    check_in = datetime.combine(day, time(7, 30), ZONE).isoformat()
    return {"employeeId": person.id, "date": day.isoformat(), "checkIn": check_in, "reason": "Lupa"}


def _leave_input(world: ActivityWorld, person: Person) -> dict[str, Any]:
    day = _next_day(world, FIRST_LEAVE_DAY).isoformat()
    return {
        "employeeId": person.id,
        "type": "CUTI_TAHUNAN",
        "from": day,
        "to": day,
        "reason": "Cuti",
    }


def pending_correction(world: ActivityWorld, person: Person) -> str:
    input_ = _correction_input(world, person)
    made = _ok(
        world,
        world.admin,
        "requestAttendanceCorrection",
        "RequestAttendanceCorrectionInput",
        "AttendanceCorrectionPayload",
        "correction { id }",
        **input_,
    )
    return str(made["correction"]["id"])


def pending_leave(world: ActivityWorld, person: Person) -> str:
    made = _ok(
        world,
        world.admin,
        "requestLeave",
        "RequestLeaveInput",
        "LeavePayload",
        "leave { id }",
        **_leave_input(world, person),
    )
    return str(made["leave"]["id"])


def close(world: ActivityWorld, unit_id: str, month: str) -> None:
    _ok(
        world,
        world.admin,
        "closeMonth",
        "CloseMonthInput",
        "MonthClosePayload",
        "__typename",
        unitId=unit_id,
        month=month,
    )


def _scratch_month(world: ActivityWorld) -> str:
    return f"2021-{next(world.months):02d}"


def prepare_units(world: ActivityWorld, units: list[UnitTarget]) -> None:
    """Each unit: one catalogue entry, CLOSED_MONTH closed; a holiday in 2090 for `holidays`."""
    for unit in units:
        made = _ok(
            world,
            world.admin,
            "createStandardActivity",
            "CreateStandardActivityInput",
            "StandardActivityPayload",
            "standardActivity { id }",
            unitId=unit.id,
            code=f"MB.{next(world.counter)}",
            name="Menyusun laporan",
            standardMinutes=30,
            outputUnit="laporan",
        )
        world.entries[unit.id] = str(made["standardActivity"]["id"])
        close(world, unit.id, CLOSED_MONTH)
    _ok(
        world,
        world.admin,
        "setHoliday",
        "SetHolidayInput",
        "SetHolidayPayload",
        "date",
        date="2090-01-01",
        kind="HOLIDAY",
        name="Tahun Baru",
    )


# --- logs: reads -----------------------------------------------------------------------------


@probe("activityLog")
def _activity_log(world: ActivityWorld, actor: Person, target: Target) -> bool:
    log = world.base_logs[person_of(target).id]
    body = world.call("query($id: ID!) { activityLog(id: $id) { id } }", {"id": log}, actor.token)
    return field_of(body, "activityLog") is not None


@probe("verificationQueue")
def _verification_queue(world: ActivityWorld, actor: Person, target: Target) -> bool:
    body = world.call("{ verificationQueue(first: 100) { nodes { id } } }", {}, actor.token)
    nodes = (field_of(body, "verificationQueue") or {}).get("nodes", [])
    return world.base_logs[person_of(target).id] in {node["id"] for node in nodes}


ENTITIES = """
query($r: [_Any!]!, $from: Date!, $to: Date!, $month: String!) {
  _entities(representations: $r) {
    ... on Employee {
      activities(from: $from, to: $to, first: 100) { nodes { id } }
      attendance(month: $month) { month }
    }
    ... on SkpItem { activities(first: 100) { nodes { id } } }
  }
}
"""


def _entity(world: ActivityWorld, actor: Person, typename: str, id: str) -> Any:
    variables = {
        "r": [{"__typename": typename, "id": id}],
        "from": LOG_DAY.isoformat(),
        "to": LOG_DAY.isoformat(),
        "month": ATTENDANCE_MONTH,
    }
    return (field_of(world.call(ENTITIES, variables, actor.token), "_entities") or [None])[0]


@probe("Employee.activities")
def _employee_activities(world: ActivityWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    employee = _entity(world, actor, "Employee", person.id) or {}
    nodes = (employee.get("activities") or {}).get("nodes", [])
    return world.base_logs[person.id] in {node["id"] for node in nodes}


def sees_attendance(world: ActivityWorld, actor: Person, person: Person) -> bool:
    """Does `actor` get `person`'s ATTENDANCE_MONTH (null: not visible, or not placed)?"""
    employee = _entity(world, actor, "Employee", person.id) or {}
    return employee.get("attendance") is not None


@probe("Employee.attendance")
def _employee_attendance(world: ActivityWorld, actor: Person, target: Target) -> bool:
    return sees_attendance(world, actor, person_of(target))


@probe("SkpItem.activities")
def _skp_item_activities(world: ActivityWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    item = _entity(world, actor, "SkpItem", world.served[person.id].rhk) or {}
    nodes = (item.get("activities") or {}).get("nodes", [])
    return world.base_logs[person.id] in {node["id"] for node in nodes}


# --- logs: writes ----------------------------------------------------------------------------


@probe("createLog")
def _create_log(world: ActivityWorld, actor: Person, target: Target) -> bool:
    # The caller's log, citing the target's approved SKP item and indicator.
    body = try_log(world, actor, world.served[person_of(target).id])
    return probes_targets.typename_of(body, "createLog") == "LogPayload"


@probe("attachEvidence")
def _attach_evidence(world: ActivityWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    log = world.spare("attachEvidence", person.id, lambda: new_log(world, person))
    content = PNG + str(next(world.counter)).encode()
    response = world.client.post(
        "/evidence",
        files={"file": ("bukti.png", content, "image/png")},
        headers={"authorization": f"Bearer {actor.token}"},
    )
    assert response.status_code == 201, response.text
    evidence = response.json()["id"]
    allowed = _run(
        world,
        actor,
        "attachEvidence",
        "AttachEvidenceInput",
        "LogPayload",
        logId=log,
        evidenceId=evidence,
    )
    return world.used("attachEvidence", person.id, allowed)


def _decide_log(
    world: ActivityWorld,
    actor: Person,
    target: Target,
    name: str,
    make: Callable[[ActivityWorld, Person], str],
    **extra: Any,
) -> bool:
    person = person_of(target)
    log = world.spare(name, person.id, lambda: make(world, person))
    input_type = "ApproveLogInput" if name == "approveLog" else "DecideLogInput"
    allowed = _run(world, actor, name, input_type, "LogPayload", logId=log, **extra)
    return world.used(name, person.id, allowed)


@probe("approveLog")
def _approve_log(world: ActivityWorld, actor: Person, target: Target) -> bool:
    return _decide_log(world, actor, target, "approveLog", new_log)


@probe("rejectLog")
def _reject_log(world: ActivityWorld, actor: Person, target: Target) -> bool:
    return _decide_log(world, actor, target, "rejectLog", new_log, reason="Tidak sesuai")


@probe("revokeLogApproval")
def _revoke_log(world: ActivityWorld, actor: Person, target: Target) -> bool:
    return _decide_log(world, actor, target, "revokeLogApproval", approved_log, reason="Keliru")


APPROVE_LOGS = """
mutation($input: ApproveLogsInput!) {
  approveLogs(input: $input) { outcomes { logId log { status } error { message } } }
}
"""


@probe("approveLogs")
def _approve_logs(world: ActivityWorld, actor: Person, target: Target) -> bool:
    person = person_of(target)
    log = world.spare("approveLogs", person.id, lambda: new_log(world, person))
    body = world.call(APPROVE_LOGS, {"input": {"logIds": [log]}}, actor.token)
    outcomes = (field_of(body, "approveLogs") or {}).get("outcomes", [])
    allowed = bool(outcomes) and (outcomes[0]["log"] or {}).get("status") == "APPROVED"
    return world.used("approveLogs", person.id, allowed)


# --- the catalogue ---------------------------------------------------------------------------


@probe("standardActivities", units=True)
def _standard_activities(world: ActivityWorld, actor: Person, target: Target) -> bool:
    unit = unit_of(target)
    query = "query($u: ID!) { standardActivities(unitId: $u, first: 100) { nodes { id } } }"
    nodes = (
        field_of(world.call(query, {"u": unit.id}, actor.token), "standardActivities") or {}
    ).get("nodes", [])
    return world.entries[unit.id] in {node["id"] for node in nodes}


@probe("createStandardActivity", units=True)
def _create_standard_activity(world: ActivityWorld, actor: Person, target: Target) -> bool:
    entry = {
        "unitId": unit_of(target).id,
        "code": f"MC.{next(world.counter)}",
        "name": "Memeriksa laporan",
        "standardMinutes": 45,
        "outputUnit": "laporan",
    }
    return _run(
        world,
        actor,
        "createStandardActivity",
        "CreateStandardActivityInput",
        "StandardActivityPayload",
        **entry,
    )


@probe("updateStandardActivity", units=True)
def _update_standard_activity(world: ActivityWorld, actor: Person, target: Target) -> bool:
    entry = world.entries[unit_of(target).id]
    return _run(
        world,
        actor,
        "updateStandardActivity",
        "UpdateStandardActivityInput",
        "StandardActivityPayload",
        id=entry,
        active=True,
    )


@probe("importStandardActivities", units=True)
def _import_standard_activities(world: ActivityWorld, actor: Person, target: Target) -> bool:
    content = CATALOGUE.format(n=next(world.counter))
    return _run(
        world,
        actor,
        "importStandardActivities",
        "ImportStandardActivitiesInput",
        "ImportStandardActivitiesPayload",
        unitId=unit_of(target).id,
        content=content,
    )


# --- attendance: the employee's records ------------------------------------------------------


def _tap(world: ActivityWorld, target: Target) -> dict[str, Any]:
    return {
        "employeeId": person_of(target).id,
        "kind": "CHECK_IN",
        "at": datetime.combine(date(2024, 3, 4), time(7, 30), ZONE).isoformat(),
        "source": "DEVICE",
        "deviceEventId": f"matrix-{next(world.counter)}",
    }


@probe("recordAttendance")
def _record_attendance(world: ActivityWorld, actor: Person, target: Target) -> bool:
    tap = _tap(world, target)
    return _run(
        world, actor, "recordAttendance", "RecordAttendanceInput", "AttendanceRecordPayload", **tap
    )


@probe("recordAttendanceBatch")
def _record_attendance_batch(world: ActivityWorld, actor: Person, target: Target) -> bool:
    records = [_tap(world, target)]
    return _run(
        world,
        actor,
        "recordAttendanceBatch",
        "RecordAttendanceBatchInput",
        "AttendanceBatchPayload",
        records=records,
    )


@probe("requestAttendanceCorrection")
def _request_correction(world: ActivityWorld, actor: Person, target: Target) -> bool:
    return _run(
        world,
        actor,
        "requestAttendanceCorrection",
        "RequestAttendanceCorrectionInput",
        "AttendanceCorrectionPayload",
        **_correction_input(world, person_of(target)),
    )


@probe("requestLeave")
def _request_leave(world: ActivityWorld, actor: Person, target: Target) -> bool:
    return _run(
        world,
        actor,
        "requestLeave",
        "RequestLeaveInput",
        "LeavePayload",
        **_leave_input(world, person_of(target)),
    )


@probe("requestOfficialDuty")
def _request_official_duty(world: ActivityWorld, actor: Person, target: Target) -> bool:
    leave = _leave_input(world, person_of(target))
    del leave["type"]
    return _run(
        world,
        actor,
        "requestOfficialDuty",
        "RequestOfficialDutyInput",
        "LeavePayload",
        letterNumber="ST-1/2023",
        **leave,
    )


def _decide(
    world: ActivityWorld,
    actor: Person,
    target: Target,
    name: str,
    payload: str,
    make: Callable[[ActivityWorld, Person], str],
) -> bool:
    person = person_of(target)
    request = world.spare(name, person.id, lambda: make(world, person))
    allowed = _run(world, actor, name, "DecideRequestInput", payload, id=request)
    return world.used(name, person.id, allowed)


@probe("approveAttendanceCorrection")
def _approve_correction(world: ActivityWorld, actor: Person, target: Target) -> bool:
    return _decide(
        world,
        actor,
        target,
        "approveAttendanceCorrection",
        "AttendanceCorrectionPayload",
        pending_correction,
    )


@probe("rejectAttendanceCorrection")
def _reject_correction(world: ActivityWorld, actor: Person, target: Target) -> bool:
    return _decide(
        world,
        actor,
        target,
        "rejectAttendanceCorrection",
        "AttendanceCorrectionPayload",
        pending_correction,
    )


@probe("approveLeave")
def _approve_leave(world: ActivityWorld, actor: Person, target: Target) -> bool:
    return _decide(world, actor, target, "approveLeave", "LeavePayload", pending_leave)


@probe("rejectLeave")
def _reject_leave(world: ActivityWorld, actor: Person, target: Target) -> bool:
    return _decide(world, actor, target, "rejectLeave", "LeavePayload", pending_leave)


# --- attendance: the calendar ----------------------------------------------------------------


@probe("holidays")
def _holidays(world: ActivityWorld, actor: Person, target: Target) -> bool:
    body = world.call("{ holidays(year: 2090) { date } }", {}, actor.token)
    return bool(field_of(body, "holidays"))


@probe("attendanceBands")
def _attendance_bands(world: ActivityWorld, actor: Person, target: Target) -> bool:
    body = world.call(
        '{ attendanceBands(on: "2024-03-04") { absenceDeductionPercent } }', {}, actor.token
    )
    return field_of(body, "attendanceBands") is not None


@probe("setHoliday")
def _set_holiday(world: ActivityWorld, actor: Person, target: Target) -> bool:
    day = _next_day(world, date(2091, 1, 1)).isoformat()
    return _run(
        world,
        actor,
        "setHoliday",
        "SetHolidayInput",
        "SetHolidayPayload",
        date=day,
        kind="HOLIDAY",
        name="Libur",
    )


@probe("setWorkSchedule")
def _set_work_schedule(world: ActivityWorld, actor: Person, target: Target) -> bool:
    day = _next_day(world, date(2092, 1, 1)).isoformat()
    days = [{"weekday": weekday, "start": "08:00:00", "end": "15:00:00"} for weekday in range(1, 6)]
    return _run(
        world,
        actor,
        "setWorkSchedule",
        "SetWorkScheduleInput",
        "WorkSchedulePayload",
        name=f"Ramadan {day}",
        validFrom=day,
        validTo=day,
        days=days,
    )


def _bands(kind: str) -> list[dict[str, Any]]:
    return [
        {"code": f"{kind}1", "kind": kind, "minMinutes": 1, "maxMinutes": 60,
         "deductionPercent": "0.5", "coversMissing": False},
        {"code": f"{kind}2", "kind": kind, "minMinutes": 61, "maxMinutes": None,
         "deductionPercent": "1", "coversMissing": True},
    ]  # fmt: skip


@probe("setAttendanceBands")
def _set_attendance_bands(world: ActivityWorld, actor: Person, target: Target) -> bool:
    index = next(world.counter)
    valid_from = date(2093 + index // 12, index % 12 + 1, 1).isoformat()
    return _run(
        world,
        actor,
        "setAttendanceBands",
        "SetAttendanceBandsInput",
        "AttendanceBandsPayload",
        validFrom=valid_from,
        bands=_bands("TL") + _bands("PSW"),
        absenceDeductionPercent="3",
    )


# --- attendance: month close -----------------------------------------------------------------


@probe("monthClose", units=True)
def _month_close(world: ActivityWorld, actor: Person, target: Target) -> bool:
    query = "query($u: ID!, $m: String!) { monthClose(unitId: $u, month: $m) { month } }"
    body = world.call(query, {"u": unit_of(target).id, "m": CLOSED_MONTH}, actor.token)
    return field_of(body, "monthClose") is not None


@probe("closeMonth", units=True)
def _close_month(world: ActivityWorld, actor: Person, target: Target) -> bool:
    unit = unit_of(target)
    month = world.spare("closeMonth", unit.id, lambda: _scratch_month(world))
    allowed = _run(
        world,
        actor,
        "closeMonth",
        "CloseMonthInput",
        "MonthClosePayload",
        unitId=unit.id,
        month=month,
    )
    return world.used("closeMonth", unit.id, allowed)


def _closed_month(world: ActivityWorld, unit: UnitTarget) -> str:
    month = _scratch_month(world)
    close(world, unit.id, month)
    return month


@probe("reopenMonth", units=True)
def _reopen_month(world: ActivityWorld, actor: Person, target: Target) -> bool:
    unit = unit_of(target)
    month = world.spare("reopenMonth", unit.id, lambda: _closed_month(world, unit))
    allowed = _run(
        world,
        actor,
        "reopenMonth",
        "ReopenMonthInput",
        "MonthClosePayload",
        unitId=unit.id,
        month=month,
        reason="Koreksi",
    )
    return world.used("reopenMonth", unit.id, allowed)
