"""TOTP seeds are sealed with a key derived from the service secret: unreadable in the
database, and refused (not misread) under another secret (issue #20 part 2)."""

from __future__ import annotations

import pytest

from slaledger.adapters.db.secret_box import SecretBox, SecretBoxError


def test_a_sealed_secret_opens_with_the_same_service_secret_only() -> None:
    box = SecretBox("service secret")
    sealed = box.seal("JBSWY3DPEHPK3PXP")
    assert "JBSWY3DPEHPK3PXP" not in sealed
    assert SecretBox("service secret").open(sealed, box.key_id) == "JBSWY3DPEHPK3PXP"
    other = SecretBox("another secret")
    assert other.key_id != box.key_id
    with pytest.raises(SecretBoxError, match="another service secret"):
        other.open(sealed, box.key_id)


def test_an_altered_seal_is_refused() -> None:
    box = SecretBox("service secret")
    sealed = box.seal("JBSWY3DPEHPK3PXP")
    altered = sealed[:-6] + ("A" if sealed[-6] != "A" else "B") + sealed[-5:]
    with pytest.raises(SecretBoxError, match="altered"):
        box.open(altered, box.key_id)


def test_each_seal_differs_though_the_secret_is_the_same() -> None:
    box = SecretBox("s")
    assert box.seal("X") != box.seal("X")
