"""``sla serve --log-format json``: every log line is a JSON object; a request's lines
carry its id, the caller's X-Request-ID, echoed in the response."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import httpx
from tests.integration.api.test_serve_workers import Served, _environment

JSON_START = re.compile(r'"message": "Uvicorn running on http://127\.0\.0\.1:(\d+)')


def test_json_logs_carry_the_request_id_given_by_the_caller(tmp_path: Path) -> None:
    served = Served(
        ["--db", str(tmp_path / "logs.db"), "--port", "0", "--log-format", "json"],
        _environment(SLALEDGER_SCHEDULER="0"),
    )
    try:
        port = served.port(JSON_START)
        base = f"http://127.0.0.1:{port}"
        response = httpx.get(base + "/healthz", headers={"X-Request-ID": "trace-7f3a"}, timeout=30)
        assert response.headers["X-Request-ID"] == "trace-7f3a"
        deadline = time.monotonic() + 60
        while not any("trace-7f3a" in line for line in served.lines):
            assert time.monotonic() < deadline, "".join(served.lines)
            time.sleep(0.05)
    finally:
        served.stop()
    documents = [json.loads(line) for line in served.lines if line.strip()]  # all JSON
    access = [d for d in documents if d.get("request_id") == "trace-7f3a"]
    assert len(access) == 1
    assert access[0]["logger"] == "uvicorn.access"
    assert access[0]["path"] == "/healthz"
    assert access[0]["status"] == 200
    started = [d for d in documents if d["message"].startswith("Uvicorn running")]
    assert started[0]["request_id"] is None
