"""``/metrics``: a bearer token, either ``SLALEDGER_METRICS_TOKEN`` (for a Prometheus
server, compared in constant time) or a provider user's API token; a customer viewer's
token answers 403, none 401."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from slaledger.adapters.api.auth import BEARER_HEADER, unauthorized
from slaledger.adapters.api.ops.metrics import CONTENT_TYPE, StoredFigures, exposition
from slaledger.adapters.api.problems import forbidden
from slaledger.adapters.db.store import Store
from slaledger.domain.message import msg

router = APIRouter(tags=["operations"])
_BEARER = HTTPBearer(auto_error=False)


def metrics_reader(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
) -> None:
    if credentials is None:
        raise unauthorized(
            msg(
                "problem.unauthorized.metrics",
                variable="SLALEDGER_METRICS_TOKEN",
                header=BEARER_HEADER,
            )
        )
    given = credentials.credentials
    expected: str | None = getattr(request.app.state, "metrics_token", None)
    if expected and hmac.compare_digest(given.encode(), expected.encode()):
        return
    with request.app.state.sessions() as session:
        user = Store(session, actor="metrics").authenticate_token(given)
        role = None if user is None else user.role
        session.rollback()
    if role is None:
        raise unauthorized(msg("problem.unauthorized.metrics-unknown"))
    if role == "customer-viewer":
        raise forbidden(msg("problem.forbidden.metrics"))


@router.get("/metrics", include_in_schema=False, dependencies=[Depends(metrics_reader)])
def metrics(request: Request) -> Response:
    stored: StoredFigures = request.app.state.stored_figures
    return Response(exposition(stored), media_type=CONTENT_TYPE)
