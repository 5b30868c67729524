"""The demo organisation and its month, generated from a seed (pure: no I/O, no clock).

Everything here depends only on the seed and the number of employees, through one
`random.Random(seed)` per concern, so the same arguments always give the same organisation,
NIPs, passwords and attendance.
"""

from __future__ import annotations

import calendar
import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

MINISTRY_CODE = "DEMO-KEMENSOS"
YEAR = 2026
MONTH = "2026-10"
MONTH_START = date(2026, 10, 1)
HOLIDAY = date(2026, 10, 1)
HOLIDAY_NAME = "Hari Kesaktian Pancasila (libur demo)"
LATEST_APPOINTMENT = (2026, 10)  # the demo's "today" is 2026-11-27; NIPs appointed up to the month

ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
OFFSETS = {"Asia/Jakarta": "+07:00", "Asia/Makassar": "+08:00", "Asia/Jayapura": "+09:00"}

# (kind, city, zone) of the regional centres, in the order they are created.
CENTRES = [
    ("Balai Besar", "Bekasi", "WIB"),
    ("Balai Besar", "Makassar", "WITA"),
    ("Balai", "Bogor", "WIB"),
    ("Balai", "Jayapura", "WIT"),
    ("Balai", "Medan", "WIB"),
    ("Balai", "Denpasar", "WITA"),
    ("Balai", "Ambon", "WIT"),
    ("Balai", "Yogyakarta", "WIB"),
    ("Balai", "Kupang", "WITA"),
    ("Balai", "Padang", "WIB"),
    ("Balai", "Mataram", "WITA"),
    ("Loka", "Sorong", "WIT"),
    ("Balai", "Palembang", "WIB"),
    ("Balai", "Banjarmasin", "WITA"),
    ("Loka", "Ternate", "WIT"),
    ("Balai", "Pekanbaru", "WIB"),
    ("Balai", "Manado", "WITA"),
    ("Loka", "Merauke", "WIT"),
    ("Balai", "Bandung", "WIB"),
    ("Loka", "Kendari", "WITA"),
    ("Balai", "Pontianak", "WIB"),
    ("Loka", "Palu", "WITA"),
]
DIRECTORATES = [
    "Direktorat Rehabilitasi Sosial Anak",
    "Direktorat Rehabilitasi Sosial Penyandang Disabilitas",
    "Direktorat Rehabilitasi Sosial Lanjut Usia",
    "Direktorat Rehabilitasi Sosial Korban NAPZA",
    "Direktorat Rehabilitasi Sosial Tuna Sosial",
]
FIRST_NAMES = [
    "Agus", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gita", "Hadi", "Indah", "Joko", "Kartika",
    "Lestari", "Made", "Nur", "Oki", "Putri", "Rahmat", "Sari", "Teguh", "Utami", "Wahyu",
    "Yohanes", "Zainal", "Ayu", "Bambang", "Dian", "Fajar", "Hendra", "Intan", "Ketut", "Lina",
    "Maria", "Nyoman", "Rini", "Slamet", "Tri", "Wayan", "Yusuf", "Andi", "Ratna",
]  # fmt: skip
LAST_NAMES = [
    "Santoso", "Wibowo", "Saputra", "Hidayat", "Lestari", "Pratama", "Siregar", "Nasution",
    "Tanjung", "Harahap", "Manurung", "Pangaribuan", "Sinaga", "Wijaya", "Kusuma", "Rahayu",
    "Setiawan", "Gunawan", "Purnomo", "Suryadi", "Tampubolon", "Mahendra", "Latuconsina",
    "Rumbiak", "Wenda", "Pattimura", "Daeng", "Sitompul", "Halim", "Kurniawan",
]  # fmt: skip
# (job type, kelas jabatan, weight) of staff positions.
STAFF_JOBS = [
    ("PELAKSANA", 5, 10),
    ("PELAKSANA", 6, 14),
    ("PELAKSANA", 7, 12),
    ("JF_TERAMPIL", 6, 6),
    ("JF_MAHIR", 7, 5),
    ("JF_PENYELIA", 8, 3),
    ("JF_AHLI_PERTAMA", 8, 12),
    ("JF_AHLI_MUDA", 9, 10),
    ("JF_AHLI_MADYA", 11, 4),
    ("PENGAWAS", 9, 6),
    ("ADMINISTRATOR", 12, 3),
]
GOLONGAN = {5: "II/a", 6: "II/c", 7: "III/a", 8: "III/b", 9: "III/c", 11: "IV/a", 12: "IV/b"}
PLAN_HEADER = (
    "type,year,program_code,program_name,kegiatan_code,kegiatan_name,kro_code,kro_name,"
    "code,name,unit,volume,budget,target_value,direction"
)


