"""Hostile inputs, part 1: scenario files, overrides, flags and sensitivity specs.

Every case calls the command line in-process (``run.main(argv)``) and requires exit code
2 with exactly one ``error:`` line naming the true source and the problem, and no
traceback (or, for a valid but doubtful input, exit 0 and one warning line). The count
of cases is reported by ``HOSTILE_CASES`` in test_fault_results.py's module docstring.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest
from conftest import ROOT
from one_line_errors import assert_one_line_error, cli

BASELINE = ROOT / "scenarios" / "baseline.toml"
BASE = f'extends = "{BASELINE.as_posix()}"\n'


# (file body, words the one error line must hold); the file's own path is checked too.
FILE_CASES = [
    (BASE + "[income]\ntransitory_sd = nan\n", ["income.transitory_sd", "finite"]),
    (BASE + "[income]\ntransitory_sd = inf\n", ["income.transitory_sd", "finite"]),
    (BASE + "[income]\ntransitory_sd = -inf\n", ["income.transitory_sd", "finite"]),
    (BASE + "[run]\nhouseholds = nan\n", ["run.households", "whole number"]),
    (BASE + "[run]\nhouseholds = 1e300\n", ["run.households", "above the maximum"]),
    (BASE + "[run]\nhouseholds = 9223372036854775807\n", ["run.households", "above"]),
    (BASE + "[run]\nhouseholds = -5\n", ["run.households", "below the minimum"]),
    (BASE + "[run]\nhouseholds = true\n", ["run.households", "whole number"]),
    (BASE + "[run]\nseed = -5\n", ["run.seed", "below the minimum"]),
    (BASE + "[run]\nmonths = 100000\n", ["run.months", "above the maximum"]),
    (BASE + '[income]\ntransitory_sd = "0.2"\n', ["income.transitory_sd", "a number"]),
    (BASE + "[income]\ntransitory_sd = [0.2]\n", ["income.transitory_sd", "a number"]),
    (BASE + "[income]\ntransitory_sd = {a = 1}\n", ["income.transitory_sd", "a number"]),
    (BASE + "[programmes.pkh]\nenabled = 1\n", ["programmes.pkh.enabled", "true or false"]),
    (BASE + "[[crises]]\narea = 5\n", ["crises.0.area", "string"]),
    (BASE + "crises = 5\n", ["crises", "array of tables"]),
    (BASE + "income = 5\n", ["income", "must be a table"]),
    (BASE + "name = 5\n", ["name", "must be a string"]),
    (BASE + 'name = ""\n', ["name", "must not be empty"]),
    (BASE + "name = \"=cmd|' /C calc'!A0\"\n", ["name", "may hold only"]),
    (BASE + 'name = "@SUM(1)"\n', ["name", "may hold only"]),
    (BASE + 'name = "+1+1"\n', ["name", "may hold only"]),
    (BASE + 'name = "-2"\n', ["name", "may hold only"]),
    (BASE + 'name = "<script>alert(1)</script>"\n', ["name", "may hold only"]),
    (BASE + 'name = "two words"\n', ["name", "may hold only"]),
    (BASE + 'name = "a/../b"\n', ["name", "may hold only"]),
    (BASE + f'name = "{"n" * 300}"\n', ["name", "300 characters", "at most 64"]),
    (BASE + "label = 5\n", ["label", "must be a string"]),
    (BASE + 'label = "=1+1"\n', ["label", "may hold only"]),
    (BASE + 'label = "@SUM(1)"\n', ["label", "may hold only"]),
    (BASE + 'label = "<script>x</script>"\n', ["label", "may hold only"]),
    (BASE + 'label = "a\\nb"\n', ["label", "may hold only"]),
    (BASE + f'label = "{"l" * 200}"\n', ["label", "200 characters", "at most 100"]),
    (BASE + "colour = 5\n", ["colour", "unknown section or key"]),
    (BASE + "[income]\nwealth = 5\n", ["income.wealth", "unknown parameter"]),
    (BASE + "[programmes.nope]\nenabled = true\n", ["programmes.nope", "unknown"]),
    ("extends = 5\n", ["extends", "must name a .toml scenario file"]),
    ('extends = "/etc/passwd"\n', ["extends", "must name a .toml scenario file"]),
    ('extends = "../../../../../../etc/passwd"\n', ["extends", ".toml"]),
    ('extends = "nowhere.toml"\n', ["extends", "file not found"]),
    ("", ["the file is empty"]),
    ("# only a comment\n", ["the file is empty"]),
    ("[income\n", ["not valid TOML"]),
    ("a = [" * 3000 + "\n", ["not valid TOML"]),
    (BASE + '"a\\nb" = 1\n', ["unknown section or key"]),
    (BASE + f'"{"k" * 10_000}" = 1\n', ["unknown section or key"]),
    (BASE + "sensitivity = 5\n", ["sensitivity", "must be a table"]),
    (
        BASE + '[sensitivity]\noutputs = ["poverty_gap_mean"]\n[[sensitivity.parameters]]\n'
        'name = "income.transitory_sd"\nbounds = [nan, 0.3]\n',
        ["bounds", "finite"],
    ),
    (
        BASE + '[sensitivity]\noutputs = ["poverty_gap_max"]\n[[sensitivity.parameters]]\n'
        'name = "income.transitory_sd"\nbounds = [0.1, 0.3]\n',
        ["unknown output"],
    ),
]


@pytest.mark.parametrize("command", ["validate", "run"])
@pytest.mark.parametrize("body, words", FILE_CASES)
def test_bad_scenario_file_is_one_line(tmp_path, capsys, body, words, command):
    """``validate`` and ``run`` share one checker: the same error for every bad file, and
    ``run`` writes nothing."""
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    extra = ["--out", tmp_path / "o", "--quiet"] if command == "run" else []
    code, _, err = cli(capsys, command, path, *extra)
    line = assert_one_line_error(code, err, str(path), *words)
    assert "k" * 100 not in line and "n" * 100 not in line  # long keys and names are cut
    assert not (tmp_path / "o").exists()


def test_file_name_without_a_safe_name_needs_a_name(tmp_path, capsys):
    """Without ``name``, the file name is the scenario name and must follow its rule."""
    path = tmp_path / "=1+1.toml"
    path.write_text(BASE, encoding="utf-8")
    code, _, err = cli(capsys, "validate", path)
    assert_one_line_error(code, err, "name", "no name given", "set name =")
    good = tmp_path / "named.toml"
    good.write_text(BASE + 'name = "ok-name_1.2"\nlabel = "PKH + BPNT (Rp 600,000/month) & 5%"\n')
    code, out, err = cli(capsys, "validate", good)
    assert code == 0 and "ok: ok-name_1.2" in out, err


def test_extends_reaching_a_non_scenario_file_does_not_echo_its_keys(tmp_path, capsys):
    path = tmp_path / "s.toml"
    path.write_text(f'extends = "{(ROOT / "pyproject.toml").as_posix()}"\n')
    code, _, err = cli(capsys, "validate", path)
    line = assert_one_line_error(code, err, str(path), "extends", "not a jaring scenario file")
    for key in ("build-system", "project", "tool"):
        # the paths themselves may contain a key's name (a clone in a "project" folder)
        shown = line.replace(ROOT.as_posix(), "").replace(str(ROOT), "").replace(str(path), "")
        assert key not in shown.replace("pyproject", "")


def test_files_bytes_and_paths(tmp_path, capsys):
    bad = tmp_path / "latin.toml"
    bad.write_bytes(b'name = "caf\xe9"\n')
    assert_one_line_error(*cli(capsys, "validate", bad)[::2], str(bad), "UTF-8")
    assert_one_line_error(*cli(capsys, "validate", tmp_path)[::2], "is a directory")
    assert_one_line_error(*cli(capsys, "validate", tmp_path / "no.toml")[::2], "file not found")
    bom = tmp_path / "bom.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + BASE.encode() + b"[run]\nhouseholds = 100\n")
    code, out, _ = cli(capsys, "validate", bom)
    assert code == 0 and "100 households" in out  # a byte-order mark is accepted


def test_deep_and_circular_extends(tmp_path, capsys):
    for i in range(1200):
        (tmp_path / f"s{i}.toml").write_text(f'extends = "s{i + 1}.toml"\n')
    (tmp_path / "s1200.toml").write_text(BASE)
    assert_one_line_error(*cli(capsys, "validate", tmp_path / "s0.toml")[::2], "16 files deep")
    (tmp_path / "a.toml").write_text('extends = "b.toml"\n')
    (tmp_path / "b.toml").write_text('extends = "a.toml"\n')
    assert_one_line_error(*cli(capsys, "validate", tmp_path / "a.toml")[::2], "circular")


@pytest.mark.parametrize("which", ["file", "extends"])
def test_unreadable_file_is_one_line(tmp_path, capsys, monkeypatch, which):
    parent = tmp_path / "parent.toml"
    parent.write_text(BASE)
    child = tmp_path / "child.toml"
    child.write_text('extends = "parent.toml"\n')
    locked = child if which == "file" else parent
    real = os.open

    def fake_open(path, *args, **kwargs):  # the one file reader opens with os.open
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    code, _, err = cli(capsys, "validate", child)
    assert_one_line_error(code, err, "cannot read", str(locked), "Permission denied")


def test_crisis_after_the_last_month_is_warned(capsys):
    code, out, err = cli(capsys, "validate", ROOT / "scenarios" / "crisis.toml", "--months", 6)
    assert code == 0 and "ok: crisis" in out
    assert err.strip().startswith("warning:") and len(err.strip().splitlines()) == 1
    assert "crises.0.start_month" in err and "no effect" in err


# (command-line arguments after the scenario, words the error line must hold)
OVERRIDE_CASES = [
    (["--households", "50", "--set", "run.households=abc"], ["--set", "whole number"]),
    (["--set", "run.households=abc", "--households", "50"], ["--set", "whole number"]),
    (["--households", "0"], ["--households", "run.households", "below the minimum"]),
    (["--months", "100000"], ["--months", "above the maximum"]),
    (["--seed", "-5"], ["--seed", "below the minimum"]),
    (["--set", "income.transitory_sd=nan"], ["--set", "finite"]),
    (["--set", "income.transitory_sd=inf"], ["--set", "finite"]),
    (["--set", "income.transitory_sd=-inf"], ["--set", "finite"]),
    (["--set", "noequals"], ["--set", "dotted.key=value"]),
    (["--set", "=5"], ["--set", "no key"]),
    (["--set", "income.transitory_sdd=0.1"], ["--set", "did you mean 'transitory_sd'"]),
    (["--set", "crises.5.income_multiplier=0.5"], ["--set", "has 0 crises"]),
    (["--set", "crises.x.income_multiplier=0.5"], ["--set", "crises.<index>"]),
    (["--set", "run.households=1e300"], ["--set", "1e+300", "above the maximum"]),
    (["--set", "run.households=50", "--households", "60"], ["--households", "set twice"]),
    (["--set", "programmes.pkh.enabled=yes"], ["--set", "true or false"]),
    (["--set", "crises.0.area=mars"], ["--set", "must be one of"]),
    (["--households", "abc"], ["--households", "invalid int"]),
]


@pytest.mark.parametrize("args, words", OVERRIDE_CASES)
def test_bad_override_names_its_true_source(capsys, args, words):
    code, _, err = cli(capsys, "validate", BASELINE, *args)
    line = assert_one_line_error(code, err, *words)
    assert "baseline.toml" not in line  # not blamed on the file
    assert not any(len(tok) > 40 and tok.isdigit() for tok in line.split())


def test_params_filter_without_match(capsys):
    assert_one_line_error(*cli(capsys, "params", "--filter", "zzz")[::2], "--filter", "zzz")


def spec_file(tmp_path: Path, parameter: str, outputs: str = '["poverty_gap_mean"]') -> Path:
    path = tmp_path / "spec.toml"
    path.write_text(
        f"[sensitivity]\noutputs = {outputs}\n[[sensitivity.parameters]]\n{parameter}\n"
    )
    return path


P = 'name = "programmes.pkh.compliance_rate"\n'
SPEC_CASES = [
    (P + "bounds = [nan, 1.0]", ["finite"]),
    (P + "bounds = [0.5, inf]", ["finite"]),
    (P + 'bounds = [0.8, 0.0]\ndist = "norm"', ["sd must be above 0"]),
    (P + 'bounds = [0.8, -1.0]\ndist = "norm"', ["sd must be above 0"]),
    (P + 'bounds = [5.0, 0.1]\ndist = "norm"', ["(mean)", "above the maximum"]),
    (P + 'bounds = [0.5, 1.0, 0.8, 0.0]\ndist = "truncnorm"', ["sd must be above 0"]),
    (P + 'bounds = [-0.3, 0.0]\ndist = "lognorm"', ["sd must be above 0"]),
    (P + 'bounds = [1000.0, 0.1]\ndist = "lognorm"', ["overflows"]),
    (P + 'bounds = [0.5, 1.0, 1.5]\ndist = "triang"', ["peak share"]),
    (P + 'bounds = [0.5, 1.0, -0.1]\ndist = "triang"', ["peak share"]),
    (P + 'bounds = [0.0, 1.0]\ndist = "logunif"', ["low > 0"]),
    ('name = "credit.formal_term"\nbounds = [12.2, 12.4]', ["round to 12"]),
    ('name = "income.size_elasticity"\nbounds = [-1.5, -0.5, 0.5]\ndist = "triang"', ["high >= 0"]),
    (P + 'bounds = ["a", 1]', ["needs 2 numbers"]),
    (P + "bounds = 5", ["needs 2 numbers"]),
    (P + "bounds = [0.5, 1.0]\ndist = 5", ["must be one of"]),
    ("name = 5\nbounds = [0.5, 1.0]", ["dotted parameter name"]),
    (P + "bounds = [0.5, 1.0]\nsteps = 3", ["unknown key"]),
    (P + "bounds = [0.5, 1.0]", ["listed twice"], '["poverty_gap_mean", "poverty_gap_mean"]'),
    ('name = "crises.0.income_multiplier"\nbounds = [0.5, 1.0]', ["has 0 crises"]),
]


@pytest.mark.parametrize("case", SPEC_CASES, ids=lambda c: c[1][0])
def test_bad_sensitivity_spec_is_one_line(tmp_path, capsys, case):
    parameter, words, *outputs = case
    spec = spec_file(tmp_path, parameter, *outputs)
    argv = ["sensitivity", BASELINE, "--spec", spec, "--out", tmp_path / "o", "--quiet"]
    code, _, err = cli(capsys, *argv, "--households", 200, "--months", 2)
    assert_one_line_error(code, err, str(spec), *words)
    assert not (tmp_path / "o").exists()  # refused before anything is written


@pytest.mark.parametrize("command", ["validate", "run"])
@pytest.mark.parametrize("case", SPEC_CASES, ids=lambda c: c[1][0])
def test_bad_sensitivity_table_in_a_scenario_file_fails_run_as_validate(
    tmp_path, capsys, case, command
):
    """A ``[sensitivity]`` table inside a scenario file is checked by ``run`` too, not
    ignored: the same one-line error as ``validate`` and ``sensitivity``."""
    parameter, words, *outputs = case
    spec = spec_file(tmp_path, parameter, *outputs)
    path = tmp_path / "scenario.toml"
    path.write_text(BASE + spec.read_text(), encoding="utf-8")
    extra = ["--out", tmp_path / "o", "--quiet"] if command == "run" else []
    code, _, err = cli(capsys, command, path, *extra, "--households", 50, "--months", 1)
    assert_one_line_error(code, err, str(path), *words)
    assert not (tmp_path / "o").exists()


def test_programme_after_the_last_month_is_warned(capsys):
    """Like a late crisis: a programme switched on after the last month has no effect."""
    argv = ["validate", ROOT / "scenarios" / "pkh.toml", "--months", 3]
    code, out, err = cli(capsys, *argv, "--set", "programmes.pkh.start_month=10")
    assert code == 0 and "ok: pkh" in out, err
    assert err.strip().startswith("warning:") and len(err.strip().splitlines()) == 1
    assert "programmes.pkh.start_month" in err and "no effect" in err
    # a programme that is off, or one that starts in time, gives no warning
    code, _, err = cli(capsys, *argv, "--set", "programmes.blt.start_month=10")
    assert code == 0 and err == ""
    code, _, err = cli(capsys, *argv, "--set", "programmes.pkh.start_month=3")
    assert code == 0 and err == ""


# (command line after the command, words of the error line); each passes with --allow-large
LARGE_CASES = [
    (["validate", BASELINE, "--households", "2000000"], ["2,000,000 households", "--allow-large"]),
    (["validate", BASELINE, "--months", "1000"], ["1,000 months", "--allow-large"]),
    (["run", BASELINE, "--replications", "6000"], ["6,000 runs", "--allow-large"]),
    (
        ["run", BASELINE, "--households", "900000", "--replications", "300"],
        ["household-months", "--allow-large"],
    ),
    (
        [
            "sweep",
            BASELINE,
            "--grid",
            "income.transitory_sd=" + ",".join(f"{0.1 + i / 1000:.3f}" for i in range(100)),
        ]
        + ["--grid", "run.seed=" + ",".join(str(i) for i in range(100))],
        ["10,000 sweep points", "--allow-large"],
    ),
    (
        ["sweep", BASELINE, "--lhs", "6000", "--param", "income.transitory_sd=0.1,0.3"],
        ["6,000 sweep points", "--allow-large"],
    ),
]


@pytest.mark.parametrize("argv, words", LARGE_CASES, ids=lambda c: str(c[0]) if c else "")
def test_absurd_sizes_need_allow_large(tmp_path, capsys, argv, words):
    out = [] if argv[0] == "validate" else ["--out", tmp_path / "o"]
    code, _, err = cli(capsys, *argv, *out)
    assert_one_line_error(code, err, *words)
    assert not (tmp_path / "o").exists()


def test_allow_large_lifts_the_cap(capsys):
    code, out, err = cli(capsys, "validate", BASELINE, "--households", 2_000_000, "--allow-large")
    assert code == 0 and "2000000 households" in out, err


@pytest.mark.parametrize(
    "args, words",
    [
        (["--samples", "0"], ["--samples"]),
        (["--samples", str(2**40)], ["--samples"]),
        (["--method", "sobol", "--samples", "4", "--jobs", "0"], ["--jobs"]),
    ],
)
def test_bad_sensitivity_options(tmp_path, capsys, args, words):
    spec = spec_file(tmp_path, P + "bounds = [0.5, 1.0]")
    argv = ["sensitivity", BASELINE, "--spec", spec, "--out", tmp_path / "o", "--quiet", *args]
    assert_one_line_error(*cli(capsys, *argv, "--households", 50, "--months", 1)[::2], *words)


def test_constant_output_has_no_indices(tmp_path, capsys):
    """An output that does not vary over the sample is reported as such, not as S = 0."""
    from experiments.scenario import load_raw
    from experiments.sensitivity import run_sensitivity
    from experiments.sensitivity_spec import parse_spec

    table = {
        "outputs": ["flat", "line"],
        "parameters": [
            {"name": "income.transitory_sd", "bounds": [0.1, 0.3]},
            {"name": "income.village_sd", "bounds": [0.0, 0.5]},
        ],
    }
    spec = parse_spec(table, "spec", load_raw(BASELINE), has_baseline=False)
    res = run_sensitivity(
        spec, constant_and_linear, tmp_path / "s", method="sobol", samples=16, seed=1
    )
    err = capsys.readouterr().err
    assert "output flat is constant over the sample (3): no indices" in err
    assert "RuntimeWarning" not in err
    assert set(res["indices"]["output"]) == {"line"}
    line = res["indices"].set_index("parameter")["S1"]
    assert line["income.transitory_sd"] > 0.9 and abs(line["income.village_sd"]) < 0.1


def constant_and_linear(values) -> dict[str, float]:
    return {"flat": 3.0, "line": 10.0 * values[0] + 0.01 * values[1]}


def test_page_values_use_the_same_validation():
    from experiments.scenario import ScenarioError, validate_override

    assert validate_override("programmes.blt.amount", 300_000, "page") == 300_000.0
    for value, words in ((math.nan, "finite"), (-5, "below the minimum"), ("x", "a number")):
        with pytest.raises(ScenarioError, match=words) as err:
            validate_override("programmes.blt.amount", value, "page: BLT amount")
        assert str(err.value).startswith("page: BLT amount: programmes.blt.amount: ")
