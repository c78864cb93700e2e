"""Shared fixtures: the example calendars, loaded once; a real Prometheus, started once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from slaledger.adapters.files.calendar_file import load_calendar_file
from slaledger.adapters.holidays import HolidaysPackage
from slaledger.domain.calendar.engine import BusinessCalendar
from tests.prometheus_server import PrometheusServer

# One profile for every property test: no per-example deadline (a timing check does not
# belong in tests; a loaded machine made them flaky); benchmarks/ measure speed.
settings.register_profile("slaledger", deadline=None)
settings.load_profile("slaledger")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CALENDARS = ROOT / "examples" / "calendars.yaml"


@pytest.fixture(scope="session")
def calendars() -> dict[str, BusinessCalendar]:
    provider = HolidaysPackage()
    return {
        name: BusinessCalendar(spec, provider)
        for name, spec in load_calendar_file(EXAMPLE_CALENDARS).items()
    }


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A skipped test is a test that did not run: the suite must not pass with one."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped and exitstatus == pytest.ExitCode.OK:
        for report in skipped:
            reporter.write_line(f"not allowed to skip: {report.nodeid}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def prometheus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrometheusServer]:
    """A real Prometheus serving ``tests/prometheus_history.py``, for the whole session."""
    from tests.prometheus_history import families

    server = PrometheusServer(tmp_path_factory.mktemp("prometheus"), families())
    yield server
    server.stop()
