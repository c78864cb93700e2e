"""Query-string tokens are redacted from log lines."""

from __future__ import annotations

import logging

from slaledger.adapters.api.access_log import RedactTokens, redact


def test_a_query_token_is_redacted() -> None:
    line = "/feeds/c/obligations.ics?token=slf_abcDEF123_-xyz&x=1"
    assert redact(line) == "/feeds/c/obligations.ics?token=[redacted]&x=1"


def test_a_token_anywhere_is_masked() -> None:
    assert redact("bearer sla_0123456789abcdef leaked") == "bearer sla_[redacted] leaked"


def test_the_filter_rewrites_uvicorn_s_access_record_arguments() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/feeds/c/obligations.ics?token=sla_secret12345", "1.1", 200),
        None,
    )
    assert RedactTokens().filter(record)
    assert "sla_secret12345" not in record.getMessage()
    assert "token=[redacted]" in record.getMessage()
