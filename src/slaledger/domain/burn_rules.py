"""Burn-rate rules (``domain.burn``): "``share`` of the period's budget burnt within
``long``, confirmed over ``short``", of a severity (``page``: fast burn, ``ticket``: slow
burn), their defaults (the Google SRE workbook's), their text form and its checks.

Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

PAGE = "page"
TICKET = "ticket"
SEVERITIES = (PAGE, TICKET)
MINUTE = 60
#: shares are compared as whole ten-thousandths of the budget
SHARE_SCALE = 10_000
SHARE_STEP = Decimal(1) / SHARE_SCALE
#: the longest window a rule may have
MAX_WINDOW = 366 * 86400


@dataclass(frozen=True)
class BurnRule:
    """``share`` of the budget burnt in ``long_seconds``, confirmed over ``short_seconds``."""

    severity: str
    share: Decimal
    long_seconds: int
    short_seconds: int

    def __post_init__(self) -> None:
        problems = rule_problems(self)
        if problems:
            raise ValueError("; ".join(problems))

    @property
    def share_units(self) -> int:
        return int(self.share * SHARE_SCALE)

    def threshold_rate(self, period_seconds: int) -> float:
        """The burn rate at which the rule fires (budget spent ``rate`` times too fast)."""
        return float(self.share) * period_seconds / self.long_seconds

    def __str__(self) -> str:
        percent = (self.share * 100).normalize()
        return (
            f"{self.severity}:{percent:f}%/{duration_text(self.long_seconds)}"
            f"/{duration_text(self.short_seconds)}"
        )


def rule_problems(rule: BurnRule) -> list[str]:
    problems = []
    if rule.severity not in SEVERITIES:
        problems.append(f"severity: expected page or ticket, found {rule.severity!r}")
    share = rule.share
    try:
        stepped = share.is_finite() and share == share.quantize(SHARE_STEP)
    except ArithmeticError:  # too many digits to quantize
        stepped = False
    if not (stepped and 0 < share <= 1):
        problems.append(
            f"share: expected a share above 0 and at most 1 (0.01 % steps), found {share}"
        )
    for name, value in (("long", rule.long_seconds), ("short", rule.short_seconds)):
        if value <= 0 or value % MINUTE:
            problems.append(f"{name}: expected whole minutes, found {value} s")
        elif value > MAX_WINDOW:
            problems.append(f"{name}: expected at most 366 days, found {value} s")
    if rule.short_seconds > rule.long_seconds:
        problems.append("short: expected a short window no longer than the long one")
    return problems


#: the workbook's defaults for a monthly budget: page at 2 % in 1 h (5 min) or 5 % in
#: 6 h (30 min); a ticket at 10 % in 3 days (6 h)
DEFAULT_RULES: tuple[BurnRule, ...] = (
    BurnRule(PAGE, Decimal("0.02"), 3600, 300),
    BurnRule(PAGE, Decimal("0.05"), 6 * 3600, 1800),
    BurnRule(TICKET, Decimal("0.10"), 3 * 86400, 6 * 3600),
)

_UNITS = {"s": 1, "min": 60, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"^\s*(\d+)\s*(s|min|m|h|d)\s*$")
_RULE = re.compile(r"^\s*(\w+)\s*:\s*([\d.,]+)\s*%\s*/([^/]+)/([^/]+)$")


def duration_text(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def parse_duration(text: str) -> int | None:
    found = _DURATION.match(text)
    return None if found is None else int(found.group(1)) * _UNITS[found.group(2)]


RULES_EXPECTED = "rules such as 'page:2%/1h/5min, page:5%/6h/30min, ticket:10%/3d/6h'"


def parse_rules(text: str) -> tuple[BurnRule, ...]:
    """Rules from their text, comma- or semicolon-separated (see ``BurnRule.__str__``);
    ValueError naming each rule at fault and what was expected."""
    rules, problems = [], []
    for number, part in enumerate(
        (p for p in re.split(r"[;,]\s*(?=\w+\s*:)", text) if p.strip()), 1
    ):
        found = _RULE.match(part)
        if found is None:
            problems.append(
                f"rule {number}: expected severity:share%/long/short, found {part.strip()!r}"
            )
            continue
        severity, share_text, long_text, short_text = found.groups()
        long_s, short_s = parse_duration(long_text), parse_duration(short_text)
        try:
            share = Decimal(share_text.replace(",", ".")) / 100
        except InvalidOperation:
            share = Decimal("NaN")
        if long_s is None or short_s is None:
            problems.append(
                f"rule {number}: expected durations such as 1h or 5min, found {part.strip()!r}"
            )
            continue
        try:
            rules.append(BurnRule(severity.lower(), share, long_s, short_s))
        except ValueError as exc:
            problems.append(f"rule {number}: {exc}")
    if not rules and not problems:
        problems.append(f"expected {RULES_EXPECTED}, found nothing")
    if problems:
        raise ValueError("; ".join(problems))
    return tuple(rules)
