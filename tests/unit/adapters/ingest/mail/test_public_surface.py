"""The mail package's public names: what the CLI, and later the sync service, use."""

from __future__ import annotations

import slaledger.adapters.ingest.mail as mail


def test_every_public_name_of_the_mail_package_is_importable_and_listed() -> None:
    assert all(hasattr(mail, name) for name in mail.__all__)
    public = {name for name in vars(mail) if not name.startswith("_")}
    modules = {"check", "files", "imap", "mapping", "message", "output", "rules", "threads"}
    assert public - modules == set(mail.__all__)
