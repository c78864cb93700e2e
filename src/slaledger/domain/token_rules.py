"""What an API token may do and how long it lives (pure: instants and settings given).

A token has an expiry date: ``DEFAULT_DAYS`` after its creation unless asked otherwise,
never more than ``MAX_DAYS`` (both configurable, ``TokenPolicy``). Its scope is
``write`` (what its user's role allows) or ``read`` (nothing written, whatever the
role); it may be restricted to a list of contracts, outside which it sees nothing (as
if they did not exist). A rotation gives the token a new secret; the former one may be
kept for a grace period of at most ``MAX_GRACE``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from slaledger.domain.message import Items, Message, msg

SCOPES = ("read", "write")
DEFAULT_DAYS = 90
MAX_DAYS = 365
MAX_GRACE = timedelta(hours=24)


class TokenRuleError(ValueError):
    """A token asked for against the rules: ``message`` names the field, for people in
    their language (``str(exc)`` is its id: the domain renders no language)."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(message.id)


@dataclass(frozen=True)
class TokenPolicy:
    """How long tokens live: ``default_days`` when none is asked, ``max_days`` at most."""

    default_days: int = DEFAULT_DAYS
    max_days: int = MAX_DAYS

    def __post_init__(self) -> None:
        if not 1 <= self.default_days <= self.max_days:
            raise TokenRuleError(
                msg("token.rule.days", default=self.default_days, maximum=self.max_days)
            )

    def expiry(self, created: datetime, days: int | None) -> datetime:
        """When a token created at ``created`` and asked to live ``days`` expires."""
        chosen = self.default_days if days is None else days
        if not 1 <= chosen <= self.max_days:
            raise TokenRuleError(msg("token.rule.expires", maximum=self.max_days, found=chosen))
        return created + timedelta(days=chosen)


def check_scope(scope: str) -> str:
    if scope not in SCOPES:
        raise TokenRuleError(msg("token.rule.scope", scopes=Items(SCOPES, "comma"), found=scope))
    return scope


def contract_list(keys: tuple[str, ...] | list[str]) -> str:
    """The stored form of a token's contracts (sorted, comma-separated, no duplicates)."""
    cleaned = sorted({k.strip() for k in keys if k.strip()})
    for key in cleaned:
        if "," in key:
            raise TokenRuleError(msg("token.rule.contracts", found=repr(key)))
    return ",".join(cleaned)


def expired(expires_at: datetime | None, now: datetime) -> bool:
    """True once ``now`` reaches the expiry (a token without one never expires)."""
    return expires_at is not None and now >= expires_at


def grace_until(now: datetime, grace: timedelta) -> datetime | None:
    """Until when the former secret still works after a rotation at ``now`` (None: not
    at all)."""
    if grace < timedelta(0) or grace > MAX_GRACE:
        raise TokenRuleError(
            msg(
                "token.rule.grace",
                maximum=int(MAX_GRACE.total_seconds()),
                found=int(grace.total_seconds()),
            )
        )
    return now + grace if grace else None


def may_see(contracts: tuple[str, ...], key: str) -> bool:
    """A token restricted to ``contracts`` sees ``key`` (no restriction: it sees all)."""
    return not contracts or key in contracts
