"""The service's log lines: JSON objects with the running request's id (null outside a
request), uvicorn's access fields by name, extras kept; text lines show the id too."""

from __future__ import annotations

import json
import logging

import pytest

from slaledger.adapters.api.ops import request_id
from slaledger.adapters.api.ops.logs import JsonFormatter, RequestIdFilter, log_config


def _record(
    name: str, msg: str, args: tuple[object, ...] = (), **extra: object
) -> logging.LogRecord:
    record = logging.LogRecord(name, logging.INFO, __file__, 1, msg, args, None)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def _formatted(record: logging.LogRecord) -> dict[str, object]:
    RequestIdFilter().filter(record)
    document: dict[str, object] = json.loads(JsonFormatter().format(record))
    return document


def test_a_json_line_carries_the_running_requests_id() -> None:
    token = request_id.current.set("req-42")
    try:
        document = _formatted(_record("slaledger.x", "alert sent: %s", ("INC-1",)))
    finally:
        request_id.current.reset(token)
    assert document["request_id"] == "req-42"
    assert document["message"] == "alert sent: INC-1"
    assert document["level"] == "info"
    assert document["logger"] == "slaledger.x"
    assert str(document["time"]).endswith("+00:00")


def test_outside_a_request_the_id_is_null() -> None:
    assert _formatted(_record("slaledger.x", "started"))["request_id"] is None


def test_uvicorns_access_line_has_its_fields_by_name() -> None:
    args = ("127.0.0.1:5000", "GET", "/api/contracts?token=[redacted]", "1.1", 200)
    document = _formatted(_record("uvicorn.access", '%s - "%s %s HTTP/%s" %d', args))
    assert document["method"] == "GET"
    assert document["path"] == "/api/contracts?token=[redacted]"
    assert document["status"] == 200
    assert document["client"] == "127.0.0.1:5000"


def test_extras_are_kept_and_colour_codes_dropped() -> None:
    record = _record("slaledger.x", "synced", source="portal", facts=12, color_message="\x1b[1m")
    document = _formatted(record)
    assert document["source"] == "portal"
    assert document["facts"] == 12
    assert "color_message" not in document


def test_text_lines_show_the_request_id() -> None:
    config = log_config("text")
    formatter = logging.Formatter(config["formatters"]["main"]["format"])
    token = request_id.current.set("abc123")
    try:
        record = _record("slaledger.x", "hello")
        RequestIdFilter().filter(record)
    finally:
        request_id.current.reset(token)
    assert formatter.format(record).endswith("slaledger.x [abc123] hello")


def test_the_json_configuration_formats_every_service_logger() -> None:
    config = log_config("json")
    assert config["formatters"]["main"]["()"].endswith("JsonFormatter")
    assert {"uvicorn", "uvicorn.access", "slaledger"} <= set(config["loggers"])
    assert config["handlers"]["main"]["filters"] == ["request_id"]


def test_an_unknown_log_format_is_refused() -> None:
    with pytest.raises(ValueError, match="expected one of text, json"):
        log_config("xml")
