"""A real HTTP server on loopback serving recorded helpdesk payloads.

Each test routes paths to handlers that see the request (path, query, headers) and
answer (status, headers, body): the connectors talk real HTTP, nothing of ours is
mocked. ``recorded_<vendor>`` build the routes of one helpdesk from the fixtures in
tests/fixtures/helpdesks/<vendor>/, paging as the vendor pages.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "helpdesks"


@dataclass(frozen=True)
class Request:
    path: str
    query: dict[str, str]
    headers: dict[str, str]


Answer = tuple[int, dict[str, str], Any]
Handler = Callable[[Request], Answer]


@dataclass
class Loopback:
    url: str = ""
    routes: dict[str, Handler] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def route(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]


def load(vendor: str, name: str) -> Any:
    return json.loads((FIXTURES / vendor / name).read_text(encoding="utf-8"))


def ok(body: Any, **headers: str) -> Answer:
    return 200, dict(headers), body


def serve() -> Iterator[Loopback]:
    state = Loopback()

    class Served(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            request = Request(
                parts.path,
                {k: v[-1] for k, v in parse_qs(parts.query).items()},
                {k.lower(): v for k, v in self.headers.items()},
            )
            with state.lock:
                state.requests.append(request)
                handler = state.routes.get(parts.path)
            if handler is None:
                status, headers, body = 404, {}, {"error": f"no route {parts.path}"}
            else:
                status, headers, body = handler(request)
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Served)  # an OS-assigned port
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
