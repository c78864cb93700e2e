"""What the Store refuses, with messages for people: each refusal carries a ``message``
(``slaledger.domain.message``) that the API, the dashboard and the CLI render in the
reader's language; ``str(exc)`` is its English (the log, and the tests that match it)."""

from __future__ import annotations

from collections.abc import Sequence

from slaledger.adapters.files.problems import Problem
from slaledger.adapters.i18n import english
from slaledger.domain.lint import Finding
from slaledger.domain.message import Items, Text, msg


class StoreError(ValueError):
    """A write the Store refuses; nothing of it was written. ``message`` says why."""

    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(english(message))


class NotFound(StoreError):  # noqa: N818 - reads as HTTP 404
    """An unknown contract, service, incident, user or token."""


class CustomerChanged(StoreError):  # noqa: N818
    """A new version of a contract names another customer than its latest version: an
    upload refused unless the change is confirmed (a copy of another contract's file is
    the usual cause)."""

    def __init__(self, contract: str, before: str, after: str) -> None:
        self.contract, self.before, self.after = contract, before, after
        super().__init__(
            msg(
                "store.customer-changed",
                contract=contract,
                after=repr(after),
                before=repr(before),
                api="confirm_customer_change=true",
                cli="--confirm-customer-change",
            )
        )


class ContractRejected(StoreError):  # noqa: N818
    """A contract text that does not load (``problems``) or lints with errors
    (``findings``)."""

    def __init__(
        self,
        file: str,
        *,
        problems: Sequence[Problem] = (),
        findings: Sequence[Finding] = (),
    ) -> None:
        self.file = file
        self.problems = tuple(problems)
        self.findings = tuple(findings)
        lines = [p.message() for p in self.problems] + [
            msg(
                "store.contract-finding",
                file=file,
                line=str(f.line or "?"),
                rule=f.rule,
                clause=f.clause,
                message=f.message,
            )
            for f in self.findings
        ]
        super().__init__(
            msg("store.contract-refused", file=file, lines=Items(tuple(lines), "newline"))
        )


class ImportRefused(StoreError):  # noqa: N818
    """An observations or events import refused as a whole; ``problems`` say why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(
            msg("store.lines", lines=Items(tuple(p.message() for p in self.problems), "newline"))
        )


class TextRefused(ImportRefused):
    """A write whose text holds a control character (NUL among them), refused before
    it reached the database (adapters/db/text_guard.py); ``problems`` name the table,
    the column and the row."""
