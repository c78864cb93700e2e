"""Instants for people: in the zone asked, the zone written the locale's way."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from slaledger.adapters.readable.instants import (
    UnknownZoneError,
    instant_text,
    zone_name,
    zone_named,
)

WINTER = datetime(2024, 12, 20, 12, 36, tzinfo=UTC)
SUMMER = datetime(2024, 7, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "zone", "language", "style", "text"),
    [
        (WINTER, "Europe/Paris", "fr", "medium", "20 déc. 2024, 13:36 UTC+01:00"),
        (WINTER, "Europe/Paris", "en", "medium", "Dec 20, 2024, 1:36\u202fPM GMT+01:00"),
        (SUMMER, "Europe/Paris", "fr", "medium", "1 juil. 2024, 14:00 UTC+02:00"),  # summer
        (SUMMER, "Europe/Paris", "fr", "long", "1er juillet 2024, 14:00 UTC+02:00"),
        (WINTER, "America/New_York", "en", "medium", "Dec 20, 2024, 7:36\u202fAM GMT-05:00"),
        (WINTER, "UTC", "fr", "medium", "20 déc. 2024, 12:36 UTC"),  # zero offset
        (WINTER, "UTC", "en", "medium", "Dec 20, 2024, 12:36\u202fPM GMT"),
    ],
)
def test_an_instant_names_its_zone_as_the_locale_does(
    value: datetime, zone: str, language: str, style: str, text: str
) -> None:
    assert instant_text(value, zone, language, style=style) == text


def test_an_instant_without_a_zone_given_is_shown_in_its_own() -> None:
    own = WINTER.astimezone(timezone(timedelta(hours=5, minutes=30)))
    assert instant_text(own, None, "en").endswith("GMT+05:30")


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        instant_text(datetime(2024, 1, 1, 12, 0), "Europe/Paris", "fr")


def test_a_zone_name_is_checked_against_the_tz_database() -> None:
    assert str(zone_named("America/New_York")) == "America/New_York"
    with pytest.raises(UnknownZoneError, match="found 'Mars/Olympus'"):
        zone_named("Mars/Olympus")
    with pytest.raises(UnknownZoneError):
        zone_named("../../etc/passwd")


def test_a_zone_has_a_location_name_per_language() -> None:
    assert zone_name("Europe/Paris", "fr") == "heure : France"
    assert zone_name("Europe/Paris", "en") == "France Time"
