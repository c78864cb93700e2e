"""Loopback servers for the prober (tests/probe_servers.py), one set per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.probe_servers import (
    Certificates,
    Running,
    http_server,
    make_certificates,
    server_context,
    tcp_listener,
)


@pytest.fixture(scope="module")
def http() -> Iterator[Running]:
    with http_server() as running:
        yield running


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    """A test CA and a server certificate it signed, valid 30 days."""
    return make_certificates(tmp_path_factory.mktemp("tls"), days=30)


@pytest.fixture(scope="module")
def expiring(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    """A server certificate that expires in 5 days."""
    return make_certificates(tmp_path_factory.mktemp("tls-expiring"), days=5)


@pytest.fixture(scope="module")
def https(certificates: Certificates) -> Iterator[Running]:
    with http_server(server_context(certificates.cert, certificates.key)) as running:
        yield running


@pytest.fixture(scope="module")
def https_expiring(expiring: Certificates) -> Iterator[Running]:
    with http_server(server_context(expiring.cert, expiring.key)) as running:
        yield running


@pytest.fixture(scope="module")
def tcp_port() -> Iterator[int]:
    with tcp_listener() as port:
        yield port


@pytest.fixture
def ca_file(certificates: Certificates) -> Path:
    return certificates.ca
