"""Scenario discovery: under which parameter ranges does an outcome of interest happen?

Reads a sweep directory (``sweep_points.csv`` with ``sweep_effects.csv`` or
``sweep_summary.csv``, averaged over replications per point) or a sensitivity directory
(``sample.csv`` and ``outputs.csv``); a point is a *case of interest* when its output is
below (or above) a threshold. PRIM (the EMA Workbench's ``ema_workbench.analysis.prim``)
peels a box around the cases: its trajectory gives coverage (share of all cases inside
the box), density (share of the box's points that are cases) and mass; the reported box
is the one with the highest coverage among those of density at least ``min_density``
(else the densest). CART (``ema_workbench.analysis.cart``) is the alternative: the
leaves of a classification tree as boxes.

Files written (docs/OUTPUTS.md): ``prim_trajectory.csv``, ``prim_box.csv``,
``cart_boxes.csv``, ``prim_box.tex``, ``cart_boxes.tex``, ``discovery.png|pdf`` and
``manifest.json`` (``"kind": "discovery"``), which the report picks up.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.results import ResultsError, read_listed_csv
from outputs.digests import digest_file
from outputs.files import FileError, replaced_folder
from outputs.manifest import listed, read_manifest


@dataclass
class Cases:
    """Sample points (one column per parameter), the output and the cases of interest."""

    x: pd.DataFrame
    y: np.ndarray
    cases: np.ndarray
    labels: dict[str, str]
    source: str


def _read(folder: Path, manifest: dict, name: str) -> pd.DataFrame:
    """A table the manifest lists, checked against its digest first."""
    return read_listed_csv(folder, manifest, name, ["sample"])


def check_fraction(option: str, value: float) -> None:
    """``--min-density`` and ``--mass-min`` are shares of points: in (0, 1]."""
    if not (0 < value <= 1):  # NaN fails too
        raise ResultsError(f"{option}: must be a share in (0, 1], got {value:g}")


def load_cases(folder: str | Path, output: str, threshold: float, below: bool) -> Cases:
    """The points and cases of interest of a sweep or sensitivity directory (only files
    its manifest lists, each checked against its digest)."""
    folder = Path(folder)
    try:
        manifest = read_manifest(folder, "discover", ("sweep", "sensitivity"))
    except FileError as exc:
        raise ResultsError(str(exc)) from None
    kind = manifest.get("kind")
    labels = {
        p["name"]: p.get("label") or p["name"]
        for p in (
            manifest.get("parameters") if isinstance(manifest.get("parameters"), list) else []
        )
        if isinstance(p, dict) and isinstance(p.get("name"), str)
    }
    if kind == "sweep":
        points = _read(folder, manifest, "sweep_points.csv").set_index("sample")
        file = folder / "sweep_effects.csv"
        if file.name not in listed(manifest):
            file = folder / "sweep_summary.csv"
        table = _read(folder, manifest, file.name)
        if output not in table.columns:
            raise ResultsError(f"{file}: no column {output!r} (see docs/OUTPUTS.md)")
        y = table.groupby("sample")[output].mean().reindex(points.index)
        x = points
    elif kind == "sensitivity":
        sample = _read(folder, manifest, "sample.csv").set_index("sample")
        outputs = _read(folder, manifest, "outputs.csv").set_index("sample")
        file = folder / "outputs.csv"
        if output not in outputs.columns:
            raise ResultsError(f"{file}: no output {output!r}; it has {list(outputs.columns)}")
        x, y = sample, outputs[output].reindex(sample.index)
    else:
        raise ResultsError(f"{folder}: not a sweep or sensitivity directory (kind {kind!r})")
    try:
        keep = y.notna().to_numpy()
        x = x[keep].reset_index(drop=True).astype(float)
        y = y.to_numpy(dtype=float)[keep]
    except (TypeError, ValueError):
        raise ResultsError(f"{file}: holds values that are not numbers") from None
    cases = y < threshold if below else y > threshold
    if cases.all() or not cases.any():
        share = "every" if cases.all() else "no"
        side = "below" if below else "above"
        raise ResultsError(
            f"{file}: {share} point has {output} {side} {threshold:g}; choose another threshold"
        )
    return Cases(x, y, cases, labels, str(file))


def prim_boxes(
    c: Cases, peel_alpha: float = 0.05, mass_min: float = 0.05, min_density: float = 0.8
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """PRIM's peeling trajectory and the chosen box's limits (EMA Workbench)."""
    from ema_workbench.analysis import prim

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        finder = prim.Prim(c.x, c.cases, peel_alpha=peel_alpha, mass_min=mass_min)
        box = finder.find_box()
    traj = box.peeling_trajectory
    restricted = traj[traj["res_dim"] > 0]
    pool = restricted if len(restricted) else traj
    dense = pool[pool["density"] >= min_density]
    if len(dense):  # the widest dense box (ties: the denser)
        chosen = int(dense.sort_values(["coverage", "density"], ascending=False).index[0])
    else:
        chosen = int(pool["density"].idxmax())
    trajectory = pd.DataFrame(
        {
            "box": traj["id"].astype(int),
            "coverage": traj["coverage"].astype(float),
            "density": traj["density"].astype(float),
            "mass": traj["mass"].astype(float),
            "restricted": traj["res_dim"].astype(int),
            "chosen": traj.index == chosen,
        }
    )
    lims = box.box_lims[chosen]
    qp = box.p_values[chosen]
    rows = []
    for name in c.x.columns:
        low, high = float(lims[name].iloc[0]), float(lims[name].iloc[1])
        s_low, s_high = float(c.x[name].min()), float(c.x[name].max())
        if name not in qp and low <= s_low and high >= s_high:
            continue  # not restricted
        values = [v for v in qp.get(name, []) if v is not None and v >= 0]
        rows.append(
            {
                "parameter": name,
                "label": c.labels.get(name, name),
                "low": low,
                "high": high,
                "sampled_low": s_low,
                "sampled_high": s_high,
                "qp_value": max(values) if values else float("nan"),
            }
        )
    columns = ["parameter", "label", "low", "high", "sampled_low", "sampled_high", "qp_value"]
    return trajectory, pd.DataFrame(rows, columns=columns)


def cart_boxes(c: Cases, mass_min: float = 0.05) -> pd.DataFrame:
    """Leaves of the CART tree that hold cases of interest, as boxes (one row per leaf and
    restricted parameter; EMA Workbench)."""
    from ema_workbench.analysis import cart

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # at least one point per leaf (the tree's min_samples_leaf = mass_min * points)
        tree = cart.CART(c.x, c.cases, mass_min=max(mass_min, (1 + 1e-9) / len(c.y)))
        tree.build_tree()
    rows = []
    for i, (lims, stats) in enumerate(zip(tree.boxes, tree.stats, strict=True)):
        if stats["coverage"] <= 0:
            continue
        for name in c.x.columns:
            low, high = float(lims[name].iloc[0]), float(lims[name].iloc[1])
            if low <= c.x[name].min() and high >= c.x[name].max():
                continue
            rows.append(
                {
                    "box": i,
                    "parameter": name,
                    "low": low,
                    "high": high,
                    "coverage": float(stats["coverage"]),
                    "density": float(stats["density"]),
                    "mass": float(stats["mass"]),
                }
            )
    return pd.DataFrame(
        rows, columns=["box", "parameter", "low", "high", "coverage", "density", "mass"]
    )


def box_report_table(box: pd.DataFrame) -> pd.DataFrame:
    """The PRIM box for reading: labelled parameters, limits against the sampled range."""
    return pd.DataFrame(
        {
            "Parameter": box["label"],
            "Box low": box["low"],
            "Box high": box["high"],
            "Sampled low": box["sampled_low"],
            "Sampled high": box["sampled_high"],
            "Quasi-p value": box["qp_value"],
        }
    )


def cart_report_table(boxes: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Leaf": boxes["box"].astype(str),
            "Parameter": boxes["parameter"].map(lambda n: labels.get(n, n)),
            "Low": boxes["low"],
            "High": boxes["high"],
            "Coverage": boxes["coverage"],
            "Density": boxes["density"],
        }
    )


def discovery_figure(trajectory: pd.DataFrame, box: pd.DataFrame, title: str):
    """Left: PRIM's peeling trajectory (coverage against density, colour = parameters
    restricted, the chosen box circled). Right: the chosen box's limits against the
    sampled range of each restricted parameter (0 = lowest sampled, 1 = highest)."""
    import textwrap

    from analysis.style import FULL_WIDTH_IN, new_figure

    fig, axes = new_figure(1, 2, width=FULL_WIDTH_IN, height=max(2.6, 0.5 * len(box) + 1.4))
    ax, lim = axes[0]
    sc = ax.scatter(
        trajectory["coverage"],
        trajectory["density"],
        c=trajectory["restricted"],
        cmap="viridis",
        s=12,
    )
    pick = trajectory[trajectory["chosen"]]
    ax.scatter(pick["coverage"], pick["density"], s=80, facecolors="none", edgecolors="#D55E00")
    ax.set_xlabel("Coverage (share of cases in the box)")
    ax.set_ylabel("Density (share of the box that are cases)")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_title("PRIM peeling trajectory", loc="left", fontweight="bold")
    fig.colorbar(sc, ax=ax, label="Parameters restricted")
    y = np.arange(len(box))
    span = (box["sampled_high"] - box["sampled_low"]).replace(0, 1.0)
    lo = (box["low"] - box["sampled_low"]) / span
    hi = (box["high"] - box["sampled_low"]) / span
    lim.barh(y, np.ones(len(box)), color="0.9", height=0.6)
    lim.barh(y, hi - lo, left=lo, color="#0072B2", height=0.6)
    for yi, (_, r) in zip(y, box.iterrows(), strict=True):
        lim.text(-0.02, yi, f"{r['sampled_low']:.3g}", ha="right", va="center", fontsize=6)
        lim.text(1.02, yi, f"{r['sampled_high']:.3g}", ha="left", va="center", fontsize=6)
    lim.set_yticks(y, ["\n".join(textwrap.wrap(str(v), 30)) for v in box["label"]])
    lim.invert_yaxis()
    lim.set_xlim(-0.15, 1.15)
    lim.set_xticks([0, 1], ["lowest\nsampled", "highest\nsampled"])
    lim.set_title(textwrap.fill(title, 50), loc="left", fontweight="bold")
    return fig


def discover(
    folder: str | Path,
    output: str,
    threshold: float,
    below: bool,
    out: str | Path | None = None,
    min_density: float = 0.8,
    mass_min: float = 0.05,
) -> dict[str, Path]:
    """Run PRIM and CART on a sweep or sensitivity directory and write the files (into a
    temporary folder beside ``out``, moved into place when complete)."""
    check_fraction("--min-density", min_density)
    check_fraction("--mass-min", mass_min)
    cases = load_cases(folder, output, threshold, below)
    target = Path(out) if out else Path(folder) / "discovery"
    with replaced_folder(target, lambda d: (d / "prim_box.csv").is_file()) as tmp:
        _write(tmp, cases, output, threshold, below, min_density, mass_min)
    return {
        "trajectory": target / "prim_trajectory.csv",
        "box": target / "prim_box.csv",
        "cart": target / "cart_boxes.csv",
        "figure": target / "discovery.pdf",
        "manifest": target / "manifest.json",
    }


def _write(
    target: Path,
    cases: Cases,
    output: str,
    threshold: float,
    below: bool,
    min_density: float,
    mass_min: float,
) -> None:
    """Write the discovery files and their manifest into ``target``."""
    from analysis.style import save_figure
    from analysis.table_formats import write_table
    from outputs.dictionary import output_label

    trajectory, box = prim_boxes(cases, mass_min=mass_min, min_density=min_density)
    cart = cart_boxes(cases, mass_min=mass_min)
    trajectory.to_csv(target / "prim_trajectory.csv", index=False)
    box.to_csv(target / "prim_box.csv", index=False)
    cart.to_csv(target / "cart_boxes.csv", index=False)
    side = "below" if below else "above"
    what = f"{output_label(output)} {side} {threshold:g}"
    chosen = trajectory[trajectory["chosen"]].iloc[0]
    caption = (
        f"PRIM box of the points where {what} ({int(cases.cases.sum())} of {len(cases.y)} "
        f"points): coverage {chosen['coverage']:.2f}, density {chosen['density']:.2f}."
    )
    write_table(box_report_table(box), target, "prim_box_table", caption)
    write_table(
        cart_report_table(cart, cases.labels),
        target,
        "cart_boxes_table",
        f"CART leaves holding points where {what}.",
    )
    save_figure(discovery_figure(trajectory, box, f"Box where {what}"), target, "discovery")
    manifest = {
        "kind": "discovery",
        "source": cases.source,
        "output": output,
        "output_label": output_label(output),
        "threshold": threshold,
        "side": side,
        "points": len(cases.y),
        "cases": int(cases.cases.sum()),
        "min_density": min_density,
        "mass_min": mass_min,
        "chosen_box": int(chosen["box"]),
        "coverage": float(chosen["coverage"]),
        "density": float(chosen["density"]),
        "caption": caption,
        "parameters": [{"name": k, "label": v} for k, v in cases.labels.items()],
    }
    # Every file written, with its digest: the report reads only what is listed.
    manifest["files"] = {p.name: digest_file(p) for p in sorted(target.iterdir()) if p.is_file()}
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
