"""A realistic, deterministic year of observations for the seed contracts.

``python -m slaledger.adapters.demo.observations [OUT_DIR] [--year 2024]`` writes, per
seed contract with an availability commitment, into ``OUT_DIR/<contract-stem>/``:
``outages.csv``, ``maintenance.csv``, ``backups.csv`` where the contract commits to
backups and, for 001 (availability from the server-error rate), ``counts.parquet`` with
one row per minute of the year. A seeded NumPy generator
makes every run identical, so the golden files of the tests stay put.

What a year holds: a few unplanned outages a month (log-normal durations, most of them
reported by the customer a few minutes after they start, some never reported), some
outages excluded by cause (third party, customer, force majeure), and maintenance
windows of the contract's kinds, announced ahead and inside the allowed slots — except
a couple each year that break the rules, as happens in real life — and, from April on,
a few windows of the contract's other kinds (``EXTRA_WINDOWS``), written as they are,
without the random generator, so that adding one moves no other row.
"""

from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from slaledger.adapters.files.coverage import COVERAGE_FILE

SEED = 20240101
MINUTE = 60


@dataclass(frozen=True)
class Profile:
    """What the data of one seed contract looks like."""

    stem: str
    service: str
    zone: str
    maintenance_kind: str
    maintenance_local_hour: int  # local start of the routine windows
    maintenance_weekday: int  # 0 = Monday
    notice_days: int
    wrong_kind: str  # the kind of the windows that break the rules
    counts: bool = False


PROFILES = (
    Profile("000-ipfolio", "ipfolio", "America/New_York", "scheduled-maintenance", 22, 5, 7,
            "scheduled-maintenance"),
    Profile("001-saas-annexes", "solution", "Europe/Paris", "maintenance-operations", 2, 6, 7,
            "maintenance-operations", counts=True),
    Profile("003-previsoft", "saas", "Europe/Paris", "preventive", 20, 2, 10, "preventive"),
    Profile("004-imri", "hosted", "Europe/Paris", "patch-window", 4, 6, 3, "exceptional"),
)  # fmt: skip

