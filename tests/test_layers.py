"""The house's layers import one way only: the import graph of the project's own modules
has no cycle, and no arrow points up a layer.

Layers, lowest first (README.md, "Layout"):

0. ``measures``: poverty, inequality and targeting measures on arrays; deterministic maths.
1. ``model``: the simulation (pure: no file I/O, no command line, no plotting).
2. ``outputs``: what the result files hold (the data dictionary), how they are vouched for
   (digests) and exported. Reads the programme table for its columns, nothing else of
   the model.
3. ``experiments`` (the research workflows and ``experiments.execution``) and
   ``analysis`` (reading result files). ``analysis`` imports neither the model nor
   ``experiments``.
4. ``viz``: the browser page.
5. ``experiments.commands``: the command-line commands.
6. ``run`` and ``app``: the command line and the page's entry point.

Function-level imports count: an import inside a function is still an arrow.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest
from conftest import ROOT

LAYERS = {
    "measures": 0,
    "model": 1,
    "outputs": 2,
    "experiments": 3,
    "experiments.execution": 3,
    "analysis": 3,
    "viz": 4,
    "experiments.commands": 5,
    "run": 6,
    "app": 6,
}
# Pairs in the same layer that must not import each other (from, to).
FORBIDDEN_SIDEWAYS = {("analysis", "experiments"), ("analysis", "experiments.execution")}
# analysis reads result files only: not the simulation.
FORBIDDEN_DOWN = {("analysis", "model")}
PACKAGES = ("measures", "model", "outputs", "experiments", "analysis", "viz")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> str | None:
    """The longest layer name that is ``module`` or a package above it."""
    best = None
    for name in LAYERS:
        if (module == name or module.startswith(name + ".")) and (
            best is None or len(name) > len(best)
        ):
            best = name
    return best


def project_modules() -> dict[str, Path]:
    files = [ROOT / "run.py", ROOT / "app.py"]
    for pkg in PACKAGES:
        files += sorted((ROOT / pkg).rglob("*.py"))
    return {module_name(f): f for f in files}


def imports_of(module: str, path: Path, known: set[str]) -> set[str]:
    """Project modules that ``module`` imports (at any depth in the file)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            # the module itself, or the nearest project module above it
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


@pytest.fixture(scope="module")
def graph() -> nx.DiGraph:
    mods = project_modules()
    g = nx.DiGraph()
    g.add_nodes_from(mods)
    for mod, path in mods.items():
        for target in imports_of(mod, path, set(mods)):
            g.add_edge(mod, target)
    return g


def test_every_module_has_a_layer(graph):
    assert [m for m in graph if layer_of(m) is None] == []


def test_no_upward_or_forbidden_arrow(graph):
    bad = []
    for a, b in graph.edges:
        la, lb = layer_of(a), layer_of(b)
        if LAYERS[lb] > LAYERS[la] or (la, lb) in FORBIDDEN_SIDEWAYS | FORBIDDEN_DOWN:
            bad.append(f"{a} ({la}) -> {b} ({lb})")
    assert bad == []


def test_no_cycle_between_layers(graph):
    layers = nx.DiGraph()
    layers.add_nodes_from(LAYERS)
    for a, b in graph.edges:
        la, lb = layer_of(a), layer_of(b)
        if la != lb and not (lb.startswith(la + ".") or la.startswith(lb + ".")):
            layers.add_edge(la, lb)
    assert list(nx.simple_cycles(layers)) == []


def test_no_cycle_between_modules(graph):
    # Package __init__ files re-export their modules; an arrow to a package is an arrow
    # to its __init__ only, so a cycle through one is real.
    assert list(nx.simple_cycles(graph)) == []


def test_the_graph_is_drawn_from_real_imports(graph):
    """The test would see an arrow: the engine imports the budget, the page the model."""
    assert graph.has_edge("model.model", "model.budget")
    assert graph.has_edge("viz.page_model", "model.model")
    assert graph.has_edge("run", "experiments.scenario")  # an import inside a function


def test_commands_are_loaded_from_the_commands_layer():
    """run.py loads its sub-commands by name (no static arrow): they are all commands."""
    import run

    assert all(layer_of(name) == "experiments.commands" for name in run.COMMANDS)
