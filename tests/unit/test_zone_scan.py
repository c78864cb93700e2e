"""The scanner the page and statement tests use finds a time without its zone."""

from tests.zone_scan import times_shown, times_without_zone


def test_a_time_without_its_zone_is_found_and_one_with_it_is_not() -> None:
    page = (
        "<p>Deadline 20 déc. 2024, 13:36</p><p>Dec 20, 2024, 1:36\u202fPM GMT+01:00</p>"
        "<td>12:00 UTC</td><script>var t='10:00';</script><input value='09:30'>"
    )
    assert times_shown(page) == 3
    [found] = times_without_zone(page)
    assert "13:36" in found


def test_the_contracts_words_ranges_and_offsets_are_not_instants() -> None:
    page = (
        '<blockquote lang="fr">de 10h à 18:00 les jours ouvrés</blockquote>'
        '<span class="contract-text">notified at 16:00</span>'
        "<p>hours 04:00–05:00, EST is UTC−05:00 all year</p>"
    )
    assert times_without_zone(page) == []
