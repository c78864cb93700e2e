"""The statement as one self-contained HTML page (Jinja2; charts inline; print CSS)."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from slaledger.adapters.i18n import renderer
from slaledger.adapters.reports.statement.charts import (
    Bar,
    amount_range,
    bar_chart,
    percent_range,
)
from slaledger.adapters.reports.statement.citations import Citations
from slaledger.adapters.reports.statement.formatting import Formatter, check_language
from slaledger.adapters.reports.statement.i18n import translations
from slaledger.adapters.reports.statement.labels import label
from slaledger.services.statements import KpiLine, ServiceAvailability, Statement

Gettext = Callable[[str], str]
Ngettext = Callable[[str, str, int], str]
#: a clock's target as contract files write it: "10h", "30min", "7 days", "2 business days"
TARGET = re.compile(r"^(\d+(?:\.\d+)?)\s*(h|min|days?|business days?)$")
TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def environment(language: str) -> Environment:
    """A Jinja2 environment whose ``_()`` speaks ``language``."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
    )
    # the i18n extension adds this method at run time, out of the type stubs
    env.install_gettext_translations(  # type: ignore[attr-defined]
        translations(check_language(language)), newstyle=True
    )
    return env


def render_html(statement: Statement, language: str) -> str:
    """The statement in ``language`` (fr or en), as a complete HTML document."""
    env = environment(language)
    catalog = translations(language)
    gettext = catalog.gettext
    fmt = Formatter(language, gettext)
    cites = Citations(statement, language)
    template = env.get_template("statement.html")
    css = (TEMPLATES / "statement.css").read_text(encoding="utf-8")
    return template.render(
        s=statement,
        fmt=fmt,
        label=label,
        say=renderer(language),
        lang=language,
        breached=sum(
            1 for i in statement.incidents if any(c.status == "breached" for c in i.clocks)
        ),
        css=Markup(css),
        cites=cites,
        versions=cites.versions(gettext),
        clock_clauses=[c.clock for i in statement.incidents for c in i.clocks],
        target=lambda text: clock_target(text, fmt, catalog.ngettext),
        availability_charts={
            a.clause: Markup(availability_chart(a, fmt, gettext))
            for a in statement.availability
            if a.history
        },
        kpi_charts={
            k.kpi: Markup(kpi_chart(k, fmt, gettext))
            for k in statement.kpis
            if any(p.value is not None for p in k.series)
        },
    )


def clock_target(text: str | None, fmt: Formatter, ngettext: Ngettext) -> str:
    """A clock's target in the reader's words: "10 h", "7 jours", "1 business day"."""
    if not text:
        return fmt.DASH
    found = TARGET.match(text.strip())
    if found is None:
        return text
    amount, unit = Decimal(found.group(1)), found.group(2)
    shown = fmt.number(amount, 0 if amount == amount.to_integral_value() else 1)
    if unit in ("h", "min"):
        return f"{shown}\u00a0{unit}"
    if unit.startswith("business"):
        pattern = ngettext("%(num)s business day", "%(num)s business days", fmt.plural(amount))
    else:
        pattern = ngettext("%(num)s day", "%(num)s days", fmt.plural(amount))
    return pattern % {"num": shown}


def availability_chart(section: ServiceAvailability, fmt: Formatter, gettext: Gettext) -> str:
    values = [p.availability for p in section.history]
    target = section.target
    return bar_chart(
        [
            Bar(
                fmt.month(p.month, short=True),
                p.availability,
                p.met,
                fmt.availability(p.exact, p.availability, target, section.rounding_decimals),
            )
            for p in section.history
        ],
        value_range=percent_range(values, target),
        limit=target,
        limit_text=gettext("target") + " " + fmt.percent(target) if target is not None else "",
        axis_text=lambda v: fmt.percent(_decimal(v), truncate=False),
        title=gettext("Availability over the last 12 months") + f" — {section.service_name}",
    )


def kpi_chart(kpi: KpiLine, fmt: Formatter, gettext: Gettext) -> str:
    values = [p.value for p in kpi.series]
    percent = kpi.unit == "percent"
    show = fmt.percent if percent else fmt.duration
    return bar_chart(
        [Bar(fmt.month(p.month, short=True), p.value, p.met, show(p.value)) for p in kpi.series],
        value_range=percent_range(values, kpi.limit)
        if percent
        else amount_range(values, kpi.limit),
        limit=kpi.limit,
        limit_text=gettext("limit") + " " + show(kpi.limit) if kpi.limit is not None else "",
        axis_text=lambda v: show(_decimal(v)),
        title=f"{kpi.kpi} — {kpi.name}",
    )


def _decimal(value: float) -> Decimal:
    return Decimal(f"{value:.4f}")
