"""The demo's stages, through the gateway (and activity's /evidence), in dependency order."""

from __future__ import annotations

import importlib
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.progress import Progress

from kinerja.demo import generate as gen
from kinerja.demo.graph import DemoError, Graph, each, progress
from kinerja.demo.queries import Q
from kinerja.errors import KinerjaError
from kinerja.settings import Settings

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
START_DATE = "2020-01-01"
TAP_BATCH = 500  # taps per recordAttendanceBatch call
PERIOD = {"periodStart": f"{gen.YEAR}-01-01", "periodEnd": f"{gen.YEAR}-12-31"}
BERAKHLAK = (
    "BERORIENTASI_PELAYANAN",
    "AKUNTABEL",
    "KOMPETEN",
    "HARMONIS",
    "LOYAL",
    "ADAPTIF",
    "KOLABORATIF",
)
EXAMPLE_QUERIES = [
    "{ me { employee { id name } } }",
    'query($id: ID!) { employee(id: $id) { name attendance(month: "2026-10") { summary {'
    ' workingDays presentDays unexcusedDays } } appraisal(period: "2026-10") { predicate }'
    ' allowance(month: "2026-10") { total { amount } lines { code label } } } }',
    "query($org: ID!) { allowanceRuns(organisationId: $org) { edges { node { month status"
    " employees total { amount } } } } }",
]


@dataclass(frozen=True)
class DemoOptions:
    """What `kinerja demo` was asked for."""

    gateway: str
    seed: int = 1
    employees: int = 1000


@dataclass
class DemoResult:
    """What the demo made (or found): the organisation and the logins."""

    created: bool
    ministry_id: str
    logins: list[tuple[str, str, str, str]]  # role, name, NIP, password
    run_id: str = ""
    seconds: float = 0.0


def _bootstrap_admin(demo: gen.Demo) -> str:
    """The demo's SYSTEM_ADMIN through identity's own bootstrap (`admin create-superuser`)."""
    admin = importlib.import_module("services.identity.admin")
    password = gen.password_for(demo.seed, demo.admin_nip)
    try:
        admin.run_create_superuser(
            Settings(), nip=demo.admin_nip, name="Admin Demo", password=password
        )
    except KinerjaError as exc:  # a second run: the demo's admin exists with this password
        if "already" not in str(getattr(exc, "message", exc)):
            raise
    return password


