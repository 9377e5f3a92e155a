"""Writing one table three ways: CSV (full precision), LaTeX (booktabs) and Markdown.

CSV keeps every digit so that it reads back to the same numbers; LaTeX and Markdown show
numbers rounded for reading (4 significant digits, thousands separated), NaN as a dash,
and a column ``X`` followed by ``X low`` and ``X high`` as one column "mean [low, high]".
The LaTeX file is a ``tabular`` to ``\\input`` inside a ``table`` environment and needs
``\\usepackage{booktabs}``.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def format_number(value: object) -> str:
    """A cell for reading: integers-valued large numbers with separators, others to 4
    significant digits, missing values as an en dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    v = float(value)
    if abs(v) >= 1e4:
        return f"{v:,.0f}"
    return f"{v:.4g}"


def latex_escape(text: str) -> str:
    """Escape LaTeX special characters in plain text."""
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in text)


def for_reading(df: pd.DataFrame) -> pd.DataFrame:
    """Fold each pair of columns ``"X low"``, ``"X high"`` into column ``X`` as text
    ``"mean [low, high]"`` (for LaTeX, Markdown and HTML; CSV keeps the numbers)."""
    out = df.copy()
    for col in df.columns:
        low, high = f"{col} low", f"{col} high"
        if low in df.columns and high in df.columns:
            out[col] = [
                f"{format_number(m)} [{format_number(lo)}, {format_number(hi)}]"
                if not pd.isna(m)
                else "–"
                for m, lo, hi in zip(df[col], df[low], df[high], strict=True)
            ]
            out = out.drop(columns=[low, high])
    return out


def _cells(df: pd.DataFrame) -> list[list[str]]:
    return [[format_number(v) for v in row] for row in df.itertuples(index=False, name=None)]


def _numeric(df: pd.DataFrame) -> list[bool]:
    """Right-align numbers and "mean [low, high]" cells; left-align text."""
    return [
        pd.api.types.is_numeric_dtype(df[c]) or df[c].astype(str).str.contains(r"\[").any()
        for c in df.columns
    ]


def latex_table(df: pd.DataFrame) -> str:
    """A booktabs ``tabular``: text columns left-aligned, numbers right-aligned."""
    df = for_reading(df)
    spec = "".join("r" if num else "l" for num in _numeric(df))
    lines = [
        f"\\begin{{tabular}}{{{spec}}}",
        "\\toprule",
        " & ".join(latex_escape(str(c)) for c in df.columns) + r" \\",
        "\\midrule",
    ]
    lines += [" & ".join(latex_escape(c) for c in row) + r" \\" for row in _cells(df)]
    lines += ["\\bottomrule", "\\end{tabular}", ""]
    return "\n".join(lines)


def markdown_table(df: pd.DataFrame) -> str:
    """A pipe table with numbers right-aligned."""
    df = for_reading(df)
    align = ["---:" if num else ":---" for num in _numeric(df)]
    lines = [
        "| " + " | ".join(str(c) for c in df.columns) + " |",
        "| " + " | ".join(align) + " |",
    ]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in _cells(df)]
    return "\n".join(lines) + "\n"


def html_table(df: pd.DataFrame) -> str:
    """A plain HTML table (numbers formatted as in Markdown)."""
    from html import escape

    df = for_reading(df)
    num = _numeric(df)
    head = "".join(f"<th>{escape(str(c))}</th>" for c in df.columns)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"num" if n else "txt"}">{escape(c)}</td>'
            for c, n in zip(row, num, strict=True)
        )
        + "</tr>"
        for row in _cells(df)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def write_table(df: pd.DataFrame, folder: Path, name: str) -> list[Path]:
    """Write ``name.csv``, ``name.tex`` and ``name.md`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.csv", folder / f"{name}.tex", folder / f"{name}.md"]
    df.to_csv(paths[0], index=False)
    paths[1].write_text(latex_table(df), encoding="utf-8")
    paths[2].write_text(markdown_table(df), encoding="utf-8")
    return paths
