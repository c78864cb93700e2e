"""The key that signs backups (HMAC-SHA256 over the manifest), kept outside the archive
and outside the database: whoever can change an archive or the database cannot sign.

Where the key is found, in order:
1. ``SLALEDGER_BACKUP_KEY``: the key itself (at least 32 characters);
2. ``SLALEDGER_BACKUP_KEY_FILE``: a file holding it;
3. ``backup.key`` in the user's configuration folder
   (``platformdirs.user_config_dir("slaledger")``, ``~/.config/slaledger`` on Linux).
``sla backup`` creates the file of 3. (64 hex digits, readable by its owner only) when no
key is found; ``sla restore`` never creates one. A key id (the first 16 hex digits of
the sha256 of the key) is written next to each signature, so a restore with another
key says which key signed the archive.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ALGORITHM = "HMAC-SHA256"
MINIMUM_LENGTH = 32


class BackupKeyError(ValueError):
    """No usable backup key."""


@dataclass(frozen=True)
class BackupKey:
    secret: bytes
    origin: str  # where it was found, for messages
    created: bool = False

    @property
    def key_id(self) -> str:
        return hashlib.sha256(self.secret).hexdigest()[:16]

    def sign(self, manifest: bytes) -> str:
        return hmac.new(self.secret, manifest, hashlib.sha256).hexdigest()

    def verifies(self, manifest: bytes, signature: str) -> bool:
        return hmac.compare_digest(self.sign(manifest), signature)


def default_file() -> Path:
    return Path(platformdirs.user_config_dir("slaledger")) / "backup.key"


def load_key(*, create: bool = False) -> BackupKey:
    """The backup key (see the module's docstring); with ``create``, a new key file in
    the configuration folder when there is none."""
    given = os.environ.get("SLALEDGER_BACKUP_KEY", "").strip()
    if given:
        return _checked(given, "SLALEDGER_BACKUP_KEY")
    named = os.environ.get("SLALEDGER_BACKUP_KEY_FILE", "").strip()
    path = Path(named).expanduser() if named else default_file()
    origin = f"{path} (SLALEDGER_BACKUP_KEY_FILE)" if named else str(path)
    if path.exists():
        try:
            return _checked(path.read_text(encoding="utf-8").strip(), origin)
        except (OSError, UnicodeDecodeError) as exc:
            raise BackupKeyError(f"backup key {origin}: unreadable ({exc})") from None
    if not create:
        raise BackupKeyError(
            f"no backup key: expected the key that signed the archive in "
            f"SLALEDGER_BACKUP_KEY, in the file SLALEDGER_BACKUP_KEY_FILE names, or in "
            f"{default_file()}; found none"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_hex(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secret + "\n")
    return BackupKey(secret.encode(), origin, created=True)


def _checked(text: str, origin: str) -> BackupKey:
    if len(text) < MINIMUM_LENGTH:
        raise BackupKeyError(
            f"backup key {origin}: expected at least {MINIMUM_LENGTH} characters, found {len(text)}"
        )
    return BackupKey(text.encode(), origin)
