"""The credits page of the demo on first start, in Chromium: credits in money on the
invoiced demo fees (examples/data/billing.csv), one total per currency."""

from __future__ import annotations

import re

from playwright.sync_api import Page


def test_the_demo_credits_page_shows_amounts_and_a_total_in_euros(admin: Page, server: str):
    admin.goto(f"{server}/dashboard/credits")
    total = admin.locator("[data-totals] tr[data-currency=EUR] td.num")
    assert total.count() == 1
    assert re.search(r"€\s?\d[\d,]*\.\d{2}", total.inner_text())
    march = admin.locator("section.contract tr[data-month='2024-03'] td.amount").first
    assert march.get_attribute("data-fee-source") == "invoiced"
    assert "€250.00" in march.inner_text()
