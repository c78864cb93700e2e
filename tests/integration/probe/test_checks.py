"""Checks against real servers on loopback: what is up, what is down and why, TLS
verification and the certificate warning, bounded concurrency."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from slaledger.adapters.ingest.probe import Probes, run_once, run_round
from slaledger.adapters.ingest.probe.config import HttpCheck, TcpCheck
from tests.probe_servers import Running, closed_port

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _check(**fields: Any) -> HttpCheck | TcpCheck:
    fields = {"id": "c", "service": "web", "interval": "60s", **fields}
    return Probes.model_validate({"checks": [fields]}).checks[0]


def _one(**fields: Any) -> Any:
    found = run_round([_check(**fields)], now=datetime.now(UTC))
    [result] = found.results
    return result


@pytest.mark.parametrize(
    ("path", "fields", "up", "code", "reason"),
    [
        # the plain case
        ("/ok", {}, True, "up", ""),
        # a server error is down, with the status said
        ("/status/503", {}, False, "status", "HTTP status 503, expected 200-299"),
        # ...unless the check expects it
        ("/status/503", {"expected_status": [503]}, True, "up", ""),
        # a 404 against a list of statuses and ranges
        ("/status/404", {"expected_status": "200-299, 301"}, False, "status",
         "HTTP status 404, expected 200-299,301"),
        # a substring of the body
        ("/ok", {"body_contains": '"status": "ok"'}, True, "up", ""),
        ("/maintenance", {"body_contains": '"status": "ok"'}, False, "body",
         """the body does not contain '"status": "ok"'"""),
        # a regular expression on the body
        ("/ok", {"body_matches": r'"version": \d+'}, True, "up", ""),
        ("/maintenance", {"body_matches": r'"version": \d+'}, False, "body",
         """the body does not match '"version": \\\\d+'"""),
        # redirects are followed by default...
        ("/redirect", {}, True, "up", ""),
        # ...or judged as they come
        ("/redirect", {"follow_redirects": False}, False, "status",
         "HTTP status 302, expected 200-299"),
        # HEAD
        ("/ok", {"method": "head"}, True, "up", ""),
    ],
)  # fmt: skip
def test_an_http_check_is_up_only_with_the_expected_answer(
    http: Running, path: str, fields: dict[str, Any], up: bool, code: str, reason: str
) -> None:
    result = _one(kind="http", url=http.url + path, **fields)
    assert (result.up, result.code, result.reason) == (up, code, reason)
    assert result.latency_ms >= 0  # an answer came: its latency is measured


def test_a_slow_endpoint_is_down_after_the_timeout_with_the_reason_kept(http: Running) -> None:
    started = datetime.now(UTC)
    result = _one(kind="http", url=http.url + "/slow", timeout="0.3s")
    waited = (datetime.now(UTC) - started).total_seconds()
    assert (result.up, result.code, result.reason) == (False, "timeout", "no answer within 0.3s")
    assert math.isnan(result.latency_ms)  # no answer: not measured
    assert waited < 5  # the server would have answered after 10 s


@pytest.mark.parametrize("kind", ["http", "tcp"])
def test_a_closed_port_is_down_connection_refused(kind: str) -> None:
    port = closed_port()
    target = {"url": f"http://127.0.0.1:{port}/"} if kind == "http" else {
        "host": "127.0.0.1", "port": port}  # fmt: skip
    result = _one(kind=kind, **target)
    assert (result.up, result.code, result.reason) == (False, "refused", "connection refused")
    assert math.isnan(result.latency_ms)


def test_a_tcp_listener_is_up(tcp_port: int) -> None:
    result = _one(kind="tcp", host="127.0.0.1", port=tcp_port)
    assert (result.up, result.code) == (True, "up")
    assert result.latency_ms >= 0


def test_https_is_verified_against_the_ca_file(https: Running, ca_file: Path) -> None:
    trusted = _one(kind="http", url=https.url + "/ok", ca_file=str(ca_file))
    untrusted = _one(kind="http", url=https.url + "/ok")
    assert (trusted.up, trusted.code) == (True, "up")
    # 30 days from its creation, a moment ago
    days_left = (trusted.certificate_expires - datetime.now(UTC).timestamp()) / 86_400
    assert 29 < days_left <= 30
    assert (untrusted.up, untrusted.code) == (False, "tls")
    assert untrusted.reason.startswith("TLS certificate not trusted: ")
    assert "unable to get local issuer certificate" in untrusted.reason


def test_a_certificate_expiring_in_5_days_gives_a_warning(
    https_expiring: Running, expiring: Any
) -> None:
    check = _check(kind="http", url=https_expiring.url + "/ok", ca_file=str(expiring.ca))
    table, warnings = run_once([check], now=datetime.now(UTC))
    assert table.up.tolist() == [True]  # still up: a warning, not an outage
    [warning] = warnings
    assert warning.check == "c"
    assert warning.code == "certificate-expiry"
    assert "the TLS certificate of 127.0.0.1 expires on " in warning.message
    # made a moment ago, in whole seconds: 5 days left, or 4 and some hours
    assert re.search(r", in [45] days \(warning from 14 days ahead\)$", warning.message)
    # a shorter warning time says nothing yet
    quiet = _check(kind="http", url=https_expiring.url + "/ok", ca_file=str(expiring.ca),
                   certificate_warning="3 days")  # fmt: skip
    assert run_once([quiet], now=datetime.now(UTC))[1] == []


def test_a_round_runs_at_most_concurrency_checks_at_once(http: Running) -> None:
    http.server.state["most"] = 0
    checks = [
        _check(id=f"p{i}", service=f"s{i}", kind="http", url=f"{http.url}/pause?{i}")
        for i in range(9)
    ]
    found = run_round(checks, now=NOW, concurrency=3)
    assert all(r.up for r in found.results)
    assert 2 <= http.server.state["most"] <= 3


def test_a_round_gives_one_sample_per_service_down_when_one_check_is(
    http: Running, tcp_port: int
) -> None:
    checks = Probes.model_validate(
        {
            "checks": [
                {"id": "home", "service": "web", "kind": "http", "url": http.url + "/ok"},
                {"id": "api", "service": "web", "kind": "http", "url": http.url + "/status/500"},
                {"id": "db", "service": "db", "kind": "tcp", "host": "127.0.0.1", "port": tcp_port},
            ]
        }
    ).checks
    table, warnings = run_once(checks, now=NOW, origin="probes.yaml")
    assert warnings == []
    assert table.services == ("db", "web")
    assert table.up.tolist() == [True, False]
    assert table.at.tolist() == [int(NOW.timestamp())] * 2
    assert table.row.tolist() == [3, 2]  # the check that decided: 'api' is check 2
    assert (table.origin.name, table.origin.kind, table.origin.unit) == (
        "probes.yaml", "probe", "check")  # fmt: skip
    assert table.origin.locate(2) == "probes.yaml check 2"
    assert not np.isnan(table.latency_ms).any()


def test_a_ca_file_gone_since_loading_makes_its_checks_down_not_the_round(
    https: Running, http: Running, ca_file: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "ca.pem"
    copy.write_bytes(ca_file.read_bytes())
    tls = _check(id="tls", service="tls", kind="http", url=https.url + "/ok", ca_file=str(copy))
    plain = _check(id="plain", service="web", kind="http", url=http.url + "/ok")
    copy.unlink()
    found = run_round([tls, plain], now=NOW)
    gone, fine = found.results
    assert (gone.up, gone.code) == (False, "tls")
    assert gone.reason.startswith(f"cannot read the ca_file {copy} (")
    assert fine.up
