"""How the statement presents one availability figure: its trace summed by category,
its coverage of the period (the percentage as the figures' JSON gives it), and the
contract's words behind it."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np

from slaledger.domain.availability import Measure
from slaledger.domain.contract.availability import Availability
from slaledger.domain.contract.contract import Contract
from slaledger.domain.intervals import Intervals
from slaledger.services.figures_json import observed_percent
from slaledger.services.statement_model import CategoryMinutes, CoverageLine, QuoteLine


def summarise(figure: Measure) -> tuple[CategoryMinutes, ...]:
    """The trace by (effect, category): excluded time as the figure counted it (each
    second once, removed before excused), counted time as the union of its intervals."""
    groups: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
    for entry in figure.trace:
        groups.setdefault((entry.effect, entry.category), []).append(
            (entry.start, entry.end, entry.clause)
        )
    totals = {(e.effect.value, e.category): e for e in figure.exclusions}
    order = {"counted": 0, "not-eligible": 1, "excused": 2, "removed": 3}
    lines = []
    for (effect, category), rows in sorted(groups.items(), key=lambda g: (order[g[0][0]], g[0])):
        known = totals.get((effect, category))
        seconds = (
            known.seconds
            if known is not None
            else Intervals.of(
                np.asarray([r[0] for r in rows], dtype=np.int64),
                np.asarray([r[1] for r in rows], dtype=np.int64),
            ).total()
        )
        lines.append(
            CategoryMinutes(
                category=category,
                effect=effect,
                seconds=seconds,
                intervals=len(rows),
                clauses=tuple(sorted({r[2] for r in rows if r[2]})),
                description=known.description if known is not None else "",
            )
        )
    return tuple(lines)


def quotes(contract: Contract, clause: Availability) -> tuple[QuoteLine, ...]:
    """The clause's first source in its binding version, then its versions for
    information only, each marked so (``informational_languages``)."""
    if not clause.clause.sources:
        return ()
    source = clause.clause.sources[0]
    found = contract.binding_quote(source)
    lines = [QuoteLine(found[0], found[1])] if found else []
    lines += [
        QuoteLine(language, source.quote[language], informational=True)
        for language in contract.informational_languages
        if source.quote.get(language)
    ]
    return tuple(lines)


def coverage_line(figure: Measure, min_share: Fraction) -> CoverageLine | None:
    coverage = figure.coverage
    if coverage is None:
        return None
    min_percent = (Decimal(100 * min_share.numerator) / Decimal(min_share.denominator)).normalize()
    return CoverageLine(
        state=coverage.state.value,
        percent=observed_percent(coverage),
        observed_seconds=coverage.observed_seconds,
        measurable_seconds=coverage.measurable_seconds,
        reason=coverage.reason,
        sources=tuple((s.source, s.name, s.observed_seconds) for s in coverage.sources),
        cause=coverage.cause,
        min_percent=min_percent,
    )
