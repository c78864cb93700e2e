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
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.files.pydantic_errors import refusal, said
from slaledger.adapters.files.yaml_source import KEY, YamlDocument, dotted, load_yaml
from slaledger.domain.calendar.spec import (
    ALWAYS,
    DAY,
    WEEKDAYS,
    CalendarSpec,
    HolidayRule,
    HolidaySource,
    Shift,
)
from slaledger.domain.message import Text, msg

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
        raise refusal("shift_list", msg("input.files.shift-list"), describe(value))
    return tuple(sorted(_shift(item) for item in value))


def _shift(item: Any) -> Shift:
    try:
        return parse_shift(str(item))
    except ValueError:
        raise refusal("shift", msg("input.files.shift"), describe(item)) from None


def _check_shift_text(value: Any) -> str:
    _shift(value)
    return str(value)


def _check_shift_list(value: Any) -> Any:
    if not isinstance(value, list):
        _shift_list(value)  # raises the error that names a list of shifts
    return value


def _check_no_overlap(value: list[str]) -> list[str]:
    ordered = sorted(_shift(item) for item in value)
    for before, after in pairwise(ordered):
        if after.start < before.end:
            raise refusal(
                "shift_overlap",
                msg("input.files.shifts-apart"),
                msg("input.found.overlap", first=str(before), second=str(after)),
            )
    return value


def _check_weekday_key(value: str) -> str:
    try:
        parse_days(value)
    except ValueError:
        raise refusal("weekday", msg("input.files.weekdays"), describe(value)) from None
    return value


#: One shift, "HH:MM-HH:MM"; located errors come from these per-item and per-key types.
ShiftText = Annotated[str, BeforeValidator(_check_shift_text)]
ShiftList = Annotated[
    list[ShiftText], BeforeValidator(_check_shift_list), AfterValidator(_check_no_overlap)
]
WeekdayKey = Annotated[str, AfterValidator(_check_weekday_key)]
_ALWAYS_TAG, _WEEKLY_TAG = "hours:24/7", "hours:weekly"


def _hours_kind(value: Any) -> str:
    return _ALWAYS_TAG if value == "24/7" else _WEEKLY_TAG


Hours = Annotated[
    Annotated[Literal["24/7"], Tag(_ALWAYS_TAG)]
    | Annotated[dict[WeekdayKey, ShiftList], Tag(_WEEKLY_TAG)],
    Discriminator(_hours_kind),
]


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
            raise refusal("country", msg("input.files.country"), describe(value))
        return value

    @field_validator("subdiv", mode="before")
    @classmethod
    def _subdiv_text(cls, value: Any) -> Any:
        # YAML reads subdiv: 57 as a number
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("subdiv")
    @classmethod
    def _subdiv(cls, value: str | None, info: ValidationInfo) -> str | None:
        import holidays

        country = info.data.get("country")
        if value is None or country is None:
            return value
        try:
            holidays.country_holidays(country, subdiv=value)
        except NotImplementedError:
            known = holidays.list_supported_countries()[country]
            names: Text = ", ".join(known) or msg("input.found.none")
            raise refusal(
                "subdivision",
                msg("input.files.subdivision", country=country, known=names),
                describe(value),
            ) from None
        return value


