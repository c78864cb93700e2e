"""The incident timeline's SVG: a lane per clock, its pauses and its marks."""

from __future__ import annotations

import re

import slaledger.adapters.api  # noqa: F401 - the web package is imported through the app
from slaledger.adapters.web.timeline import Lane, Mark, span, timeline

HOUR = 3600


def _lane(**changes: object) -> Lane:
    values: dict[str, object] = {
        "name": "restore",
        "label": "Restore <P1>",
        "status": "met",
        "start": 0,
        "end": 4 * HOUR,
        "pauses": [(HOUR, 2 * HOUR)],
        "marks": [Mark(0, "start", "Start"), Mark(4 * HOUR, "met", "Met & done")],
    }
    values.update(changes)
    return Lane(**values)  # type: ignore[arg-type]


def test_each_clock_is_a_lane_with_its_pauses_and_marks_escaped() -> None:
    svg = str(timeline([_lane()], axis=[(0, "0:00")], caption="Clocks", low=0, high=4 * HOUR))
    assert svg.startswith('<svg class="chart timeline"')
    assert '<g class="lane" data-clock="restore" data-status="met">' in svg
    assert "Restore &lt;P1&gt;" in svg
    assert re.findall(r'data-mark="([^"]+)"', svg) == ["pause", "start", "met"]
    assert "<title>Met &amp; done</title>" in svg


def test_instants_map_onto_the_plot_and_are_clipped_to_it() -> None:
    svg = str(
        timeline(
            [_lane(start=-HOUR, marks=[Mark(8 * HOUR, "deadline", "late")])],
            axis=[],
            caption="",
            low=0,
            high=4 * HOUR,
        )
    )
    run = re.search(r'<rect class="run" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg)
    assert run is not None
    assert float(run.group(1)) == 170.0  # the plot's left edge
    assert float(run.group(2)) == 574.0  # to its right edge (760 - 170 - 16)
    line = re.search(r'data-mark="deadline"><title>late</title><line x1="([\d.]+)"', svg)
    assert line is not None
    assert float(line.group(1)) == 744.0


def test_a_clock_not_started_has_no_run_bar() -> None:
    svg = str(timeline([_lane(start=None, pauses=[])], axis=[], caption="", low=0, high=HOUR))
    assert 'class="run"' not in svg


def test_the_span_covers_every_instant_with_a_margin() -> None:
    low, high = span([_lane(marks=[Mark(10 * HOUR, "deadline", "")])])
    assert low < 0 < 10 * HOUR < high
    assert span([]) == (-60, 61)


def test_a_long_clock_name_is_shortened_beside_the_lane_and_whole_in_its_title() -> None:
    name = "Délai de diagnostic initial de l’Incident"
    svg = str(timeline([_lane(label=name)], axis=[], caption="", low=0, high=HOUR))
    assert f"<title>{name}</title>Délai de diagnostic initi…</text>" in svg


def test_the_axis_keeps_its_first_and_last_labels_inside() -> None:
    axis = [(0, "start"), (HOUR, "middle"), (2 * HOUR, "end")]
    svg = str(timeline([_lane()], axis=axis, caption="", low=0, high=2 * HOUR))
    anchors = re.findall(r'<text class="axis" [^>]*text-anchor="(\w+)"', svg)
    assert anchors == ["start", "middle", "end"]
