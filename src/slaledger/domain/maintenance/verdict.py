"""What a maintenance window is, and what the contract says of it: reasons and a verdict.

Instants are epoch seconds (UTC). Every reason names the rule that produced it, the
clause of the contract file and the article of the source text, so a verdict can be
traced back to the contract word by word.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from slaledger.domain.message import Text

#: the one-word answers to "may I?"
Answer = Literal["allowed", "refused", "no-rule"]

#: rule ids, one per rule a window is checked against
RULE_KIND = "maintenance.kind"
RULE_IMPACT = "maintenance.impact"
RULE_NOTICE = "maintenance.notice"
RULE_SLOTS = "maintenance.allowed-slots"
RULE_AGREEMENT = "maintenance.customer-agreement"
RULE_RECURRING = "maintenance.recurring-window"
RULE_CAP = "maintenance.annual-cap"


@dataclass(frozen=True)
class Window:
    """A proposed or recorded maintenance window ``[start, end)``."""

    kind: str
    start: int
    end: int
    announced_at: int | None = None  # None: never announced
    agreed_by_customer: bool = False

    @property
    def seconds(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Reason:
    """One rule applied to one window: respected (``ok``) or broken, and why.

    ``over_cap`` is set by the annual cap: the seconds of the window beyond the cap.
    A rule that is not ``binding`` is owed as best efforts only (an obligation of means,
    000's "efforts raisonnables"): broken, it is reported, never a breach.
    """

    rule: str
    ok: bool
    message: Text
    clause: str | None = None
    article: Text | None = None
    over_cap: int = 0
    binding: bool = True

    @property
    def breach(self) -> bool:
        """Broken, and owed as a result."""
        return not self.ok and self.binding

    @property
    def advisory(self) -> bool:
        """Broken, but owed as best efforts only: a note, not a breach."""
        return not self.ok and not self.binding


@dataclass(frozen=True)
class Verdict:
    """May this window go ahead (or: did it respect the contract)? With every reason.

    ``clause`` is the maintenance clause the window was judged under (after impact
    classification), None for a kind the contract does not define. ``unruled``: the
    clause sets no rule on its kind of window (no notice, slot, agreement or cap): the
    window is not refused, but the contract does not say yes either — the answer to
    give is "no rule", never "this window respects the contract".
    """

    window: Window
    clause: str | None
    reasons: tuple[Reason, ...]
    unruled: bool = False

    @property
    def answer(self) -> Answer:
        """``refused``, ``no-rule`` or ``allowed``: the one-word answer to "may I?"."""
        if not self.allowed:
            return "refused"
        return "no-rule" if self.unruled else "allowed"

    @property
    def allowed(self) -> bool:
        """No binding rule broken (best-effort rules may be)."""
        return not any(r.breach for r in self.reasons)

    @property
    def broken(self) -> tuple[Reason, ...]:
        """The binding rules broken."""
        return tuple(r for r in self.reasons if r.breach)

    @property
    def advisories(self) -> tuple[Reason, ...]:
        """The best-effort rules broken: reported, not held against the window."""
        return tuple(r for r in self.reasons if r.advisory)

    @property
    def within_cap_end(self) -> int | None:
        """When the cap is the only rule broken: the instant the cap is reached."""
        broken = self.broken
        if not broken or any(r.rule != RULE_CAP for r in broken):
            return None
        return self.window.end - max(r.over_cap for r in broken)
