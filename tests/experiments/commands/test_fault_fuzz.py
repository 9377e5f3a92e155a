"""Random scenario files (Hypothesis): values of the wrong type, NaN, infinities, huge
and negative numbers and unknown keys at every level, written as TOML and given to
``run``. Each must either run or end with exit code 2 and one ``error:`` line, never a
traceback, and never leave a result file (half-)written."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import tomli_w
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import run
from model.sections import LIST_SECTIONS, SECTIONS

BASELINE = (ROOT / "scenarios" / "baseline.toml").as_posix()
SECTION_NAMES = sorted(SECTIONS)
HOSTILE_NUMBERS = st.sampled_from(
    [math.nan, math.inf, -math.inf, -1, -1e300, 1e300, 2**63 - 1, -(2**63), 0, 0.5, 1e-300]
)
VALUES = st.one_of(
    HOSTILE_NUMBERS,
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.booleans(),
    st.text(max_size=12),
    st.lists(st.integers(-3, 3), max_size=3),
    st.dictionaries(st.text(max_size=6), st.integers(0, 3), max_size=2),
)
NAMES = st.one_of(st.text(min_size=1, max_size=12), st.sampled_from(["", " ", "a.b", "x" * 200]))


@st.composite
def scenario(draw) -> dict:
    """A scenario dict that extends the baseline, with random damage at every level."""
    data: dict = {"extends": BASELINE}
    for _ in range(draw(st.integers(1, 4))):
        level = draw(st.sampled_from(["top", "section", "param", "crisis", "meta"]))
        if level == "top":
            data[draw(NAMES)] = draw(VALUES)
        elif level == "meta":
            data[draw(st.sampled_from(["name", "description", "extends"]))] = draw(VALUES)
        else:
            section = draw(st.sampled_from(SECTION_NAMES))
            node = data
            for part in section.split("."):
                node = node.setdefault(part, {}) if isinstance(node.get(part, {}), dict) else {}
            if level == "section":
                node[draw(NAMES)] = draw(VALUES)
            elif level == "param":
                node[draw(st.sampled_from(sorted(SECTIONS[section])))] = draw(VALUES)
            else:
                key = draw(st.sampled_from([*sorted(LIST_SECTIONS["crises"]), "nope"]))
                data["crises"] = [{key: draw(VALUES)}]
    return data


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=scenario())
def test_random_scenario_files_run_or_fail_cleanly(tmp_path, capsys, data):
    here = Path(tempfile.mkdtemp(dir=tmp_path))  # tmp_path is shared by the examples
    path = here / "fuzz.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    out = here / "out"
    argv = ["run", str(path), "--households", "20", "--months", "1", "--quiet"]
    code = run.main([*argv, "--out", str(out)])
    _, err = capsys.readouterr()
    assert "Traceback" not in err
    if code == 0:
        assert (out / "manifest.json").is_file()
        return
    assert code == 2, err
    lines = [ln for ln in err.strip().splitlines() if not ln.startswith("warning:")]
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert str(path) in lines[0] or "extends" in lines[0]
    if out.exists():  # refused before anything was written
        assert not (out / "manifest.json").exists()
        assert not list(out.rglob("*.tmp"))
