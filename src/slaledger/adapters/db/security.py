"""Password and token hashing (standard library only).

Passwords: scrypt (n=2**14, r=8, p=1, 16-byte random salt), stored as
``scrypt$n$r$p$salt_hex$hash_hex``. Tokens: ``secrets.token_urlsafe(32)`` given once to
the person; only its sha256 is stored, compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

_N, _R, _P, _LENGTH = 2**14, 8, 1, 32
#: every token starts with it, so that a leaked one is recognisable by scanners
TOKEN_PREFIX = "sla_"
#: a calendar feed's token (read-only, one contract): never accepted by the API
FEED_TOKEN_PREFIX = "slf_"
#: a status page's token (reads one contract's status page): never accepted elsewhere
STATUS_TOKEN_PREFIX = "sls_"


def hash_password(password: str) -> str:
    if not password:
        raise ValueError("the password is empty")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=_LENGTH)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str | None) -> bool:
    """True when ``password`` matches ``stored`` (constant-time comparison)."""
    if not stored:
        return False
    try:
        scheme, n, r, p, salt, expected = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            password.encode(),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected) // 2,
        )
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), expected)


def new_token(prefix: str = TOKEN_PREFIX) -> str:
    return prefix + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def same_hash(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
