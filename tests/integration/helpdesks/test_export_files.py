"""The export files: the same parsers as the API answers, from files."""

from __future__ import annotations

import json

import pytest

from tests.e2e.test_calendar_cli import run

from .loopback import FIXTURES, load
from .recorded import KEYS
from .test_helpdesk_clocks import AT, CONTRACT, clocks


def _ingest(
    capsys, vendor: str, mapping: str, files: list[str], output, *extra: str
) -> tuple[int, str, str]:
    args = ["ingest", "tickets", "--source", vendor, "--mapping", mapping, "--output", str(output)]
    for file in files:
        args += ["--file", file]
    return run(capsys, *args, *extra)


def test_the_jira_csv_export_gives_the_dated_events_it_carries(capsys, tmp_path):
    output = tmp_path / "events.csv"
    code, _out, err = _ingest(
        capsys,
        "jira",
        str(FIXTURES / "jira" / "mapping-csv.yaml"),
        [str(FIXTURES / "jira" / "export.csv")],
        output,
    )
    assert code == 0, err
    found = clocks(capsys, str(output), KEYS["jira"])
    # without history the priority is the exported one (Highest) and nothing pauses
    assert found[("INC-1", "take-into-account")]["elapsed_seconds"] == 3 * 3600
    assert found[("INC-1", "diagnosis")]["elapsed_seconds"] == 5 * 3600
    assert found[("INC-2", "take-into-account")]["status"] == "breached"


def test_servicenow_jsonv2_exports_give_the_clocks_of_the_api(capsys, tmp_path):
    incidents = {
        "records": [
            *load("servicenow", "incident-page-1.json")["result"],
            *load("servicenow", "incident-page-2.json")["result"],
        ]
    }
    audit = {
        "records": [
            *load("servicenow", "sys_audit-a1f0c3d2.json")["result"],
            *load("servicenow", "sys_audit-b2e1d4c3.json")["result"],
        ]
    }
    (tmp_path / "incident.json").write_text(json.dumps(incidents))
    (tmp_path / "sys_audit.json").write_text(json.dumps(audit))
    output = tmp_path / "events.csv"
    code, _, err = _ingest(
        capsys, "servicenow", str(FIXTURES / "servicenow" / "mapping.yaml"),
        [str(tmp_path / "incident.json"), str(tmp_path / "sys_audit.json")], output,
    )  # fmt: skip
    assert code == 0, err
    expected = clocks(capsys, str(FIXTURES / "expected-events.csv"))
    assert clocks(capsys, str(output), KEYS["servicenow"]) == expected


@pytest.mark.parametrize(
    ("vendor", "tickets", "history"),
    [
        ("zammad", ["tickets.json"], "ticket_history-{}.json"),
        ("glpi", ["tickets.json"], "log-{}.json"),
        ("freshservice", ["tickets-page-1.json", "tickets-page-2.json"], "activities-{}.json"),
    ],
)
def test_saved_api_answers_give_the_clocks_of_the_api(capsys, tmp_path, vendor, tickets, history):
    rows = [row for name in tickets for row in load(vendor, name)]
    saved = {
        "tickets": rows,
        "history": {str(r["id"]): load(vendor, history.format(r["id"])) for r in rows},
    }
    (tmp_path / "saved.json").write_text(json.dumps(saved))
    output = tmp_path / "events.csv"
    code, _, err = _ingest(
        capsys,
        vendor,
        str(FIXTURES / vendor / "mapping.yaml"),
        [str(tmp_path / "saved.json")],
        output,
    )
    assert code == 0, err
    expected = clocks(capsys, str(FIXTURES / "expected-events.csv"))
    assert clocks(capsys, str(output), KEYS[vendor]) == expected