OUTAGE_HEADER = ("service", "start", "end", "category", "reported_at", "reference", "note")
MAINTENANCE_HEADER = (
    "service", "kind", "announced_at", "start", "end", "agreed_by_customer", "reference",
)  # fmt: skip
#: per seed: (kind, announced at or "" for never, start, minutes, agreed by the customer,
#: reference), local times of the contract's zone; all after March 2024, so the worked
#: examples of January to March do not move.
EXTRA_WINDOWS: dict[str, tuple[tuple[str, str, str, int, bool, str], ...]] = {
    "003-previsoft": (
        # an urgent security update announced the same afternoon (annex 1, 1.3: no
        # minimum notice for urgent updates; any notice makes it planned, 1.1)
        ("urgent-security-update", "2024-05-14T17:00", "2024-05-14T22:00", 30, False,
         "MNT-2024-U1"),
        # an evolutive window filed without its impact class: 3 h inside the working-day
        # range, so high impact (1.4), announced 5 working days ahead (KPI6)
        ("evolutive", "2024-06-05T10:00", "2024-06-12T09:00", 180, False, "MNT-2024-E1"),
        # an urgent security update never announced: unavailability (1.1)
        ("urgent-security-update", "", "2024-07-18T22:00", 40, False, "MNT-2024-U2"),
        # corrective maintenance after an incident: counts as unplanned (1.2)
        ("corrective", "", "2024-08-21T14:00", 45, False, "MNT-2024-C1"),
        # low-impact evolutive maintenance: 1 h, no notice committed
        ("evolutive-low", "2024-09-23T11:00", "2024-09-25T12:30", 60, False, "MNT-2024-E2"),
        # high impact announced 1 working day ahead: planned all the same, it lowers the
        # KPI6 mean notice (a mean over 12 months, not a per-window rule)
        ("evolutive-high", "2024-11-19T10:00", "2024-11-20T09:00", 150, False,
         "MNT-2024-E3"),
    ),
    "004-imri": (
        # a window the customer takes for itself (Article VII, 3.6), a Saturday morning
        ("customer-windows", "2024-06-19T09:00", "2024-06-22T10:00", 240, True,
         "MNT-2024-K1"),
    ),
}  # fmt: skip
EXCLUDED_CAUSES = (
    ("third-party", "panne de l’opérateur réseau en amont"),
    ("customer", "réseau du client indisponible"),
    ("force-majeure", "inondation du centre de données"),
)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def outages(profile: Profile, year: int, rng: np.random.Generator) -> list[tuple[str, ...]]:
    """Unplanned outages (2 a month on average, none where request counts measure the
    service) and a few excluded ones."""
    start = datetime(year, 1, 1, tzinfo=UTC)
    seconds = int((datetime(year + 1, 1, 1, tzinfo=UTC) - start).total_seconds())
    rows: list[tuple[str, ...]] = []
    # where availability comes from request counts, outage records only give causes
    count = 0 if profile.counts else int(rng.poisson(24))
    at = np.sort(rng.integers(0, seconds - 86_400, size=count))
    minutes = np.clip(np.rint(rng.lognormal(mean=3.0, sigma=1.0, size=count)), 1, 600)
    reported = rng.random(count) < 0.8
    for i in range(count):
        begin = start + timedelta(seconds=int(at[i]) // MINUTE * MINUTE)
        end = begin + timedelta(minutes=int(minutes[i]))
        report = _iso(begin + timedelta(minutes=int(rng.integers(2, 30)))) if reported[i] else ""
        note = "incident signalé au support" if reported[i] else "détecté par la supervision"
        rows.append((profile.service, _iso(begin), _iso(end), "unplanned", report,
                     f"INC-{year}-{i + 1:03d}", note))  # fmt: skip
    for j, (category, note) in enumerate(EXCLUDED_CAUSES):
        begin = start + timedelta(days=int(rng.integers(20, 340)), hours=int(rng.integers(0, 23)))
        end = begin + timedelta(minutes=int(rng.integers(20, 180)))
        rows.append((profile.service, _iso(begin), _iso(end), category, _iso(begin),
                     f"EXC-{year}-{j + 1:02d}", note))  # fmt: skip
    return sorted(rows, key=lambda row: row[1])


def maintenance(profile: Profile, year: int, rng: np.random.Generator) -> list[tuple[str, ...]]:
    """One routine window a month in the allowed slot, announced ahead; two windows a
    year that break the rules (never announced, on a weekday morning)."""
    zone = ZoneInfo(profile.zone)
    rows: list[tuple[str, ...]] = []
    for month in range(1, 13):
        if profile.maintenance_kind == "patch-window":  # the Sunday after the 2nd Tuesday
            first = datetime(year, month, 1, tzinfo=zone)
            second_tuesday = first + timedelta(days=(1 - first.weekday()) % 7 + 7)
            day = second_tuesday + timedelta(days=5)
            minutes = int(rng.integers(20, 61))
        else:
            day = datetime(year, month, 1, tzinfo=zone) + timedelta(days=int(rng.integers(0, 21)))
            day += timedelta(days=(profile.maintenance_weekday - day.weekday()) % 7)
            minutes = int(rng.choice([30, 60, 90]))
        begin = day.replace(hour=profile.maintenance_local_hour, minute=0)
        end = begin + timedelta(minutes=minutes)
        announced = begin - timedelta(days=profile.notice_days)
        rows.append((profile.service, profile.maintenance_kind, _iso(announced), _iso(begin),
                     _iso(end), "false", f"MNT-{year}-{month:02d}"))  # fmt: skip
    for k, month in enumerate((4, 10)):
        begin = datetime(year, month, 16, 10, 0, tzinfo=zone)
        while begin.weekday() != 2:  # a Wednesday, 10:00, in business hours
            begin += timedelta(days=1)
        end = begin + timedelta(minutes=int(rng.integers(45, 120)))
        rows.append((profile.service, profile.wrong_kind, "", _iso(begin), _iso(end), "false",
                     f"MNT-{year}-X{k + 1}"))  # fmt: skip
    rows += extra_windows(profile, year)
    return sorted(rows, key=lambda row: row[3])


def extra_windows(profile: Profile, year: int) -> list[tuple[str, ...]]:
    """The seed's ``EXTRA_WINDOWS`` (written for 2024: none in another year)."""
    if year != 2024:
        return []
    zone = ZoneInfo(profile.zone)
    rows: list[tuple[str, ...]] = []
    for kind, announced, start, minutes, agreed, reference in EXTRA_WINDOWS.get(profile.stem, ()):
        begin = datetime.fromisoformat(start).replace(tzinfo=zone)
        told = _iso(datetime.fromisoformat(announced).replace(tzinfo=zone)) if announced else ""
        end = begin + timedelta(minutes=minutes)
        rows.append((profile.service, kind, told, _iso(begin), _iso(end),
                     "true" if agreed else "false", reference))  # fmt: skip
    return rows


#: per seed with a backup clause: (local time of the nightly backup, days whose backup
#: failed, days retried and done later that day)
BACKUP_LOGS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    # 001 annex 1, 3: a daily backup; one failure left unretried misses a day
    "001-saas-annexes": ("01:30", ("2024-03-03", "2024-08-14", "2024-11-02"), ("2024-08-14",)),
    # 004 VII 3.5: the VM's nightly backup; a week of failures while a disk was replaced
    "004-imri": ("23:00", tuple(f"2024-08-{d:02d}" for d in range(10, 19)), ()),
}


