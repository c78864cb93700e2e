"""Rules on values: blanks, language versions that disagree, quotes missing a language,
a legal rate read on a quote date the file does not give."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from slaledger.domain.contract.clause import Plain
from slaledger.domain.contract.clocks import ClockTarget, When
from slaledger.domain.contract.commercial import LegalRateDate
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.credits import CreditTier
from slaledger.domain.contract.kpis import Direction, KpiTarget
from slaledger.domain.contract.obligations import Deadline, DeadlineKind
from slaledger.domain.contract.support import Channel, ChannelKind
from slaledger.domain.lint.coverage import describe
from slaledger.domain.lint.finding import Draft
from slaledger.domain.lint.walk import blanks
from slaledger.domain.message import Items, Message, Param, msg


def _label(owner: Any, name: str) -> Message:
    if isinstance(owner, ClockTarget):
        if owner.when is When.ANY:
            return msg("lint.label.clock-target", class_id=owner.class_id)
        return msg("lint.label.clock-target-when", class_id=owner.class_id, when=when(owner.when))
    if isinstance(owner, CreditTier):
        return msg("lint.label.credit-tier", range=describe(owner.availability))
    if isinstance(owner, Channel):
        return msg("lint.label.channel", kind=CHANNELS[owner.kind], id=owner.id)
    if isinstance(owner, Deadline):
        if owner.kind is DeadlineKind.AT_LEAST_BEFORE:
            return msg("lint.label.deadline-before", event=owner.event)
        return msg("lint.label.deadline-after", event=owner.event)
    if isinstance(owner, KpiTarget):
        return msg("lint.label.kpi-target", direction=direction(owner.direction))
    if name == "matrix":
        return msg("lint.label.matrix-cell")
    return msg("lint.label.field", name=name.replace("_", " "), field=name)


CHANNELS = {
    ChannelKind.EMAIL: msg("channel.email"),
    ChannelKind.PHONE: msg("channel.phone"),
    ChannelKind.CHAT: msg("channel.chat"),
    ChannelKind.PORTAL: msg("channel.portal"),
    ChannelKind.REMOTE: msg("channel.remote"),
    ChannelKind.ONSITE: msg("channel.onsite"),
}


def when(value: When) -> Message:
    """Which tickets a target is for, in words."""
    if value is When.IN_HOURS:
        return msg("when.in-hours")
    if value is When.OUT_OF_HOURS:
        return msg("when.out-of-hours")
    return msg("when.any")


def direction(value: Direction) -> Message:
    return msg("direction.at-least") if value is Direction.AT_LEAST else msg("direction.at-most")


def blank_values(contract: Contract) -> Iterator[Draft]:
    for clause in contract.clauses():
        found = list(blanks(clause, clause.clause.where))
        if not found:
            continue
        labels = tuple(_label(owner, name) for owner, name, _ in found)
        yield Draft(clause.clause, msg("lint.blank-value", labels=Items(labels)), found[0][2])


def language_mismatches(contract: Contract) -> Iterator[Draft]:
    for clause in contract.clauses():
        for variant in clause.clause.variants:
            if variant.applied == variant.stated:
                continue
            difference = _difference(variant.applied, variant.stated)
            said = (
                msg(
                    "lint.version-differs",
                    language=variant.language,
                    path=variant.path,
                    difference=difference,
                )
                if difference is not None
                else msg(
                    "lint.version-states",
                    language=variant.language,
                    path=variant.path,
                    stated=_show(variant.stated),
                    applied=_show(variant.applied),
                )
            )
            follows = (
                msg(
                    "lint.file-follows-informational",
                    language=contract.language,
                    other=variant.language,
                )
                if variant.language in contract.informational_languages
                else msg("lint.file-follows", language=contract.language)
            )
            yield Draft(
                clause.clause,
                msg("lint.language-mismatch", said=said, follows=follows),
                variant.where,
            )


def _difference(applied: Plain, stated: Plain) -> Items | None:
    if not isinstance(applied, tuple) or not isinstance(stated, tuple):
        return None
    extra = tuple(_show(x) for x in stated if x not in applied)
    missing = tuple(_show(x) for x in applied if x not in stated)
    parts: list[Param] = []
    if extra:
        parts.append(msg("lint.adds", values=Items(extra)))
    if missing:
        parts.append(msg("lint.omits", values=Items(missing)))
    return Items(tuple(parts)) if parts else None


def _show(value: Plain) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


def missing_languages(contract: Contract) -> Iterator[Draft]:
    """A clause of a multilingual contract lacks its quote in a binding version; a version
    marked informational (``informational_languages``) owes no quote."""
    if not contract.is_multilingual:
        return
    for clause in contract.clauses():
        sources = clause.clause.sources
        missing = [
            lang for lang in contract.binding_languages if any(lang not in s.quote for s in sources)
        ]
        if missing:
            languages = Items(tuple(contract.languages), "comma")
            lacking = Items(tuple(missing), "comma")
            informational = contract.informational_languages
            yield Draft(
                clause.clause,
                msg(
                    "lint.missing-language-informational",
                    languages=languages,
                    informational=Items(tuple(informational), "comma"),
                    missing=lacking,
                )
                if informational
                else msg("lint.missing-language", languages=languages, missing=lacking),
                f"{clause.clause.where}.source",
            )


def missing_quote_dates(contract: Contract) -> Iterator[Draft]:
    """A late-payment clause reads the legal rate on the quote's date (003 7.4: « en
    vigueur à la date d'émission du devis ») and the file gives no ``quote_date``."""
    if contract.commercial.quote_date is not None:
        return
    for penalty in contract.commercial.late_payment:
        if penalty.legal_rate_on is LegalRateDate.QUOTE_DATE:
            yield Draft(
                penalty.clause,
                msg("lint.missing-quote-date"),
                f"{penalty.clause.where}.legal_rate_on",
            )
