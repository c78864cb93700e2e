"""The whole contract file, and the table of its clause sections."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import ConfigDict, Field

from slaledger.adapters.files.calendar_file import CalendarModel
from slaledger.adapters.files.contract_file.availability_models import (
    AvailabilityModel,
    CreditScheduleModel,
)
from slaledger.adapters.files.contract_file.clause_model import ClauseModel, ConversionContext
from slaledger.adapters.files.contract_file.clock_models import ClockModel, KpiModel
from slaledger.adapters.files.contract_file.commercial_models import (
    CLAUSE_LISTS,
    CommercialModel,
)
from slaledger.adapters.files.contract_file.fields import Id, Language, StrictModel, TimeZoneName
from slaledger.adapters.files.contract_file.header_models import (
    AmendmentModel,
    ClassificationModel,
    DocumentModel,
    PartiesModel,
    ServiceHoursModel,
    ServiceModel,
)
from slaledger.adapters.files.contract_file.service_models import (
    MaintenanceModel,
    ObligationModel,
    SupportModel,
)
from slaledger.adapters.files.contract_file.suspension_models import SuspensionModel
from slaledger.domain.calendar.spec import CalendarSpec
from slaledger.domain.contract.contract import Contract

FORMAT = "slaledger/contract/v1"


class ContractFileModel(StrictModel):
    """One contract, every commitment in it, each clause with its source."""

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        title="SLA Ledger contract file",
    )

    format: Literal["slaledger/contract/v1"] = Field(description="the file format's version")
    id: Id
    title: str
    language: Language = Field(description="the language quotes are in when not keyed")
    languages: list[Language] = Field(
        default_factory=list, description="every language version of the text (default: language)"
    )
    informational_languages: list[Language] = Field(
        default_factory=list,
        description="language versions given for information only (a translation that does "
        "not bind): no quote is required in them",
    )
    timezone: TimeZoneName = Field(description="IANA zone for dates that name no calendar")
    effective_from: date | None = None
    parties: PartiesModel
    services: list[ServiceModel] = Field(default_factory=list)
    documents: list[DocumentModel] = Field(default_factory=list)
    amendments: list[AmendmentModel] = Field(default_factory=list)
    calendars: dict[str, CalendarModel] = Field(default_factory=dict)
    service_hours: list[ServiceHoursModel] = Field(default_factory=list)
    classifications: list[ClassificationModel] = Field(default_factory=list)
    clocks: list[ClockModel] = Field(default_factory=list)
    availability: list[AvailabilityModel] = Field(default_factory=list)
    credits: list[CreditScheduleModel] = Field(default_factory=list)
    kpis: list[KpiModel] = Field(default_factory=list)
    maintenance: list[MaintenanceModel] = Field(default_factory=list)
    support: list[SupportModel] = Field(default_factory=list)
    obligations: list[ObligationModel] = Field(default_factory=list)
    suspensions: list[SuspensionModel] = Field(
        default_factory=list,
        description="availability guarantees lifted while an event's span lasts",
    )
    commercial: CommercialModel = Field(default_factory=CommercialModel)

    def all_languages(self) -> list[str]:
        return self.languages or [self.language]

    def conversion_context(self) -> ConversionContext:
        return ConversionContext(
            language=self.language,
            effective_from=self.effective_from,
            documents={d.id: d.date for d in self.documents},
            amendments={a.id: a.date for a in self.amendments},
        )

    def clause_sections(self) -> list[tuple[tuple[str, ...], list[ClauseModel]]]:
        """Every list of clauses with its path in the file."""
        sections: list[tuple[tuple[str, ...], list[ClauseModel]]] = [
            ((name,), getattr(self, name)) for name in TOP_SECTIONS
        ]
        sections += [
            (("commercial", name), getattr(self.commercial, name)) for name in CLAUSE_LISTS
        ]
        return sections

    def to_domain(self, calendars: dict[str, CalendarSpec]) -> Contract:
        ctx = self.conversion_context()

        def convert(name: str) -> tuple[Any, ...]:
            return tuple(
                item.to_domain(f"{name}[{i}]", ctx) for i, item in enumerate(getattr(self, name))
            )

        return Contract(
            id=self.id,
            title=self.title,
            language=self.language,
            languages=tuple(self.all_languages()),
            informational_languages=tuple(self.informational_languages),
            timezone=self.timezone,
            effective_from=self.effective_from,
            parties=self.parties.to_domain(),
            services=tuple(s.to_domain(f"services[{i}]") for i, s in enumerate(self.services)),
            documents=tuple(
                d.to_domain(f"documents[{i}]", self.language) for i, d in enumerate(self.documents)
            ),
            amendments=tuple(
                a.to_domain(f"amendments[{i}]") for i, a in enumerate(self.amendments)
            ),
            calendars=calendars,
            commercial=self.commercial.to_domain("commercial", ctx),
            **{name: convert(name) for name in TOP_SECTIONS},
        )


TOP_SECTIONS = (
    "service_hours",
    "classifications",
    "clocks",
    "availability",
    "credits",
    "kpis",
    "maintenance",
    "support",
    "obligations",
    "suspensions",
)
