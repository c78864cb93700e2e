"""The TOTP second factor's rules (pure: the expected codes and steps are given).

A code is accepted for the current 30-second step or one step either side (clock
drift), never for a step at or before the last one accepted: a code seen once — the
same code replayed within its window, or an older one — is refused. Who must give a
code: anyone who enrolled; a provider role also when the service requires it (it then
enrols at its next sign-in).
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from enum import Enum

PROVIDER_ROLES = frozenset({"provider-admin", "provider-agent"})
#: one-use recovery codes given at enrolment
RECOVERY_CODES = 10
#: steps either side of the current one still accepted
DRIFT_STEPS = 1


class Step(Enum):
    """What a sign-in asks once the password is right."""

    NONE = "none"  # the session opens
    CODE = "code"  # a code of the enrolled factor
    ENROL = "enrol"  # enrol now: the service requires it for this role


def next_step(role: str, *, enrolled: bool, required_for_providers: bool) -> Step:
    if enrolled:
        return Step.CODE
    if required_for_providers and role in PROVIDER_ROLES:
        return Step.ENROL
    return Step.NONE


class Refusal(Enum):
    WRONG = "wrong"
    REPLAYED = "replayed"


def match_step(
    given: str, expected: Mapping[int, str], last_step: int | None
) -> tuple[int | None, Refusal | None]:
    """The step whose code ``given`` is (``expected``: step -> code, the window), or why
    it is refused: no such code, or one of a step already used."""
    code = given.strip().replace(" ", "")
    matched = [s for s, c in expected.items() if hmac.compare_digest(c.encode(), code.encode())]
    if not matched:
        return None, Refusal.WRONG
    step = max(matched)
    if last_step is not None and step <= last_step:
        return None, Refusal.REPLAYED
    return step, None


def looks_like_recovery_code(given: str) -> bool:
    """Recovery codes are ``xxxx-xxxx`` (letters and digits); TOTP codes six digits."""
    code = given.strip()
    return len(code) == 9 and code[4] == "-" and code.replace("-", "").isalnum()
