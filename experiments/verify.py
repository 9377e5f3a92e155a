"""Checking a published batch result: rerun the experiment a manifest describes, at its
seeds, into a temporary folder and compare the digests of the combined files.

The rerun uses the resolved scenarios recorded in ``manifest.json`` (every parameter
value, so later edits of the scenario files do not matter), its replications and panel
interval. The same package versions must give the same bytes; when the versions differ
the comparison is still made and the differences are named.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from experiments.runner import replication_seed, run_batch, versions
from experiments.scenario import ScenarioError, params_from_dict
from outputs.digests import check_recorded, digest_file
from outputs.manifest import read_manifest as read_listed_manifest


@dataclass
class Verdict:
    """What ``verify`` found: one line per file and notes; ``same`` when all match."""

    same: bool
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_manifest(folder: Path) -> dict:
    """A batch manifest that records file digests (one-line errors otherwise)."""
    file = folder / "manifest.json"
    doc = read_listed_manifest(folder, "verify", ("batch",))  # names inside the folder
    if not isinstance(doc.get("scenarios"), list) or not doc["scenarios"]:
        raise ScenarioError(str(file), "scenarios", "must list the resolved scenarios")
    reps = doc.get("replications")
    if isinstance(reps, bool) or not isinstance(reps, int) or reps < 1:
        raise ScenarioError(str(file), "replications", "must be a whole number >= 1")
    every = doc.get("panel_every_months")
    if every is not None and (isinstance(every, bool) or not isinstance(every, int)):
        raise ScenarioError(str(file), "panel_every_months", "must be a whole number or null")
    return doc


def verify_batch(folder: str | Path, jobs: int = 1) -> Verdict:
    """Rerun the batch in ``folder`` and compare digests with its manifest."""
    folder = Path(folder)
    doc = read_manifest(folder)
    man = folder / "manifest.json"
    scenarios = []
    for i, data in enumerate(doc["scenarios"]):
        if not isinstance(data, dict):
            raise ScenarioError(str(man), f"scenarios.{i}", "must be a table of parameters")
        scenarios.append(params_from_dict(data, f"{man}: scenarios.{i}"))
    seeds = doc.get("seeds", {})
    for p in scenarios:
        want = [replication_seed(p, r) for r in range(doc["replications"])]
        if isinstance(seeds, dict) and seeds.get(p.name, want) != want:
            raise ScenarioError(str(man), f"seeds.{p.name}", "do not follow from run.seed")
    verdict = Verdict(True)
    held = doc.get("versions", {})
    now = versions()
    for pkg, version in sorted(now.items()):
        if isinstance(held, dict) and held.get(pkg, version) != version:
            verdict.notes.append(
                f"{pkg} {version} here, {held[pkg]} in the manifest: results may differ"
            )
    with tempfile.TemporaryDirectory(prefix="jaring-verify-") as tmp:
        paths = run_batch(
            scenarios,
            doc["replications"],
            Path(tmp) / "rerun",
            "run.py verify",
            jobs=jobs,
            panel_every=doc.get("panel_every_months"),
        )
        rerun = {p.name: digest_file(p) for k, p in paths.items() if k != "manifest"}
    for name, recorded in doc["files"].items():
        want = {"bytes": recorded["bytes"], "sha256": recorded["sha256"]}
        got = rerun.get(name)
        on_disk = check_recorded(folder, {name: recorded}, str(man))
        if got == want and on_disk is None:
            verdict.lines.append(f"same     {name}  sha256 {want['sha256'][:16]}")
            continue
        verdict.same = False
        if got is None:
            verdict.lines.append(f"differs  {name}: the rerun does not write it")
        elif got != want:
            verdict.lines.append(
                f"differs  {name}: rerun {got['bytes']} bytes sha256 {got['sha256'][:16]}, "
                f"manifest {want['bytes']} bytes sha256 {want['sha256'][:16]}"
            )
        if on_disk is not None:
            verdict.lines.append(f"differs  {name}: the file in {folder} ({on_disk})")
    return verdict
