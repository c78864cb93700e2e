"""The calendar YAML format, validated with pydantic and turned into CalendarSpec.

The same ``CalendarModel`` is embedded in contract files. Format::

    calendars:
      NAME:
        timezone: Europe/Paris          # IANA name
        hours:                          # or the string "24/7"
          mon-fri: ["09:00-18:00"]      # mon..sun, ranges (mon-fri, fri-mon), lists (mon,wed)
          sat: ["08:00-02:00"]          # an end at or before the start crosses midnight
        holidays: {country: FR, subdiv: "57"}
        holiday_rule: shift-start       # or local-day
        closed: [2024-08-14]            # extra closed dates
        open: [2024-05-08]              # worked with their weekday hours, even if holidays
        special: {2024-12-24: ["09:00-12:00"], 2024-12-31: []}   # dates with own hours
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.files.yaml_source import YamlDocument, load_yaml
from slaledger.domain.calendar.spec import (
    ALWAYS,
    DAY,
    WEEKDAYS,
    CalendarSpec,
    HolidayRule,
    HolidaySource,
    Shift,
)

_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def parse_time(text: str, *, allow_24: bool) -> int:
    """'09:30' -> 34200 seconds after midnight; '24:00' only where allowed."""
    match = _TIME.match(text.strip())
    if not match:
        raise ValueError(text)
    hours, minutes, seconds = int(match[1]), int(match[2]), int(match[3] or 0)
    if minutes > 59 or seconds > 59:
        raise ValueError(text)
    total = hours * 3600 + minutes * 60 + seconds
    if hours == 24 and total == DAY and allow_24:
        return total
    if hours > 23:
        raise ValueError(text)
    return total


def parse_shift(text: str) -> Shift:
    """'08:00-02:00' -> Shift(28800, 93600): an end at or before the start is next day."""
    parts = text.split("-")
    if len(parts) != 2:
        raise ValueError(text)
    start = parse_time(parts[0], allow_24=False)
    end = parse_time(parts[1], allow_24=True)
    if end == start:
        raise ValueError(text)
    if end < start:
        end += DAY
    return Shift(start, end)


def parse_days(key: str) -> list[int]:
    """'mon-fri' -> [0..4]; 'fri-mon' wraps; 'mon,wed' lists; full names accepted."""
    days: list[int] = []
    for part in key.lower().replace(" ", "").split(","):
        bounds = part.split("-")
        if len(bounds) > 2 or not all(bounds):
            raise ValueError(key)
        indexes = [_day_index(b) for b in bounds]
        if len(indexes) == 1:
            days.append(indexes[0])
        else:
            first, last = indexes
            span = (last - first) % 7
            days.extend((first + i) % 7 for i in range(span + 1))
    return days


def _day_index(name: str) -> int:
    if name in WEEKDAYS:
        return WEEKDAYS.index(name)
    if name in _FULL_NAMES:
        return _FULL_NAMES.index(name)
    raise ValueError(name)


def _shift_list(value: Any) -> tuple[Shift, ...]:
    if not isinstance(value, list):
        raise PydanticCustomError(
            "shift_list",
            'a list of shifts such as ["09:00-18:00"], found {found}',
            {"found": describe(value)},
        )
    shifts = []
    for item in value:
        try:
            shifts.append(parse_shift(str(item)))
        except ValueError:
            raise PydanticCustomError(
                "shift",
                "a shift 'HH:MM-HH:MM' with hours 00-23 (24:00 as an end), found {found}",
                {"found": describe(item)},
            ) from None
    return tuple(sorted(shifts))


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


class HolidaysModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    country: str = Field(description="ISO 3166-1 alpha-2 code, as the holidays package knows it")
    subdiv: str | None = Field(default=None, description="the holidays package's subdivision code")

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        import holidays

        supported = holidays.list_supported_countries()
        if value not in supported:
            raise PydanticCustomError(
                "country",
                "a country code the holidays package supports (FR, US, ...), found {found}",
                {"found": describe(value)},
            )
        return value


class CalendarModel(BaseModel):
    """One service-hours calendar."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    timezone: str = Field(description="IANA time zone name, e.g. Europe/Paris")
    hours: Literal["24/7"] | dict[str, list[str]] = Field(
        description='"24/7", or weekday keys (mon-fri, sat, ...) to lists of "HH:MM-HH:MM"'
    )
    holidays: HolidaysModel | None = None
    holiday_rule: Literal["shift-start", "local-day"] = "shift-start"
    closed: list[date] = Field(default_factory=list, description="extra closed dates")
    open: list[date] = Field(
        default_factory=list, description="dates worked with their weekday hours, even holidays"
    )
    special: dict[date, list[str]] = Field(
        default_factory=dict, description="dates with their own shifts ([] closes the date)"
    )

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        if value not in _known_zones():
            raise PydanticCustomError(
                "timezone",
                "an IANA time zone name such as Europe/Paris, found {found}",
                {"found": describe(value)},
            )
        return value

    @field_validator("hours", mode="before")
    @classmethod
    def _hours(cls, value: Any) -> Any:
        if value == "24/7":
            return value
        if not isinstance(value, dict):
            raise PydanticCustomError(
                "hours",
                '"24/7" or a mapping of weekdays to shifts, found {found}',
                {"found": describe(value)},
            )
        seen: dict[int, str] = {}
        for key, shifts in value.items():
            try:
                days = parse_days(str(key))
            except ValueError:
                raise PydanticCustomError(
                    "weekday",
                    "weekdays such as mon, mon-fri or sat,sun, found {found}",
                    {"found": describe(key)},
                ) from None
            for day in days:
                if day in seen:
                    raise PydanticCustomError(
                        "weekday_twice",
                        "each weekday once, found {found}",
                        {"found": f"{WEEKDAYS[day]} in '{seen[day]}' and in '{key}'"},
                    )
                seen[day] = str(key)
            _shift_list(shifts)
        return {str(k): v for k, v in value.items()}

    @field_validator("special", mode="after")
    @classmethod
    def _special(cls, value: dict[date, list[str]]) -> dict[date, list[str]]:
        for shifts in value.values():
            _shift_list(shifts)
        return value

    def to_spec(self, name: str) -> CalendarSpec:
        """The domain calendar; raises ValueError on overlapping shifts."""
        weekly: tuple[tuple[Shift, ...], ...]
        if self.hours == "24/7":
            weekly = ALWAYS
        else:
            per_day: list[tuple[Shift, ...]] = [() for _ in range(7)]
            for key, shifts in self.hours.items():
                for day in parse_days(key):
                    per_day[day] = _shift_list(shifts)
            weekly = tuple(per_day)
        return CalendarSpec(
            name=name,
            timezone=self.timezone,
            weekly=weekly,
            holidays=(
                HolidaySource(self.holidays.country, self.holidays.subdiv)
                if self.holidays
                else None
            ),
            closed_dates=frozenset(self.closed),
            open_dates=frozenset(self.open),
            special_days={d: _shift_list(s) for d, s in self.special.items()},
            holiday_rule=HolidayRule(self.holiday_rule),
        )


class CalendarFileModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    calendars: dict[str, CalendarModel]


def problems_from_validation(
    doc: YamlDocument, error: ValidationError, prefix: tuple[Any, ...] = ()
) -> list[Problem]:
    """Turn pydantic's errors into located problems, one per error."""
    problems = []
    for item in error.errors(include_url=False):
        path = (*prefix, *item["loc"])
        # pydantic appends the union member or validator name to some locations
        path = tuple(p for p in path if p not in ("literal['24/7']", "dict[str,list[str]]"))
        message = item["msg"]
        if item["type"] in {"missing"}:
            expected, found = "this field", "nothing"
        elif item["type"] == "extra_forbidden":
            expected, found = "only known fields", f"unknown field '{path[-1]}'"
        elif "found" in (item.get("ctx") or {}):
            expected = message.split(", found ")[0]
            found = str(item["ctx"]["found"])
        else:
            expected, found = message.lower(), describe(item.get("input"))
        line, column = doc.position(path)
        from slaledger.adapters.files.yaml_source import dotted

        problems.append(
            Problem(
                file=doc.file,
                field=dotted(path),
                expected=expected,
                found=found,
                line=line,
                column=column,
            )
        )
    return _dedupe(problems)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for p in problems:
        key = (p.field, p.expected, p.found)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def calendars_from_document(doc: YamlDocument) -> dict[str, CalendarSpec]:
    """All calendars of a parsed calendar file, or an InputError listing every problem."""
    try:
        model = CalendarFileModel.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(doc, exc)) from None
    specs: dict[str, CalendarSpec] = {}
    problems: list[Problem] = []
    for name, cal in model.calendars.items():
        try:
            specs[name] = cal.to_spec(name)
        except ValueError as exc:
            problems.append(
                doc.problem(("calendars", name, "hours"), "shifts that do not overlap", str(exc))
            )
    if problems:
        raise InputError(problems)
    return specs


def load_calendar_file(path: str | Path) -> dict[str, CalendarSpec]:
    return calendars_from_document(load_yaml(path))


def load_calendar_ref(ref: str) -> CalendarSpec:
    """``FILE#NAME`` -> the named calendar of that file."""
    file, sep, name = ref.rpartition("#")
    if not sep or not file or not name:
        raise InputError(
            [
                Problem(
                    file=ref,
                    field="CAL",
                    expected="FILE#NAME, e.g. examples/calendars.yaml#always",
                    found=describe(ref),
                )
            ]
        )
    calendars = load_calendar_file(file)
    if name not in calendars:
        raise InputError(
            [
                Problem(
                    file=file,
                    field="calendars",
                    expected=f"a calendar named '{name}' (known: {', '.join(sorted(calendars))})",
                    found="no such calendar",
                )
            ]
        )
    return calendars[name]
