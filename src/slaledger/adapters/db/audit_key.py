"""The Ed25519 key that signs audit checkpoints, kept in a file outside the database:
whoever holds the database can recompute every hash of the audit chain, but cannot sign
a checkpoint of the rewritten chain.

The private key is a PEM (PKCS#8) file readable by its owner only; its path is
``SLALEDGER_AUDIT_KEY`` (default ``audit.key`` in the user's configuration folder,
``~/.config/slaledger`` on Linux). ``sla audit keygen`` creates it (mode 0600, never over
an existing file) and the public key next to it (``audit.key.pub``, PEM), which is what a
customer or an auditor is given to check the checkpoints. A key id, the first 16 hex
digits of the sha256 of the raw public key, is written in each checkpoint.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

KEY_VARIABLE = "SLALEDGER_AUDIT_KEY"
ALGORITHM = "Ed25519"


class AuditKeyError(ValueError):
    """No usable audit signing or verifying key."""


def key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


@dataclass(frozen=True)
class SigningKey:
    private: Ed25519PrivateKey
    origin: str  # where it was read, for messages

    @property
    def key_id(self) -> str:
        return key_id(self.private.public_key())

    def sign(self, message: bytes) -> str:
        return base64.b64encode(self.private.sign(message)).decode("ascii")


@dataclass(frozen=True)
class VerifyingKey:
    public: Ed25519PublicKey
    origin: str

    @property
    def key_id(self) -> str:
        return key_id(self.public)

    def verifies(self, message: bytes, signature: str) -> bool:
        try:
            raw = base64.b64decode(signature.encode("ascii"), validate=True)
            self.public.verify(raw, message)
        except (InvalidSignature, binascii.Error, ValueError, UnicodeEncodeError):
            return False
        return True


def default_file() -> Path:
    return Path(platformdirs.user_config_dir("slaledger")) / "audit.key"


def key_path(given: str | Path | None = None) -> Path:
    """``given``, else ``SLALEDGER_AUDIT_KEY``, else the default file."""
    if given:
        return Path(given).expanduser()
    named = os.environ.get(KEY_VARIABLE, "").strip()
    return Path(named).expanduser() if named else default_file()


def public_path(private: Path) -> Path:
    return private.with_name(private.name + ".pub")


def generate(path: Path) -> SigningKey:
    """A new key in ``path`` (0600; refused when the file exists) and its public key in
    ``path.pub``."""
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise AuditKeyError(
            f"audit key {path}: the file exists already; a new key would orphan the "
            "checkpoints it signed (move it away first to replace it)"
        ) from None
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    os.chmod(path, 0o600)  # whatever the umask
    public = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    public_path(path).write_bytes(public)
    return SigningKey(private, str(path))


def load_signing(given: str | Path | None = None) -> SigningKey:
    """The private key (see the module's docstring); refused when others may read it."""
    path = key_path(given)
    try:
        mode = path.stat().st_mode
        data = path.read_bytes()
    except FileNotFoundError:
        raise AuditKeyError(
            f"no audit key: expected an Ed25519 private key in {path} "
            f"({KEY_VARIABLE} or --key names it), found no file: create one with "
            "sla audit keygen"
        ) from None
    except OSError as exc:
        raise AuditKeyError(f"audit key {path}: unreadable ({exc})") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise AuditKeyError(
            f"audit key {path}: expected a file only its owner may read (mode 0600), "
            f"found mode {stat.S_IMODE(mode):04o}"
        )
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise AuditKeyError(
            f"audit key {path}: expected an unencrypted PEM Ed25519 private key, found {exc}"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise AuditKeyError(
            f"audit key {path}: expected an Ed25519 private key, found {type(key).__name__}"
        )
    return SigningKey(key, str(path))


def load_verifying(path: str | Path) -> VerifyingKey:
    """A public key from a PEM file (``audit.key.pub``)."""
    file = Path(path).expanduser()
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise AuditKeyError(f"public key {file}: unreadable ({exc})") from None
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as exc:
        raise AuditKeyError(
            f"public key {file}: expected a PEM Ed25519 public key, found {exc}"
        ) from None
    if not isinstance(key, Ed25519PublicKey):
        raise AuditKeyError(
            f"public key {file}: expected an Ed25519 public key, found {type(key).__name__}"
        )
    return VerifyingKey(key, str(file))
