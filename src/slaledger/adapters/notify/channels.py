"""Each contract's alert channels: the service's webhooks, and e-mail to the contract's
own recipients in its own languages when it stores them, else to the environment's.

The SMTP server and the webhooks are the environment's only (a contract chooses who
is written to, never through which server). Without an SMTP server no e-mail is sent,
whatever a contract stores.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from slaledger.adapters.notify.mail import EmailNotifier, SmtpSettings
from slaledger.domain.alert_settings import ContractAlertSettings
from slaledger.services.alerts import Notifier

#: makes the notifier of one recipient writing in these languages
EmailFactory = Callable[[str, tuple[str, ...]], Notifier]


class ContractChannels:
    """``services.alerts.Channels`` from the environment's settings (``AlertSettings``).

    ``email``: builds an e-mail notifier (default: ``EmailNotifier`` on ``smtp``; tests
    give a recording one). Notifiers are built once per recipient and languages.
    """

    def __init__(
        self,
        *,
        webhooks: Sequence[Notifier],
        recipients: tuple[str, ...],
        languages: tuple[str, ...],
        smtp: SmtpSettings | None,
        email: EmailFactory | None = None,
    ) -> None:
        self.webhooks = list(webhooks)
        self.recipients = recipients
        self.languages = languages
        self.smtp = smtp
        self._email = email
        self._built: dict[tuple[str, tuple[str, ...]], Notifier] = {}

    def for_contract(self, settings: ContractAlertSettings | None) -> Sequence[Notifier]:
        recipients, languages = self.recipients, self.languages
        if settings is not None:
            recipients = settings.alert_recipients or recipients
            languages = settings.languages or languages
        if self.smtp is None and self._email is None:
            recipients = ()  # no server to send through
        return [*self.webhooks, *(self._mail(address, languages) for address in recipients)]

    def emails(self, addresses: Sequence[str], languages: tuple[str, ...]) -> list[Notifier]:
        """E-mail to ``addresses`` in ``languages`` (none without a server): the
        customer's contacts, for the claim notices."""
        if self.smtp is None and self._email is None:
            return []
        return [self._mail(address, languages) for address in addresses]

    def _mail(self, address: str, languages: tuple[str, ...]) -> Notifier:
        key = (address, languages)
        found = self._built.get(key)
        if found is None:
            found = self._built[key] = self._make(address, languages)
        return found

    def _make(self, address: str, languages: tuple[str, ...]) -> Notifier:
        if self._email is not None:
            return self._email(address, languages)
        assert self.smtp is not None  # no recipient without a server (for_contract)
        return EmailNotifier(self.smtp, address, languages=languages)
