from __future__ import annotations

from collections.abc import Iterator

import pytest

from .loopback import Loopback, serve


@pytest.fixture
def helpdesk() -> Iterator[Loopback]:
    yield from serve()
