"""ServiceNow's Task SLA records, over real HTTP (``task_sla=true``) and from a
``task_sla.do?JSONv2`` export: the helpdesk's own timers beside the contract's."""

from __future__ import annotations

import json

import pytest

from slaledger.adapters.files.helpdesk_mapping import load_mapping
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.ingest import sources
from slaledger.adapters.ingest.sources import SourceOptions

from .loopback import FIXTURES, Answer, Request, load, ok
from .recorded import ROUTES

MAPPING = FIXTURES / "servicenow" / "mapping.yaml"


def _task_slas(request: Request) -> Answer:
    key = request.query.get("sysparm_query", "").split("task=")[1].split("^")[0]
    return ok(load("servicenow", f"task_sla-{key}.json"))


def _timers(tickets) -> dict[str, list[str]]:
    return {t.key: sorted(timer.name for timer in t.sla) for t in tickets}


def test_the_api_reads_each_incidents_task_slas_when_asked(helpdesk) -> None:
    ROUTES["servicenow"](helpdesk)
    helpdesk.route("/api/now/table/task_sla", _task_slas)
    mapping = load_mapping(str(MAPPING))
    read = sources.get("servicenow").read_api
    assert read is not None
    options = SourceOptions(url=helpdesk.url, user="admin", token="secret")
    without = read(options, mapping)
    assert "/api/now/table/task_sla" not in helpdesk.paths()  # not asked: not read
    assert _timers(without) == {"INC0010001": ["made_sla"], "INC0010002": ["made_sla"]}
    asked = SourceOptions(
        url=helpdesk.url, user="admin", token="secret", extra={"task_sla": "true"}
    )
    assert _timers(read(asked, mapping)) == {
        "INC0010001": ["P1 resolution (4 hour)", "P1 response (1 hour)", "made_sla"],
        "INC0010002": ["P2 resolution (8 hour)", "made_sla"],
    }
    fields = {r.query.get("sysparm_fields") for r in helpdesk.requests if "task_sla" in r.path}
    assert fields == {
        "sys_id,task,sla,sla.name,stage,has_breached,start_time,end_time,planned_end_time"
    }


def test_a_task_sla_option_other_than_true_or_false_is_refused(helpdesk) -> None:
    ROUTES["servicenow"](helpdesk)
    read = sources.get("servicenow").read_api
    assert read is not None
    options = SourceOptions(url=helpdesk.url, user="admin", token="x", extra={"task_sla": "yes"})
    with pytest.raises(InputError, match="task_sla=true or task_sla=false"):
        read(options, load_mapping(str(MAPPING)))


def test_a_task_sla_export_joins_its_incidents(tmp_path) -> None:
    records = [
        *load("servicenow", "incident-page-1.json")["result"],
        *load("servicenow", "incident-page-2.json")["result"],
        *load("servicenow", "task_sla-a1f0c3d2.json")["result"],
        *load("servicenow", "task_sla-b2e1d4c3.json")["result"],
    ]
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"records": records}))
    read = sources.get("servicenow").read_files
    assert read is not None
    tickets = read([export], load_mapping(str(MAPPING)))
    assert _timers(tickets)["INC0010002"] == ["P2 resolution (8 hour)", "made_sla"]
