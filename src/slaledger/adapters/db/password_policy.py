"""What a new password must be (ASVS V2.1): at least ``MIN_LENGTH`` characters, and
not one of the 30,000 most common passwords (the list the ``zxcvbn`` package ships,
compared without case). Checked wherever a password is set or changed (the Store)."""

from __future__ import annotations

from functools import cache

from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 12


@cache
def _common() -> frozenset[str]:
    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"])


def password_problem(password: str) -> str | None:
    """Why ``password`` may not be used (None: it may)."""
    if len(password) < MIN_LENGTH:
        return f"password: expected at least {MIN_LENGTH} characters, found {len(password)}"
    if password.lower() in _common():
        return "password: expected one not among the commonest passwords, found a common one"
    return None
