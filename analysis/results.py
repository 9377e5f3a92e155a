"""Reading result directories: batch runs and sensitivity analyses (files only).

A batch directory holds ``manifest.json``, ``timeseries.csv``, ``summary.csv`` and
optionally ``panel.parquet``; a sensitivity directory holds a manifest with
``"kind": "sensitivity"`` and ``sobol_indices.csv`` / ``morris_indices.csv`` / ... (see
docs/USAGE.md and docs/OUTPUTS.md). Bad input raises :class:`ResultsError` with a one-line message.

Every file is checked against its manifest before it is used: its size and sha256 when
the manifest records them (``"files"``), and for a batch the scenarios, replications,
seeds and months it must hold. A file cut short, edited or missing is an error naming
the file and what is missing or changed, never a silently smaller table.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from outputs.files import FileError
from outputs.manifest import read_listed, read_manifest, unlisted_note

RUN_ID = ["scenario", "replication", "seed"]
SENSITIVITY_FILES = ("sobol_indices", "sobol_s2", "morris_indices", "fast_indices")


class ResultsError(Exception):
    """A results directory or file is missing or malformed (message: one line)."""


@dataclass
class SensitivityResults:
    """One sensitivity directory: its manifest and whichever index tables exist."""

    path: Path
    manifest: dict
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


@dataclass
class BatchResults:
    """All batch directories given, stacked (scenario names must not repeat across them)."""

    paths: list[Path]
    manifests: list[dict]
    timeseries: pd.DataFrame
    summary: pd.DataFrame
    panel: pd.DataFrame | None

    @property
    def scenarios(self) -> list[str]:
        """Scenario names in the order they first appear."""
        return list(dict.fromkeys(self.timeseries["scenario"]))

    @property
    def labels(self) -> dict[str, str]:
        """Scenario name -> its label (the scenario file's ``label``, else the name);
        names are kept where two scenarios share a label."""
        found = {}
        for m in self.manifests:
            for s in m.get("scenarios", []):
                if isinstance(s, dict) and s.get("name"):
                    found[s["name"]] = str(s.get("label") or s["name"])
        out = {name: found.get(name, name) for name in self.scenarios}
        values = list(out.values())
        return {k: (v if values.count(v) == 1 else k) for k, v in out.items()}

    def relabelled(self) -> BatchResults:
        """The same results with scenario names replaced by their labels."""
        labels = self.labels

        def swap(df: pd.DataFrame | None) -> pd.DataFrame | None:
            if df is None:
                return None
            df = df.copy()
            df["scenario"] = df["scenario"].map(lambda s: labels.get(s, s))
            return df

        return BatchResults(
            self.paths,
            self.manifests,
            swap(self.timeseries),
            swap(self.summary),
            swap(self.panel),
        )


def _read_manifest(path: Path, command: str = "report") -> dict:
    """The checked manifest of a results directory (outputs.manifest): a JSON object of
    a known kind listing its files with digests; anything else is a :class:`ResultsError`."""
    try:
        return read_manifest(path, command)
    except FileError as exc:
        raise ResultsError(str(exc)) from None


def recorded_digest(manifest: dict, name: str) -> dict | None:
    """The size and sha256 the manifest records for file ``name`` (None: not recorded)."""
    files = manifest.get("files")
    return files.get(name) if isinstance(files, dict) else None


def read_checked_bytes(file: Path, manifest: dict) -> bytes | None:
    """The bytes of a result file, checked against the digest its manifest records
    (None when the manifest does not list it: a file the manifest does not list is
    never read, whatever the folder holds)."""
    if recorded_digest(manifest, file.name) is None:
        return None
    try:
        return read_listed(file.parent, manifest, file.name)
    except FileError as exc:
        raise ResultsError(str(exc)) from None


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]


def _read_csv(file: Path, required: list[str], manifest: dict | None = None) -> pd.DataFrame:
    data = read_checked_bytes(file, manifest or {})
    if data is None:
        raise ResultsError(f"{file}: not listed in {file.parent / 'manifest.json'}")
    try:
        df = pd.read_csv(io.BytesIO(data))
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise ResultsError(f"{file}: cannot be read as CSV ({_one_line(exc)})") from None
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise ResultsError(f"{file}: missing columns {missing}")
    return df


def listed_bytes(folder: Path, manifest: dict, name: str) -> bytes:
    """A file the manifest must list, checked against its digest."""
    data = read_checked_bytes(Path(folder) / name, manifest)
    if data is None:
        raise ResultsError(f"{Path(folder) / name}: not listed in {Path(folder) / 'manifest.json'}")
    return data


def read_listed_csv(folder: Path, manifest: dict, name: str, required=()) -> pd.DataFrame:
    """A CSV table the manifest lists, checked against its digest, then parsed."""
    return _read_csv(Path(folder) / name, list(required), manifest)


def _read_panel(file: Path, manifest: dict | None = None) -> pd.DataFrame | None:
    data = read_checked_bytes(file, manifest or {})
    if data is None:
        return None
    try:
        df = pd.read_parquet(io.BytesIO(data))
    except (OSError, ValueError) as exc:
        raise ResultsError(f"{file}: cannot be read as Parquet ({_one_line(exc)})") from None
    need = [*RUN_ID, "month", "size", "poverty_line", "pretransfer_consumption_pc"]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise ResultsError(f"{file}: missing columns {missing}")
    return df


def read_sensitivity(path: Path, manifest: dict) -> SensitivityResults:
    """The index tables of one sensitivity directory."""
    out = SensitivityResults(path, manifest)
    need = {
        "sobol_indices": ["output", "parameter", "S1", "S1_conf", "ST", "ST_conf"],
        "sobol_s2": ["output", "parameter_1", "parameter_2", "S2", "S2_conf"],
        "morris_indices": ["output", "parameter", "mu_star", "mu_star_conf", "sigma"],
        "fast_indices": ["output", "parameter", "S1", "S1_conf", "ST", "ST_conf"],
    }
    for name in SENSITIVITY_FILES:
        file = path / f"{name}.csv"
        if recorded_digest(manifest, file.name) is not None:
            out.tables[name] = _read_csv(file, need[name], manifest)
    if not out.tables:
        raise ResultsError(f"{path}: sensitivity directory without any *_indices.csv")
    return out


def check_batch_manifest(path: Path, manifest: dict) -> None:
    """A batch manifest says which scenarios and how many replications it holds."""
    man = path / "manifest.json"
    scenarios = manifest.get("scenarios")
    if not isinstance(scenarios, list) or not scenarios:
        raise ResultsError(f"{man}: scenarios: must list the resolved scenarios (rerun run.py run)")
    if not all(isinstance(s, dict) and isinstance(s.get("name"), str) for s in scenarios):
        raise ResultsError(f"{man}: scenarios: each must be a table with a name")
    reps = manifest.get("replications")
    if isinstance(reps, bool) or not isinstance(reps, int) or reps < 1:
        raise ResultsError(f"{man}: replications: must be a whole number >= 1, got {reps!r:.40}")
    for name in ("timeseries.csv", "summary.csv"):
        if recorded_digest(manifest, name) is None:
            raise ResultsError(f"{man}: files: does not list {name} (rerun run.py run)")


def read_results(
    dirs: list[str | Path], warn=None
) -> tuple[BatchResults | None, list[SensitivityResults]]:
    """Read every directory; batch directories are stacked, sensitivity ones kept apart.
    Only files the manifest lists are read (after their digests are checked);
    ``warn(line)`` hears of files a folder holds that its manifest does not list."""
    batches: list[tuple[Path, dict, pd.DataFrame, pd.DataFrame, pd.DataFrame | None]] = []
    sens: list[SensitivityResults] = []
    for d in dirs:
        path = Path(d)
        if not path.is_dir():
            raise ResultsError(f"{path}: no such results directory")
        manifest = _read_manifest(path)
        note = unlisted_note(path, manifest)
        if note is not None and warn is not None:
            warn(note)
        if manifest.get("kind") == "sensitivity":
            sens.append(read_sensitivity(path, manifest))
            continue
        if manifest.get("kind") in ("sweep", "discovery"):
            sens.append(SensitivityResults(path, manifest))  # read by the report's own items
            continue
        check_batch_manifest(path, manifest)
        ts = _read_csv(path / "timeseries.csv", [*RUN_ID, "month", "poverty_headcount"], manifest)
        summary = _read_csv(path / "summary.csv", RUN_ID, manifest)
        panel = _read_panel(path / "panel.parquet", manifest)
        check_batch_contents(path, manifest, ts, summary, panel)
        batches.append((path, manifest, ts, summary, panel))
    if not batches:
        return None, sens
    seen: dict[str, Path] = {}
    for path, _, ts, _, _ in batches:
        for name in ts["scenario"].unique():
            if name in seen:
                raise ResultsError(
                    f"{path}: scenario {name!r} is also in {seen[name]} (names must be unique)"
                )
            seen[name] = path
    panels = [b[4] for b in batches if b[4] is not None]
    result = BatchResults(
        paths=[b[0] for b in batches],
        manifests=[b[1] for b in batches],
        timeseries=pd.concat([b[2] for b in batches], ignore_index=True),
        summary=pd.concat([b[3] for b in batches], ignore_index=True),
        panel=pd.concat(panels, ignore_index=True) if panels else None,
    )
    return result, sens


def _manifest_plan(manifest: dict) -> tuple[list[str], int, dict, dict] | None:
    """(scenario names, replications, months by scenario, seeds by scenario) that a batch
    manifest promises, or None for a manifest that does not say (written by hand)."""
    scenarios, reps = manifest.get("scenarios"), manifest.get("replications")
    if not isinstance(scenarios, list) or not isinstance(reps, int):
        return None
    names = [s.get("name") for s in scenarios if isinstance(s, dict)]
    months = manifest.get("months")
    if not isinstance(months, dict):
        months = {
            s.get("name"): s.get("run", {}).get("months")
            for s in scenarios
            if isinstance(s, dict) and isinstance(s.get("run"), dict)
        }
    seeds = manifest.get("seeds") if isinstance(manifest.get("seeds"), dict) else {}
    return names, reps, months, seeds


def _names(values) -> str:
    return ", ".join(str(v) for v in values)


def check_batch_contents(
    path: Path,
    manifest: dict,
    timeseries: pd.DataFrame,
    summary: pd.DataFrame,
    panel: pd.DataFrame | None = None,
) -> None:
    """The tables hold exactly the scenarios, replications, seeds and months that the
    manifest promises (one-line :class:`ResultsError` naming the file otherwise)."""
    plan = _manifest_plan(manifest)
    if plan is None:
        return
    names, reps, months, seeds = plan
    man = path / "manifest.json"
    tables = [("timeseries.csv", timeseries), ("summary.csv", summary)]
    if panel is not None:
        tables.append(("panel.parquet", panel))
    for file, table in tables:
        held = list(dict.fromkeys(table["scenario"]))
        for name in names:
            if name not in held:
                raise ResultsError(
                    f"{path / file}: scenario {name!r} is missing ({man} lists {_names(names)})"
                )
        for name in held:
            if name not in names:
                raise ResultsError(f"{path / file}: scenario {name!r} is not in {man}")
        for name, group in table.groupby("scenario", sort=False):
            got = sorted(set(group["replication"].tolist()))
            if got != list(range(reps)):
                raise ResultsError(
                    f"{path / file}: scenario {name!r} holds replications {_names(got)}, "
                    f"{man} lists {reps}"
                )
    for name, group in timeseries.groupby(["scenario", "replication"], sort=False):
        scen, rep = name
        want = months.get(scen)
        if isinstance(want, int):
            got = group["month"].tolist()
            if got != list(range(want + 1)):
                raise ResultsError(
                    f"{path / 'timeseries.csv'}: {scen!r} replication {rep} holds "
                    f"{len(got)} months, {man} lists months 0..{want}"
                )
        expected = seeds.get(scen)
        if isinstance(expected, list) and 0 <= rep < len(expected):
            if set(group["seed"].tolist()) != {expected[rep]}:
                raise ResultsError(
                    f"{path / 'timeseries.csv'}: {scen!r} replication {rep} has another seed "
                    f"than {man} lists ({expected[rep]})"
                )
    counts = summary.groupby(["scenario", "replication"]).size()
    if (counts != 1).any():
        scen, rep = counts[counts != 1].index[0]
        raise ResultsError(
            f"{path / 'summary.csv'}: {scen!r} replication {rep} has "
            f"{counts[(scen, rep)]} rows (expected 1)"
        )


def programmes_in(timeseries: pd.DataFrame) -> list[str]:
    """Programmes with a ``<p>_recipients`` column holding data, in column order."""
    out = []
    for col in timeseries.columns:
        if col.endswith("_recipients") and timeseries[col].notna().any():
            name = col.removesuffix("_recipients")
            if f"{name}_spending" in timeseries.columns:
                out.append(name)
    return out
