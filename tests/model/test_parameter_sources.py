"""Every parameter says where its value comes from, in words a reader can look up.

- every declared parameter has a ``source``;
- no source or reference uses a project-internal tag (the names of the project's
  working notes) instead of a citation;
- every reference names a work listed in docs/SOURCES.md (its first author or issuer);
- policy values (a ``source`` that is a policy rule, amount or quota, and any Rp amount
  or quota of a programme taken from a published figure) carry ``as_of``, the month
  (or year) from which the rule applies;
- the rule modules hold no unnamed numbers: a module-level numeric constant has a
  comment saying what it is and why it is not a parameter, and no function uses a bare
  float literal other than 0, 0.5, 1, 2 and 12 (months in a year). Integer literals are
  not checked: they are
  counts, indices, deciles and array shapes, and an AST check on them is mostly noise).
"""

from __future__ import annotations

import ast
import re

import pytest
from conftest import ROOT

from model.sections import all_specs

SPECS = list(all_specs())
INTERNAL_TAG = re.compile(r"\bFACTS\b|\bseeds? ?0\d")
POLICY = ("policy", "programme rule")
NOT_PUBLISHED = ("scenario", "choice", "assumption")
AS_OF = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
RULE_MODULES = [
    "model/budget.py",
    "model/calendar.py",
    "model/household.py",
    "model/human_capital.py",
    "model/income.py",
    "model/metrics.py",
    "model/population.py",
    "model/proxies.py",
    "model/registry.py",
    "model/schooling.py",
    "model/shocks.py",
]
PLAIN_FLOATS = {0.0, 0.5, 1.0, 2.0, 12.0}  # 12.0: months in a year


def ids(rows):
    return [name for name, _ in rows]


@pytest.mark.parametrize(("name", "spec"), SPECS, ids=ids(SPECS))
def test_source_is_given_and_cites_no_internal_tag(name, spec):
    assert spec.source.strip(), f"{name} has no source"
    for field in ("source", "reference", "meaning"):
        text = getattr(spec, field)
        assert not INTERNAL_TAG.search(text), f"{name}.{field} cites an internal tag: {text!r}"


def test_references_are_listed_in_sources_md():
    sources = (ROOT / "docs" / "SOURCES.md").read_text()
    missing = set()
    for name, spec in SPECS:
        for part in filter(None, (p.strip() for p in spec.reference.split(";"))):
            if part.startswith("docs/"):
                continue
            head = re.split(r"[ ,(]", part, maxsplit=1)[0]
            if head not in sources:
                missing.add(f"{name}: {head}")
    assert not missing, f"references not in docs/SOURCES.md: {sorted(missing)}"


def is_policy(name: str, spec) -> bool:
    if spec.source.startswith(POLICY):
        return True
    published = not spec.source.startswith(NOT_PUBLISHED)
    programme = name.startswith("programmes.")
    amount_or_quota = spec.unit.startswith("Rp") or name.endswith(".quota_share")
    return programme and published and amount_or_quota


@pytest.mark.parametrize(("name", "spec"), SPECS, ids=ids(SPECS))
def test_policy_values_say_from_when(name, spec):
    if is_policy(name, spec):
        assert spec.source.startswith(POLICY), (
            f"{name}: a programme's published amount or quota should say it is a policy value"
        )
        assert AS_OF.match(spec.as_of), f"{name}: policy value without as_of (YYYY-MM)"
    if spec.as_of:
        assert AS_OF.match(spec.as_of), f"{name}: as_of {spec.as_of!r} is not YYYY-MM"


def test_known_policy_values_are_dated():
    specs = dict(SPECS)
    for name in (
        "programmes.pkh.sd",
        "programmes.blt.amount",
        "programmes.bpnt.amount",
        "programmes.pbi_jkn.premium",
        "programmes.pkh.quota_share",
        "registry.update_months",
    ):
        assert specs[name].as_of, name


def module_constants(tree: ast.Module):
    for node in tree.body:
        targets = []
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        for target in targets:
            names = target.elts if isinstance(target, ast.Tuple) else [target]
            numeric = [
                n
                for n in ast.walk(value)
                if isinstance(n, ast.Constant) and type(n.value) in (int, float)
            ]
            if numeric and all(isinstance(t, ast.Name) and t.id.isupper() for t in names):
                if isinstance(value, (ast.Constant, ast.UnaryOp, ast.BinOp, ast.Tuple)):
                    yield node


@pytest.mark.parametrize("path", RULE_MODULES)
def test_module_constants_are_explained(path):
    lines = (ROOT / path).read_text().split("\n")
    tree = ast.parse("\n".join(lines))
    unexplained = []
    for node in module_constants(tree):
        here = lines[node.lineno - 1]
        above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
        end = lines[node.end_lineno - 1]
        if "#" not in here and "#" not in end and not above.startswith("#"):
            unexplained.append(f"{path}:{node.lineno}: {here.strip()}")
    assert not unexplained, "module-level constants without a comment: " + "; ".join(unexplained)


@pytest.mark.parametrize("path", RULE_MODULES)
def test_no_bare_float_literals_in_rules(path):
    tree = ast.parse((ROOT / path).read_text())
    skip = set()
    for node in ast.walk(tree):
        # declarations: defaults and ranges of parameters are the declared values
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Spec":
            skip.update(id(n) for n in ast.walk(node))
    bare = []
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(fn):
            if id(node) in skip or not isinstance(node, ast.Constant):
                continue
            if type(node.value) is float and node.value not in PLAIN_FLOATS:
                bare.append(f"{path}:{node.lineno}: {node.value!r}")
    assert not bare, "bare float literals in rules (name them or declare them): " + "; ".join(bare)


def test_food_share_is_a_named_constant_with_its_source():
    text = (ROOT / "model" / "budget.py").read_text()
    block = text[: text.index("FOOD_SHARE = ")].rsplit("\n\n", 1)[-1]
    assert "BPS" in block and "2024" in block, "FOOD_SHARE must say where 0.744 comes from"
