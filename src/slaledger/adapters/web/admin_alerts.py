"""The alert settings pages, for provider-admins: ``/admin/alerts`` shows every
contract's own settings beside the service's defaults and channels (read-only, from the
environment); ``/admin/alerts/{key}`` is the contract's form. A field left empty takes
the service's default. A refused field is named with what was expected and what was
found, in the reader's language; a saved form answers 303 to its page, which says
"saved" once (POST/redirect/GET: a reload resubmits nothing)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from babel.numbers import format_decimal
from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from slaledger.adapters.db.errors import NotFound, StoreError
from slaledger.adapters.web.admin_guard import admin_page, field_text, posted
from slaledger.adapters.web.admin_settings import ServiceDefaults, service_defaults, settings_view
from slaledger.adapters.web.admin_source import AdminSource, AlertSettingsRow
from slaledger.adapters.web.i18n import Formatter
from slaledger.adapters.web.page import PREFIX, Page, Web
from slaledger.domain.alert_settings import (
    ContractAlertSettings,
    SettingProblem,
    SettingsError,
    read_settings,
)
from slaledger.domain.alerts import Transition

#: each field's label (catalogue messages), in the form's order
FIELD_LABELS = {
    "alert_recipients": "Alert e-mail recipients",
    "languages": "Alert languages",
    "risk_share": "At-risk share of a target",
    "kinds": "Alerts sent",
    "statement_emails": "Monthly statements by e-mail",
    "statement_recipients": "Statement recipients",
}
#: the fields typed as text (the kinds are boxes)
TEXT_FIELDS = ("alert_recipients", "languages", "risk_share", "statement_recipients")
KIND_LABELS = {Transition.AT_RISK: "Deadline at risk", Transition.BREACHED: "Deadline breached"}
#: what a contract's page says after its form was sent (the session's flash)
SAVED, UNCHANGED = "alert-settings-saved", "alert-settings-unchanged"


@dataclass(frozen=True)
class Cell:
    """One setting of one contract as it applies: its text, and whether it is the
    contract's own (else the service's default)."""

    field: str
    text: str
    own: bool


def add_alert_routes(
    router: APIRouter, web: Web, admin: AdminSource, environ: Callable[[], Mapping[str, str]]
) -> None:
    @router.get("/alerts")
    def alerts(request: Request) -> Response:
        page = admin_page(web, request)
        if isinstance(page, Response):
            return page
        env = environ()
        defaults = service_defaults(env)
        rows = [(row, cells(row, defaults, page.fmt)) for row in admin.alert_settings()]
        return page.render(
            "admin_alerts.html",
            view=settings_view(env),
            rows=rows,
            labels=FIELD_LABELS,
        )

    @router.get("/alerts/{key}")
    def contract_alerts(request: Request, key: str) -> Response:
        page = admin_page(web, request)
        if isinstance(page, Response):
            return page
        rows = admin.alert_settings(key)
        if not rows:
            return page.not_found()
        flash = page.take_flash()
        said = flash.get("message") if flash.get("contract") == key else None
        row = rows[0]
        return _form(
            page,
            row,
            service_defaults(environ()),
            values=form_values(row.settings, page.fmt),
            ticked={t.value for t in row.settings.kinds_on},
            said=said,
        )

    @router.post("/alerts/{key}")
    async def save_contract_alerts(request: Request, key: str) -> Response:
        form = await request.form()
        return await run_in_threadpool(_save, web, admin, request, form, key, environ())


def _save(
    web: Web,
    admin: AdminSource,
    request: Request,
    form: FormData,
    key: str,
    env: Mapping[str, str],
) -> Response:
    page = posted(web, request, form)
    if isinstance(page, Response):
        return page
    assert page.user is not None
    rows = admin.alert_settings(key)
    if not rows:
        return page.not_found()
    values = {name: field_text(form.get(name)).strip() for name in TEXT_FIELDS}
    values["statement_emails"] = field_text(form.get("statement_emails")).strip() or "default"
    # the boxes: a form that shows none (an old page, a script) leaves the kinds as they are
    shown = bool(form.get("kinds_shown"))
    ticked = [k for k in form.getlist("kinds") if isinstance(k, str)] if shown else None
    try:
        settings = read_settings(
            **{name: values[name] for name in TEXT_FIELDS},
            kinds=ticked if shown else _kind_names(rows[0].settings),
            statement_emails=values["statement_emails"],
        )
    except SettingsError as exc:
        errors: dict[str, list[str]] = {}
        for problem in exc.problems:
            errors.setdefault(problem.field, []).append(problem_message(problem, page.fmt))
        return _form(
            page,
            rows[0],
            service_defaults(env),
            values=values,
            ticked=set(ticked or ()),
            errors=errors,
            status=422,
        )
    try:
        changed = admin.save_alert_settings(actor=page.user.email, key=key, settings=settings)
    except NotFound:
        return page.not_found()
    except StoreError as exc:  # saved by someone else at the same moment
        return _form(
            page,
            rows[0],
            service_defaults(env),
            values=values,
            ticked=set(ticked or ()),
            problem=page.fmt.say(exc.message),
            status=409,
        )
    flash = {"message": SAVED if changed else UNCHANGED, "contract": key}
    return page.redirect(f"{PREFIX}/admin/alerts/{quote(key, safe='')}", flash=flash)


def _form(
    page: Page,
    row: AlertSettingsRow,
    defaults: ServiceDefaults,
    *,
    values: Mapping[str, str],
    ticked: set[str],
    errors: Mapping[str, list[str]] | None = None,
    said: str | None = None,
    problem: str | None = None,
    status: int = 200,
) -> Response:
    fmt = page.fmt
    none = fmt.gettext("none")
    default_of = {
        "alert_recipients": ", ".join(defaults.recipients) or none,
        "languages": ", ".join(defaults.languages),
        "risk_share": share_text(defaults.risk_share, fmt),
        "statement_emails": fmt.gettext("yes" if defaults.statements else "no"),
        "statement_recipients": ", ".join(row.contacts) or none,
    }
    kinds = [(t.value, KIND_LABELS[t], t.value in ticked) for t in Transition]
    return page.render(
        "admin_alert_contract.html",
        status=status,
        row=row,
        defaults=defaults,
        default_of=default_of,
        values=values,
        kinds=kinds,
        errors=errors or {},
        labels=FIELD_LABELS,
        said=said,
        saved=SAVED,
        problem=problem,
    )


def problem_message(problem: SettingProblem, fmt: Formatter) -> str:
    """'Alert e-mail recipients: expected an e-mail address such as ana@example.com,
    found ana@' in the page's language."""
    return fmt.gettext("{field}: expected {expected}, found {found}").format(
        field=fmt.gettext(FIELD_LABELS[problem.field]),
        expected=fmt.gettext(problem.expected),
        found=problem.found,
    )


def form_values(settings: ContractAlertSettings, fmt: Formatter) -> dict[str, str]:
    """The form's text fields for stored settings (empty: the default)."""
    share = settings.risk_share
    switch = settings.statement_emails
    return {
        "alert_recipients": ", ".join(settings.alert_recipients or ()),
        "languages": ", ".join(settings.languages or ()),
        "risk_share": "" if share is None else share_text(share, fmt),
        "statement_recipients": ", ".join(settings.statement_recipients or ()),
        "statement_emails": "default" if switch is None else ("yes" if switch else "no"),
    }


