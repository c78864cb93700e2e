"""Real servers on loopback for the prober's tests: HTTP and HTTPS (threaded
``http.server``), a TCP listener, a closed port, and certificates made with openssl.

Ports are chosen by the system (port 0). The HTTP handler answers by path:

- ``/ok``: 200, ``{"status": "ok", "version": 42}``
- ``/status/NNN``: status NNN
- ``/slow``: waits (up to 10 s, released at shutdown) before answering 200
- ``/maintenance``: 200, a maintenance page (a body mismatch for ``ok``)
- ``/redirect``: 302 to ``/ok``
- ``/switch``: 200 or 503, as ``server.state["down"]`` says (a test turns it off and on)
- ``/pause``: 200 after 0.2 s, counting the requests in flight (``state["most"]``)
"""

from __future__ import annotations

import http.server
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__((HOST, 0), _Handler)
        self.state: dict[str, Any] = {"down": False, "hits": 0, "flying": 0, "most": 0}
        self.release = threading.Event()
        self.lock = threading.Lock()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet: a client that gave up (a probe's timeout) is what some tests do."""


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        del format, args

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.state["hits"] += 1
        path = self.path
        if path == "/slow":
            self.server.release.wait(10)
            self._answer(200, b"late")
        elif path.startswith("/pause"):
            with self.server.lock:
                self.server.state["flying"] += 1
                most = max(self.server.state["most"], self.server.state["flying"])
                self.server.state["most"] = most
            self.server.release.wait(0.2)
            with self.server.lock:
                self.server.state["flying"] -= 1
            self._answer(200, b"paused")
        elif path.startswith("/status/"):
            self._answer(int(path.rsplit("/", 1)[1]), b"as asked")
        elif path == "/maintenance":
            self._answer(200, b"<h1>Maintenance in progress</h1>")
        elif path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/switch":
            down = self.server.state["down"]
            self._answer(503 if down else 200, b"down" if down else b"up")
        else:
            self._answer(200, b'{"status": "ok", "version": 42}')

    do_HEAD = do_GET  # noqa: N815

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@dataclass
class Running:
    url: str
    server: _Server

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])


@contextmanager
def http_server(tls: ssl.SSLContext | None = None) -> Iterator[Running]:
    """An HTTP server (HTTPS with ``tls``) on a free loopback port."""
    server = _Server()
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    scheme = "https" if tls is not None else "http"
    try:
        yield Running(f"{scheme}://{HOST}:{server.server_address[1]}", server)
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    return context


@contextmanager
def tcp_listener() -> Iterator[int]:
    """A socket that accepts connections (and closes them), on a free port."""
    listener = socket.create_server((HOST, 0))
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(5)
        listener.close()


def closed_port() -> int:
    """A port nothing listens on: bound, then released (the system hands out ports in
    turn, so it is not given again at once)."""
    probe = socket.socket()
    probe.bind((HOST, 0))
    port = int(probe.getsockname()[1])
    probe.close()
    return port


# ------------------------------------------------------------------ certificates
@dataclass(frozen=True)
class Certificates:
    ca: Path  # the test CA's certificate, for ca_file
    cert: Path  # the server's, signed by the CA, for 127.0.0.1
    key: Path


def _openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def make_certificates(folder: Path, *, days: int) -> Certificates:
    """A CA and a server certificate for 127.0.0.1 signed by it, valid ``days`` days."""
    folder.mkdir(parents=True, exist_ok=True)
    ca_key, ca = folder / "ca.key", folder / "ca.pem"
    key, request, cert = folder / "server.key", folder / "server.csr", folder / "server.pem"
    extensions = folder / "server.ext"
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
             "-keyout", str(ca_key), "-out", str(ca), "-subj", "/CN=SLA Ledger test CA",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign")  # fmt: skip
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(request),
             "-subj", "/CN=127.0.0.1")  # fmt: skip
    extensions.write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
        "extendedKeyUsage=serverAuth\n",
        encoding="utf-8",
    )
    _openssl("x509", "-req", "-in", str(request), "-CA", str(ca), "-CAkey", str(ca_key),
             "-CAcreateserial", "-days", str(days), "-out", str(cert),
             "-extfile", str(extensions))  # fmt: skip
    return Certificates(ca, cert, key)
