"""Burn-rate rules: their text form, and the checks that name each fault."""

from __future__ import annotations

import pytest

from slaledger.domain.burn_rules import DEFAULT_RULES, parse_rules


def test_rules_read_from_text_and_back() -> None:
    rules = parse_rules("page:2%/1h/5min, page:5%/6h/30min; ticket:10%/3d/6h")
    assert rules == DEFAULT_RULES
    assert parse_rules(", ".join(str(r) for r in rules)) == rules


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("page:2%/1h", "rule 1: expected severity:share%/long/short"),
        ("alarm:2%/1h/5min", "severity: expected page or ticket"),
        ("page:0%/1h/5min", "share: expected a share above 0"),
        ("page:2%/1h/90s", "short: expected whole minutes"),
        ("page:2%/5min/1h", "short: expected a short window no longer"),
        ("page:2%/1x/5min", "expected durations such as 1h"),
        ("", "found nothing"),
        ("page:1" + "0" * 40 + "%/1h/5min", "share: expected"),
        ("ticket:10%/400d/6h", "long: expected at most 366 days"),
    ],
)
def test_bad_rules_are_named(text: str, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        parse_rules(text)
