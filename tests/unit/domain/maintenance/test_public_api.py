"""The package's public surface is what ``__all__`` lists."""

from __future__ import annotations

import slaledger.domain.maintenance as maintenance


def test_every_public_name_is_exported_and_exists():
    assert sorted(maintenance.__all__) == sorted(set(maintenance.__all__))
    for name in maintenance.__all__:
        assert hasattr(maintenance, name)