@dataclass
class Unit:
    """A unit of the demo organisation."""

    key: str
    code: str
    name: str
    type: str
    time_zone: str
    parent: str | None
    head_title: str
    head_job: str
    head_kelas: int
    id: str = ""


@dataclass
class Member:
    """An employee of the demo: their position and what they do in the month."""

    index: int
    nip: str
    name: str
    unit: str  # Unit.key
    title: str
    job: str
    kelas: int
    status: str
    golongan: str
    head: bool = False
    acting: bool = False  # holds their (head) position as Plt
    actor: bool = False  # has an account: logs, an SKP and an appraisal (everyone taps)
    role: str = ""  # the demo login this member is (employee, superior, hr, auditor)
    id: str = ""
    position_id: str = ""
    token: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Demo:
    """The whole generated demo: units (parents first) and members (heads first)."""

    seed: int
    units: list[Unit]
    members: list[Member]
    admin_nip: str

    def unit(self, key: str) -> Unit:
        """The unit with this key."""
        return next(unit for unit in self.units if unit.key == key)

    def head_of(self, unit_key: str) -> Member:
        """The member heading the unit."""
        return next(m for m in self.members if m.head and m.unit == unit_key)

    def superior_of(self, member: Member) -> Member | None:
        """Whom the member reports to: their unit's head, or (a head) the parent unit's head."""
        unit = self.unit(member.unit)
        if not member.head:
            return self.head_of(unit.key)
        return self.head_of(unit.parent) if unit.parent else None

    def by_role(self, role: str) -> Member:
        """The member who is the demo login for `role`."""
        return next(m for m in self.members if m.role == role)


def nip_for(rng: random.Random, *, cpns: bool = False) -> str:
    """A valid NIP: birth date, first appointment (at 20–32, never after Oct 2026), gender, seq."""
    year = rng.randint(1996, 2002) if cpns else rng.randint(1966, 1996)
    month = rng.randint(1, 12)
    day = rng.randint(1, calendar.monthrange(year, month)[1])
    if cpns:
        appointed = (rng.choice([2025, 2026]), rng.randint(1, 6))
    else:
        appointed_year = min(year + rng.randint(20, 32), 2024)
        appointed = (appointed_year, rng.randint(1, 12))
    appointed = min(appointed, LATEST_APPOINTMENT)
    return (
        f"{year:04d}{month:02d}{day:02d}{appointed[0]:04d}{appointed[1]:02d}"
        f"{rng.randint(1, 2)}{rng.randint(1, 999):03d}"
    )


def password_for(seed: int, nip: str) -> str:
    """The demo password of an account: derived from the seed and the NIP, printed at the end."""
    digest = hashlib.sha256(f"kinerja-demo:{seed}:{nip}".encode()).hexdigest()
    return f"Demo-{digest[:6]}-{digest[6:12].upper()}"


