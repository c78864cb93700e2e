"""Bad deliveries and bad mappings: a clear message, nothing written."""

from __future__ import annotations

import copy

from tests.e2e.test_calendar_cli import run

from .loopback import FIXTURES, Loopback, Request, load, ok
from .recorded import jira
from .test_helpdesk_clocks import clocks, ingest

MAPPING = (FIXTURES / "jira" / "mapping.yaml").read_text(encoding="utf-8")


def _serve_pages(server: Loopback, pages: list[dict]) -> None:
    def search(request: Request):
        start = int(request.query.get("startAt", "0"))
        return ok(
            pages[start] if start < len(pages) else {"startAt": start, "total": 2, "issues": []}
        )

    server.route("/rest/api/2/search", search)
    server.route(
        "/rest/api/2/issue/SUP-2/changelog", lambda r: ok(load("jira", "changelog-SUP-2.json"))
    )


def _jira_args(server: Loopback, mapping: str, output) -> list[str]:
    return [
        "ingest", "tickets", "--source", "jira", "--mapping", mapping,
        "--url", server.url, "--token", "jira-token", "--output", str(output),
    ]  # fmt: skip


def test_a_status_no_rule_maps_names_the_ticket_and_the_mapping_line(capsys, helpdesk, tmp_path):
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(MAPPING.replace("  Diagnosed: [diagnosed]\n", ""), encoding="utf-8")
    jira(helpdesk)
    output = tmp_path / "events.csv"
    code, _, err = run(capsys, *_jira_args(helpdesk, str(mapping), output))
    assert code == 2
    assert (
        f"{mapping}:16: statuses: expected a rule for the status 'Diagnosed' of ticket SUP-1" in err
    )
    assert "(and 1 other tickets)" in err
    assert 'add "Diagnosed": [] under statuses, found no rule' in err
    assert not output.exists()


def test_an_unknown_priority_is_reported_not_dropped(capsys, helpdesk, tmp_path):
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(MAPPING.replace("  Medium: important\n", ""), encoding="utf-8")
    jira(helpdesk)
    code, _, err = run(capsys, *_jira_args(helpdesk, str(mapping), tmp_path / "e.csv"))
    assert code == 2
    assert "priorities: expected a rule for the priority 'Medium' of ticket SUP-1" in err


def test_a_history_going_back_in_time_is_refused(capsys, helpdesk, tmp_path):
    pages = [load("jira", "search-page-1.json"), load("jira", "search-page-2.json")]
    histories = pages[0]["issues"][0]["changelog"]["histories"]
    histories[3]["created"] = "2024-03-12T12:30:00.000+0100"  # 10004 before 10003 (13:00)
    _serve_pages(helpdesk, pages)
    output = tmp_path / "events.csv"
    code, _, err = run(
        capsys, *_jira_args(helpdesk, str(FIXTURES / "jira" / "mapping.yaml"), output)
    )
    assert code == 2
    assert "ticket SUP-1 history entry 10004: dated 2024-03-12T11:30:00Z, before entry 10003" in err
    assert "the history goes back in time" in err
    assert not output.exists()


def test_a_ticket_delivered_twice_alike_is_imported_once(capsys, helpdesk, tmp_path):
    first = load("jira", "search-page-1.json")
    again = copy.deepcopy(first)
    again["startAt"] = 1
    _serve_pages(helpdesk, [first, again])
    code, out, err = run(
        capsys, *_jira_args(helpdesk, str(FIXTURES / "jira" / "mapping.yaml"), tmp_path / "e.csv")
    )
    assert code == 0, err
    assert out.startswith("1 tickets")


def test_a_ticket_delivered_twice_differently_means_the_helpdesk_changed_while_read(
    capsys, helpdesk, tmp_path
):
    first = load("jira", "search-page-1.json")
    again = copy.deepcopy(first)
    again["startAt"] = 1
    again["issues"][0]["changelog"]["histories"].pop()
    again["issues"][0]["changelog"]["total"] = 5
    _serve_pages(helpdesk, [first, again])
    output = tmp_path / "events.csv"
    code, _, err = run(
        capsys, *_jira_args(helpdesk, str(FIXTURES / "jira" / "mapping.yaml"), output)
    )
    assert code == 2
    assert "ticket SUP-1: delivered twice with different content" in err
    assert not output.exists()


