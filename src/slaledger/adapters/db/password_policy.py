"""What a new password must be (ASVS V2.1): at least ``MIN_LENGTH`` characters, and
not one of the 30,000 most common passwords (the list the ``zxcvbn`` package ships,
compared without case). Checked wherever a password is set or changed (the Store)."""

from __future__ import annotations

from functools import cache

from zxcvbn.frequency_lists import FREQUENCY_LISTS

from slaledger.domain.message import Message, msg

MIN_LENGTH = 12


@cache
def _common() -> frozenset[str]:
    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"])


def password_problem(password: str) -> Message | None:
    """Why ``password`` may not be used (None: it may)."""
    if len(password) < MIN_LENGTH:
        return msg("store.password-short", minimum=MIN_LENGTH, found=len(password))
    if password.lower() in _common():
        return msg("store.password-common")
    return None
