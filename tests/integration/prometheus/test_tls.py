"""TLS is verified, always: a Prometheus behind a certificate no authority vouches for is
refused, and accepted with its CA given by ``--ca-file``. The server is a small HTTPS
server of this test (an OS-assigned loopback port), answering the API's shape."""

from __future__ import annotations

import json
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from slaledger.adapters.cli.main import main
from slaledger.adapters.ingest.prometheus_api import PrometheusClient, PrometheusError

T0 = 1_709_251_200
ANSWER = {
    "status": "success",
    "data": {
        "resultType": "matrix",
        "result": [{"metric": {"job": "web"}, "values": [[T0 + 60, "1"], [T0 + 120, "0"]]}],
    },
}


class _Prometheus(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps(ANSWER).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def https_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """``(url, ca_file)`` of an HTTPS server with a self-signed certificate for 127.0.0.1."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Prometheus)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}", cert
    server.shutdown()
    server.server_close()


def test_a_certificate_no_authority_vouches_for_is_refused(https_server: tuple[str, Path]) -> None:
    url, _ = https_server
    with PrometheusClient(url, timeout=10) as client, pytest.raises(PrometheusError) as caught:
        client.query_range("up", T0 + 60, T0 + 120, 60)
    assert "unreachable" in str(caught.value)
    assert "CERTIFICATE_VERIFY_FAILED" in str(caught.value)


def test_the_servers_ca_given_as_ca_file_is_trusted(
    https_server: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, cert = https_server
    output = tmp_path / "samples.csv"
    with pytest.raises(SystemExit) as exit_info:
        main(
            [
                "ingest",
                "prometheus",
                "--url",
                url,
                "--service",
                "web",
                "--start",
                "2024-03-01T00:00:00Z",
                "--end",
                "2024-03-01T00:02:00Z",
                "--up-query",
                "up",
                "--ca-file",
                str(cert),
                "--output",
                str(output),
            ]
        )
    assert exit_info.value.code in (0, None), capsys.readouterr().err
    assert output.read_text(encoding="utf-8").splitlines()[1:] == [
        "web,2024-03-01T00:00:00Z,up,",
        "web,2024-03-01T00:01:00Z,down,",
    ]
