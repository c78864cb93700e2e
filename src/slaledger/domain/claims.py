"""Credit claims: the rules from the credit a month earns to the provider's decision.

A month whose availability earns a credit (``Credit.owed``) or leaves it to the parties
(``Credit.undetermined``: 001's blank days, a value in a gap between tiers) has a credit
to settle. When the schedule makes the customer claim it (001 1.2: "Le Client est tenu
de solliciter le Crédit de service au plus tard dans le mois suivant…", eligibility
``customer-claimed`` or a claim window), the customer's claim opens the file:

    requested ──grant (all, or part with a reason)──▶ granted
             └──refuse (with a reason)─────────────▶ refused

A claim after the claim deadline is refused, quoting the clause; a month never claimed
whose deadline has passed is ``expired``. Credits the contract grants without a claim
(000: "Nous vous accorderons un crédit…", the customer only reports the interruption)
skip the claim step: the provider grants them directly. A granted credit gets a credit
note (its number is the store's business) and is listed as credited on the statement of
the month the note was issued in.

Every refusal is a ``ClaimRefusedError`` naming the field, what was expected and what was
found; nothing here writes or reads the clock: ``at`` is an argument.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from slaledger.domain.contract.credits import CreditSchedule, CreditUnit, Eligibility
from slaledger.domain.credits import Credit, Outcome
from slaledger.domain.message import Number, Text, msg

#: words that mark the quote of a schedule stating its claim obligation
CLAIM_WORDS = ("solliciter", "réclam", "claim", "apply for", "demande")
#: decisions a provider takes on a claim
GRANT, REFUSE = "grant", "refuse"
#: a reason is free text, kept short enough for a statement line
MAX_REASON = 2000


class ClaimState(enum.Enum):
    """A stored claim's state (the ``credit_claim.status`` column)."""

    REQUESTED = "requested"
    GRANTED = "granted"
    REFUSED = "refused"


class Standing(enum.Enum):
    """Where a month's credit stands at an instant, claimed or not."""

    NOTHING = "nothing"  # no credit to settle
    OPEN = "open"  # to be claimed, the deadline not passed
    EXPIRED = "expired"  # never claimed, the deadline passed
    AUTOMATIC = "automatic"  # granted without a claim, no credit note yet
    REQUESTED = "requested"
    GRANTED = "granted"
    REFUSED = "refused"


@dataclass(frozen=True)
class ClaimProblem:
    field: str
    #: what was expected, as a message the adapters render in the reader's language
    expected: Text
    found: str

    def __str__(self) -> str:
        # the domain renders no language: a message shows its id (the adapters render it)
        expected = self.expected if isinstance(self.expected, str) else self.expected.id
        return f"field '{self.field}': expected {expected}, found {self.found}"