def backups(stem: str, year: int) -> list[tuple[str, ...]]:
    """One backup a night in the contract's zone, ``ok`` or ``failed`` (a retry later
    the same day is a second row); written for 2024, none in another year."""
    if stem not in BACKUP_LOGS or year != 2024:
        return []
    at, failed, retried = BACKUP_LOGS[stem]
    zone = ZoneInfo("Europe/Paris")
    rows: list[tuple[str, ...]] = []
    day = datetime(year, 1, 1, tzinfo=zone)
    while day.year == year:
        stamp = datetime.fromisoformat(f"{day.date()}T{at}").replace(tzinfo=zone)
        rows.append((stamp.isoformat(), "failed" if str(day.date()) in failed else "ok"))
        if str(day.date()) in retried:
            rows.append(((stamp + timedelta(hours=8)).isoformat(), "ok"))
        day += timedelta(days=1)
    return rows


def counts(profile: Profile, year: int, rng: np.random.Generator) -> pa.Table:
    """Per-minute request counts: a daily traffic curve, a background error rate well
    under 5 %, error bursts that cross it, quiet minutes without requests and a few
    monitoring gaps (minutes with no row)."""
    start = int(datetime(year, 1, 1, tzinfo=UTC).timestamp())
    end = int(datetime(year + 1, 1, 1, tzinfo=UTC).timestamp())
    minute = np.arange(start, end, MINUTE, dtype=np.int64)
    hour = (minute // 3600 + 1) % 24  # Paris, roughly: traffic by local hour
    curve = 40 + 160 * np.exp(-(((hour - 14) / 4.0) ** 2))
    total = rng.poisson(curve).astype(np.int64)
    errors = rng.binomial(total, 0.0005).astype(np.int64)
    bursts = rng.choice(minute.size - 120, size=15, replace=False)
    for first in bursts:
        length = int(rng.integers(1, 25))
        span = slice(int(first), int(first) + length)
        errors[span] = rng.binomial(total[span], 0.3)
    keep = np.ones(minute.size, dtype=np.bool_)
    for first in rng.choice(minute.size - 30, size=6, replace=False):
        keep[int(first) : int(first) + int(rng.integers(1, 8))] = False
    return pa.table(
        {
            "service": pa.array([profile.service] * int(keep.sum())).dictionary_encode(),
            "interval_start": pa.array(minute[keep] * 1_000_000, pa.timestamp("us", tz="UTC")),
            "interval_seconds": pa.array(np.full(int(keep.sum()), MINUTE), pa.int32()),
            "total": pa.array(total[keep], pa.int32()),
            "server_errors": pa.array(errors[keep], pa.int32()),
        }
    )


def _write_csv(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def generate(out: Path, year: int = 2024) -> list[Path]:
    """Write every profile's files under ``out``; returns the paths written."""
    written: list[Path] = []
    for number, profile in enumerate(PROFILES):
        rng = np.random.default_rng(SEED + number)
        folder = out / profile.stem
        folder.mkdir(parents=True, exist_ok=True)
        _write_csv(folder / "outages.csv", OUTAGE_HEADER, outages(profile, year, rng))
        _write_csv(folder / "maintenance.csv", MAINTENANCE_HEADER, maintenance(profile, year, rng))
        # the records are complete for the year generated: a month without one is a
        # month without an outage (domain.coverage)
        _write_csv(folder / COVERAGE_FILE, ("covers",), [(f"{year}-01..{year}-12",)])
        written += [folder / "outages.csv", folder / "maintenance.csv", folder / COVERAGE_FILE]
        if profile.stem in BACKUP_LOGS:
            _write_csv(folder / "backups.csv", ("at", "status"), backups(profile.stem, year))
            written.append(folder / "backups.csv")
        if profile.counts:
            pq.write_table(
                counts(profile, year, rng), folder / "counts.parquet", compression="zstd"
            )
            written.append(folder / "counts.parquet")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="examples/data")
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args()
    for path in generate(Path(args.out), args.year):
        print(path)


if __name__ == "__main__":
    main()
