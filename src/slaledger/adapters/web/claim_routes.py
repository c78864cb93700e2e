"""The claims page (``/dashboard/claims``): each contract's credits of the last twelve
months and where they stand. A customer-viewer claims an open credit before its
deadline; a provider-admin grants a waiting claim (in full, or in part with a reason)
or refuses it, and grants directly a credit the contract grants without a claim.

The forms carry the session's CSRF token; each answers 303 to the page, which says
once what happened (POST/redirect/GET). The steps are the API's (``ClaimsSource``, over
``adapters/db/claim_flow``); a refusal names the field, what was expected and what
was found, and nothing is written.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from slaledger.adapters.api.busy import EXPENSIVE
from slaledger.adapters.db.errors import StoreError
from slaledger.adapters.i18n import render
from slaledger.adapters.web import figures
from slaledger.adapters.web.admin_guard import ADMIN_ROLE, field_text
from slaledger.adapters.web.claims_source import ClaimsSource
from slaledger.adapters.web.page import PREFIX, Page, Web
from slaledger.adapters.web.security import csrf_matches
from slaledger.adapters.web.source import CUSTOMER_VIEWER
from slaledger.domain.claims import ClaimProblem, ClaimRefusedError, ClaimState
from slaledger.domain.periods import Month
from slaledger.services.availability import AvailabilityError
from slaledger.services.claim_book import claim_rows

PAGE = f"{PREFIX}/claims"
#: who may post each form (the API's rules: a viewer claims, an admin decides)
MAY = {"claim": (CUSTOMER_VIEWER, ADMIN_ROLE), "decision": (ADMIN_ROLE,)}
#: the field labels of a refusal (catalogue messages)
FIELD_LABELS = {
    "month": "Month",
    "granted": "Granted",
    "reason": "Reason",
    "decision": "Decision",
    "claim": "Claim",
    "service": "Service",
}


def add_claim_routes(router: APIRouter, web: Web, claims: ClaimsSource) -> None:
    @router.get("/claims", dependencies=[EXPENSIVE])
    def claims_page(request: Request) -> Response:
        page = Page(web, request)
        if page.user is None:
            return page.to_login()
        at = web.now()
        moment = datetime.fromtimestamp(at, UTC)
        groups = []
        for record in web.records(page.user):
            history = figures.credits_history(record, figures.last_complete_month(record, at))
            stored = claims.stored(record.key)
            states = {k: ClaimState(v.status) for k, v in stored.items()}
            rows = claim_rows(
                contract=record.loaded.contract, reports=history, states=states, at=moment
            )
            groups.append(
                (record, [(row, stored.get((row.service, str(row.month)))) for row in rows])
            )
        return page.render(
            "claims.html", groups=groups, flash=page.take_flash(), money=figures.credit_money
        )

    @router.post("/claims/{key}/{month}/{step}", dependencies=[EXPENSIVE])
    async def claim_step(request: Request, key: str, month: str, step: str) -> Response:
        form = await request.form()
        return await run_in_threadpool(_step, web, claims, request, form, key, month, step)


def _step(
    web: Web,
    claims: ClaimsSource,
    request: Request,
    form: FormData,
    key: str,
    month_text: str,
    step: str,
) -> Response:
    page = Page(web, request)
    if step not in MAY:
        return page.not_found()
    record = page.contract(key)
    if isinstance(record, Response):
        return record
    assert page.user is not None
    if page.user.role not in MAY[step] or not csrf_matches(
        page.session, field_text(form.get("csrf"))
    ):
        return page.render("forbidden.html", status=403)
    month = page.month(month_text, Month(2000, 1))
    if isinstance(month, Response):
        return month
    at = datetime.fromtimestamp(web.now(), UTC)
    flash = {"contract": key, "month": str(month)}
    try:
        if step == "claim":
            note = field_text(form.get("note")).strip()[:2000]
            claims.claim(actor=page.user.email, key=key, month=month, note=note, at=at)
            flash["message"] = "claimed"
        else:
            decision = field_text(form.get("decision"))
            number = claims.decide(
                actor=page.user.email,
                key=key,
                month=month,
                decision=decision,
                granted=_granted(field_text(form.get("granted"))),
                reason=field_text(form.get("reason"))[:2000],
                at=at,
            )
            flash["message"] = "granted" if number else "refused"
            flash["note"] = number or ""
    except ClaimRefusedError as exc:
        flash |= {"message": "error", "text": _problem(exc.problem, page)}
    except StoreError as exc:
        flash |= {"message": "error", "text": page.fmt.say(exc.message)[:500]}
    except AvailabilityError as exc:
        flash |= {"message": "error", "text": page.fmt.say(exc.message)[:500]}
    return page.redirect(f"{PAGE}#{key}", flash)


def _granted(text: str) -> Decimal | None:
    """The value granted as typed ("2", "2,5"); None when left empty. A text that is no
    number is refused by the rules (it is never above 0)."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return Decimal("NaN")


def _problem(problem: ClaimProblem, page: Page) -> str:
    fmt = page.fmt
    label = fmt.gettext(FIELD_LABELS.get(problem.field, problem.field))
    return fmt.gettext("{field}: expected {expected}, found {found}").format(
        field=label, expected=render(problem.expected, fmt.language), found=problem.found
    )[:1000]
