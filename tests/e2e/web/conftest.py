"""A uvicorn server on a free port, serving the dashboard over a demo-loaded SQLite file."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from slaledger.adapters.api import Settings, create_app
from slaledger.adapters.db.engine import upgrade
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.demo.seed_store import ADMIN_EMAIL, DEMO_PASSWORD, load_demo
from slaledger.adapters.web.app import replayed_clock

DEMO_NOW = datetime.fromisoformat("2024-12-20T13:00:00+01:00")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="package")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("web") / "demo.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    with Store.transaction(session_factory(url), actor="tests") as store:
        load_demo(store)
    return url


def demo_database(folder: Path) -> str:
    """A demo-loaded SQLite file in ``folder``, for tests that write: its URL."""
    url = f"sqlite:///{folder / 'demo.db'}"
    upgrade(url)
    factory = session_factory(url)
    with Store.transaction(factory, actor="tests") as store:
        load_demo(store)
    factory.kw["bind"].dispose()
    return url


@contextmanager
def serving(database_url: str, clock: Callable[[], datetime]) -> Iterator[str]:
    """The service over ``database_url`` on a free loopback port, "now" given by
    ``clock``; yields its address."""
    port = _free_port()
    app = create_app(
        database_url=database_url, settings=Settings(secret="test-secret"), clock=clock
    )
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(200):
        if running.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="package")
def server(database_url: str) -> Iterator[str]:
    with serving(database_url, replayed_clock(DEMO_NOW)) as address:
        yield address


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        yield chromium
        chromium.close()


def log_in(page: Page, server: str, email: str = ADMIN_EMAIL) -> None:
    page.goto(f"{server}/dashboard/login")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    page.click("#login")
    page.wait_for_url(f"{server}/dashboard/")


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context()
    # a page rendered by a server sharing two cores with the rest of the suite may take
    # longer than Playwright's 30 s default: wait, the assertions are unchanged
    context.set_default_timeout(90_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def admin(page: Page, server: str) -> Page:
    log_in(page, server)
    return page
