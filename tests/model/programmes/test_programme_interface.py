"""The programme plug-in interface: programmes never see the model, model/ has no import
cycles, analysis/ imports nothing from model/, and a programme defined inside a test
plugs in without touching the core."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from model.model import ArrayModel
from model.parameters import Params, Section, Spec
from model.programmes import PROGRAMMES, programme_table
from model.programmes.base import CashProgramme, common_specs
from model.programmes.interface import MonthView
from model.sections import SECTIONS, default_params

ROOT = Path(__file__).resolve().parents[3]


def module_imports(path: Path, package_root: Path) -> set[str]:
    """Modules imported by a source file (absolute and relative imports), including
    imports inside functions and under TYPE_CHECKING."""
    tree = ast.parse(path.read_text())
    rel = path.relative_to(package_root).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = parts[: len(parts) - node.level + (path.name == "__init__.py")]
                mod = ".".join([*base, node.module] if node.module else base)
            else:
                mod = node.module or ""
            out.add(mod)
            # ``from pkg import sub`` may import a submodule
            out.update(f"{mod}.{a.name}" for a in node.names)
    return out


def model_graph() -> dict[str, set[str]]:
    files = sorted((ROOT / "model").rglob("*.py"))
    names = {}
    for f in files:
        rel = f.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = f
    graph = {}
    for name, f in names.items():
        graph[name] = {m for m in module_imports(f, ROOT) if m in names and m != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (cyc := visit(nxt)):
                return cyc
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cyc := visit(node)):
            return cyc
    return None


def test_model_has_no_import_cycles():
    graph = model_graph()
    # a parent package importing its own submodules is not a cycle
    for name in graph:
        graph[name] = {m for m in graph[name] if not name.startswith(m + ".")}
    cyc = find_cycle(graph)  # type-only imports count too
    assert cyc is None, " -> ".join(cyc or [])


def test_no_programme_module_imports_the_model():
    for f in sorted((ROOT / "model" / "programmes").glob("*.py")):
        text = f.read_text()
        assert "ArrayModel" not in text, f.name
        imports = module_imports(f, ROOT)
        assert "model.model" not in imports, f.name
        assert not any(m.startswith("model.model.") for m in imports), f.name


def test_analysis_imports_nothing_from_model():
    for f in sorted((ROOT / "analysis").rglob("*.py")):
        imports = module_imports(f, ROOT)
        bad = {m for m in imports if m == "model" or m.startswith("model.")}
        assert not bad, (f.name, bad)


def test_programme_table_exposes_name_label_and_section():
    table = programme_table()
    assert [row["name"] for row in table] == [p.name for p in PROGRAMMES]
    for row in table:
        assert row["label"] and row["section"] == f"programmes.{row['name']}"
        assert row["section"] in SECTIONS


# --------------------------------------------------------------- a toy programme
TOY_SPECS: dict[str, Spec] = {
    **common_specs(order=5, quota_share=0.1),
    "amount": Spec(
        default=100_000.0,
        unit="Rp/household/month",
        meaning="toy cash",
        source="test",
        low=0,
        high=1e7,
    ),
}


class Toy(CashProgramme):
    """A programme defined in a test: flat cash to the poorest-ranked tenth."""

    name = "toy"
    label = "Toy"
    specs: ClassVar[dict[str, Spec]] = TOY_SPECS

    def entitlement(self, view: MonthView) -> tuple[np.ndarray, np.ndarray]:
        rows = np.flatnonzero(self.enrolled)
        return rows, np.full(rows.size, self.params.amount)


def with_toy(amount: float, n: int = 600, months: int = 6) -> Params:
    base = default_params(run={"households": n, "months": months, "seed": 2})
    values = {k: s.default for k, s in TOY_SPECS.items()}
    values.update(enabled=True, amount=amount)
    sections = {**base.sections, "programmes.toy": Section("programmes.toy", values)}
    return Params(name="toy", sections=sections, lists=base.lists)


def test_a_programme_defined_in_a_test_plugs_in():
    m = ArrayModel(with_toy(100_000.0), programmes=(*PROGRAMMES, Toy))
    m.run()
    h = m.history
    assert "toy_recipients" in h[-1] and "toy_exclusion_error_quota" in h[-1]
    assert h[-1]["toy_recipients"] == round(0.1 * 600)
    toy = m.programmes[0]
    total = sum(row["toy_spending"] for row in h)
    assert total == pytest.approx(toy.spent_total) and total == pytest.approx(6 * 60 * 1e5)
    # its cash reaches the budget: recipients consume more than without it
    base = ArrayModel(with_toy(0.0), programmes=(*PROGRAMMES, Toy))
    base.run()
    assert m.latest["poverty_gap"] < base.latest["poverty_gap"]


def test_a_toy_paying_nothing_changes_nothing():
    """CRN: a zero-amount programme leaves every other metric identical."""
    from model.sections import default_params as plain

    ref = ArrayModel(plain(run={"households": 600, "months": 6, "seed": 2}))
    ref.run()
    zero = ArrayModel(with_toy(0.0), programmes=(*PROGRAMMES, Toy))
    zero.run()
    for a, b in zip(ref.history, zero.history, strict=True):
        for k, v in a.items():
            np.testing.assert_equal(b[k], v, err_msg=k)