class CalendarModel(BaseModel):
    """One service-hours calendar."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    timezone: str = Field(description="IANA time zone name, e.g. Europe/Paris")
    hours: Hours = Field(
        description='"24/7", or weekday keys (mon-fri, sat, ...) to lists of "HH:MM-HH:MM"'
    )
    holidays: HolidaysModel | None = None
    holiday_rule: Literal["shift-start", "local-day"] = "shift-start"
    closed: list[date] = Field(default_factory=list, description="extra closed dates")
    open: list[date] = Field(
        default_factory=list, description="dates worked with their weekday hours, even holidays"
    )
    special: dict[date, ShiftList] = Field(
        default_factory=dict, description="dates with their own shifts ([] closes the date)"
    )

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        if value not in _known_zones():
            raise refusal("timezone", msg("input.files.time-zone"), describe(value))
        return value

    @field_validator("hours", mode="before")
    @classmethod
    def _hours_shape(cls, value: Any) -> Any:
        if value == "24/7" or isinstance(value, dict):
            return value
        raise refusal("hours", msg("input.files.hours"), describe(value))

    @field_validator("hours", mode="after")
    @classmethod
    def _hours_per_weekday(cls, value: Hours) -> Hours:
        """Each weekday once; an overnight shift does not run into the next day's."""
        if value == "24/7":
            return value
        key_of: dict[int, str] = {}
        for key in value:
            for day in parse_days(key):
                if day in key_of:
                    raise _located(
                        "weekday_twice",
                        msg("input.files.weekday-once"),
                        msg(
                            "input.found.weekday-twice",
                            day=WEEKDAYS[day],
                            first=key_of[day],
                            second=key,
                        ),
                        key,
                        KEY,
                    )
                key_of[day] = key
        for day, key in key_of.items():
            following = (day + 1) % 7
            if following not in key_of:
                continue
            for shift in _shift_list(value[key]):
                for other in _shift_list(value[key_of[following]]):
                    if other.start < shift.end - DAY:
                        raise _located(
                            "shift_overlap",
                            msg("input.files.shifts-apart"),
                            msg(
                                "input.found.runs-into",
                                day=WEEKDAYS[day],
                                shift=str(shift),
                                next=WEEKDAYS[following],
                                other=str(other),
                            ),
                            key_of[following],
                            KEY,
                        )
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


def _located(kind: str, expected: Text, found: Text, *at: Any) -> PydanticCustomError:
    """An error placed ``at`` a path below the field being validated (see ``_AT``)."""
    return refusal(kind, expected, found, **{_AT: at})


#: ctx key of an error's path below its pydantic location (a whole-field check that
#: blames one key of the field)
_AT = "at"


class CalendarFileModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    calendars: dict[str, CalendarModel]


def problems_from_validation(
    doc: YamlDocument,
    error: ValidationError,
    prefix: tuple[Any, ...] = (),
    *,
    tags: frozenset[str] = frozenset(),
) -> list[Problem]:
    """Turn pydantic's errors into located problems, one per error.

    ``tags`` are the caller's discriminated-union tags, which pydantic puts in the
    location of an error in a tagged member and the file does not have.
    """
    problems = []
    for item in error.errors(include_url=False):
        ctx = item.get("ctx") or {}
        path = (*prefix, *item["loc"], *ctx.get(_AT, ()))
        # pydantic names the union member or tag it tried in some locations
        path = tuple(p for p in path if p not in _UNION_MEMBERS and p not in tags)
        path = _actual_keys(doc.data, path)
        message = item["msg"]
        expected: Text
        found: Text
        if item["type"] in {"missing"}:
            expected, found = msg("input.files.this-field"), describe(None)
        elif item["type"] == "extra_forbidden":
            expected = msg("input.files.known-fields")
            found = msg("input.found.unknown-field", name=str(path[-1]))
        elif "found" in ctx:
            expected, found = said(message, ctx)
        else:
            # pydantic's own messages read "Input should be <expected>"
            expected = re.sub(r"^input should be ", "", message.lower())
            found = describe(item.get("input"))
        line, column = doc.position(path)
        problems.append(
            Problem(
                file=doc.file,
                field=dotted(p for p in path if p != KEY),
                expected=expected,
                found=found,
                line=line,
                column=column,
            )
        )
    return _dedupe(problems)


_UNION_MEMBERS = frozenset({"literal['24/7']", "dict[str,list[str]]", _ALWAYS_TAG, _WEEKLY_TAG})


def _actual_keys(data: Any, path: tuple[Any, ...]) -> tuple[Any, ...]:
    """``path`` with the keys the file really has: pydantic gives non-string keys as text.

    A date key 2024-12-24 comes back as 'datetime.date(2024, 12, 24)'; the position map
    and the message want the date itself.
    """
    out: list[Any] = []
    for part in path:
        if isinstance(data, dict) and part not in data:
            part = next((k for k in data if part in (repr(k), str(k))), part)
        out.append(part)
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            data = None
    return tuple(out)


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
    if not isinstance(doc.data, dict):
        raise InputError([doc.problem((), msg("input.files.calendars-mapping"), doc.data)])
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
                doc.problem(("calendars", name, "hours"), msg("input.files.shifts-apart"), str(exc))
            )
    if problems:
        raise InputError(problems)
    return specs


def load_calendar_file(path: str | Path) -> dict[str, CalendarSpec]:
    return calendars_from_document(load_yaml(path))
