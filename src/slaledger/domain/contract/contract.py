"""A contract: its parties, calendars and every clause, each clause possibly in several
effective-dated versions."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from slaledger.domain.calendar.spec import CalendarSpec
from slaledger.domain.contract.availability import Availability
from slaledger.domain.contract.classification import Classification
from slaledger.domain.contract.clause import HasClause, Source, in_force
from slaledger.domain.contract.clocks import Clock
from slaledger.domain.contract.commercial import Commercial
from slaledger.domain.contract.credits import CreditSchedule
from slaledger.domain.contract.hours import ServiceHours
from slaledger.domain.contract.kpis import Kpi
from slaledger.domain.contract.maintenance import Maintenance
from slaledger.domain.contract.obligations import DatedObligation
from slaledger.domain.contract.parties import Amendment, Document, PartyInfo, Service
from slaledger.domain.contract.support import Support
from slaledger.domain.contract.suspensions import Suspension


@dataclass(frozen=True)
class Contract:
    id: str
    title: str
    language: str
    languages: tuple[str, ...]
    timezone: str
    effective_from: date | None = None
    parties: tuple[PartyInfo, ...] = ()
    services: tuple[Service, ...] = ()
    documents: tuple[Document, ...] = ()
    amendments: tuple[Amendment, ...] = ()
    calendars: Mapping[str, CalendarSpec] = field(default_factory=dict)
    service_hours: tuple[ServiceHours, ...] = ()
    classifications: tuple[Classification, ...] = ()
    clocks: tuple[Clock, ...] = ()
    availability: tuple[Availability, ...] = ()
    credits: tuple[CreditSchedule, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    maintenance: tuple[Maintenance, ...] = ()
    support: tuple[Support, ...] = ()
    obligations: tuple[DatedObligation, ...] = ()
    suspensions: tuple[Suspension, ...] = ()
    commercial: Commercial = field(default_factory=Commercial)
    #: versions of the text given for information only ("the English translation is for
    #: information only; the French version prevails"): no quote is owed in them
    informational_languages: tuple[str, ...] = ()

    @property
    def is_multilingual(self) -> bool:
        return len(self.languages) > 1

    @property
    def binding_languages(self) -> tuple[str, ...]:
        """The versions that bind: every language not marked informational."""
        return tuple(lang for lang in self.languages if lang not in self.informational_languages)

    def binding_quote(self, source: Source) -> tuple[str, str] | None:
        """The source's quote in a binding language (the file's own first), with its
        language; None when the source quotes no binding version."""
        binding = self.binding_languages
        ordered = [self.language] if self.language in binding else []
        ordered += [lang for lang in binding if lang != self.language]
        for language in ordered:
            if source.quote.get(language):
                return language, source.quote[language]
        return None

    def clauses(self) -> Iterator[HasClause]:
        """Every clause version, in the order of the file's sections."""
        yield from self.service_hours
        yield from self.classifications
        yield from self.clocks
        yield from self.availability
        yield from self.credits
        yield from self.kpis
        yield from self.maintenance
        yield from self.support
        yield from self.obligations
        yield from self.suspensions
        c = self.commercial
        for group in (
            c.price_revisions,
            c.payment_terms,
            c.late_payment,
            c.surcharges,
            c.volume_variation,
            c.licence_periods,
            c.terms,
            c.liability,
            c.claim_limits,
            c.fees,
            c.changes,
            c.quantity_limits,
            c.prices,
            c.credit_caps,
        ):
            yield from group

    def clause_ids(self) -> set[str]:
        return {item.clause.id for item in self.clauses()}

    def versions(self, clause_id: str) -> list[HasClause]:
        """Every version of a clause, oldest first."""
        found = [item for item in self.clauses() if item.clause.id == clause_id]
        return sorted(found, key=lambda item: item.clause.effective_from or date.min)

    def in_force(self, clause_id: str, on: date) -> HasClause | None:
        """The version of a clause that applies on a date, or None before its first."""
        chosen = in_force(self.versions(clause_id), on)
        return chosen[0] if chosen else None