def _wait_for_gateway(url: str, seconds: float = 180) -> None:
    """Wait until the gateway answers its readiness probe (the platform may be starting)."""
    readiness = url.rsplit("/graphql", 1)[0] + "/readiness"
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(readiness, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise DemoError(f"the gateway at {url} is not ready")
        time.sleep(1)


def _logins(demo: gen.Demo, admin_password: str) -> list[tuple[str, str, str, str]]:
    rows = [("admin", "Admin Demo", demo.admin_nip, admin_password)]
    for role in ("employee", "superior", "hr", "auditor"):
        member = demo.by_role(role)
        rows.append((role, member.name, member.nip, gen.password_for(demo.seed, member.nip)))
    return rows


def _login(graph: Graph, nip: str, password: str) -> str:
    result = graph.ok(
        Q.LOGIN, "login", "TokenPayload", None, input={"nip": nip, "password": password}
    )
    token: str = result["accessToken"]
    return token


class Seeder:
    """Runs the stages; keeps the ids and tokens they produce."""

    def __init__(self, demo: gen.Demo, graph: Graph, settings: Settings) -> None:
        self.demo = demo
        self.graph = graph
        self.settings = settings
        self.admin = ""
        self.days = gen.working_days()
        self.rhk: dict[int, str] = {}  # member index → their RHK id
        self.indicator: dict[int, str] = {}
        self.skp_ids: dict[int, str] = {}
        self.logs: dict[int, list[str]] = {}
        self.appraisals: dict[int, str] = {}
        self.run_id = ""

    # --- identity ----------------------------------------------------------------------------

    def units(self) -> bool:
        """Every unit, parents first; False when the ministry's code exists (the demo exists)."""
        g = self.graph
        for unit in self.demo.units:
            parent = self.demo.unit(unit.parent).id if unit.parent else None
            result = g.field(
                Q.CREATE_UNIT,
                "createOrgUnit",
                self.admin,
                input={
                    "code": unit.code,
                    "name": unit.name,
                    "type": unit.type,
                    "timeZone": unit.time_zone,
                    "parentId": parent,
                },
            )
            if result["__typename"] == "Conflict" and unit.key == "min":
                return False
            if result["__typename"] != "OrgUnitPayload":
                raise DemoError(f"createOrgUnit {unit.code}: {result}")
            unit.id = result["orgUnit"]["id"]
        return True

    def position(self, member: gen.Member) -> None:
        """The member's position (reporting to their superior's) and the member themself."""
        superior = self.demo.superior_of(member)
        result = self.graph.ok(
            Q.CREATE_POSITION,
            "createPosition",
            "PositionPayload",
            self.admin,
            input={
                "unitId": self.demo.unit(member.unit).id,
                "title": member.title,
                "jobType": member.job,
                "kelasJabatan": member.kelas,
                "reportsToId": superior.position_id if superior else None,
            },
        )
        member.position_id = result["position"]["id"]

    def employee(self, member: gen.Member) -> None:
        """The employee record and their assignment (Plt for the acting head)."""
        created = self.graph.ok(
            Q.CREATE_EMPLOYEE,
            "createEmployee",
            "EmployeePayload",
            self.admin,
            input={
                "nip": member.nip,
                "name": member.name,
                "asnType": "PNS",
                "status": member.status,
                "golongan": member.golongan,
            },
        )
        member.id = created["employee"]["id"]
        self.graph.ok(
            Q.ASSIGN,
            "assignEmployee",
            "AssignmentPayload",
            self.admin,
            input={
                "employeeId": member.id,
                "positionId": member.position_id,
                "kind": "PLT" if member.acting else "DEFINITIVE",
                "startDate": START_DATE,
            },
        )

    def account(self, member: gen.Member) -> None:
        """Reset, first sign-in, the demo password; the member's token."""
        g = self.graph
        reset = g.ok(
            Q.RESET,
            "resetPassword",
            "ResetPasswordPayload",
            self.admin,
            input={"employeeId": member.id},
        )
        temporary = reset["temporaryPassword"]
        first = _login(g, member.nip, temporary)
        password = gen.password_for(self.demo.seed, member.nip)
        changed = g.ok(
            Q.CHANGE_PASSWORD,
            "changePassword",
            "TokenPayload",
            first,
            input={"currentPassword": temporary, "newPassword": password},
        )
        member.token = changed["accessToken"]

    def roles(self) -> None:
        """HR on the ministry, AUDITOR everywhere; both sign in again to carry the role."""
        ministry = self.demo.unit("min").id
        for role, unit in (("hr", ministry), ("auditor", None)):
            member = self.demo.by_role(role)
            self.graph.ok(
                Q.GRANT,
                "grantRole",
                "RoleGrantPayload",
                self.admin,
                input={
                    "employeeId": member.id,
                    "role": role.upper(),
                    "unitId": unit,
                    "reason": "demo",
                },
            )
            member.token = _login(
                self.graph, member.nip, gen.password_for(self.demo.seed, member.nip)
            )

    # --- targets -----------------------------------------------------------------------------

    def plan(self) -> str:
        """The directorate general's work plan, imported and published; the first RO's id."""
        g = self.graph
        dg = self.demo.unit("dg").id

        def imported() -> Any:
            result = g.field(
                Q.IMPORT_PLAN,
                "importPlan",
                self.admin,
                input={
                    "unitId": dg,
                    "year": gen.YEAR,
                    "format": "CSV",
                    "content": gen.plan_csv(),
                },
            )
            return result if result["__typename"] == "PlanPayload" else None

        plan = g.eventually("targets knows the directorate general", imported)
        g.ok(
            Q.PUBLISH_PLAN,
            "publishPlan",
            "PublishPlanPayload",
            self.admin,
            input={"planId": plan["plan"]["id"]},
        )
        outputs = [
            output["id"]
            for program in plan["plan"]["programs"]
            for kegiatan in program["kegiatan"]
            for kro in kegiatan["kros"]
            for output in kro["outputs"]
        ]
        return str(outputs[0])

    def skp(self, member: gen.Member, ro: str) -> None:
        """The member's SKP (by the admin): one RHK cascaded, one indicator, submitted."""
        g = self.graph

        def created() -> Any:
            result = g.field(
                Q.CREATE_SKP, "createSkp", self.admin, input={"employeeId": member.id, **PERIOD}
            )
            return result if result["__typename"] == "SkpPayload" else None

        skp_id = g.eventually(f"targets knows {member.name}", created)["skp"]["id"]
        superior = self.demo.superior_of(member)
        title = f"RHK {member.title} {member.name}"
        rhk_input: dict[str, Any] = {"skpId": skp_id, "kind": "UTAMA", "title": title}
        if member.head and superior is not None and superior.index not in self.rhk:
            rhk_input["planOutputId"] = ro
        elif superior is not None:
            rhk_input["parentRhkId"] = self.rhk[superior.index]
        added = g.field(Q.ADD_RHK, "addRhk", self.admin, input=rhk_input)
        if added["__typename"] != "RhkPayload" and "planOutputId" in rhk_input and superior:
            rhk_input.pop("planOutputId")
            rhk_input["parentRhkId"] = self.rhk[superior.index]
            added = g.field(Q.ADD_RHK, "addRhk", self.admin, input=rhk_input)
        if added["__typename"] != "RhkPayload":
            raise DemoError(f"addRhk for {member.name}: {added}")
        rhk_id = added["rhk"]["id"]
        total = 120
        months = [{"month": f"{gen.YEAR}-{m:02d}", "target": "10"} for m in range(1, 13)]
        indicator = g.ok(
            Q.ADD_INDICATOR,
            "addIndicator",
            "IndicatorPayload",
            self.admin,
            input={
                "rhkId": rhk_id,
                "name": "Keluaran yang diselesaikan",
                "targetValue": str(total),
                "unit": "Dokumen",
                "direction": "HIGHER_IS_BETTER",
                "additive": True,
                "monthlyTargets": months,
            },
        )
        g.ok(Q.review("submitSkp"), "submitSkp", "SkpPayload", self.admin, input={"skpId": skp_id})
        self.rhk[member.index] = rhk_id
        self.indicator[member.index] = indicator["indicator"]["id"]
        self.skp_ids[member.index] = skp_id

    def approve_skp(self, member: gen.Member) -> None:
        """The superior approves the member's SKP."""
        superior = self.demo.superior_of(member)
        assert superior is not None
        self.graph.ok(
            Q.review("approveSkp"),
            "approveSkp",
            "SkpPayload",
            superior.token,
            input={"skpId": self.skp_ids[member.index]},
        )

    # --- activity ----------------------------------------------------------------------------

    def holiday(self) -> None:
        """The month's holiday in activity's calendar."""
        result = self.graph.field(
            Q.SET_HOLIDAY,
            "setHoliday",
            self.admin,
            input={
                "date": gen.HOLIDAY.isoformat(),
                "kind": "HOLIDAY",
                "name": gen.HOLIDAY_NAME,
            },
        )
        if result["__typename"] == "ValidationFailed":
            raise DemoError(f"setHoliday: {result}")

    def absences(self) -> dict[int, set[str]]:
        """The plan's leave and official duty, requested by the admin, approved by the superior."""
        away: dict[int, set[str]] = {}
        for absence in gen.absence_plan(self.demo):
            member = absence.member
            extra = {"from": absence.start.isoformat(), "to": absence.end.isoformat()}
            if absence.kind == "LEAVE":
                query, name = Q.REQUEST_LEAVE, "requestLeave"
                extra |= {"type": absence.detail, "reason": absence.reason}
            else:
                query, name = Q.REQUEST_DUTY, "requestOfficialDuty"
                extra |= {"letterNumber": absence.detail, "reason": absence.reason}

            def requested(
                member: gen.Member = member,
                query: str = query,
                name: str = name,
                extra: dict[str, str] = extra,
            ) -> Any:
                result = self.graph.field(
                    query, name, self.admin, input={"employeeId": member.id, **extra}
                )
                return result if result["__typename"] == "LeavePayload" else None

            leave = self.graph.eventually(f"activity knows {member.name}", requested)
            superior = self.demo.superior_of(member)
            assert superior is not None
            self.graph.ok(
                Q.APPROVE_LEAVE,
                "approveLeave",
                "LeavePayload",
                superior.token,
                input={"id": leave["leave"]["id"]},
            )
            away[member.index] = {day.isoformat() for day in absence.days(self.days)}
        return away

    def tap_batches(self) -> list[list[dict[str, str]]]:
        """Everyone's taps of the month, in the batches a device sync would send."""
        records = gen.taps(self.demo, self.days)
        return [records[i : i + TAP_BATCH] for i in range(0, len(records), TAP_BATCH)]

    def taps(self, batch: list[dict[str, str]]) -> int:
        """One batch of taps (all or nothing; resent taps count as duplicates)."""

        last: list[Any] = []  # what the failed attempts answered

        def recorded() -> Any:
            result = self.graph.field(
                Q.RECORD_ATTENDANCE, "recordAttendanceBatch", self.admin, input={"records": batch}
            )
            if result["__typename"] == "AttendanceBatchPayload":
                return result
            if result["__typename"] not in {"NotFound", "AttendanceBatchFailed"}:
                raise DemoError(f"recordAttendanceBatch: {result}")
            last.append(result)
            return None  # activity may not know every employee yet

        for attempt in range(3):  # a resent batch is harmless: taps are idempotent by device id
            try:
                result = self.graph.eventually("activity knows everyone", recorded)
                return int(result["recorded"]) + int(result["duplicates"])
            except DemoError as exc:
                last.append(exc)
                time.sleep(attempt + 1)
        raise DemoError(f"recordAttendanceBatch kept failing: {last}")

    def activity_logs(self, member: gen.Member, away: set[str]) -> None:
        """Eight logs of the member's own work on days they were in."""
        rng = random.Random(f"{self.demo.seed}:logs:{member.index}")
        present = [
            d
            for d in gen.attendance_days(self.demo.seed, member.index, self.days)
            if d.check_in and d.day.isoformat() not in away
        ]
        chosen = sorted(rng.sample(present, min(8, len(present))), key=lambda d: d.day)
        ids = []
        for day in chosen:

            def created(day: gen.Day = day) -> Any:
                result = self.graph.field(
                    Q.CREATE_LOG,
                    "createLog",
                    member.token,
                    input={
                        "date": day.day.isoformat(),
                        "startTime": "09:00",
                        "endTime": "11:00",
                        "description": rng.choice(
                            [
                                "Menyusun laporan layanan",
                                "Asesmen penerima manfaat",
                                "Verifikasi data penerima",
                                "Rapat koordinasi",
                            ]
                        ),
                        "skpItemId": self.rhk[member.index],
                        "indicatorId": self.indicator[member.index],
                        "outputQuantity": str(rng.randint(1, 4)),
                    },
                )
                if result["__typename"] == "LogPayload":
                    return result
                if result["__typename"] != "ValidationFailed":
                    raise DemoError(f"createLog: {result}")
                return None

            ids.append(self.graph.eventually("activity has the SKP", created)["log"]["id"])
        self.logs[member.index] = ids

    def evidence(self, member: gen.Member) -> None:
        """One evidence file uploaded to activity's /evidence and attached to a log."""
        url = f"http://127.0.0.1:{self.settings.service_port('activity')}/evidence"
        response = httpx.post(
            url,
            files={"file": ("notulen-rapat.pdf", PDF, "application/pdf")},
            headers={"authorization": f"Bearer {member.token}"},
            timeout=30,
        )
        if response.status_code != 201:
            raise DemoError(f"evidence upload: {response.status_code} {response.text}")
        self.graph.ok(
            Q.ATTACH_EVIDENCE,
            "attachEvidence",
            "LogPayload",
            member.token,
            input={
                "logId": self.logs[member.index][0],
                "evidenceId": response.json()["id"],
            },
        )

    def approve_logs(self, head: gen.Member, actors: list[gen.Member]) -> None:
        """The head approves their team's logs in bulk."""
        ids = [
            log
            for m in actors
            if self.demo.superior_of(m) is head
            for log in self.logs.get(m.index, [])
        ]
        if ids:
            self.graph.field(Q.APPROVE_LOGS, "approveLogs", head.token, input={"logIds": ids})

    def close_month(self, unit: gen.Unit) -> None:
        """HR closes the unit's month."""
        hr = self.demo.by_role("hr")

        def closed() -> Any:
            result = self.graph.field(
                Q.CLOSE_MONTH, "closeMonth", hr.token, input={"unitId": unit.id, "month": gen.MONTH}
            )
            return result if result["__typename"] == "MonthClosePayload" else None

        self.graph.eventually(f"{unit.name} closed", closed)

    # --- appraisal ---------------------------------------------------------------------------

    def rate_unit(self, unit: gen.Unit) -> None:
        """The head of the level above rates the unit."""
        parent = self.demo.head_of(unit.parent) if unit.parent else None
        if parent is None:
            return
        rating = random.Random(f"{self.demo.seed}:unit:{unit.key}").choice(
            ["BAIK", "BAIK", "BAIK", "ISTIMEWA", "BUTUH_PERBAIKAN"]
        )
        self.graph.ok(
            Q.RATE_UNIT,
            "rateUnit",
            "RateUnitPayload",
            parent.token,
            input={"unitId": unit.id, "period": gen.MONTH, "rating": rating},
        )

    def appraise(self, member: gen.Member) -> None:
        """The superior opens and rates the member's month (behaviour and results)."""
        superior = self.demo.superior_of(member)
        assert superior is not None
        g = self.graph

        def opened() -> Any:
            result = g.field(
                Q.OPEN,
                "openAppraisal",
                superior.token,
                input={"employeeId": member.id, "period": gen.MONTH},
            )
            return result if result["__typename"] == "AppraisalPayload" else None

        appraisal_id = g.eventually(f"appraisal knows {member.name}", opened)["appraisal"]["id"]
        self.appraisals[member.index] = appraisal_id
        rng = random.Random(f"{self.demo.seed}:appraisal:{member.index}")
        level = rng.choices(["AS_EXPECTED", "ABOVE", "BELOW"], [8, 2, 1])[0]
        results = rng.choices(["AS_EXPECTED", "ABOVE", "BELOW"], [7, 2, 1])[0]
        g.ok(
            Q.RATE_BEHAVIOUR,
            "rateBehaviour",
            "RateBehaviourPayload",
            superior.token,
            input={
                "appraisalId": appraisal_id,
                "role": "SUPERIOR",
                "ratings": [{"aspect": aspect, "level": level} for aspect in BERAKHLAK],
            },
        )
        rate_input: dict[str, Any] = {"appraisalId": appraisal_id, "behaviourRating": level}
        if not member.head:
            rate_input["resultsRating"] = results
        g.ok(Q.RATE, "rateAppraisal", "AppraisalPayload", superior.token, input=rate_input)

    def answer(self, member: gen.Member, objects: bool) -> None:
        """The member acknowledges, or objects and the appraiser's superior decides; final."""
        g = self.graph
        appraisal_id = self.appraisals[member.index]
        superior = self.demo.superior_of(member)
        assert superior is not None
        if objects:
            g.ok(
                Q.OBJECT,
                "objectToAppraisal",
                "AppraisalPayload",
                member.token,
                input={
                    "appraisalId": appraisal_id,
                    "reason": "Capaian bulan ini tertunda karena data mitra belum tersedia.",
                },
            )
            decider = self.demo.superior_of(superior)
            assert decider is not None
            g.ok(
                Q.DECIDE,
                "decideObjection",
                "AppraisalPayload",
                decider.token,
                input={
                    "appraisalId": appraisal_id,
                    "note": "Keberatan diterima sebagian.",
                    "resultsRating": "AS_EXPECTED",
                },
            )
        else:
            g.ok(
                Q.ACKNOWLEDGE,
                "acknowledgeAppraisal",
                "AppraisalPayload",
                member.token,
                input={"appraisalId": appraisal_id},
            )
        g.ok(
            Q.FINALIZE,
            "finalizeAppraisal",
            "AppraisalPayload",
            superior.token,
            input={"appraisalId": appraisal_id},
        )

    # --- allowance ---------------------------------------------------------------------------

    def allowance(self, expected: int) -> None:
        """HR computes the organisation's run once every input arrived; reviews, locks, exports."""
        g, hr = self.graph, self.demo.by_role("hr")
        ministry = self.demo.unit("min").id
        finals = len(self.appraisals)

        def computed() -> Any:
            result = g.field(
                Q.COMPUTE,
                "computeRun",
                hr.token,
                input={"organisationId": ministry, "month": gen.MONTH},
            )
            if result["__typename"] != "RunPayload":
                return None
            run = result["run"]
            waiting = [line for line in run["missing"] if "attendance" in line.lower()]
            return run if run["employees"] == expected and not waiting else None

        run = g.eventually("allowance has every closed month", computed, 300)
        # Finalised appraisals arrive as events too: recompute until two runs agree.
        for _ in range(30):
            time.sleep(2)
            again = computed()
            if again and again["resultsDigest"] == run["resultsDigest"] and finals:
                break
            run = again or run
        self.run_id = run["id"]
        g.ok(Q.REVIEW_RUN, "reviewRun", "RunPayload", hr.token, input={"runId": self.run_id})
        lock_input: dict[str, Any] = {"runId": self.run_id}
        if run["missing"]:
            lock_input["overrideReason"] = "Demo: pegawai tanpa penilaian dibayar 65 %."
        g.ok(Q.LOCK_RUN, "lockRun", "RunPayload", hr.token, input=lock_input)
        url = f"http://127.0.0.1:{self.settings.service_port('allowance')}"
        response = httpx.get(
            f"{url}/runs/{self.run_id}/export.csv",
            headers={"authorization": f"Bearer {hr.token}"},
            timeout=60,
        )
        if response.status_code != 200:
            self.graph.console.print(f"[yellow]export download: HTTP {response.status_code}[/]")


def _done_marker(settings: Settings, demo: gen.Demo) -> Path:
    """Written when a demo run reached its end (holds the locked run's id)."""
    return settings.home / "demo" / f"seed-{demo.seed}-done"


def _skps(seeder: Seeder, bar: Progress, actors: list[gen.Member]) -> list[gen.Member]:
    """The plan, then SKPs level by level (a head's RHK exists before the team cascades from
    it), each approved by the superior; the members who will be appraised."""
    demo, ro = seeder.demo, seeder.plan()
    appraised = [m for m in actors if demo.superior_of(m) is not None]
    levels = [
        [m for m in appraised if m.head and m.unit == "dg"],
        [m for m in appraised if m.head and m.unit not in {"dg"}],
        [m for m in appraised if not m.head],
    ]
    top = next(m for m in demo.members if m.head and demo.superior_of(m) is None)
    seeder.graph.ok(
        Q.CREATE_SKP,
        "createSkp",
        "SkpPayload",
        seeder.admin,
        input={"employeeId": top.id, **PERIOD},
    )
    for number, level in enumerate(levels, start=1):
        each(bar, f"SKPs, level {number}", level, lambda m: seeder.skp(m, ro))
        each(bar, f"SKP approvals, level {number}", level, seeder.approve_skp)
    return appraised


def run_demo(options: DemoOptions, console: Console) -> DemoResult:
    """Seed the demo (or find it); print the gateway, the logins and example queries."""
    started = time.monotonic()
    settings = Settings()
    demo = gen.build_demo(options.seed, options.employees)
    graph = Graph(options.gateway, console)
    _wait_for_gateway(options.gateway)
    admin_password = _bootstrap_admin(demo)
    logins = _logins(demo, admin_password)
    seeder = Seeder(demo, graph, settings)
    seeder.admin = _login(graph, demo.admin_nip, admin_password)
    heads = [m for m in demo.members if m.head]
    staff = [m for m in demo.members if not m.head]
    actors = [m for m in demo.members if m.actor]
    with progress(console) as bar:
        task = bar.add_task("organisation units", total=len(demo.units))
        created = seeder.units()
        bar.update(task, completed=len(demo.units))
        if not created:
            bar.stop()
            console.print(f"[green]✓[/] the demo organisation ({gen.MINISTRY_CODE}) exists already")
            if not _done_marker(settings, demo).exists():
                console.print(
                    "[yellow]![/] an earlier demo run stopped before the end, so its month is"
                    " incomplete; for a complete demo start over with a fresh KINERJA_HOME"
                )
            return _finish(
                console, options, demo, logins, run_id="", started=started, created=False
            )
        each(bar, "positions of the heads", heads, seeder.position, workers=1)
        each(bar, "positions of the staff", staff, seeder.position)
        each(bar, "employees and assignments", demo.members, seeder.employee)
        each(bar, "accounts", actors, seeder.account)
        seeder.roles()
        appraised = _skps(seeder, bar, actors)
        seeder.holiday()
        away = seeder.absences()
        writers = [m for m in actors if not m.head]
        # Two in flight: one database writer takes a batch at a time (more only queue up).
        batches = seeder.tap_batches()
        taps = each(bar, "attendance taps (device batches)", batches, seeder.taps, workers=2)
        each(
            bar,
            "activity logs",
            writers,
            lambda m: seeder.activity_logs(m, away.get(m.index, set())),
        )
        seeder.evidence(demo.by_role("employee"))
        each(bar, "log approvals (bulk)", heads, lambda h: seeder.approve_logs(h, writers))
        # Two at a time: a unit's close classifies everyone's month in one write transaction.
        each(bar, "month close per unit", demo.units, seeder.close_month, workers=2)
        each(bar, "unit ratings", demo.units, seeder.rate_unit, workers=1)
        each(bar, "appraisals opened and rated", appraised, seeder.appraise)
        objectors = {m.index for m in writers if m.role == ""}
        objecting = set(sorted(objectors)[:3])
        each(
            bar,
            "appraisals answered and final",
            appraised,
            lambda m: seeder.answer(m, m.index in objecting),
        )
        paid = len(demo.members)
        task = bar.add_task("allowance run: compute, lock, export", total=1)
        seeder.allowance(paid)
        bar.advance(task)
    _done_marker(settings, demo).parent.mkdir(parents=True, exist_ok=True)
    _done_marker(settings, demo).write_text(f"{seeder.run_id}\n")
    console.print(
        f"[green]✓[/] {sum(taps)} attendance taps, {sum(map(len, seeder.logs.values()))} "
        f"logs, {len(seeder.appraisals)} appraisals, {paid} employees paid"
    )
    return _finish(
        console,
        options,
        demo,
        logins,
        run_id=seeder.run_id,
        started=started,
        created=True,
        ministry=demo.unit("min").id,
    )


def _finish(
    console: Console,
    options: DemoOptions,
    demo: gen.Demo,
    logins: list[tuple[str, str, str, str]],
    *,
    run_id: str,
    started: float,
    created: bool,
    ministry: str = "",
) -> DemoResult:
    seconds = time.monotonic() - started
    console.print(f"\nGateway: [bold]{options.gateway}[/]")
    if ministry:
        console.print(f"Organisation ({gen.MINISTRY_CODE}): {ministry}")
    console.print("Demo logins (NIP / password):")
    for role, name, nip, password in logins:
        console.print(f"  {role:<9} {name:<26} {nip}  {password}")
    console.print("Example queries:")
    for query in EXAMPLE_QUERIES:
        console.print(f"  {query}", markup=False, highlight=False)
    if created:
        console.print(f"Demo seeded in {seconds:.0f} s.")
    return DemoResult(created, ministry, logins, run_id, seconds)