def test_a_result_set_that_grows_between_pages_is_refused(capsys, helpdesk, tmp_path):
    pages = [load("jira", "search-page-1.json"), load("jira", "search-page-2.json")]
    pages[1]["total"] = 3
    _serve_pages(helpdesk, pages)
    output = tmp_path / "events.csv"
    code, _, err = run(
        capsys, *_jira_args(helpdesk, str(FIXTURES / "jira" / "mapping.yaml"), output)
    )
    assert code == 2
    assert "2 in all, then 3: the helpdesk changed while it was read; nothing was imported" in err
    assert not output.exists()


def test_an_expired_token_is_refused_at_once_with_the_url(capsys, helpdesk, tmp_path):
    jira(helpdesk)
    args = _jira_args(helpdesk, str(FIXTURES / "jira" / "mapping.yaml"), tmp_path / "e.csv")
    args[args.index("jira-token")] = "expired"
    code, _, err = run(capsys, *args)
    assert code == 2
    assert f"GET {helpdesk.url}/rest/api/2/search" in err
    assert "401 Unauthorized: the helpdesk refused the credentials" in err
    assert helpdesk.paths().count("/rest/api/2/search") == 1  # no retry of a refusal


def test_a_rate_limited_page_is_asked_again_after_retry_after(capsys, helpdesk, tmp_path):
    jira(helpdesk)
    served = helpdesk.routes["/rest/api/2/search"]
    limited = {"done": False}

    def once_limited(request: Request):
        if not limited["done"]:
            limited["done"] = True
            return 429, {"Retry-After": "0"}, {"errorMessages": ["Rate limit exceeded"]}
        return served(request)

    helpdesk.route("/rest/api/2/search", once_limited)
    code, _, err = run(
        capsys, *_jira_args(helpdesk, str(FIXTURES / "jira" / "mapping.yaml"), tmp_path / "e.csv")
    )
    assert code == 0, err
    assert [r.query["startAt"] for r in helpdesk.requests if r.path.endswith("/search")] == [
        "0",
        "0",
        "1",
    ]


def test_glpi_opens_a_new_session_when_its_session_expires(capsys, helpdesk, tmp_path):
    from .recorded import glpi

    glpi(helpdesk)
    served = helpdesk.routes["/apirest.php/Ticket"]
    expired = {"done": False}

    def expire_once(request: Request):
        if not expired["done"]:
            expired["done"] = True
            return 401, {}, ["ERROR_SESSION_TOKEN_INVALID", "session_token seems invalid"]
        return served(request)

    helpdesk.route("/apirest.php/Ticket", expire_once)
    code, _, err = ingest(capsys, helpdesk, "glpi", tmp_path / "e.csv", routes=False)
    assert code == 0, err
    assert helpdesk.paths().count("/apirest.php/initSession") == 2


def test_waiting_for_customer_pauses_the_clock_and_a_priority_change_reclassifies_from_the_start(
    capsys, helpdesk, tmp_path
):
    output = tmp_path / "events.csv"
    code, _, err = ingest(capsys, helpdesk, "jira", output)
    assert code == 0, err
    code, out, err = run(
        capsys, "incidents", str(FIXTURES.parents[2] / "examples/contracts/001-saas-annexes.yaml"),
        "--events", str(output), "--at", "2024-03-12T12:00:00+01:00", "--json",
    )  # fmt: skip
    assert code == 0, err
    import json

    sup1 = next(i for i in json.loads(out)["incidents"] if i["incident"] == "SUP-1")
    diagnosis = next(c for c in sup1["clocks"] if c["name"] == "diagnosis")
    assert sup1["priority"] == "critical"  # Medium at 10:00, Highest from 10:30
    assert diagnosis["status"] == "paused"  # "Waiting for customer" since 11:00
    assert diagnosis["elapsed_seconds"] == 3600
    # Critical's 6 working hours from the original start, 10:00, not from 10:30
    assert diagnosis["original_deadline"] == "2024-03-12T16:00:00+01:00"
    final = clocks(capsys, str(output))
    assert final[("SUP-1", "diagnosis")]["deadline"] == "2024-03-12T18:00:00+01:00"
