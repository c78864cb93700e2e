"""A realistic year of incident events for each seed contract, generated from a seed.

Tickets arrive mostly in working hours, get classified, acknowledged, diagnosed and
restored after delays drawn around the contract's targets (most are met, some are
late), and some wait for the customer, are attributed to the customer or are not
reproducible. The same seed always gives the same file.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np


@dataclass(frozen=True)
class Profile:
    """How one contract's tickets look."""

    zone: str
    classes: tuple[tuple[str, float], ...]  # value written in 'classified', weight
    steps: tuple[tuple[str, float], ...]  # event, typical hours after the previous step
    per_year: int
    requests_per_year: int = 0
    onsite: bool = False


PROFILES: dict[str, Profile] = {
    "000-ipfolio": Profile(
        "UTC",
        (("Critical", 0.1), ("High", 0.25), ("Medium", 0.4), ("Low", 0.25)),
        (("acknowledged", 0.4), ("restored", 20.0), ("closed", 24.0)),
        per_year=140,
    ),
    "001-saas-annexes": Profile(
        "Europe/Paris",
        (("Critique", 0.1), ("Urgent", 0.2), ("Important", 0.35), ("Mineur", 0.3), ("Autre", 0.05)),
        (("acknowledged", 2.5), ("diagnosed", 6.0), ("restored", 24.0), ("closed", 24.0)),
        per_year=90,
    ),
    "002-maintenance-us": Profile(
        "America/New_York",
        (("Critical", 0.1), ("Urgent", 0.2), ("Important", 0.35), ("Minor", 0.3), ("Other", 0.05)),
        (("acknowledged", 2.5), ("diagnosed", 6.0), ("restored", 24.0), ("closed", 24.0)),
        per_year=80,
    ),
    "003-previsoft": Profile(
        "Europe/Paris",
        (("S1/C1", 0.08), ("S2/C1", 0.12), ("S1/C2", 0.1), ("S2/C2", 0.3), ("S3/C3", 0.4)),
        (("acknowledged", 1.0), ("restored", 4.0), ("closed", 24.0)),
        per_year=110,
        requests_per_year=300,
    ),
    "004-imri": Profile(
        "Europe/Paris",
        (("servers-network", 0.35), ("workstations-peripherals", 0.65)),
        (("onsite-arrived", 3.5), ("restored", 2.0), ("closed", 24.0)),
        per_year=70,
        onsite=True,
    ),
}

HEADER = ("incident", "at", "event", "value", "service", "kind", "note")


def _arrivals(rng: np.random.Generator, year: int, zone: str, count: int) -> list[datetime]:
    """Instants spread over the year, three in four on weekdays between 08:00 and 19:00."""
    tz = ZoneInfo(zone)
    start = datetime(year, 1, 1, tzinfo=tz)
    days = (datetime(year + 1, 1, 1, tzinfo=tz) - start).days
    out: list[datetime] = []
    while len(out) < count:
        day = start + timedelta(days=int(rng.integers(0, days)))
        if rng.random() < 0.75:
            if day.weekday() >= 5:
                continue
            minute = int(rng.integers(8 * 60, 19 * 60))
        else:
            minute = int(rng.integers(0, 24 * 60))
        local = datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=tz)
        out.append(local)
    return sorted(out)


def generate_events(name: str, *, year: int = 2024, seed: int = 2024) -> Iterator[tuple[str, ...]]:
    """Rows of the events file of a seed contract (without the header)."""
    profile = PROFILES[name]
    rng = np.random.default_rng(seed + sum(map(ord, name)))
    labels, weights = zip(*profile.classes, strict=True)
    probabilities = np.asarray(weights) / sum(weights)
    for number, began in enumerate(_arrivals(rng, year, profile.zone, profile.per_year), 1):
        ident = f"INC-{year}-{number:04d}"
        yield from _ticket(rng, ident, began, str(rng.choice(labels, p=probabilities)), profile)
    for number, began in enumerate(
        _arrivals(rng, year, profile.zone, profile.requests_per_year), 1
    ):
        ident = f"REQ-{year}-{number:04d}"
        delay = timedelta(hours=float(rng.gamma(2.0, 0.8)))
        yield (ident, _iso(began), "notified", "", "app", "request", "")
        yield (ident, _iso(began + delay), "acknowledged", "", "app", "request", "")


def _ticket(
    rng: np.random.Generator, ident: str, began: datetime, label: str, profile: Profile
) -> Iterator[tuple[str, ...]]:
    at = began
    yield (ident, _iso(at), "notified", "", "app", "incident", "")
    if profile.onsite:
        yield (ident, _iso(at), "onsite-requested", label, "app", "incident", "")
    else:
        at += timedelta(minutes=int(rng.integers(1, 20)))
        yield (ident, _iso(at), "classified", label, "app", "incident", "")
    roll = rng.random()
    if roll < 0.04:
        at += timedelta(hours=float(rng.gamma(1.5, 2.0)))
        yield (ident, _iso(at), "attributed", "customer", "app", "incident", "customer's browser")
    elif roll < 0.06 and not profile.onsite:
        at += timedelta(hours=float(rng.gamma(1.5, 2.0)))
        yield (ident, _iso(at), "not-reproducible", "", "app", "incident", "")
    paused = rng.random() < 0.15
    for index, (event, hours) in enumerate(profile.steps):
        # most steps come well within the typical delay; one in eight runs late
        scale = hours * (2.5 if rng.random() < 0.125 else 0.6)
        at += timedelta(hours=float(rng.gamma(2.0, scale / 2.0)))
        if paused and index == 0:
            yield (ident, _iso(at), "paused", "waiting-customer", "app", "incident", "")
            at += timedelta(hours=float(rng.gamma(2.0, 6.0)))
            yield (ident, _iso(at), "resumed", "", "app", "incident", "")
        yield (ident, _iso(at), event, "", "app", "incident", "")


def _iso(moment: datetime) -> str:
    return moment.astimezone(moment.tzinfo or UTC).replace(microsecond=0).isoformat()


def write_events(name: str, path: Path, *, year: int = 2024, seed: int = 2024) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = sorted(generate_events(name, year=year, seed=seed), key=lambda r: (r[1], r[0]))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path
