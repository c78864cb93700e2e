"""What the Store refuses, with messages for people (English; the API and the dashboard
translate the category, the details are data)."""

from __future__ import annotations

from collections.abc import Sequence

from slaledger.adapters.files.problems import Problem
from slaledger.adapters.i18n import english
from slaledger.domain.lint import Finding


class StoreError(ValueError):
    """A write the Store refuses; nothing of it was written."""


class NotFound(StoreError):  # noqa: N818 - reads as HTTP 404
    """An unknown contract, service, incident, user or token."""


class CustomerChanged(StoreError):  # noqa: N818
    """A new version of a contract names another customer than its latest version: an
    upload refused unless the change is confirmed (a copy of another contract's file is
    the usual cause)."""

    def __init__(self, contract: str, before: str, after: str) -> None:
        self.contract, self.before, self.after = contract, before, after
        super().__init__(
            f"contract {contract}: the new version names the customer {after!r}, its "
            f"latest version {before!r}; confirm the change to store it "
            "(API: confirm_customer_change=true; CLI: --confirm-customer-change)"
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
        lines = [str(p) for p in self.problems] + [
            f"{file}:{f.line or '?'}: {f.rule} ({f.clause}) {english(f.message)}"
            for f in self.findings
        ]
        super().__init__(f"contract {file} refused:\n" + "\n".join(lines))


class ImportRefused(StoreError):  # noqa: N818
    """An observations or events import refused as a whole; ``problems`` say why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class TextRefused(ImportRefused):
    """A write whose text holds a control character (NUL among them), refused before
    it reached the database (adapters/db/text_guard.py); ``problems`` name the table,
    the column and the row."""
