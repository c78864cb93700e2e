"""The probe package's public names: what the CLI, and the service's scheduler, use."""

from __future__ import annotations

import slaledger.adapters.ingest.probe as probe


def test_every_public_name_of_the_probe_package_is_importable_and_listed() -> None:
    assert all(hasattr(probe, name) for name in probe.__all__)
    public = {name for name in vars(probe) if not name.startswith("_")}
    modules = {"checks", "config", "prober", "runner", "samples"}
    assert public - modules == set(probe.__all__)
