"""Domain views and stored rows as response bodies (translation only)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from slaledger.adapters.api.schemas import (
    ClockPublic,
    ContractPublic,
    EventPublic,
    FindingPublic,
    IncidentPublic,
    MaintenancePublic,
    OutagePublic,
    ReasonPublic,
    ServicePublic,
    VerdictPublic,
    VersionPublic,
)
from slaledger.adapters.db.models import (
    Contract,
    ContractVersion,
    IncidentEvent,
    MaintenanceWindow,
    Outage,
)
from slaledger.adapters.i18n import render
from slaledger.domain.lint import Finding
from slaledger.domain.maintenance import Verdict
from slaledger.domain.message import Message
from slaledger.services.incidents import ALWAYS_PREFIX, ClockView, IncidentView


def local(epoch: int | None, zone: str) -> datetime | None:
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, UTC).astimezone(ZoneInfo(zone))


def contract_public(
    row: Contract, version: ContractVersion | None, zone: str, language: str
) -> ContractPublic:
    return ContractPublic(
        id=row.key,
        title=row.title,
        provider=row.provider.name,
        customer=row.customer.name,
        language=language,
        timezone=zone,
        version=version.number if version else 0,
        services=[
            ServicePublic(
                name=s.name, opened_on=date.fromisoformat(s.opened_on) if s.opened_on else None
            )
            for s in row.services
        ],
    )


def version_public(version: ContractVersion) -> VersionPublic:
    return VersionPublic(
        number=version.number,
        sha256=version.sha256,
        file_name=version.file_name,
        effective_from=version.effective_from,
        uploaded_at=version.uploaded_at,
        uploaded_by=version.uploaded_by,
    )


def finding_public(finding: Finding, language: str = "en") -> FindingPublic:
    return FindingPublic(
        rule=finding.rule,
        severity=finding.severity.value,
        clause=finding.clause,
        message=render(finding.message, language),
        message_id=finding.message.id,
        message_params=finding.message.as_json()["params"],  # type: ignore[arg-type]
        interpretation=finding.interpretation,
        path=finding.path,
        line=finding.line,
    )


def _clock_zone(clock: ClockView, zones: dict[str, str], fallback: str) -> str:
    name = clock.calendar or ""
    if name.startswith(ALWAYS_PREFIX):
        return name.removeprefix(ALWAYS_PREFIX)
    return zones.get(name, fallback)


def incident_public(
    view: IncidentView,
    service: str | None,
    zones: dict[str, str],
    fallback: str,
    language: str = "en",
) -> IncidentPublic:
    clocks = []
    for clock in view.clocks:
        zone = _clock_zone(clock, zones, fallback)
        clocks.append(
            ClockPublic(
                name=clock.name,
                title=clock.title,
                clause=clock.clause,
                target=clock.target,
                calendar=clock.calendar,
                started_in_hours=clock.started_in_hours,
                deadline=local(clock.deadline, zone),
                original_deadline=local(clock.original_deadline, zone),
                elapsed_seconds=clock.elapsed_seconds,
                left_seconds=clock.left_seconds,
                status=clock.status,
                breached_at=local(clock.breached_at, zone),
                reason=None if clock.reason is None else render(clock.reason, language),
                reason_id=None if clock.reason is None else clock.reason.id,
                reason_params=None if clock.reason is None else clock.reason.as_json()["params"],  # type: ignore[arg-type]
                stopped_at=local(clock.stopped_at, zone),
            )
        )
    return IncidentPublic(
        incident=view.incident,
        service=service,
        kind=view.kind,
        priority=view.priority,
        started=local(view.started, fallback),
        attributed_to=view.attributed_to,
        support_level=view.support_level,
        effort_seconds=view.effort_seconds,
        out_of_scope=view.out_of_scope,
        open=view.open,
        resolved_at=local(view.resolved_at, fallback),
        clocks=clocks,
    )


def event_public(row: IncidentEvent, zone: str) -> EventPublic:
    return EventPublic(
        event=row.event,
        at=row.at.astimezone(ZoneInfo(zone)),
        value=row.value,
        note=row.note,
    )


def outage_public(row: Outage, zone: str) -> OutagePublic:
    tz = ZoneInfo(zone)
    return OutagePublic(
        id=row.id,
        service=row.service.name,
        start=row.start.astimezone(tz),
        end=row.end.astimezone(tz),
        category=row.category,
        reported_at=row.reported_at.astimezone(tz) if row.reported_at else None,
        reference=row.reference,
        note=row.note,
        source=row.source,
    )


#: a verdict's answer in words; "no-rule" is never a yes
VERDICT_SUMMARY = {
    "allowed": "the window respects the rules of its clause",
    "refused": "the window breaks the contract's maintenance rules",
    "no-rule": "the contract sets no rule for this kind of window",
}


def verdict_public(verdict: Verdict, zone: str, language: str = "en") -> VerdictPublic:
    window = verdict.window
    start, end = local(window.start, zone), local(window.end, zone)
    assert start is not None
    assert end is not None
    return VerdictPublic(
        kind=window.kind,
        start=start,
        end=end,
        allowed=verdict.allowed,
        answer=verdict.answer,
        summary=VERDICT_SUMMARY[verdict.answer],
        clause=verdict.clause,
        reasons=[
            ReasonPublic(
                rule=r.rule,
                ok=r.ok,
                binding=r.binding,
                message=render(r.message, language),
                message_id=r.message.id if isinstance(r.message, Message) else None,
                message_params=(
                    r.message.as_json()["params"] if isinstance(r.message, Message) else None  # type: ignore[arg-type]
                ),
                clause=r.clause,
                article=None if r.article is None else render(r.article, language),
            )
            for r in verdict.reasons
        ],
    )


def maintenance_public(
    row: MaintenanceWindow, zone: str, verdict: Verdict | None = None, language: str = "en"
) -> MaintenancePublic:
    tz = ZoneInfo(zone)
    return MaintenancePublic(
        id=row.id,
        service=row.service.name,
        kind=row.kind,
        start=row.start.astimezone(tz),
        end=row.end.astimezone(tz),
        announced_at=row.announced_at.astimezone(tz) if row.announced_at else None,
        agreed_by_customer=row.agreed_by_customer,
        reference=row.reference,
        verdict=verdict_public(verdict, zone, language) if verdict else None,
    )