def test_the_side_by_side_counts_where_the_helpdesk_and_the_contract_disagree(
    capsys, helpdesk, tmp_path
):
    from .test_helpdesk_clocks import ingest

    code, out, err = ingest(
        capsys, helpdesk, "jira", tmp_path / "e.csv", "--compare", CONTRACT, "--at", AT
    )
    assert code == 0, err
    lines = out.splitlines()
    assert "SUP-1" in lines[1]
    assert "helpdesk met" in lines[1]
    assert "DISAGREE" not in lines[1]
    # Jira's timer (its own 8 h) met; the contract's 6 working hours from Friday 16:00 breached
    assert "SUP-2" in lines[2]
    assert "helpdesk met" in lines[2]
    assert lines[2].endswith("DISAGREE")
    assert lines[-1] == "1 of 2 helpdesk verdicts disagree with the contract's"


def test_tickets_go_into_the_store_once_however_often_they_are_imported(capsys, helpdesk, tmp_path):
    from .test_helpdesk_clocks import ingest

    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert run(capsys, "db", "upgrade", "--db", url)[0] == 0
    assert run(capsys, "contracts", "upload", CONTRACT, "--accept-lint-errors", "--db", url)[0] == 0
    args = ("--db", url, "--contract", "saas-annexes")
    code, out, err = ingest(capsys, helpdesk, "jira", tmp_path / "e.csv", *args)
    assert code == 0, err
    assert "2 tickets imported into saas-annexes, 0 already stored" in out
    assert "2 helpdesk verdicts stored beside the contract's clocks" in out
    code, out, err = ingest(capsys, helpdesk, "jira", tmp_path / "e.csv", *args, routes=False)
    assert code == 0, err
    assert "0 tickets imported into saas-annexes, 2 already stored" in out


#: each CSV export's keys of the two incidents of expected-export-events.csv
EXPORT_KEYS = {"glpi": {"1": "INC-1", "2": "INC-2"}, "freshdesk": {"1": "INC-1", "2": "INC-2"}}


@pytest.mark.parametrize("vendor", sorted(EXPORT_KEYS))
def test_a_csv_export_gives_the_clocks_of_the_dates_it_carries(capsys, tmp_path, vendor):
    output = tmp_path / "events.csv"
    code, out, err = _ingest(
        capsys,
        vendor,
        str(FIXTURES / vendor / "mapping-csv.yaml"),
        [str(FIXTURES / vendor / "export.csv")],
        output,
    )
    assert code == 0, err
    assert "2 tickets" in out  # the other customer's ticket is out of scope
    expected = clocks(capsys, str(FIXTURES / "expected-export-events.csv"))
    found = clocks(capsys, str(output), EXPORT_KEYS[vendor])
    assert found == expected
    # the exported priority applies from the start, the dated columns stop the clocks...
    assert found[("INC-1", "take-into-account")]["priority"] == "critical"
    assert found[("INC-1", "take-into-account")]["elapsed_seconds"] == 3 * 3600
    # ...but without history the pause of 11:00-13:00 is unknown: 7 h, not 5 h, breached
    assert found[("INC-1", "diagnosis")]["elapsed_seconds"] == 7 * 3600
    assert found[("INC-1", "diagnosis")]["status"] == "breached"


