"""Exporting a results directory for other tools: Stata (.dta with variable labels),
Parquet (with the data dictionary's unit, label and definition as field metadata) or CSV.

Every table file the directory holds (timeseries, summary, panel, sweep and sensitivity
tables) is written as ``OUT/<name>.<ext>``. For Stata, names become valid Stata names
(``programmes.pkh.leakage`` -> ``programmes_pkh_leakage``, at most 32 characters, made
unique), nullable booleans (a programme a scenario lacks) become 0/1 with missing values,
and each variable gets its dictionary label (at most 80 characters).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from outputs.dictionary import FILES, describe, parquet_field_metadata
from outputs.safe_text import safe_cells


class ExportError(ValueError):
    """A bad export request or results folder: ``where: key: problem`` on one line."""

    def __init__(self, source: str, key: str, problem: str):
        self.source, self.key, self.problem = source, key, problem
        where = f"{source}: {key}" if key else source
        super().__init__(" ".join(f"{where}: {problem}".split()))


FORMATS = ("stata", "parquet", "csv")


def table_files(folder: Path) -> list[Path]:
    """The table files of a results directory that the data dictionary declares."""
    return [folder / f for f in FILES if (folder / f).is_file()]


def read_table(path: Path) -> pd.DataFrame:
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    return pd.read_csv(path)


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


def for_stata(df: pd.DataFrame) -> pd.DataFrame:
    """Columns Stata can hold: nullable booleans and other objects of booleans as 0/1
    floats with missing values, strings as str."""
    df = df.copy()
    for col in df.columns:
        s = df[col]
        if pd.api.types.is_bool_dtype(s) and not s.hasnans:
            df[col] = s.astype("int8")
        elif s.dtype == object or pd.api.types.is_bool_dtype(s):
            values = s.dropna()
            if len(values) and values.map(lambda v: isinstance(v, bool)).all():
                df[col] = s.map(lambda v: float(v) if v is not None and v == v else float("nan"))
            elif s.dtype == object:
                df[col] = s.astype(str)
        elif pd.api.types.is_string_dtype(s):
            df[col] = s.astype(object).where(s.notna(), "").astype(str)
    return df


def export_dir(folder: str | Path, fmt: str, out: str | Path | None = None) -> list[Path]:
    """Write every table of ``folder`` in ``fmt`` into ``out`` (default
    ``folder/export_<fmt>``); returns the files written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = Path(folder)
    if fmt not in FORMATS:
        raise ExportError("--format", fmt, f"must be one of {', '.join(FORMATS)}")
    if not folder.is_dir():
        raise ExportError(str(folder), "", "no such results directory")
    files = table_files(folder)
    if not files:
        raise ExportError(str(folder), "", "holds no result tables to export")
    target = Path(out) if out else folder / f"export_{fmt}"
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for path in files:
        df = read_table(path)
        stem = path.name.split(".")[0]
        if fmt == "csv":
            dest = target / f"{stem}.csv"
            safe_cells(df).to_csv(dest, index=False)  # no spreadsheet formulas
        elif fmt == "parquet":
            dest = target / f"{stem}.parquet"
            table = pa.Table.from_pandas(df, preserve_index=False)
            table = with_field_metadata(table, path.name)
            pq.write_table(table, dest)
        else:
            dest = target / f"{stem}.dta"
            names = stata_names(list(df.columns))
            labels = {names[c]: _label(path.name, c)[:80] for c in df.columns}
            data = for_stata(df).rename(columns=names)
            data.to_stata(dest, write_index=False, variable_labels=labels, version=118)
        written.append(dest)
    return written


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
