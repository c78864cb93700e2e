"""``sla serve`` migrates the database and serves the API until stopped."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from slaledger.adapters.db.engine import current, head


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_sla_serve_migrates_then_serves_the_openapi_document(tmp_path: Path) -> None:
    database = tmp_path / "served.db"
    port = _free_port()
    sla = Path(sys.executable).with_name("sla")
    server = subprocess.Popen(
        [str(sla), "serve", "--db", str(database), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        document = None
        deadline = time.monotonic() + 180  # start-up imports take long on a loaded machine
        while document is None and time.monotonic() < deadline:
            try:
                document = httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=2).json()
            except httpx.TransportError:
                time.sleep(0.2)
        assert document is not None, "the server did not answer within 180 s"
        assert "/api/contracts/{contract_id}/incidents" in document["paths"]
        unauthorized = httpx.get(f"http://127.0.0.1:{port}/api/contracts", timeout=5)
        assert unauthorized.status_code == 401
        assert current(f"sqlite:///{database}") == head()
    finally:
        server.terminate()
        server.wait(timeout=30)
