"""Range fields: ``{at_least: 95, at_most: 99.4}``, ``{above: 3, below: 4}``,
``{at_least: 2h}``, ``{before: "09-30"}``."""

from __future__ import annotations

from decimal import Decimal
from typing import Self

from pydantic import Field, model_validator

from slaledger.adapters.files.contract_file.fields import (
    DurationText,
    MonthDayText,
    Number,
    StrictModel,
    fail,
)
from slaledger.domain.contract.ranges import Bound, Range, RangeKind, day_of_year_range
from slaledger.domain.contract.values import parse_duration, parse_month_day
from slaledger.domain.message import msg


def _bounds(lower: dict[str, object], upper: dict[str, object]) -> None:
    given_lower = [k for k, v in lower.items() if v is not None]
    given_upper = [k for k, v in upper.items() if v is not None]
    if len(given_lower) > 1 or len(given_upper) > 1:
        both = given_lower if len(given_lower) > 1 else given_upper
        raise fail("range", msg("input.files.one-bound-each"), " and ".join(both))
    if not given_lower and not given_upper:
        raise fail(
            "range",
            msg("input.files.a-bound", bounds="at_least, above, at_most, below"),
            msg("input.found.quoted-none"),
        )


class NumberRange(StrictModel):
    """Bounds of a number; ``above``/``below`` exclude the value, the others include it."""

    at_least: Number | None = None
    above: Number | None = None
    at_most: Number | None = None
    below: Number | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        _bounds(
            {"at_least": self.at_least, "above": self.above},
            {"at_most": self.at_most, "below": self.below},
        )
        try:
            self.to_range(RangeKind.NUMBER)
        except ValueError:
            raise fail(
                "range",
                msg("input.files.lower-below-upper"),
                self.model_dump(exclude_none=True, mode="json"),
            ) from None
        return self

    def to_range(self, kind: RangeKind) -> Range:
        return Range(_bound(self.at_least, self.above), _bound(self.at_most, self.below), kind)


class DurationRange(StrictModel):
    """Bounds of a duration in hours, minutes or seconds (``{at_least: 2h}``)."""

    at_least: DurationText | None = None
    above: DurationText | None = None
    at_most: DurationText | None = None
    below: DurationText | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        _bounds(
            {"at_least": self.at_least, "above": self.above},
            {"at_most": self.at_most, "below": self.below},
        )
        for value in (self.at_least, self.above, self.at_most, self.below):
            if value is not None and parse_duration(value).fixed_seconds is None:
                raise fail("range", msg("input.files.bounds-units"), value)
        return self

    def to_range(self) -> Range:
        return Range(
            _bound(_seconds(self.at_least), _seconds(self.above)),
            _bound(_seconds(self.at_most), _seconds(self.below)),
            RangeKind.SECONDS,
        )


def _seconds(text: str | None) -> Decimal | None:
    return None if text is None else parse_duration(text).fixed_seconds


def _bound(inclusive: Decimal | None, exclusive: Decimal | None) -> Bound | None:
    if inclusive is not None:
        return Bound(inclusive, True)
    if exclusive is not None:
        return Bound(exclusive, False)
    return None


class DayRange(StrictModel):
    """Days of the year: ``from``/``until`` include the day, ``after``/``before`` do not."""

    from_: MonthDayText | None = Field(default=None, alias="from")
    after: MonthDayText | None = None
    until: MonthDayText | None = None
    before: MonthDayText | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        given_lower = [k for k, v in (("from", self.from_), ("after", self.after)) if v]
        given_upper = [k for k, v in (("until", self.until), ("before", self.before)) if v]
        if len(given_lower) > 1 or len(given_upper) > 1:
            raise fail(
                "range",
                msg("input.files.one-bound-each"),
                " and ".join(given_lower + given_upper),
            )
        if not given_lower and not given_upper:
            raise fail(
                "range",
                msg("input.files.a-bound", bounds="from, after, until, before"),
                msg("input.found.quoted-none"),
            )
        return self

    def to_range(self) -> Range:
        return day_of_year_range(
            start=None if self.from_ is None else parse_month_day(self.from_),
            after=None if self.after is None else parse_month_day(self.after),
            until=None if self.until is None else parse_month_day(self.until),
            before=None if self.before is None else parse_month_day(self.before),
        )
