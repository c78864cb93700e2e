"""What the iCalendar feeds share (``/feeds/{contract}/obligations.ics``, ``claims.ics``):
the contract a feed token may read (``deps.readable_contract``), and the calendar
answer."""

from __future__ import annotations

from fastapi.responses import Response


def calendar_response(body: bytes, filename: str) -> Response:
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )
