"""Real local servers for the notifiers: an HTTP server for webhooks, an SMTP server for
e-mail; and a store holding seed contract 001 with one Critical incident."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller

from slaledger.adapters.db.store import Store

ROOT = Path(__file__).resolve().parents[3]
CONTRACT = ROOT / "examples" / "contracts" / "001-saas-annexes.yaml"


@dataclass
class WebhookServer:
    """Records every POST; answers the statuses queued in ``answers``, then 204."""

    url: str = ""
    received: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@pytest.fixture
def webhook_server() -> Iterator[WebhookServer]:
    state = WebhookServer()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length))
            with state.lock:
                state.received.append(body)
                state.headers.append(dict(self.headers))
                status = state.answers.pop(0) if state.answers else 204
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args: object) -> None:  # keep the test output quiet
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/sla"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join()


class Mailbox:
    """aiosmtpd handler keeping each message received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield mailbox, port
    controller.stop()


@pytest.fixture
def seeded(store: Store) -> Store:
    """001 with INC-1: notified Saturday 16 March 2024 10:00 Paris, Critical (out of
    hours: take-into-account 6 h round the clock, at risk at 14:30, breached at 16:00)."""
    paris = ZoneInfo("Europe/Paris")
    store.upload_contract_file(str(CONTRACT), accept_lint_errors=True)  # the seed as it is
    key = store.contracts()[0].key
    store.record_event(key, "INC-1", event="notified", at=datetime(2024, 3, 16, 10, tzinfo=paris))
    store.record_event(
        key,
        "INC-1",
        event="classified",
        value="critical",
        at=datetime(2024, 3, 16, 10, 5, tzinfo=paris),
    )
    store.commit()
    return store
