"""Exporting a results directory for other tools: Stata (.dta with variable labels),
Parquet (with the data dictionary's unit, label and definition as field metadata) or CSV.

The export reads the directory's ``manifest.json`` (outputs.manifest): only the table
files it lists are exported, each after its size and sha256 are checked, so a table cut
short, edited or deleted is an error, never a smaller export; files it does not list are
ignored (one warning line). Every table is written as ``OUT/<name>.<ext>`` into a
temporary folder beside ``OUT``, moved into place when all are written: a failing disk
leaves no partial export.

For Stata, names become valid Stata names (``programmes.pkh.leakage`` ->
``programmes_pkh_leakage``, at most 32 characters, made unique) and ``rename_map.csv``
next to the tables lists every renamed column; nullable booleans (a programme a
scenario lacks) become 0/1 with missing values; each variable gets its dictionary label
with the unit (``Mean debt (Rp per household)``, at most 80 characters) and each
dataset a label naming the file and the experiment. For Parquet, nullable booleans are
stored so they come back as pandas ``boolean``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from outputs.dictionary import FILES, describe, lookup, parquet_field_metadata
from outputs.files import replaced_folder
from outputs.manifest import listed, read_listed, read_manifest, unlisted_note
from outputs.safe_text import safe_cells


class ExportError(ValueError):
    """A bad export request or results folder: ``where: key: problem`` on one line."""

    def __init__(self, source: str, key: str, problem: str):
        self.source, self.key, self.problem = source, key, problem
        where = f"{source}: {key}" if key else source
        super().__init__(" ".join(f"{where}: {problem}".split()))


FORMATS = ("stata", "parquet", "csv")
EXTENSIONS = {"stata": ".dta", "parquet": ".parquet", "csv": ".csv"}
RENAME_MAP = "rename_map.csv"
STATA_NAME_MAX = 32  # Stata's limit on variable names
STATA_LABEL_MAX = 80  # Stata's limit on variable and dataset labels
NO_UNIT = {"-", "", "metric's unit", "parameter's unit", "output's unit", "output units"}


def table_files(folder: Path, manifest: dict) -> list[str]:
    """The table files the manifest lists that the data dictionary declares."""
    names = listed(manifest)
    return [f for f in FILES if f in names]


def parse_table(data: bytes, path: Path) -> pd.DataFrame:
    """A table from checked bytes; a file that is not CSV or Parquet is one line."""
    try:
        if path.suffix == ".parquet":
            return pd.read_parquet(io.BytesIO(data))
        return pd.read_csv(io.BytesIO(data))
    except (OSError, ValueError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        kind = "Parquet" if path.suffix == ".parquet" else "CSV"
        why = " ".join(str(exc).split())[:120]
        raise ExportError(str(path), "", f"cannot be read as {kind} ({why})") from None


def read_table(path: Path) -> pd.DataFrame:
    """A table file read whole (for tests and notebooks; the export reads checked bytes)."""
    return parse_table(Path(path).read_bytes(), Path(path))


def stata_names(columns: list[str]) -> dict[str, str]:
    """Valid, unique Stata variable names (letters, digits, _; at most 32 characters)."""
    out, used = {}, set()
    for col in columns:
        name = re.sub(r"[^A-Za-z0-9_]", "_", col)
        if not re.match(r"[A-Za-z_]", name):
            name = "v" + name
        name = name[:32]
        base, k = name, 1
        while name.lower() in used:
            suffix = f"_{k}"
            name = base[: 32 - len(suffix)] + suffix
            k += 1
        used.add(name.lower())
        out[col] = name
    return out


def nullable_booleans(df: pd.DataFrame, file: str) -> pd.DataFrame:
    """Columns of booleans with gaps (declared ``bool``, or holding only True/False and
    missing values) as pandas ``boolean``, which Parquet keeps and Stata gets as 0/1."""
    df = df.copy()
    for col in df.columns:
        s = df[col]
        if isinstance(s.dtype, pd.BooleanDtype) or pd.api.types.is_bool_dtype(s.dtype):
            continue
        if s.dtype != object and not pd.api.types.is_float_dtype(s.dtype):
            continue
        values = s.dropna()
        declared = lookup(file, col)
        if len(values) and values.map(lambda v: isinstance(v, bool)).all():
            df[col] = s.astype("boolean")
        elif declared is not None and declared.type == "bool" and not len(values):
            df[col] = s.astype("boolean")
    return df


def for_stata(df: pd.DataFrame) -> pd.DataFrame:
    """Columns Stata can hold: booleans as 0/1 (missing where unknown), strings as str."""
    df = df.copy()
    for col in df.columns:
        s = df[col]
        if isinstance(s.dtype, pd.BooleanDtype):
            if s.isna().any():
                df[col] = s.astype("Float64").to_numpy(dtype=float, na_value=float("nan"))
            else:
                df[col] = s.astype("int8")
        elif pd.api.types.is_bool_dtype(s):
            df[col] = s.astype("int8")
        elif s.dtype == object:
            df[col] = s.astype(object).where(s.notna(), "").astype(str)
        elif pd.api.types.is_string_dtype(s):
            df[col] = s.astype(object).where(s.notna(), "").astype(str)
    return df


def stata_label(label: str, unit: str) -> str:
    """``label (unit)`` within Stata's 80 characters (the label is shortened, the unit
    kept)."""
    if unit in NO_UNIT or unit.lower() == label.lower():
        return label[:STATA_LABEL_MAX]
    tail = f" ({unit})"
    if len(tail) > STATA_LABEL_MAX // 2:
        return label[:STATA_LABEL_MAX]
    room = STATA_LABEL_MAX - len(tail)
    head = label if len(label) <= room else label[: room - 3].rstrip() + "..."
    return head + tail


def export_dir(
    folder: str | Path,
    fmt: str,
    out: str | Path | None = None,
    warn: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write every table ``folder``'s manifest lists in ``fmt`` into ``out`` (default
    ``folder/export_<fmt>``); returns the files written (for Stata the last is
    ``rename_map.csv``)."""
    folder = Path(folder)
    if fmt not in FORMATS:
        raise ExportError("--format", fmt, f"must be one of {', '.join(FORMATS)}")
    manifest = read_manifest(folder, "export")
    note = unlisted_note(folder, manifest)
    if note is not None and warn is not None:
        warn(note)
    names = table_files(folder, manifest)
    if not names:
        raise ExportError(str(folder / "manifest.json"), "files", "lists no result tables")
    units = _parameter_units(manifest)
    tables = {}
    for name in names:  # every table read and checked before anything is written
        data = read_listed(folder, manifest, name)
        tables[name] = nullable_booleans(parse_table(data, folder / name), name)
    target = Path(out) if out else folder / f"export_{fmt}"
    ext = EXTENSIONS[fmt]
    written = []
    with replaced_folder(target, _is_export) as tmp:
        renamed = []
        for name, df in tables.items():
            dest = tmp / (name.split(".")[0] + ext)
            _write(df, dest, fmt, name, manifest, units, renamed)
            written.append(target / dest.name)
        if fmt == "stata":
            pd.DataFrame(renamed, columns=["file", "column", "stata_name", "label"]).to_csv(
                tmp / RENAME_MAP, index=False
            )
            written.append(target / RENAME_MAP)
    return written