def test_a_glpi_export_in_french_is_read_with_the_columns_the_mapping_names(capsys, tmp_path):
    english = (FIXTURES / "glpi" / "export.csv").read_text(encoding="utf-8-sig")
    header, *rows = english.splitlines()
    french = header.replace('"Status"', '"Statut"').replace('"Opening date"', '"Date d\'ouverture"')
    french = french.replace('"Priority"', '"Priorité"').replace('"Entity"', '"Entité"')
    export = tmp_path / "glpi.csv"
    export.write_text("\ufeff" + "\n".join([french, *rows]) + "\n", encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    text = (FIXTURES / "glpi" / "mapping-csv.yaml").read_text(encoding="utf-8")
    mapping.write_text(
        text.replace("tickets:\n  where: {entities_id:", "tickets:\n  where: {Entité:")
        + "export: {created: Date d'ouverture, priority: Priorité, status: Statut}\n",
        encoding="utf-8",
    )
    code, _, err = _ingest(capsys, "glpi", str(mapping), [str(export)], tmp_path / "e.csv")
    assert code == 0, err
    expected = clocks(capsys, str(FIXTURES / "expected-export-events.csv"))
    assert clocks(capsys, str(tmp_path / "e.csv"), EXPORT_KEYS["glpi"]) == expected
    # without the export: section the French columns are not found, and the message says so
    mapping.write_text(text, encoding="utf-8")
    code, _, err = _ingest(capsys, "glpi", str(mapping), [str(export)], tmp_path / "f.csv")
    assert code != 0
    assert "columns ID, Opening date" in err
    assert "Date d'ouverture" in err


def test_an_undated_cell_of_an_export_names_its_row_and_column(capsys, tmp_path):
    text = (FIXTURES / "freshdesk" / "export.csv").read_text(encoding="utf-8")
    export = tmp_path / "export.csv"
    export.write_text(text.replace("2024-03-15 16:00:00,2024-03-16", ",2024-03-16"), "utf-8")
    code, _, err = _ingest(
        capsys, "freshdesk", str(FIXTURES / "freshdesk" / "mapping-csv.yaml"), [str(export)],
        tmp_path / "e.csv",
    )  # fmt: skip
    assert code != 0
    assert f"{export} row 2" in err
    assert "Created time" in err
    assert not (tmp_path / "e.csv").exists()


def test_a_zammad_reporting_workbook_gives_the_clocks_and_zammads_verdicts(capsys, tmp_path):
    from .zammad_report import write_report

    book = write_report(tmp_path / "tickets-2024-03.xlsx")
    output = tmp_path / "events.csv"
    mapping = str(FIXTURES / "zammad" / "mapping-xlsx.yaml")
    code, out, err = _ingest(capsys, "zammad", mapping, [str(book)], output)
    assert code == 0, err
    assert "2 tickets" in out  # the other organisation's ticket is out of scope
    expected = clocks(capsys, str(FIXTURES / "expected-export-events.csv"))
    keys = {"10001": "INC-1", "10002": "INC-2"}
    assert clocks(capsys, str(output), keys) == expected
    # Zammad's first-response escalation beside the contract's take-into-account clock:
    # 10002 answered before Zammad's 16:00 target, after the contract's 6 working hours
    args = ["--compare", CONTRACT, "--at", AT]
    code, out, err = _ingest(capsys, "zammad", mapping, [str(book)], tmp_path / "f.csv", *args)
    assert code == 0, err
    lines = out.splitlines()
    assert "10001" in lines[1]
    assert "DISAGREE" not in lines[1]
    assert "10002" in lines[2]
    assert lines[2].endswith("DISAGREE")


def test_the_workbooks_footer_zone_dates_its_times(capsys, tmp_path):
    from .zammad_report import write_report

    # the same wall-clock times, said to be in New York (summer time since 10 March)
    book = write_report(tmp_path / "ny.xlsx", zone="America/New_York")
    output = tmp_path / "events.csv"
    mapping = str(FIXTURES / "zammad" / "mapping-xlsx.yaml")
    code, _, err = _ingest(capsys, "zammad", mapping, [str(book)], output)
    assert code == 0, err
    rows = output.read_text(encoding="utf-8").splitlines()
    assert rows[1].startswith("10001,2024-03-12T14:00:00+00:00,notified")


def test_a_file_that_is_not_a_workbook_is_refused_by_name(capsys, tmp_path):
    book = tmp_path / "report.xlsx"
    book.write_text("#;Created At\n", encoding="utf-8")
    mapping = str(FIXTURES / "zammad" / "mapping-xlsx.yaml")
    code, _, err = _ingest(capsys, "zammad", mapping, [str(book)], tmp_path / "e.csv")
    assert code != 0
    assert str(book) in err
    assert "not an .xlsx workbook" in err