def _centre_count(employees: int) -> int:
    return len(CENTRES) if employees >= 200 else max(3, employees // 10)


def build_units(employees: int) -> list[Unit]:
    """The ministry, the directorate general, its secretariat, five directorates and centres."""
    units = [
        Unit("min", MINISTRY_CODE, "Kementerian Sosial (Demo)", "MINISTRY", ZONES["WIB"], None,
             "Sekretaris Jenderal", "JPT_MADYA", 17),
        Unit("dg", "DEMO-DJRS", "Direktorat Jenderal Rehabilitasi Sosial", "DIRECTORATE_GENERAL",
             ZONES["WIB"], "min", "Direktur Jenderal Rehabilitasi Sosial", "JPT_MADYA", 16),
        Unit("set", "DEMO-SETDJ", "Sekretariat Direktorat Jenderal Rehabilitasi Sosial",
             "SECRETARIAT", ZONES["WIB"], "dg", "Sekretaris Direktorat Jenderal", "JPT_PRATAMA",
             14),
    ]  # fmt: skip
    for number, name in enumerate(DIRECTORATES, start=1):
        units.append(
            Unit(f"dir{number}", f"DEMO-DIR{number}", name, "DIRECTORATE", ZONES["WIB"], "dg",
                 name.replace("Direktorat", "Direktur"), "JPT_PRATAMA", 14)
        )  # fmt: skip
    for number, (kind, city, zone) in enumerate(CENTRES[: _centre_count(employees)], start=1):
        small = kind == "Loka"
        units.append(
            Unit(f"c{number}", f"DEMO-BRS{number:02d}", f"{kind} Rehabilitasi Sosial {city}",
                 "REGIONAL_OFFICE", ZONES[zone], "dg", f"Kepala {kind} {city}",
                 "PENGAWAS" if small else "ADMINISTRATOR", 9 if small else 12)
        )  # fmt: skip
    return units


def build_demo(seed: int, employees: int) -> Demo:
    """The organisation and its people for a seed: heads first, then staff, then roles."""
    rng = random.Random(seed)
    units = build_units(employees)
    used: set[str] = set()

    def new_nip(cpns: bool = False) -> str:
        while True:
            nip = nip_for(rng, cpns=cpns)
            if nip not in used:
                used.add(nip)
                return nip

    def name() -> str:
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"

    admin_nip = new_nip()
    members: list[Member] = []
    for unit in units:
        members.append(
            Member(len(members), new_nip(), name(), unit.key, unit.head_title, unit.head_job,
                   unit.head_kelas, "PNS", "IV/c" if unit.head_kelas >= 14 else "IV/a",
                   head=True, actor=True)
        )  # fmt: skip
    # The last centre's head acts (Plt): their only assignment is the acting one.
    members[-1].acting = True
    members[-1].title = f"Plt. {members[-1].title}"
    staff_units = [unit for unit in units if unit.key not in {"min", "dg"}]
    weights = [4 if unit.type == "REGIONAL_OFFICE" else 6 for unit in staff_units]
    jobs, kelas_weights = STAFF_JOBS, [job[2] for job in STAFF_JOBS]
    for _ in range(max(0, employees - len(units))):
        unit = rng.choices(staff_units, weights)[0]
        job, kelas, _w = rng.choices(jobs, kelas_weights)[0]
        cpns = job == "PELAKSANA" and rng.random() < 0.12
        title = job.replace("JF_", "Penyuluh Sosial ").replace("_", " ").title()
        members.append(
            Member(len(members), new_nip(cpns), name(), unit.key, title, job, kelas,
                   "CPNS" if cpns else "PNS", GOLONGAN[kelas])
        )  # fmt: skip
    _choose_actors(rng, units, members)
    return Demo(seed, units, members, admin_nip)


def _choose_actors(rng: random.Random, units: list[Unit], members: list[Member]) -> None:
    """Up to three staff per unit get accounts; the demo logins and the study leave."""
    by_unit: dict[str, list[Member]] = {}
    for member in members:
        if not member.head:
            by_unit.setdefault(member.unit, []).append(member)
    for unit in units:
        staff = by_unit.get(unit.key, [])
        for member in rng.sample(staff, min(3, len(staff))):
            member.actor = True
    secretariat = by_unit.get("set", [])
    directorate = by_unit.get("dir1", [])
    roles = [("hr", secretariat), ("auditor", secretariat), ("employee", directorate)]
    for role, pool in roles:
        candidates = [m for m in pool if m.actor and not m.role and m.status == "PNS"]
        chosen = candidates[0] if candidates else next(m for m in pool if not m.role)
        chosen.role, chosen.actor = role, True
    next(m for m in members if m.head and m.unit == "dir1").role = "superior"
    # One member (not an actor, not a head) is on study leave all month.
    for member in members[len(units) :]:
        if not member.actor and not member.role:
            member.status = "TUGAS_BELAJAR"
            break


def working_days(holidays: frozenset[date] = frozenset({HOLIDAY})) -> list[date]:
    """Monday–Friday of the demo month, without the holiday."""
    days = calendar.monthrange(MONTH_START.year, MONTH_START.month)[1]
    all_days = [MONTH_START + timedelta(days=offset) for offset in range(days)]
    return [d for d in all_days if d.weekday() < 5 and d not in holidays]


@dataclass(frozen=True)
class Day:
    """One member's day: local check-in / check-out times ("HH:MM") or None."""

    day: date
    check_in: str | None
    check_out: str | None


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def attendance_days(seed: int, index: int, days: list[date]) -> list[Day]:
    """A member's taps for the month: mostly on time, some late, early or without check-out."""
    rng = random.Random(f"{seed}:attendance:{index}")
    result = []
    for day in days:
        friday = day.weekday() == 4
        end = 16 * 60 + (30 if friday else 0)
        roll = rng.random()
        check_in = 7 * 60 + rng.randint(0, 29)
        check_out: int | None = end + rng.randint(0, 45)
        if roll < 0.04:
            result.append(Day(day, None, None))  # absent without a word
            continue
        if roll < 0.12:
            check_in = 7 * 60 + 30 + rng.randint(1, 30)  # TL1
        elif roll < 0.15:
            check_in = 8 * 60 + rng.randint(1, 30)  # TL2
        elif roll < 0.17:
            check_in = 8 * 60 + 30 + rng.randint(1, 30)  # TL3
        elif roll < 0.18:
            check_in = 9 * 60 + rng.randint(5, 60)  # TL4
        elif roll < 0.22:
            check_out = None  # forgot to check out
        elif roll < 0.25:
            check_out = end - rng.randint(1, 30)  # PSW1
        result.append(Day(day, _clock(check_in), None if check_out is None else _clock(check_out)))
    return result


@dataclass(frozen=True)
class Absence:
    """Leave or official duty the demo requests for a member (approved by their superior)."""

    member: Member
    kind: str  # LEAVE | DUTY
    start: date
    end: date
    detail: str  # the leave type, or the duty letter's number
    reason: str

    def days(self, days: list[date]) -> set[date]:
        """The working days it covers."""
        return {day for day in days if self.start <= day <= self.end}


def absence_plan(demo: Demo) -> list[Absence]:
    """Annual leave for the first staff account, official duty for the second."""
    staff = [m for m in demo.members if m.actor and not m.head and m.role != "employee"]
    if len(staff) < 2:
        return []
    return [
        Absence(staff[0], "LEAVE", date(2026, 10, 12), date(2026, 10, 14), "CUTI_TAHUNAN",
                "Cuti tahunan keluarga"),
        Absence(staff[1], "DUTY", date(2026, 10, 19), date(2026, 10, 21), "ST-123/RS/X/2026",
                "Monitoring layanan ATENSI"),
    ]  # fmt: skip


def taps(demo: Demo, days: list[date]) -> list[dict[str, str]]:
    """Every check-in and check-out of the month, as `RecordAttendanceInput`s, by member.

    Everyone taps except a member on study leave (tugas belajar) and except the days of their
    approved leave or duty. Times are the unit's local wall clock with its UTC offset.
    """
    away: dict[int, set[date]] = {}
    for absence in absence_plan(demo):
        away.setdefault(absence.member.index, set()).update(absence.days(days))
    records = []
    for member in demo.members:
        if member.status == "TUGAS_BELAJAR":
            continue
        offset = OFFSETS[demo.unit(member.unit).time_zone]
        for day in attendance_days(demo.seed, member.index, days):
            if day.day in away.get(member.index, set()):
                continue
            for kind, clock in (("CHECK_IN", day.check_in), ("CHECK_OUT", day.check_out)):
                if clock is None:
                    continue
                at = f"{day.day.isoformat()}T{clock}:00{offset}"
                records.append(
                    {
                        "employeeId": member.id,
                        "kind": kind,
                        "at": at,
                        "source": "DEVICE",
                        "deviceEventId": f"demo-{demo.seed}-{member.nip}-{at}-{kind}",
                    }
                )
    return records


def plan_csv() -> str:
    """The directorate general's 2026 work plan in the import format (budget outputs, RO)."""
    rows = [
        ("027.06.DL", "Program Rehabilitasi Sosial", "5678", "Rehabilitasi Sosial Anak",
         "5678.QAH", "Pelayanan Publik kepada Masyarakat", "5678.QAH.001",
         "Anak yang Mendapatkan Asistensi Rehabilitasi Sosial (ATENSI)", "Orang", 18500,
         55_500_000_000),
        ("027.06.DL", "Program Rehabilitasi Sosial", "5679",
         "Rehabilitasi Sosial Penyandang Disabilitas", "5679.QAH",
         "Pelayanan Publik kepada Masyarakat", "5679.QAH.001",
         "Penyandang Disabilitas yang Mendapatkan ATENSI", "Orang", 21000, 63_000_000_000),
        ("027.06.DL", "Program Rehabilitasi Sosial", "5680", "Rehabilitasi Sosial Lanjut Usia",
         "5680.QAH", "Pelayanan Publik kepada Masyarakat", "5680.QAH.001",
         "Lanjut Usia yang Mendapatkan ATENSI", "Orang", 30000, 45_000_000_000),
        ("027.06.DL", "Program Rehabilitasi Sosial", "5681",
         "Dukungan Manajemen Rehabilitasi Sosial", "5681.EBA", "Layanan Dukungan Manajemen",
         "5681.EBA.001", "Layanan Dukungan Manajemen Satker", "Layanan", 12, 9_000_000_000),
    ]  # fmt: skip
    lines = [PLAN_HEADER]
    for row in rows:
        lines.append(f"RO,{YEAR}," + ",".join(str(value) for value in row) + ",,")
    return "\n".join(lines) + "\n"
