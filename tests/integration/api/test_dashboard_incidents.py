"""The incident pages of the dashboard through the app (TestClient): the history with its
filters, search, pages and compliance table, the CSV exports, an incident's timeline,
the month picker, and what a customer-viewer does not see (the provider's notes)."""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Iterator

import pytest

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*starlette.testclient.*httpx2")
    from starlette.testclient import TestClient

from tests.integration.api.incident_history import NOTE, NOW, VIEWER_EMAIL, seed_history

from slaledger.adapters.api import Settings, create_app
from slaledger.adapters.demo.seed_store import ADMIN_EMAIL, DEMO_PASSWORD
from slaledger.adapters.web import incident_figures

ALL = ["INC-RUNNING", "INC-OPEN", "INC-HIST-1", "INC-HIST-2", "INC-FEB"]  # the latest first


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, str]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('incident-pages') / 'slaledger.db'}"
    key = seed_history(url)
    app = create_app(database_url=url, settings=Settings(secret="test-secret"), clock=lambda: NOW)
    yield app, key
    app.state.engine.dispose()


def _client(app: object, email: str, language: str) -> TestClient:
    client = TestClient(app, raise_server_exceptions=False)  # type: ignore[arg-type]
    login = client.get("/dashboard/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', login.text)
    assert csrf is not None
    done = client.post(
        "/dashboard/login",
        data={"csrf": csrf.group(1), "email": email, "password": DEMO_PASSWORD},
        follow_redirects=False,
    )
    assert done.status_code == 303
    client.get(f"/dashboard/lang/{language}")
    return client


@pytest.fixture(scope="module")
def admin(app_url: tuple[object, str]) -> TestClient:
    return _client(app_url[0], ADMIN_EMAIL, "en")


@pytest.fixture(scope="module")
def admin_fr(app_url: tuple[object, str]) -> TestClient:
    return _client(app_url[0], ADMIN_EMAIL, "fr")


@pytest.fixture(scope="module")
def viewer(app_url: tuple[object, str]) -> TestClient:
    return _client(app_url[0], VIEWER_EMAIL, "en")


@pytest.fixture(scope="module")
def base(app_url: tuple[object, str]) -> str:
    return f"/dashboard/contracts/{app_url[1]}/incidents"


def _listed(client: TestClient, base: str, **params: str) -> list[str]:
    page = client.get(base, params=params)
    assert page.status_code == 200, page.text[:300]
    return re.findall(r'<tr data-incident="([^"]+)"', page.text)


def _csv(response: object, delimiter: str) -> list[list[str]]:
    body: bytes = response.content  # type: ignore[attr-defined]
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark, for Excel
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))


def test_the_history_lists_every_incident_resolved_or_not_the_latest_first(
    admin: TestClient, base: str
) -> None:
    assert _listed(admin, base) == ALL


def test_open_means_not_resolved_an_acknowledged_ticket_included(
    admin: TestClient, base: str
) -> None:
    assert _listed(admin, base, status="open") == ["INC-RUNNING", "INC-OPEN"]
    assert _listed(admin, base, status="resolved") == ALL[2:]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"priority": "important"}, ["INC-FEB"]),
        ({"priority": "critical"}, ALL[:4]),
        ({"month": "2024-02"}, ["INC-FEB"]),
        ({"month": "2024-01"}, []),
        ({"breached": "yes"}, ["INC-HIST-2"]),
        ({"breached": "no"}, ["INC-RUNNING", "INC-OPEN", "INC-HIST-1", "INC-FEB"]),
        ({"month": "2024-03", "status": "resolved", "breached": "no"}, ["INC-HIST-1"]),
        ({"q": "hist-2"}, ["INC-HIST-2"]),
        ({"q": "solution", "priority": "important"}, ["INC-FEB"]),
        ({"q": "vpn access"}, ["INC-HIST-1"]),  # the provider's note
    ],
)
def test_filters_and_search_keep_the_matching_incidents(
    admin: TestClient, base: str, params: dict[str, str], expected: list[str]
) -> None:
    assert _listed(admin, base, **params) == expected


def test_a_bad_month_in_the_filters_answers_the_400_page(admin: TestClient, base: str) -> None:
    page = admin.get(base, params={"month": "2024-13"})
    assert page.status_code == 400
    assert 'id="bad-month"' in page.text
    assert "2024-13" in page.text


