"""The manifest as the only list of what a results directory holds.

Every kind of results directory (batch, sensitivity, sweep, discovery) ends with a
``manifest.json`` whose ``"files"`` records the size and sha256 of every file the
experiment wrote there. The commands that read a results directory (``report``,
``export``, ``discover``, ``verify``) read it with :func:`read_manifest`: a missing or
malformed manifest is refused (naming the command that writes it), a file is read only
when the manifest lists it and only after its digest is checked (:func:`read_listed`),
and files it does not list are ignored, with one warning line (:func:`unlisted_note`).
``--overwrite`` removes what the previous experiment wrote, and only that
(:func:`remove_listed`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from outputs.digests import DigestError, is_digest, read_verified
from outputs.files import TABLE_LIMIT, FileError, inside, read_json, safe_name, shown

MANIFEST = "manifest.json"
WRITERS = {
    "batch": "run.py run",
    "sensitivity": "run.py sensitivity",
    "sweep": "run.py sweep",
    "discovery": "run.py discover",
}
# Written into a results directory next to the manifest, never listed by it.
OWN_FILES = {MANIFEST, "experiment.json"}


def _writers(kinds) -> str:
    return " or ".join(f"`{WRITERS[k]}`" for k in kinds)


def read_manifest(folder: str | Path, command: str, kinds=tuple(WRITERS)) -> dict[str, Any]:
    """The manifest of ``folder``, checked: a JSON object of a known ``kind`` (one of
    ``kinds``) whose ``files`` lists at least one file inside the folder with a valid
    digest. ``command`` (``report``, ``export``, ...) is named in the errors."""
    folder = Path(folder)
    file = folder / MANIFEST
    if not folder.is_dir():
        raise FileError(f"{shown(folder)}: no such results directory")
    if not file.exists() and not file.is_symlink():
        started = folder / "experiment.json"
        hint = (
            "the experiment there did not finish: run the same command again to complete it"
            if started.is_file()
            else f"{command} reads only results a manifest vouches for; {_writers(kinds)} "
            "writes one"
        )
        raise FileError(f"{shown(file)}: missing ({hint})")
    doc = read_json(file, within=folder)
    if not isinstance(doc, dict):
        raise FileError(f"{shown(file)}: expected a JSON object (rerun {_writers(kinds)})")
    kind = doc.get("kind")
    if kind not in kinds:
        what = " or ".join(f"{k} results ({WRITERS[k]})" for k in kinds)
        raise FileError(f"{shown(file)}: kind: {command} reads {what}, got {str(kind)[:40]!r}")
    files = doc.get("files")
    if not isinstance(files, dict) or not files:
        raise FileError(
            f"{shown(file)}: files: lists no files with digests (rerun `{WRITERS[kind]}` "
            "to rebuild it)"
        )
    for name, digest in files.items():
        if not safe_name(name):
            raise FileError(
                f"{shown(file)}: files: {shown(name)[:60]!r} is not a file inside the folder "
                "(absolute paths and '..' are refused)"
            )
        if not is_digest(digest):
            raise FileError(f"{shown(file)}: files: {shown(name)[:60]}: no valid digest")
    return doc


def listed(manifest: dict[str, Any]) -> dict[str, dict]:
    """File name -> digest of every file a checked manifest lists."""
    files = manifest.get("files")
    return dict(files) if isinstance(files, dict) else {}


def read_listed(
    folder: str | Path, manifest: dict[str, Any], name: str, limit: int = TABLE_LIMIT
) -> bytes:
    """The bytes of ``name``, which the manifest must list, checked against its digest
    (a missing, changed, cut or unlisted file is a one-line :class:`DigestError`)."""
    folder = Path(folder)
    recorded = listed(manifest).get(name)
    where = str(folder / MANIFEST)
    if recorded is None:
        raise DigestError(f"{shown(folder / name)}: not listed in {where}")
    return read_verified(folder / name, recorded, where, within=folder, limit=limit)


def unlisted(folder: str | Path, manifest: dict[str, Any]) -> list[str]:
    """Regular files at the top of ``folder`` that the manifest does not list (folders
    such as ``runs/`` or ``report/`` are other commands' work and not counted)."""
    names = set(listed(manifest)) | OWN_FILES
    out = []
    for path in sorted(Path(folder).iterdir()):
        if path.name not in names and path.is_file() and not path.name.startswith("."):
            out.append(path.name)
    return out


def unlisted_note(folder: str | Path, manifest: dict[str, Any]) -> str | None:
    """One warning line naming the files ``folder`` holds that its manifest does not
    list (None when there are none)."""
    names = unlisted(folder, manifest)
    if not names:
        return None
    shown_names = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return (
        f"{shown(folder)}: ignoring {len(names)} file{'s' * (len(names) != 1)} that "
        f"{MANIFEST} does not list ({shown_names})"
    )


def remove_listed(folder: str | Path) -> list[str]:
    """Remove the files the previous experiment's manifest listed (regular files inside
    ``folder`` only), then the manifest; returns the names removed. A missing or
    unreadable manifest removes nothing but itself."""
    folder = Path(folder)
    file = folder / MANIFEST
    removed = []
    try:
        doc = read_json(file, within=folder)
    except FileError:
        doc = None
    files = doc.get("files") if isinstance(doc, dict) else None
    for name in files if isinstance(files, dict) else {}:
        if not safe_name(name):
            continue
        path = folder / name
        if path.is_symlink() or not path.is_file():
            continue
        if not inside(path.resolve(), folder.resolve()):
            continue
        path.unlink()
        removed.append(name)
    if file.is_file() or file.is_symlink():
        file.unlink()
    return removed
