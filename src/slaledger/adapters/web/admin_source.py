"""What the dashboard's administration pages read and write: contract uploads and
versions, API and feed tokens, contracts' own alert settings. The store's own functions
do the work (the ones the API's ``POST /api/contracts`` and ``sla tokens`` call), each
write audited under the signed-in user's e-mail; this module only opens a short
transaction per question and hands back plain rows.

``AdminSource`` is the interface the pages use; ``StoreAdmin`` the store-backed one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.errors import NotFound
from slaledger.adapters.db.models import ApiToken, ContractVersion, FeedToken
from slaledger.adapters.db.store import Store
from slaledger.adapters.files.contract_file.loader import load_contract_text
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.notify.statement_mail import recipients
from slaledger.domain.alert_settings import DEFAULTS, ContractAlertSettings
from slaledger.domain.lint import Finding, Severity, lint_contract

#: the kinds of token the token page manages
TOKEN_KINDS = ("api", "feed")


@dataclass(frozen=True)
class Uploaded:
    """A stored upload: the contract, its version number (unchanged when the same text
    was uploaded again) and the findings of the text."""

    contract: str
    number: int
    findings: tuple[Finding, ...]
    lint_errors_accepted: bool


@dataclass(frozen=True)
class VersionRow:
    number: int
    file_name: str
    uploaded_at: datetime
    uploaded_by: str
    effective_from: datetime
    sha256: str
    errors: int
    warnings: int
    infos: int


@dataclass(frozen=True)
class TokenRow:
    kind: str  # "api" or "feed"
    id: int
    prefix: str
    user: str
    name: str
    created_at: datetime
    revoked_at: datetime | None
    contract: str | None = None  # a feed token's contract
    scope: str = "read"  # a feed token reads
    contracts: str = ""  # an API token's contracts, comma-separated ("": every one)
    expires_at: datetime | None = None
    last_used_at: datetime | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True)
class AlertSettingsRow:
    """A contract's own alert settings (``DEFAULTS`` when it stores none), with who
    gets its statements by default (its customer's active viewers) and who changed the
    settings last."""

    contract: str
    title: str
    settings: ContractAlertSettings
    contacts: tuple[str, ...]
    updated_at: datetime | None = None
    updated_by: str | None = None


class AdminSource(Protocol):
    def upload(
        self,
        text: str,
        *,
        actor: str,
        file_name: str,
        accept_lint_errors: bool,
        customer: str | None,
        confirm_customer_change: bool,
    ) -> Uploaded:
        """Store the text as a contract version (``Store.upload_contract``); raises
        ContractRejected or CustomerChanged as the store does."""

    def versions(self, key: str) -> Sequence[VersionRow] | None:
        """The contract's versions, oldest first; None when there is no such contract."""

    def user_emails(self) -> Sequence[str]: ...

    def contract_keys(self) -> Sequence[str]: ...

    def tokens(self, user: str | None = None) -> Sequence[TokenRow]:
        """API and feed tokens (of ``user`` only when given), oldest first."""

    def create_token(
        self,
        *,
        actor: str,
        kind: str,
        user: str,
        name: str,
        contract: str | None,
        scope: str = "write",
        days: int | None = None,
        contracts: tuple[str, ...] = (),
    ) -> tuple[TokenRow, str]:
        """A new token and its secret (shown once); raises StoreError (NotFound...).
        ``scope``, ``days``, ``contracts``: an API token's limits."""

    def revoke_token(
        self, *, actor: str, kind: str, token_id: int, owner: str | None = None
    ) -> TokenRow:
        """Revoke (``owner``: only that user's token, else NotFound)."""

    def rotate_token(
        self, *, actor: str, token_id: int, grace_seconds: int
    ) -> tuple[TokenRow, str]:
        """A new secret for the API token (shown once); raises StoreError."""

    def alert_settings(self, key: str | None = None) -> Sequence[AlertSettingsRow]:
        """Every contract's alert settings, in key order (only ``key``'s when given:
        empty when there is no such contract)."""

    def save_alert_settings(self, *, actor: str, key: str, settings: ContractAlertSettings) -> bool:
        """Store the contract's settings (audited); False when nothing changed. Raises
        NotFound for an unknown contract."""


class StoreAdmin:
    """``AdminSource`` over the service's database."""

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self.factory = factory

    def upload(
        self,
        text: str,
        *,
        actor: str,
        file_name: str,
        accept_lint_errors: bool,
        customer: str | None,
        confirm_customer_change: bool,
    ) -> Uploaded:
        with Store.transaction(self.factory, actor=actor) as store:
            version = store.upload_contract(
                text,
                file_name=file_name,
                accept_lint_errors=accept_lint_errors,
                customer=customer,
                confirm_customer_change=confirm_customer_change,
            )
            key, number = version.contract.key, version.number
            loaded = store.loaded_contract(key)
        findings = tuple(lint_contract(loaded.contract, loaded.lines))
        has_errors = any(f.severity is Severity.ERROR for f in findings)
        return Uploaded(key, number, findings, lint_errors_accepted=has_errors)

    def versions(self, key: str) -> Sequence[VersionRow] | None:
        with self.factory() as session:
            try:
                contract = Store(session).contract(key)
            except NotFound:
                return None
            return [_version_row(v) for v in contract.versions]

    def user_emails(self) -> Sequence[str]:
        with self.factory() as session:
            return [u.email for u in Store(session).users() if u.active]

    def contract_keys(self) -> Sequence[str]:
        with self.factory() as session:
            return [c.key for c in Store(session).contracts()]

    def tokens(self, user: str | None = None) -> Sequence[TokenRow]:
        with self.factory() as session:
            store = Store(session)
            api, feed = store.last_used("api"), store.last_used("feed")
            rows = [_api_row(t, api.get(t.id)) for t in store.tokens()] + [
                _feed_row(t, feed.get(t.id)) for t in store.feed_tokens()
            ]
        if user:
            rows = [r for r in rows if r.user == user.strip().lower()]
        return sorted(rows, key=lambda r: (r.created_at, r.kind, r.id))

    def create_token(
        self,
        *,
        actor: str,
        kind: str,
        user: str,
        name: str,
        contract: str | None,
        scope: str = "write",
        days: int | None = None,
        contracts: tuple[str, ...] = (),
    ) -> tuple[TokenRow, str]:
        with Store.transaction(self.factory, actor=actor) as store:
            if kind == "feed":
                feed, secret = store.create_feed_token(
                    user, store.contract(contract or ""), name=name
                )
                return _feed_row(feed), secret
            token, secret = store.create_token(
                user, name=name, scope=scope, days=days, contracts=contracts
            )
            return _api_row(token), secret

    def revoke_token(
        self, *, actor: str, kind: str, token_id: int, owner: str | None = None
    ) -> TokenRow:
        with Store.transaction(self.factory, actor=actor) as store:
            if kind == "feed":
                return _feed_row(store.revoke_feed_token(token_id, owner=owner))
            return _api_row(store.revoke_token(token_id, owner=owner))

    def rotate_token(
        self, *, actor: str, token_id: int, grace_seconds: int
    ) -> tuple[TokenRow, str]:
        with Store.transaction(self.factory, actor=actor) as store:
            token, secret = store.rotate_token(token_id, grace=timedelta(seconds=grace_seconds))
            return _api_row(token), secret

    def alert_settings(self, key: str | None = None) -> Sequence[AlertSettingsRow]:
        with self.factory() as session:
            store = Store(session)
            if key is None:
                contracts = store.contracts()
            else:
                try:
                    contracts = [store.contract(key)]
                except NotFound:
                    return []
            ids = [c.id for c in contracts]
            own, stored_rows = store.alert_settings_by_contract(ids), store.alert_setting_rows(ids)
            rows = []
            for contract in contracts:
                stored = stored_rows.get(contract.id)
                rows.append(
                    AlertSettingsRow(
                        contract=contract.key,
                        title=contract.title,
                        settings=own.get(contract.id, DEFAULTS),
                        contacts=tuple(recipients(store, contract)),
                        updated_at=stored.updated_at if stored else None,
                        updated_by=stored.updated_by if stored else None,
                    )
                )
            return rows

    def save_alert_settings(self, *, actor: str, key: str, settings: ContractAlertSettings) -> bool:
        with Store.transaction(self.factory, actor=actor) as store:
            return store.set_alert_settings(store.contract(key), settings)


def _version_row(version: ContractVersion) -> VersionRow:
    """A version with the lint counts of its own text (a text that no longer loads, as
    the format moved on, counts as one error)."""
    try:
        loaded = load_contract_text(version.yaml_text, version.file_name)
        severities = [f.severity for f in lint_contract(loaded.contract, loaded.lines)]
    except InputError:
        severities = [Severity.ERROR]
    return VersionRow(
        number=version.number,
        file_name=version.file_name,
        uploaded_at=version.uploaded_at,
        uploaded_by=version.uploaded_by,
        effective_from=version.effective_from,
        sha256=version.sha256,
        errors=severities.count(Severity.ERROR),
        warnings=severities.count(Severity.WARNING),
        infos=severities.count(Severity.INFO),
    )


def _api_row(token: ApiToken, last_used: datetime | None = None) -> TokenRow:
    return TokenRow(
        kind="api",
        id=token.id,
        prefix=token.prefix,
        user=token.user.email,
        name=token.name,
        created_at=token.created_at,
        revoked_at=token.revoked_at,
        scope=token.scope,
        contracts=token.contracts,
        expires_at=token.expires_at,
        last_used_at=last_used,
    )


def _feed_row(token: FeedToken, last_used: datetime | None = None) -> TokenRow:
    return TokenRow(
        kind="feed",
        id=token.id,
        prefix=token.prefix,
        user=token.user.email,
        name=token.name,
        created_at=token.created_at,
        revoked_at=token.revoked_at,
        contract=token.contract.key,
        last_used_at=last_used,
    )