def cells(row: AlertSettingsRow, defaults: ServiceDefaults, fmt: Formatter) -> list[Cell]:
    """Each setting of the contract as it applies, own or default, in the form's order."""
    own, none = row.settings, fmt.gettext("none")
    kinds = own.kinds_on
    statements = defaults.statements if own.statement_emails is None else own.statement_emails
    share = defaults.risk_share if own.risk_share is None else own.risk_share
    return [
        Cell(
            "alert_recipients",
            ", ".join(own.alert_recipients or defaults.recipients) or none,
            own.alert_recipients is not None,
        ),
        Cell(
            "languages", ", ".join(own.languages or defaults.languages), own.languages is not None
        ),
        Cell("risk_share", share_text(share, fmt), own.risk_share is not None),
        Cell(
            "kinds",
            ", ".join(fmt.gettext(KIND_LABELS[t]) for t in Transition if t in kinds) or none,
            own.kinds is not None,
        ),
        Cell(
            "statement_emails",
            fmt.gettext("yes" if statements else "no"),
            own.statement_emails is not None,
        ),
        Cell(
            "statement_recipients",
            ", ".join(own.statement_recipients or row.contacts) or none,
            own.statement_recipients is not None,
        ),
    ]


def share_text(share: Decimal | float, fmt: Formatter) -> str:
    """A share as the reader writes it: "0.75", French "0,75"."""
    return str(format_decimal(Decimal(str(share)), format="0.######", locale=fmt.locale))


def _kind_names(settings: ContractAlertSettings) -> list[str] | None:
    return None if settings.kinds is None else [t.value for t in settings.kinds]
