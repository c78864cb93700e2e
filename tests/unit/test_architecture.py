"""The layers hold and no module imports itself back (docs/architecture.md).

``domain`` (pure rules) is imported by ``services`` (use cases), which are imported by
the ``adapters`` and ``bootstrap`` (files, store, API, dashboard, CLI, connectors; the
composition of calendars and holidays): never the other way, directly or through a
chain. And no two modules of the package import each other, however long the loop.
"""

from __future__ import annotations

import grimp
import pytest

PACKAGE = "slaledger"


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(PACKAGE, include_external_packages=False)


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            if child < len(edges[node]):
                work.append((node, child + 1))
                nxt = edges[node][child]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def test_no_layer_imports_a_higher_one(graph: grimp.ImportGraph) -> None:
    layers = (
        grimp.Layer("slaledger.adapters", "slaledger.bootstrap", independent=False),
        "slaledger.services",
        "slaledger.domain",
    )
    illegal = graph.find_illegal_dependencies_for_layers(layers=layers)
    described = sorted(
        f"{d.importer} -> {d.imported}: "
        + "; ".join(" -> ".join(route.heads | route.tails) for route in d.routes)
        for d in illegal
    )
    assert described == []


def test_no_import_cycle(graph: grimp.ImportGraph) -> None:
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    # the check above must be able to fail: a hand-made graph with a loop of three
    made = grimp.ImportGraph()
    for name in ("p.a", "p.b", "p.c", "p.d"):
        made.add_module(name)
    made.add_import(importer="p.a", imported="p.b")
    made.add_import(importer="p.b", imported="p.c")
    made.add_import(importer="p.c", imported="p.a")
    made.add_import(importer="p.c", imported="p.d")
    assert _cycles(made) == [["p.a", "p.b", "p.c"]]


def test_the_documented_source_example_runs() -> None:
    """docs/architecture.md's "Adding a source" example computes a figure as written."""
    import re
    from pathlib import Path

    from slaledger.adapters.files.contract_file import load_contract
    from slaledger.bootstrap import contract_calendars
    from slaledger.domain.periods import Month

    root = Path(__file__).resolve().parents[2]
    text = (root / "docs/architecture.md").read_text()
    section = text.split("### Adding a source", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    scope = {
        "contract": load_contract(root / "examples/contracts/001-saas-annexes.yaml").contract,
        "month": Month(2024, 3),
        "contract_calendars": contract_calendars,
    }
    exec(compile(code.group(1), "docs/architecture.md", "exec"), scope)
    figure = scope["figure"]
    assert figure.coverage is not None
    assert figure.coverage.observed_seconds == 120
    assert figure.availability is None  # two minutes of a month: no data, not 100 %
