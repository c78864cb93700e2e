"""The helpdesk's own SLA verdicts read from each vendor's recorded payload shapes."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from slaledger.adapters.ingest.helpdesks import freshdesk, glpi, jira, servicenow, zammad
from slaledger.domain.helpdesk.tickets import Ticket

FIXTURES = Path(__file__).parents[4] / "fixtures" / "helpdesks"
LATER = int(datetime.fromisoformat("2024-06-01T00:00:00+00:00").timestamp())


def _json(path: str) -> Any:
    return json.loads((FIXTURES / path).read_text(encoding="utf-8"))


def _at(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


def _timers(ticket: Ticket) -> dict[str, str]:
    return {timer.name: timer.verdict(LATER) for timer in ticket.sla}


def _jira(fields: dict[str, Any]) -> Ticket:
    page = _json("jira/search-page-1.json")
    issue = copy.deepcopy(page["issues"][0])
    issue["fields"].update(fields)
    return jira.parse_issue(issue, names=page.get("names") or {}, zone=None, origin="t")


def test_a_completed_jira_sla_cycle_gives_its_target_stop_and_goal():
    page = _json("jira/search-page-1.json")
    ticket = jira.parse_issue(page["issues"][0], names={}, zone=None, origin="t")
    (timer,) = ticket.sla
    assert timer.name == "Time to first response"
    assert timer.deadline == _at("2024-03-12T14:00:00+01:00")
    assert timer.done_at == _at("2024-03-12T13:00:00+01:00")
    assert timer.goal_seconds == 4 * 3600
    assert timer.verdict(LATER) == "met"


def test_an_ongoing_jira_cycle_past_its_breach_time_is_breached_and_before_it_running():
    sla = {
        "name": "Time to resolution",
        "ongoingCycle": {
            "startTime": {"iso8601": "2024-03-12T10:00:00+0100"},
            "breachTime": {"iso8601": "2024-03-12T18:00:00+0100"},
            "breached": False,
            "paused": False,
            "goalDuration": {"millis": 28800000},
        },
    }
    (timer,) = _jira({"customfield_10030": sla}).sla
    assert timer.done_at is None
    assert timer.verdict(_at("2024-03-12T17:00:00+01:00")) == "running"
    assert timer.verdict(_at("2024-03-12T19:00:00+01:00")) == "breached"


def test_a_reopened_jira_ticket_keeps_the_breach_of_an_earlier_cycle():
    cycle = {
        "startTime": {"iso8601": "2024-03-12T10:00:00+0100"},
        "stopTime": {"iso8601": "2024-03-12T20:00:00+0100"},
        "breachTime": {"iso8601": "2024-03-12T18:00:00+0100"},
        "breached": True,
    }
    second = {
        **cycle,
        "stopTime": {"iso8601": "2024-03-13T11:00:00+0100"},
        "breachTime": {"iso8601": "2024-03-13T18:00:00+0100"},
        "breached": False,
    }
    sla = {"name": "Time to resolution", "completedCycles": [cycle, second]}
    (timer,) = _jira({"customfield_10030": sla}).sla
    assert timer.deadline == _at("2024-03-13T18:00:00+01:00")  # the last cycle's
    assert timer.verdict(LATER) == "breached"


def test_zammad_escalation_times_stand_against_first_response_and_close():
    tickets = _json("zammad/tickets.json")
    ticket = zammad.parse_ticket(tickets[0], {"history": []}, zone=None, origin="t")
    assert _timers(ticket) == {"first_response": "met", "close": "breached"}
    close = next(t for t in ticket.sla if t.name == "close")
    assert close.deadline == _at("2024-03-13T09:00:00+00:00")


def test_a_negative_zammad_diff_in_min_is_its_word_on_a_breach():
    raw = {
        **_json("zammad/tickets.json")[1],
        "first_response_diff_in_min": -30,
        "update_escalation_at": "2024-03-19T12:00:00.000Z",
    }
    ticket = zammad.parse_ticket(raw, {"history": []}, zone=None, origin="t")
    timers = _timers(ticket)
    # the instants alone (first response 14:00, escalation 15:00) would say met
    assert timers["first_response"] == "breached"
    assert timers["update"] == "breached"  # no update after its escalation instant


def test_freshdesk_due_dates_and_first_response_escalated():
    raw = _json("freshdesk/tickets-page-1.json")[0]
    ticket = freshdesk.parse_ticket(raw, [], zone=None, origin="t")
    assert _timers(ticket) == {"first_response": "met", "resolution": "breached"}
    escalated = freshdesk.parse_ticket({**raw, "fr_escalated": True}, [], zone=None, origin="t")
    assert _timers(escalated)["first_response"] == "breached"


def test_servicenow_made_sla_false_is_breached_and_true_met_once_resolved():
    raw = _json("servicenow/incident-page-1.json")["result"][0]
    made = servicenow.parse_incident(raw, [], zone="UTC", origin="t")
    assert _timers(made) == {"made_sla": "met"}
    missed = servicenow.parse_incident({**raw, "made_sla": "false"}, [], zone="UTC", origin="t")
    assert _timers(missed) == {"made_sla": "breached"}
    running = {**raw, "resolved_at": "", "closed_at": "", "state": "2"}
    assert _timers(servicenow.parse_incident(running, [], zone="UTC", origin="t")) == {
        "made_sla": "running"
    }


def test_glpi_time_to_own_and_time_to_resolve_against_take_into_account_and_solve_dates():
    late, on_time = _json("glpi/tickets.json")
    ticket = glpi.parse_ticket(late, [], zone="Europe/Paris", origin="t")
    # taken into account at 15:00 for a time to own of 14:00; solved before its target
    assert _timers(ticket) == {"time_to_own": "breached", "time_to_resolve": "met"}
    first = glpi.parse_ticket(on_time, [], zone="Europe/Paris", origin="t")
    assert _timers(first) == {"time_to_own": "met", "time_to_resolve": "breached"}


def test_servicenow_task_slas_give_one_timer_per_definition_and_leave_cancelled_ones_out():
    raw = _json("servicenow/incident-page-1.json")["result"][0]
    records = _json("servicenow/task_sla-a1f0c3d2.json")["result"]
    ticket = servicenow.parse_incident(raw, [], zone="UTC", origin="t", task_slas=records)
    assert _timers(ticket) == {
        "made_sla": "met",
        "P1 response (1 hour)": "met",
        "P1 resolution (4 hour)": "breached",  # ServiceNow's own word
    }
    resolution = next(t for t in ticket.sla if t.name == "P1 resolution (4 hour)")
    assert resolution.deadline == _at("2024-03-12T13:00:00+00:00")
    assert resolution.done_at == _at("2024-03-13T10:00:00+00:00")


def test_a_servicenow_task_sla_in_progress_runs_until_its_breach_time():
    raw = _json("servicenow/incident-page-2.json")["result"][0]
    records = _json("servicenow/task_sla-b2e1d4c3.json")["result"]
    ticket = servicenow.parse_incident(raw, [], zone="UTC", origin="t", task_slas=records)
    (timer,) = (t for t in ticket.sla if t.name == "P2 resolution (8 hour)")
    assert timer.done_at is None
    assert timer.verdict(_at("2024-03-18T14:00:00+00:00")) == "running"
    assert timer.verdict(_at("2024-03-18T16:00:00+00:00")) == "breached"
