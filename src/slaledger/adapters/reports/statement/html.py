"""The statement as one self-contained HTML page (Jinja2; charts inline; print CSS)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from slaledger.adapters.reports.statement.charts import (
    Bar,
    amount_range,
    bar_chart,
    percent_range,
)
from slaledger.adapters.reports.statement.formatting import Formatter, check_language
from slaledger.adapters.reports.statement.i18n import translations
from slaledger.adapters.reports.statement.labels import label
from slaledger.services.statements import KpiLine, ServiceAvailability, Statement

Gettext = Callable[[str], str]
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
    fmt = Formatter(language)
    gettext = translations(language).gettext
    template = env.get_template("statement.html")
    css = (TEMPLATES / "statement.css").read_text(encoding="utf-8")
    return template.render(
        s=statement,
        fmt=fmt,
        label=label,
        lang=language,
        breached=sum(
            1 for i in statement.incidents if any(c.status == "breached" for c in i.clocks)
        ),
        css=Markup(css),
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


def availability_chart(section: ServiceAvailability, fmt: Formatter, gettext: Gettext) -> str:
    values = [p.availability for p in section.history]
    target = section.target
    return bar_chart(
        [
            Bar(fmt.month(p.month, short=True), p.availability, p.met, fmt.percent(p.availability))
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
