"""The availability page's burn-down charts: one per month asked, each with its panel."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from markupsafe import Markup

from slaledger.adapters.web.budget_panel import BudgetPanel, budget_panel
from slaledger.adapters.web.burn_chart import burn_chart
from slaledger.adapters.web.i18n import Formatter
from slaledger.adapters.web.source import ContractRecord
from slaledger.domain.periods import Month


def budget_charts(
    record: ContractRecord, months: Sequence[Month], at: int, fmt: Formatter
) -> list[tuple[Month, BudgetPanel, Markup | None]]:
    """For each month (once each, in order): its budget as known at ``at`` and its chart
    (None without a target or allowance to burn)."""
    zone = record.loaded.contract.timezone
    shown: list[tuple[Month, BudgetPanel, Markup | None]] = []
    for month in dict.fromkeys(months):
        panel = budget_panel(record, month, at)
        if panel is None:
            continue
        burn = panel.burn
        chart = None
        if burn is not None:

            def title(instant: int, remaining: int) -> str:
                day = fmt.day(datetime.fromtimestamp(instant, ZoneInfo(zone)).date())
                return f"{day}{fmt.colon} {fmt.minutes(remaining)}"

            name = fmt.month(month.year, month.month)
            chart = burn_chart(
                burn,
                caption=fmt.gettext("Error budget left in %(month)s and the even-spend line")
                % {"month": name},
                minutes=lambda value: fmt.minutes(value * 60),
                point_title=title,
                start_label=fmt.day(datetime.fromtimestamp(burn.start, ZoneInfo(zone)).date()),
                end_label=fmt.day(datetime.fromtimestamp(burn.end - 1, ZoneInfo(zone)).date()),
            )
        shown.append((month, panel, chart))
    return shown
