"""A date and time in a zone, with the zone written as the reader's locale writes it.

The choice (docs/time-zones.md): Babel's medium date and short time joined by the
locale's own date-time pattern, then the zone as the locale's CLDR "GMT format" names
the instant's offset — French "20 déc. 2024, 13:36 UTC+01:00", English
"Dec 20, 2024, 1:36 PM GMT+01:00" (a zero offset is "UTC" in French, "GMT" in English,
CLDR's zero format).
The offset is always there, unambiguous across a change of summer time, and written the
locale's way; abbreviations such as "CET" are not used because CLDR gives none for most
zones in most locales (Paris has none in French or American English), which would make
the form change from one zone to the next. ``zone_name`` gives the zone's location name
("heure : France", "France Time") for a page's or a statement's header, once.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale
from babel.dates import format_date, format_time, get_timezone_gmt, get_timezone_location

#: the instant's date written in full (statements) or short (tables, pages, CLI)
STYLES = ("medium", "long")


class UnknownZoneError(ValueError):
    """A time zone name the tz database does not know."""


@cache
def _known_zones() -> frozenset[str]:
    """The tz database's names, read once (``available_timezones`` walks the disk)."""
    return frozenset(available_timezones())


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone ``name`` ("America/New_York"), or UnknownZoneError saying what a
    zone name looks like and what was found."""
    text = name.strip()
    if text not in _known_zones() and text != "UTC":
        raise UnknownZoneError(
            f"expected an IANA time zone name such as Europe/Paris or America/New_York, "
            f"found {name!r}"
        )
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError) as exc:  # pragma: no cover - listed above
        raise UnknownZoneError(f"expected an IANA time zone name, found {name!r}") from exc


def _zone(zone: str | tzinfo | None, value: datetime) -> tzinfo:
    if zone is None:
        assert value.tzinfo is not None
        return value.tzinfo
    return ZoneInfo(zone) if isinstance(zone, str) else zone


def zone_label(value: datetime, zone: str | tzinfo | None, language: str) -> str:
    """The offset of ``zone`` at ``value`` as the locale writes it: "UTC+01:00"."""
    local = value.astimezone(_zone(zone, value))
    locale = Locale.parse(language)
    if not local.utcoffset():
        return str(locale.zone_formats["gmt"] % "")  # "UTC" in French, "GMT" in English
    return str(get_timezone_gmt(local, width="long", locale=locale))


def zone_name(zone: str, language: str) -> str:
    """The zone's location name: "heure : France", "France Time"; UTC as "UTC"."""
    if zone in {"UTC", "Etc/UTC"}:
        return "UTC"
    return str(get_timezone_location(ZoneInfo(zone), locale=Locale.parse(language)))


def day_text(value: date, language: str, style: str = "medium") -> str:
    """A date; in the long style French writes the first day as an ordinal (1er mars)."""
    text = str(format_date(value, style, locale=Locale.parse(language)))
    if style == "long" and language == "fr" and value.day == 1 and text.startswith("1 "):
        text = "1er" + text[1:]
    return text


def instant_text(
    value: datetime, zone: str | tzinfo | None, language: str, *, style: str = "medium"
) -> str:
    """``value`` in ``zone`` (its own zone when None) with the zone named: "20 déc. 2024,
    13:36 UTC+01:00". A naive datetime is refused: an instant without a zone is none."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"an instant with its time zone, found the naive {value.isoformat()}")
    if style not in STYLES:
        raise ValueError(f"a style among {', '.join(STYLES)}, found {style!r}")
    locale = Locale.parse(language)
    local = value.astimezone(_zone(zone, value))
    time = str(format_time(local, "short", tzinfo=local.tzinfo, locale=locale))
    pattern = str(locale.datetime_formats[style])
    text = pattern.replace("{1}", day_text(local, language, style)).replace("{0}", time)
    return f"{text} {zone_label(local, None, language)}"
