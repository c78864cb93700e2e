"""``sla serve`` migrates the database and serves the API until stopped."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from slaledger.adapters.db.engine import current, head


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_sla_serve_migrates_then_serves_the_openapi_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "served.db"
    port = _free_port()
    sla = Path(sys.executable).with_name("sla")
    for name in ("SLALEDGER_DB", "SLALEDGER_SOURCES", "PROMETHEUS_MULTIPROC_DIR"):
        monkeypatch.delenv(name, raising=False)  # the service's own defaults
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(sla), "serve", "--db", str(database), "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        document = None
        deadline = time.monotonic() + 180  # start-up imports take long on a loaded machine
        while document is None and time.monotonic() < deadline:
            assert server.poll() is None, f"sla serve stopped: {log.read_text()}"
            try:
                document = httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=10).json()
            except httpx.TransportError:
                time.sleep(0.2)
        assert document is not None, f"the server did not answer within 180 s: {log.read_text()}"
        assert "/api/contracts/{contract_id}/incidents" in document["paths"]
        unauthorized = httpx.get(f"http://127.0.0.1:{port}/api/contracts", timeout=5)
        assert unauthorized.status_code == 401
        assert current(f"sqlite:///{database}") == head()
    finally:
        server.terminate()
        server.wait(timeout=30)
