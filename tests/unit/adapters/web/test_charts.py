"""The dashboard's SVG bar chart: one bar per known value, heights in proportion."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from slaledger.adapters.web.charts import BOTTOM, HEIGHT, TOP, Bar, bar_chart

SVG = "{http://www.w3.org/2000/svg}"
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def _bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if "bar" in r.get("class", "").split()]


@pytest.mark.parametrize(
    "values",
    [
        [99.0, 99.5, 100.0],  # three months, the last one perfect
        [97.25, None, 99.9, 98.0],  # a month without a figure draws no bar
        [None, None],  # nothing known: labels only
    ],
)
def test_a_bar_is_drawn_for_each_known_value_with_its_height_in_proportion(
    values: list[float | None],
) -> None:
    low, high = 95.0, 100.0
    bars = [Bar(label=f"m{i}", value=v, title=f"m{i} {v}") for i, v in enumerate(values)]
    root = _parse(bar_chart(bars, target=None, low=low, high=high))
    drawn = _bars(root)
    known = [v for v in values if v is not None]
    assert len(drawn) == len(known)
    for rect, value in zip(drawn, known, strict=True):
        expected = PLOT_HEIGHT * (value - low) / (high - low)
        assert float(rect.get("height", "nan")) == pytest.approx(expected, abs=0.06)
        # every bar stands on the same baseline
        assert float(rect.get("y", "nan")) + float(rect.get("height", "nan")) == pytest.approx(
            TOP + PLOT_HEIGHT, abs=0.06
        )
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "label"]
    assert labels == [b.label for b in bars]


def test_taller_values_draw_taller_bars_and_values_outside_the_range_are_clipped() -> None:
    bars = [Bar("a", 90.0, "a"), Bar("b", 97.0, "b"), Bar("c", 99.0, "c"), Bar("d", 120.0, "d")]
    heights = [
        float(r.get("height", "nan"))
        for r in _bars(_parse(bar_chart(bars, target=None, low=95.0, high=100.0)))
    ]
    assert heights[0] == pytest.approx(0.0, abs=0.06)  # below the floor: no height
    assert heights[1] < heights[2] < heights[3]
    assert heights[3] == pytest.approx(PLOT_HEIGHT, abs=0.06)  # above the top: full height


def test_the_target_is_a_line_at_its_height_and_bars_are_coloured_by_verdict() -> None:
    bars = [Bar("a", 99.0, "a", good=True), Bar("b", 98.0, "b", good=False), Bar("c", 98.5, "c")]
    root = _parse(bar_chart(bars, target=99.5, low=98.0, high=100.0))
    (target,) = [line for line in root.iter(f"{SVG}line") if line.get("class") == "target"]
    expected_y = TOP + PLOT_HEIGHT * (1 - (99.5 - 98.0) / 2.0)
    assert float(target.get("y1", "nan")) == pytest.approx(expected_y, abs=0.06)
    assert [r.get("class") for r in _bars(root)] == ["bar met", "bar missed", "bar unknown"]


def test_bars_link_to_their_page_and_the_rolling_line_has_a_point_per_known_value() -> None:
    bars = [Bar("a", 99.0, "a", href="/x/2024-01"), Bar("b", 99.5, "b", href="/x/2024-02")]
    root = _parse(bar_chart(bars, target=None, line=[99.2, None], low=98.0, high=100.0))
    links = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert links == ["/x/2024-01", "/x/2024-02"]
    (rolling,) = list(root.iter(f"{SVG}polyline"))
    assert len(rolling.get("points", "").split()) == 1


def test_text_is_escaped() -> None:
    markup = bar_chart([Bar("<m>", 1.0, 'say "hi" & <b>')], target=None, caption="a<b")
    root = _parse(markup)  # well-formed despite the markup characters
    assert root.get("aria-label") == "a<b"
    assert "<b>" not in markup
    assert "&lt;b&gt;" in markup
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert 'say "hi" & <b>' in titles
