"""The service's logs: text (``time level logger [request id] message``) or JSON lines
(``--log-format json``), one object per record with ``time``, ``level``, ``logger``,
``message``, ``request_id`` (the request's, else null), ``pid`` and, for uvicorn's access
lines, ``client``, ``method``, ``path``, ``http_version``, ``status``. Tokens are masked
before formatting (``access_log.RedactTokens`` stays on the loggers)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from slaledger.adapters.api.ops import request_id

FORMATS = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
#: attributes every LogRecord has: the rest came as ``extra=`` and goes into the JSON
_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}
_SKIPPED_EXTRAS = frozenset({"color_message"})
_ACCESS_FIELDS = ("client", "method", "path", "http_version", "status")


class RequestIdFilter(logging.Filter):
    """Puts the running request's id on each record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.current.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        rid = getattr(record, "request_id", None) or request_id.current.get()
        document: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": None if rid in (None, "-") else rid,
            "pid": record.process,
        }
        if (
            record.name == "uvicorn.access"
            and isinstance(record.args, tuple)
            and len(record.args) == len(_ACCESS_FIELDS)
        ):
            document.update(zip(_ACCESS_FIELDS, record.args, strict=True))
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in _SKIPPED_EXTRAS and key not in document:
                document[key] = value if isinstance(value, int | float | bool) else str(value)
        if record.exc_info:
            document["exception"] = self.formatException(record.exc_info)
        return json.dumps(document, ensure_ascii=False, default=str)


def log_config(log_format: str = "text", level: str = "INFO") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for uvicorn (``log_config=``) and the service's
    loggers, in ``log_format`` (``text`` or ``json``), on standard error."""
    if log_format not in FORMATS:
        raise ValueError(f"log format: expected one of {', '.join(FORMATS)}, found {log_format!r}")
    formatter: dict[str, Any] = (
        {"()": f"{__name__}.JsonFormatter"} if log_format == "json" else {"format": TEXT_FORMAT}
    )
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "main",
        "filters": ["request_id"],
        "stream": "ext://sys.stderr",
    }
    logger = {"handlers": ["main"], "level": level, "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": f"{__name__}.RequestIdFilter"}},
        "formatters": {"main": formatter},
        "handlers": {"main": handler},
        "loggers": {
            "uvicorn": logger,
            "uvicorn.error": {"level": level},
            "uvicorn.access": logger,
            "slaledger": logger,
        },
    }