class ClaimRefusedError(ValueError):
    """A claim or a decision the rules refuse; nothing is to be written."""

    def __init__(self, problem: ClaimProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class Decision:
    """A provider's decision, checked: the state it leads to, the value granted in the
    credit's unit (None when refused) and the reason ("" for a grant in full)."""

    state: ClaimState
    granted: Decimal | None
    reason: str
    partial: bool


def needs_claim(schedule: CreditSchedule) -> bool:
    """Whether the customer must claim the schedule's credits (else they are granted
    without a claim)."""
    return Eligibility.CUSTOMER_CLAIMED in schedule.eligibility or schedule.claim_window is not None


def to_settle(credit: Credit) -> bool:
    """Whether the month has a credit to claim or grant: owed, or left to the parties."""
    return credit.owed or credit.undetermined


def owed_value(credit: Credit) -> Decimal | None:
    """The credit in its schedule's unit (percent of the fee, days); None: undetermined."""
    return credit.percent if credit.unit is CreditUnit.PERCENT_OF_FEE else credit.days


def in_time(credit: Credit, at: datetime) -> bool:
    """A claim at ``at`` is in time: no deadline, or not after its last instant."""
    return credit.claim_deadline is None or at <= credit.claim_deadline


def standing(
    credit: Credit, schedule: CreditSchedule, state: ClaimState | None, at: datetime
) -> Standing:
    """Where the month's credit stands at ``at``, given its stored claim's state."""
    if state is not None:
        return Standing(state.value)
    if not to_settle(credit):
        return Standing.NOTHING
    if not needs_claim(schedule):
        return Standing.AUTOMATIC
    return Standing.OPEN if in_time(credit, at) else Standing.EXPIRED


def check_claim(
    *,
    credit: Credit,
    schedule: CreditSchedule,
    month: str,
    at: datetime,
    existing: ClaimState | None,
    language: str = "en",
) -> None:
    """Refuse a customer's claim of ``month``'s credit at ``at`` unless the month has a
    credit to claim, the contract asks for a claim, none exists yet and it is in time."""
    if existing is not None:
        raise ClaimRefusedError(
            ClaimProblem(
                "month", msg("input.claims.unclaimed-month"), f"{month} ({existing.value})"
            )
        )
    if not to_settle(credit):
        raise ClaimRefusedError(
            ClaimProblem(
                "month",
                msg("input.claims.earning-month"),
                f"{month}: {_why_none(credit)}",
            )
        )
    if not needs_claim(schedule):
        raise ClaimRefusedError(
            ClaimProblem(
                "month",
                msg("input.claims.claimed-credit"),
                f"{month}: clause '{schedule.clause.id}' grants its credits without a claim",
            )
        )
    if not in_time(credit, at):
        assert credit.claim_deadline is not None
        raise ClaimRefusedError(
            ClaimProblem(
                "month",
                msg(
                    "input.claims.by-deadline",
                    deadline=credit.claim_deadline.isoformat(),
                    clause=schedule.clause.id,
                    article=schedule.clause.article,
                    quote=claim_quote(schedule, language),
                ),
                f"{month} claimed at {at.isoformat()}, after the deadline",
            )
        )


def check_decision(
    *,
    credit: Credit,
    schedule: CreditSchedule,
    state: ClaimState | None,
    decision: str,
    granted: Decimal | None = None,
    reason: str = "",
) -> Decision:
    """A provider's decision on the claim in ``state`` (None: no claim, for a credit the
    contract grants without one), checked; see the module docs."""
    reason = reason.strip()
    if decision not in (GRANT, REFUSE):
        raise ClaimRefusedError(
            ClaimProblem(
                "decision", msg("input.claims.decision", grant=GRANT, refuse=REFUSE), repr(decision)
            )
        )
    if len(reason) > MAX_REASON:
        raise ClaimRefusedError(
            ClaimProblem(
                "reason", msg("input.claims.reason-length", n=MAX_REASON), f"{len(reason)}"
            )
        )
    if state is None and needs_claim(schedule):
        raise ClaimRefusedError(ClaimProblem("claim", msg("input.claims.customer-claim"), "none"))
    if state is not None and state is not ClaimState.REQUESTED:
        raise ClaimRefusedError(ClaimProblem("claim", msg("input.claims.pending"), state.value))
    if not to_settle(credit):
        raise ClaimRefusedError(
            ClaimProblem("month", msg("input.claims.earning-month"), _why_none(credit))
        )
    if decision == REFUSE:
        if not reason:
            raise ClaimRefusedError(
                ClaimProblem("reason", msg("input.claims.refusal-reason"), "nothing")
            )
        return Decision(ClaimState.REFUSED, None, reason, partial=False)
    return _grant(credit, schedule, granted, reason)


def _grant(
    credit: Credit, schedule: CreditSchedule, granted: Decimal | None, reason: str
) -> Decision:
    owed = owed_value(credit)
    percent = credit.unit is CreditUnit.PERCENT_OF_FEE
    if granted is None:
        if owed is None:
            raise ClaimRefusedError(
                ClaimProblem(
                    "granted",
                    msg("input.claims.granted-percent")
                    if percent
                    else msg("input.claims.granted-days"),
                    "nothing",
                )
            )
        granted = owed
    if not granted.is_finite() or granted <= 0:
        raise ClaimRefusedError(
            ClaimProblem(
                "granted",
                msg("input.claims.above-zero-percent")
                if percent
                else msg("input.claims.above-zero-days"),
                str(granted),
            )
        )
    if owed is not None and granted > owed:
        raise ClaimRefusedError(
            ClaimProblem(
                "granted",
                msg("input.claims.at-most-owed-percent", owed=Number(owed))
                if percent
                else msg("input.claims.at-most-owed-days", owed=Number(owed)),
                str(granted),
            )
        )
    cap = schedule.cap.amount if schedule.cap is not None else None
    if isinstance(cap, Decimal) and granted > cap:
        raise ClaimRefusedError(
            ClaimProblem(
                "granted",
                msg("input.claims.at-most-cap-percent", cap=Number(cap), clause=schedule.clause.id)
                if percent
                else msg(
                    "input.claims.at-most-cap-days", cap=Number(cap), clause=schedule.clause.id
                ),
                str(granted),
            )
        )
    partial = owed is not None and granted < owed
    if partial and not reason:
        raise ClaimRefusedError(
            ClaimProblem("reason", msg("input.claims.partial-reason"), "nothing")
        )
    return Decision(ClaimState.GRANTED, granted, reason, partial=partial)


def claim_quote(schedule: CreditSchedule, language: str) -> str:
    """The text of the schedule that states the claim obligation, in ``language`` when
    the contract has it (else its first language); the first quote when none says so."""
    quotes = [s.quote for s in schedule.clause.sources if s.quote]
    if not quotes:
        return "(no quote)"
    chosen = next(
        (q for q in quotes if any(w in t.lower() for t in q.values() for w in CLAIM_WORDS)),
        quotes[0],
    )
    return " ".join((chosen.get(language) or next(iter(chosen.values()))).split())


def _why_none(credit: Credit) -> str:
    if credit.outcome is Outcome.NO_DATA:
        return "no availability figure (no data or insufficient data for the period)"
    if credit.outcome is Outcome.ABOVE:
        return "the availability is above every credit tier"
    return "the tier reached earns no credit"
