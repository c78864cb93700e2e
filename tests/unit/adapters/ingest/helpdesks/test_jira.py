"""Which Jira search the connector uses when not told."""

import pytest

from slaledger.adapters.ingest.helpdesks.jira import default_search


@pytest.mark.parametrize(
    ("url", "search"),
    [
        ("https://acme.atlassian.net", "jql"),  # Jira Cloud: the new search
        ("https://acme.atlassian.net/", "jql"),
        ("acme.atlassian.net", "jql"),  # no scheme
        ("https://jira.acme.example", "v2"),  # Data Center / Server: no search/jql
        ("https://atlassian.net.evil.example", "v2"),  # a look-alike host is not Cloud
        ("http://127.0.0.1:8080", "v2"),
    ],
)
def test_jira_cloud_defaults_to_search_jql_and_other_sites_to_v2(url, search):
    assert default_search(url) == search
