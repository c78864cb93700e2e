"""Secrets the service must read back (TOTP seeds), encrypted with a key derived from
the service secret (``SLALEDGER_SECRET``): Fernet (AES-128-CBC and HMAC-SHA256, from
``cryptography``) under HKDF-SHA256 of the secret. ``key_id`` names the key, so that a
seed sealed under another secret is recognised rather than misread."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


class SecretBoxError(ValueError):
    """A sealed secret that this key cannot open (another service secret, or altered)."""


class SecretBox:
    def __init__(self, service_secret: str) -> None:
        if not service_secret:
            raise ValueError("the service secret is empty")
        key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=b"slaledger", info=b"totp seeds"
        ).derive(service_secret.encode())
        self._fernet = Fernet(base64.urlsafe_b64encode(key))
        self.key_id = hashlib.sha256(b"key id" + key).hexdigest()[:16]

    def seal(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode()).decode("ascii")

    def open(self, sealed: str, key_id: str) -> str:
        if key_id != self.key_id:
            raise SecretBoxError("sealed under another service secret")
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode()
        except InvalidToken:
            raise SecretBoxError("altered, or sealed under another key") from None