def long_renames(rename_map: Path) -> list[tuple[str, str]]:
    """(column, Stata name) of the columns whose names were over 32 characters."""
    table = pd.read_csv(rename_map)
    long = table[table["column"].str.len() > STATA_NAME_MAX]
    return list(dict.fromkeys(zip(long["column"], long["stata_name"], strict=True)))


def _is_export(folder: Path) -> bool:
    """A folder holding only files an export writes (it may be replaced)."""
    names = {f.split(".")[0] + ext for f in FILES for ext in EXTENSIONS.values()}
    return all(p.is_file() and p.name in {*names, RENAME_MAP} for p in folder.iterdir())


def _parameter_units(manifest: dict) -> dict[str, str]:
    params = manifest.get("parameters")
    out = {}
    for p in params if isinstance(params, list) else []:
        if isinstance(p, dict) and isinstance(p.get("name"), str):
            unit = p.get("unit")
            out[p["name"]] = unit if isinstance(unit, str) else ""
    return out


def _dataset_label(name: str, manifest: dict) -> str:
    kind = manifest.get("kind", "")
    text = f"jaring {name}, {kind} results"
    commit = manifest.get("git_commit")
    if isinstance(commit, str) and commit and commit != "unknown":
        text += f" (code {commit[:12]})"
    return text[:STATA_LABEL_MAX]


def _write(df, dest, fmt, file, manifest, units, renamed) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if fmt == "csv":
        safe_cells(df).to_csv(dest, index=False)  # no spreadsheet formulas
    elif fmt == "parquet":
        table = pa.Table.from_pandas(df, preserve_index=False)
        pq.write_table(with_field_metadata(table, file), dest)
    else:
        names = stata_names(list(df.columns))
        labels = {}
        for col in df.columns:
            label, unit = _label_unit(file, col, units)
            labels[names[col]] = stata_label(label, unit)
            if names[col] != col:
                renamed.append((file, col, names[col], labels[names[col]]))
        data = for_stata(df).rename(columns=names)
        data.to_stata(
            dest,
            write_index=False,
            variable_labels=labels,
            data_label=_dataset_label(file, manifest),
            version=118,
        )


def _label_unit(file: str, column: str, units: dict[str, str]) -> tuple[str, str]:
    """The dictionary's label and unit; a swept or uncertain parameter's label from its
    declaration and its unit from the manifest."""
    if "." in column:
        return _label(file, column), units.get(column, "")
    label, unit, _ = describe(file, column)
    return label, unit


def _label(file: str, column: str) -> str:
    """The dictionary label; a swept or uncertain parameter's from its declaration."""
    if "." in column:
        from model.sections import parameter_label

        return parameter_label(column)
    return describe(file, column)[0]


def with_field_metadata(table, file: str):
    """An Arrow table (or schema) whose fields carry the dictionary's label, unit and
    definition of ``file``'s columns."""
    import pyarrow as pa

    schema = table.schema if isinstance(table, pa.Table) else table
    meta = parquet_field_metadata(file, schema.names)
    fields = [f.with_metadata(meta[f.name]) for f in schema]
    new = pa.schema(fields, metadata=schema.metadata)
    return table.cast(new) if isinstance(table, pa.Table) else new