def test_the_history_is_paged(
    admin: TestClient, base: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(incident_figures, "PAGE_SIZE", 3)
    first = admin.get(base, params={"q": "inc"})
    assert re.findall(r'<tr data-incident="([^"]+)"', first.text) == ALL[:3]
    assert "5 incidents" in first.text
    assert "Page 1 of 2" in first.text
    assert 'href="' + base + '?q=inc&amp;page=2"' in first.text
    assert _listed(admin, base, q="inc", page="2") == ALL[3:]
    assert _listed(admin, base, q="inc", page="99") == ALL[3:]  # the last page


def test_the_compliance_table_counts_clocks_met_out_of_clocks_due(
    admin: TestClient, base: str
) -> None:
    page = admin.get(base).text
    table = page[page.index('<table id="compliance">') :]
    march = re.search(r'<tr data-month="2024-03">(.*?)</tr>', table, re.S)
    assert march is not None
    critical = re.search(r'<td data-priority="critical">(.*?)</td>', march.group(1), re.S)
    assert critical is not None
    # take-into-account and diagnosis: met for INC-OPEN and INC-HIST-1, breached for HIST-2
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", critical.group(1))) == "66.7% (4/6)"
    february = re.search(r'<tr data-month="2024-02">(.*?)</tr>', table, re.S)
    assert february is not None
    assert "100.0% (2/2)" in re.sub(r"<[^>]+>", "", february.group(1))


def test_the_filtered_incidents_export_as_csv_with_english_columns(
    admin: TestClient, base: str
) -> None:
    response = admin.get(base, params={"month": "2024-03", "format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith(
        'attachment; filename="saas-annexes-incidents-en.csv"'
    )
    header, *rows = _csv(response, ",")
    assert header[:3] == ["Incident", "Notified (Europe/Paris)", "Priority"]
    assert header[-1] == "Notes"
    assert [r[0] for r in rows] == ALL[:4]
    hist = rows[2]
    assert hist[1] == "2024-03-05 10:00"
    assert hist[4] == "resolved"
    assert hist[6] == "no"
    assert hist[-1] == NOTE


def test_the_french_export_names_its_columns_in_french_and_splits_on_semicolons(
    admin_fr: TestClient, base: str
) -> None:
    response = admin_fr.get(base, params={"status": "open", "format": "csv"})
    assert "saas-annexes-incidents-fr.csv" in response.headers["content-disposition"]
    header, *rows = _csv(response, ";")
    assert header[:3] == ["Incident", "Signalé (Europe/Paris)", "Priorité"]
    assert [r[0] for r in rows] == ["INC-RUNNING", "INC-OPEN"]
    assert [r[4] for r in rows] == ["ouvert", "ouvert"]


def test_the_compliance_table_exports_as_csv(admin_fr: TestClient, base: str) -> None:
    response = admin_fr.get(
        base, params={"month": "2024-03", "format": "csv", "table": "compliance"}
    )
    assert response.status_code == 200
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert "saas-annexes-compliance-2023-04-2024-03-fr.csv" in disposition
    header, *rows = _csv(response, ";")
    assert header == [
        "Mois",
        "Priorité",
        "Délais respectés",
        "Délais échus",
        "Conformité (en\u00a0%)",
    ]
    assert ["2024-03", "critical", "4", "6", "66,67"] in rows
    assert ["2024-02", "important", "2", "2", "100,00"] in rows
    assert rows[-1] == ["Tous les mois", "Toutes priorités", "6", "8", "75,00"]


def test_the_incident_page_shows_its_events_and_its_clocks_on_a_timeline(
    admin: TestClient, base: str
) -> None:
    page = admin.get(f"{base}/INC-HIST-1")
    assert page.status_code == 200
    text = page.text.replace("\u202f", " ")  # Babel's narrow space before AM/PM
    assert re.findall(r'<tr data-event="([^"]+)"', text) == [
        "notified", "classified", "classified", "paused", "resumed",
        "acknowledged", "diagnosed", "restored",
    ]  # fmt: skip
    assert NOTE.replace("'", "&#39;") in text
    svg = text[text.index("<svg") : text.index("</svg>")]
    lane = svg[svg.index('data-clock="take-into-account"') :]
    lane = lane[: lane.index('</g><g class="lane"')]
    marks = re.findall(r'data-mark="([^"]+)"', lane)
    assert marks == ["pause", "start", "reclassified", "original-deadline", "deadline", "met"]
    assert "Reclassified as critical: Mar 5, 2024, 10:30 AM GMT+01:00" in lane
    assert "Original deadline: Mar 5, 2024, 2:00 PM GMT+01:00" in lane
    assert "Deadline, moved: Mar 5, 2024, 3:00 PM GMT+01:00" in lane
    clock = re.search(
        r'<tr class="clock status-met" data-clock="take-into-account">(.*?)</tr>', text, re.S
    )
    assert clock is not None
    outcome = " ".join(clock.group(1).split())
    assert "Met at Mar 5, 2024, 2:30 PM GMT+01:00, 0 h 30 before the deadline" in outcome
    assert "first set to Mar 5, 2024, 2:00 PM GMT+01:00" in outcome
    assert "time left" not in outcome


def test_a_breached_clock_shows_its_breach_and_its_late_stop(admin: TestClient, base: str) -> None:
    text = admin.get(f"{base}/INC-HIST-2").text.replace("\u202f", " ")
    svg = text[text.index("<svg") : text.index("</svg>")]
    assert 'data-clock="take-into-account" data-status="breached"' in svg
    assert re.findall(r'data-mark="(breached|stopped)"', svg) == ["breached", "stopped"] * 2
    clock = re.search(r'data-clock="take-into-account">(.*?)</tr>', text, re.S)
    assert clock is not None
    outcome = " ".join(clock.group(1).split())  # 14:00 on the 4th to 12:00 on the 5th
    assert "Stopped late at Mar 5, 2024, 12:00 PM GMT+01:00, 22 h 00 after the deadline" in (
        outcome
    )


def test_a_running_clock_is_drawn_up_to_now_and_shows_its_time_left(
    admin: TestClient, base: str
) -> None:
    text = admin.get(f"{base}/INC-RUNNING").text.replace("\u202f", " ")
    assert text.count('data-mark="now"') == 2
    assert 'data-mark="met"' not in text
    clock = re.search(r'data-clock="take-into-account">(.*?)</tr>', text, re.S)
    assert clock is not None
    # 4 working hours from 15:45: 15 minutes used by 16:00
    assert "Business time left: 3 h 45" in " ".join(clock.group(1).split())
    met = admin.get(f"{base}/INC-OPEN").text
    assert 'data-mark="now"' not in met
    assert "time left" not in met


def test_the_incident_page_in_french(admin_fr: TestClient, base: str) -> None:
    text = admin_fr.get(f"{base}/INC-HIST-1").text
    assert "Requalifié en critical\u00a0: 5 mars 2024" in text
    assert "avant l’échéance" in text
    assert "<td>pause</td>" not in text
    assert "<td>signalé</td>" in text


def test_an_unknown_incident_is_not_found(admin: TestClient, base: str) -> None:
    assert admin.get(f"{base}/INC-NOPE").status_code == 404
    assert admin.get("/dashboard/contracts/no-such-contract/incidents").status_code == 404


def test_a_customer_viewer_sees_the_incidents_but_never_the_providers_notes(
    viewer: TestClient, base: str
) -> None:
    assert _listed(viewer, base) == ALL
    assert _listed(viewer, base, q="vpn") == []  # notes are not searched for a customer
    page = viewer.get(f"{base}/INC-HIST-1").text
    assert "VPN" not in page
    assert 'class="note"' not in page
    header, *rows = _csv(viewer.get(base, params={"format": "csv"}), ",")
    assert "Notes" not in header
    assert all("VPN" not in cell for row in rows for cell in row)


def test_a_visitor_is_sent_to_the_login_page(app_url: tuple[object, str], base: str) -> None:
    client = TestClient(app_url[0], raise_server_exceptions=False)  # type: ignore[arg-type]
    response = client.get(f"{base}/INC-HIST-1", follow_redirects=False)
    assert response.status_code == 303
    assert "/dashboard/login" in response.headers["location"]


@pytest.mark.parametrize("page", ["availability", "kpis", "incidents"])
def test_contract_pages_offer_a_month_picker_with_the_chosen_month(
    admin: TestClient, app_url: tuple[object, str], page: str
) -> None:
    text = admin.get(f"/dashboard/contracts/{app_url[1]}/{page}", params={"month": "2024-01"}).text
    picker = re.search(r'<select id="pick-month" name="month">(.*?)</select>', text, re.S)
    assert picker is not None
    assert '<option value="2024-01" selected>' in picker.group(1)
    assert '<option value="2024-03"' in picker.group(1)  # the current month is offered


def test_the_credits_page_takes_a_month_too(admin: TestClient) -> None:
    text = admin.get("/dashboard/credits", params={"month": "2024-02"}).text
    assert '<option value="2024-02" selected>' in text
    assert "Twelve months ending with Feb 2024" in text
    assert admin.get("/dashboard/credits", params={"month": "02-2024"}).status_code == 400


def test_a_bad_month_on_the_kpi_page_still_answers_400(
    admin: TestClient, app_url: tuple[object, str]
) -> None:
    response = admin.get(f"/dashboard/contracts/{app_url[1]}/kpis", params={"month": "2024-00"})
    assert response.status_code == 400


def test_the_live_incidents_page_links_each_incident_to_its_page(
    admin: TestClient, base: str
) -> None:
    text = admin.get("/dashboard/incidents").text
    assert f'<a href="{base}/INC-RUNNING">INC-RUNNING</a>' in text
    assert f'<a class="history" href="{base}">' in text
