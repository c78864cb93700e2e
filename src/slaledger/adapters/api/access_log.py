"""Tokens never reach the logs: the access log's request lines have the values of
``token`` (and the like) in their query string replaced, and any API or feed token
written elsewhere in a line is masked too."""

from __future__ import annotations

import logging
import re

#: the access log uvicorn writes: ``'%s - "%s %s HTTP/%s" %d'`` with the path and query
ACCESS_LOGGER = "uvicorn.access"
REDACTED = "[redacted]"
_QUERY_SECRET = re.compile(r"(?i)([?&;](?:token|access_token|api_key|key|password)=)[^&;#\s\"]*")
_TOKEN = re.compile(r"\b(sla|slf|sls)_[A-Za-z0-9_-]{8,}")


def redact(text: str) -> str:
    """``text`` with query-string secrets and token-like words replaced."""
    return _TOKEN.sub(r"\1_" + REDACTED, _QUERY_SECRET.sub(r"\1" + REDACTED, text))


class RedactTokens(logging.Filter):
    """Rewrites each record's message and string arguments (the record is kept)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        return True


def install(names: tuple[str, ...] = (ACCESS_LOGGER, "uvicorn.error", "slaledger")) -> None:
    """Put the filter on the loggers (once each): uvicorn's logging configuration keeps
    a logger's filters, so installing before or after it starts works alike."""
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
