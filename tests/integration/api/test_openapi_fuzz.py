"""Schemathesis against the app's own OpenAPI document: whatever the schema allows a
client to send, the API never answers a server error (5xx)."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from tests.integration.api.conftest import World

#: examples per operation: enough to reach every parameter's edge cases, bounded so
#: the whole run stays well under a minute per database
EXAMPLES = 40


def test_no_request_the_schema_allows_makes_the_api_fail(world: World) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", world.client.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    headers = world.headers("admin")

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        check()
