"""Where claim notices go and when (``services/claim_notices.py``): a credit's deadline
near, to the customer's contacts by e-mail (its active customer-viewers, in the
contract's language first); a claim waiting for a decision, to the provider on the
contract's alert channels (webhooks, alert recipients). Settings from the environment:

- ``SLALEDGER_CLAIM_NOTICES``: 1/true/yes to send them (default: off);
- ``SLALEDGER_CLAIM_NOTICE_DAYS``: days before the deadline the customer is reminded
  (default 7);
- ``SLALEDGER_CLAIM_DECISION_DAYS``: days a claim waits before the provider is told
  (default 10).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from slaledger.adapters.notify.channels import ContractChannels
from slaledger.domain.alert_settings import ContractAlertSettings
from slaledger.services.alerts import Notifier
from slaledger.services.claim_notices import DEFAULT_DECISION_DAYS, DEFAULT_NOTICE_DAYS

FLAG, NOTICE_DAYS, DECISION_DAYS = (
    "SLALEDGER_CLAIM_NOTICES",
    "SLALEDGER_CLAIM_NOTICE_DAYS",
    "SLALEDGER_CLAIM_DECISION_DAYS",
)
#: the claim notices are looked at no more often than this, in seconds
CLAIM_INTERVAL = 3600.0


@dataclass(frozen=True)
class ClaimNoticeSettings:
    enabled: bool = False
    notice_days: int = DEFAULT_NOTICE_DAYS
    decision_days: int = DEFAULT_DECISION_DAYS

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ClaimNoticeSettings:
        """The settings; a bad value raises ValueError naming the variable, what was
        expected and what was found."""
        env = os.environ if environ is None else environ
        flag = env.get(FLAG, "").strip().lower()
        if flag not in ("", "0", "false", "no", "off", "1", "true", "yes", "on"):
            raise ValueError(f"{FLAG}: expected 1/true/yes/on or 0/false/no/off, found {flag!r}")
        return cls(
            enabled=flag in ("1", "true", "yes", "on"),
            notice_days=_days(env, NOTICE_DAYS, DEFAULT_NOTICE_DAYS),
            decision_days=_days(env, DECISION_DAYS, DEFAULT_DECISION_DAYS),
        )


def _days(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or not 0 < int(text) <= 366:
        raise ValueError(f"{name}: expected a whole number of days from 1 to 366, found {text!r}")
    return int(text)


class ClaimNoticeChannels:
    """``services.claim_notices.ClaimChannels`` over the alerts' channels."""

    def __init__(self, channels: ContractChannels) -> None:
        self.channels = channels

    def customer(self, contacts: Sequence[str], languages: tuple[str, ...]) -> Sequence[Notifier]:
        return self.channels.emails(contacts, languages)

    def provider(self, settings: ContractAlertSettings | None) -> Sequence[Notifier]:
        return self.channels.for_contract(settings)
