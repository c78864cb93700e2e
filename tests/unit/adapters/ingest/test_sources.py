"""The registry of ticket sources that ``sla ingest tickets --source`` offers."""

from __future__ import annotations

from slaledger.adapters.ingest import sources


def test_the_five_helpdesks_are_registered_with_api_and_files():
    assert {"jira", "zammad", "glpi", "servicenow", "freshdesk", "freshservice"} <= set(
        sources.names()
    )
    for name in ("jira", "zammad", "glpi", "servicenow", "freshdesk"):
        source = sources.get(name)
        assert source.read_api is not None
        assert source.read_files is not None


def test_another_package_adds_a_source_by_registering_it():
    added = sources.register(sources.TicketSource("mbox-test", "a test source"))
    try:
        assert "mbox-test" in sources.names()
        assert sources.get("mbox-test") is added
    finally:
        del sources.SOURCES["mbox-test"]
