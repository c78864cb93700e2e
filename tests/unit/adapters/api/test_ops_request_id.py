"""A caller's X-Request-ID is kept when it is a plain token, replaced otherwise; the
route template, not the path, labels a request."""

from __future__ import annotations

from types import SimpleNamespace

from slaledger.adapters.api.ops.request_id import UNMATCHED, request_id_of, route_template


def test_a_plain_request_id_is_kept() -> None:
    assert request_id_of("lb-7f3a.42:1") == "lb-7f3a.42:1"


def test_a_missing_or_hostile_request_id_is_replaced_by_a_new_one() -> None:
    made = {request_id_of(None), request_id_of("two words"), request_id_of("x" * 129)}
    assert len(made) == 3
    assert all(len(rid) == 32 for rid in made)
    assert request_id_of("line\nbreak") != "line\nbreak"
    assert request_id_of("trailing\n") != "trailing\n"


def test_the_route_template_labels_a_request() -> None:
    route = SimpleNamespace(path="/api/contracts/{contract_id}")
    assert route_template({"route": route}) == "/api/contracts/{contract_id}"
    assert route_template({}) == UNMATCHED
