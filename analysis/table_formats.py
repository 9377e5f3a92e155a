"""Writing one table three ways: CSV (full precision), LaTeX (booktabs) and Markdown.

CSV keeps every digit so that it reads back to the same numbers (a text cell that a
spreadsheet would run as a formula gets a quote in front: outputs.safe_text); LaTeX,
Markdown and HTML show numbers rounded for reading, NaN as a dash, and a column ``X``
followed by ``X low`` and ``X high`` as one column "mean [low, high]". Markdown and HTML
show embedded text as text (``<``, ``>`` and ``&`` escaped), never as markup.

Decimals are fixed per column by the quantity's unit, read from the column header
(headers carry their units, e.g. "Headcount (pp)"): see :data:`UNIT_DECIMALS`. A table
may fix them itself in ``df.attrs["decimals"]`` (header -> decimals).

The LaTeX file is a complete float with ``\\caption`` and ``\\label{tab:NAME}`` (needs
``\\usepackage{booktabs}`` and, for wide tables, ``\\usepackage{rotating}``): a portrait
``table``, a landscape ``sidewaystable`` when it is too wide for portrait, and when too
wide for landscape split into parts that repeat the text (identifier) columns, each part
a ``tabular`` under the same caption, the later ones marked "(continued)".
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from outputs.safe_text import safe_cells

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
    # Unicode that pdflatex does not set without extra packages:
    "μ": r"$\mu$",
    "σ": r"$\sigma$",
    "×": r"$\times$",
    "≥": r"$\geq$",
    "≤": r"$\leq$",
    "²": r"$^2$",
    "–": "--",
    "…": r"\ldots{}",
}

# (pattern searched in the column header, decimals): first match wins.
UNIT_DECIMALS: tuple[tuple[str, int], ...] = (
    (r"\bbillion Rp\b", 2),
    (r"\bmillion Rp\b", 1),
    (r"\bRp\b", 0),
    (r"per 1,000 households", 1),
    (r"\(%\)|\(pp\)|%|\bpp\b", 2),
    (r"\(x100\)|× ?100", 2),
    (r"^Gini", 3),
    (r"ratio", 2),
    (r"^(S1|ST|S2)\b|\bSobol\b|share of variance", 2),
    (r"output units|^μ|^σ|^mu|^sigma", 4),
    (r"(?i)household-months|households\b|exits\b|persons|people|count", 0),
    (r"^(Coverage|Density|Mass)\b", 2),
)
MAX_WIDTH_CHARS = 110  # widest tabular (in characters) that fits a portrait text block
LANDSCAPE_WIDTH_CHARS = 165  # ... and a landscape page (sidewaystable)
PAGE_LINES = 48  # table lines (rows, header and rules) on a portrait page in small type
LANDSCAPE_LINES = 32  # ... and on a landscape page


def unit_decimals(header: str) -> int | None:
    """Decimals for a column from the unit in its header (None: not recognised)."""
    for pattern, decimals in UNIT_DECIMALS:
        if re.search(pattern, header):
            return decimals
    return None


def _fallback_decimals(values: pd.Series) -> int:
    """Decimals for a column of unknown unit: whole numbers none, else three significant
    digits of the column's largest magnitude (the same for every row)."""
    finite = pd.to_numeric(values, errors="coerce").dropna()
    if finite.empty:
        return 0
    if (finite == finite.round()).all():
        return 0
    top = float(finite.abs().max())
    if top == 0:
        return 2
    return max(0, min(6, 2 - math.floor(math.log10(top))))


def column_decimals(df: pd.DataFrame) -> dict[str, int]:
    """Decimals of every numeric column (``df.attrs["decimals"]`` first, then the unit)."""
    fixed = dict(df.attrs.get("decimals", {}))
    out = {}
    for col in df.columns:
        if not pd.api.types.is_numeric_dtype(df[col]) or pd.api.types.is_bool_dtype(df[col]):
            continue
        base = str(col)
        for suffix in (" low", " high"):
            if base.endswith(suffix) and base[: -len(suffix)] in df.columns:
                base = base[: -len(suffix)]
        d = fixed.get(base, unit_decimals(base))
        out[col] = d if d is not None else _fallback_decimals(df[base])
    return out


def format_number(value: object, decimals: int | None = None) -> str:
    """A cell for reading: ``decimals`` fixed (thousands separated), or without them
    integer-valued large numbers with separators and others to 4 significant digits;
    missing values as an en dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    v = float(value)
    if decimals is not None:
        text = f"{v:,.{decimals}f}"
        return text[1:] if re.fullmatch(r"-0(\.0*)?", text) else text  # no "-0.00"
    if abs(v) >= 1e4:
        return f"{v:,.0f}"
    return f"{v:.4g}"


def latex_escape(text: str) -> str:
    """Escape LaTeX special characters in plain text."""
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in text)


def for_reading(df: pd.DataFrame) -> pd.DataFrame:
    """Every number formatted with its column's decimals, and each pair of columns
    ``"X low"``, ``"X high"`` folded into column ``X`` as text ``"mean [low, high]"``
    (for LaTeX, Markdown and HTML; CSV keeps the numbers). All cells become text."""
    decimals = column_decimals(df)
    out = pd.DataFrame(index=df.index)
    skip = set()
    for col in df.columns:
        if col in skip:
            continue
        low, high = f"{col} low", f"{col} high"
        d = decimals.get(col)
        if low in df.columns and high in df.columns:
            skip |= {low, high}
            out[col] = [
                f"{format_number(m, d)} [{format_number(lo, d)}, {format_number(hi, d)}]"
                if not pd.isna(m)
                else "–"
                for m, lo, hi in zip(df[col], df[low], df[high], strict=True)
            ]
        else:
            out[col] = [format_number(v, d) for v in df[col]]
    out.attrs["numeric"] = [
        c in decimals or out[c].astype(str).str.contains(r"\[").any() for c in out.columns
    ]
    return out


def _cells(df: pd.DataFrame) -> list[list[str]]:
    return [list(row) for row in df.itertuples(index=False, name=None)]


def _numeric(df: pd.DataFrame) -> list[bool]:
    """Right-align numbers and "mean [low, high]" cells; left-align text."""
    return list(df.attrs.get("numeric", [False] * len(df.columns)))


WRAP_TEXT_CHARS = 32  # text columns wider than this wrap in a p{} column


def _header_lines(df: pd.DataFrame, col: str) -> list[str]:
    """A numeric column's header wrapped to the width of its cells (at least 14)."""
    import textwrap

    cells = max([0, *(len(v) for v in df[col])])
    return textwrap.wrap(str(col), max(cells, 14)) or [""]


def _chars(df: pd.DataFrame, col: str) -> int:
    numeric = dict(zip(df.columns, _numeric(df), strict=True))
    head = max(len(h) for h in _header_lines(df, col)) if numeric[col] else len(str(col))
    return max([head, *(len(v) for v in df[col])])


def _width(df: pd.DataFrame, cols: list[str]) -> int:
    """Characters a tabular of ``cols`` needs: the widest cell or header per column
    (text columns wrap at WRAP_TEXT_CHARS)."""
    numeric = dict(zip(df.columns, _numeric(df), strict=True))
    return sum(
        (_chars(df, c) if numeric[c] else min(_chars(df, c), WRAP_TEXT_CHARS)) + 3 for c in cols
    )


def split_columns(df: pd.DataFrame, max_width: int = MAX_WIDTH_CHARS) -> list[list[str]]:
    """Column groups of a formatted table, each within ``max_width`` characters; every
    group repeats the leading text columns (the row identifiers)."""
    numeric = _numeric(df)
    cols = list(df.columns)
    ids = []
    for c, num in zip(cols, numeric, strict=True):
        if num:
            break
        ids.append(c)
    values = cols[len(ids) :]
    if not values or _width(df, cols) <= max_width:
        return [cols]
    groups, current = [], []
    for c in values:
        if current and _width(df, [*ids, *current, c]) > max_width:
            groups.append([*ids, *current])
            current = []
        current.append(c)
    groups.append([*ids, *current])
    return groups


def _latex_header(df: pd.DataFrame, col: str, numeric: bool) -> str:
    """A header cell; long headers of numeric columns stack on several lines."""
    lines = _header_lines(df, col) if numeric else [str(col)]
    if len(lines) == 1:
        return latex_escape(lines[0])
    return "\\shortstack[r]{" + "\\\\".join(latex_escape(x) for x in lines) + "}"


def _tabular(df: pd.DataFrame, cols: list[str], rows: range | None = None) -> list[str]:
    """One booktabs tabular of ``cols`` and ``rows`` (default all) of formatted ``df``."""
    numeric = dict(zip(df.columns, _numeric(df), strict=True))

    def align(c: str) -> str:
        if numeric[c]:
            return "r"
        if _chars(df, c) > WRAP_TEXT_CHARS:
            return f"p{{{WRAP_TEXT_CHARS * 0.16:.1f}cm}}"
        return "l"

    spec = "".join(align(c) for c in cols)
    part = df[cols] if rows is None else df[cols].iloc[list(rows)]
    lines = [
        f"\\begin{{tabular}}{{{spec}}}",
        "\\toprule",
        " & ".join(_latex_header(df, c, numeric[c]) for c in cols) + r" \\",
        "\\midrule",
    ]
    lines += [" & ".join(latex_escape(c) for c in row) + r" \\" for row in _cells(part)]
    lines += ["\\bottomrule", "\\end{tabular}"]
    return lines


def _row_lines(df: pd.DataFrame, cols: list[str]) -> list[int]:
    """Printed lines of each row (text cells wrap at WRAP_TEXT_CHARS)."""
    numeric = dict(zip(df.columns, _numeric(df), strict=True))
    text = [c for c in cols if not numeric[c] and _chars(df, c) > WRAP_TEXT_CHARS]
    if not text:
        return [1] * len(df)
    return [
        max(1, *(math.ceil(len(df[c].iloc[i]) / WRAP_TEXT_CHARS) for c in text))
        for i in range(len(df))
    ]


def _row_chunks(lines: list[int], budget: int) -> list[range]:
    """Consecutive row ranges whose printed lines fit ``budget`` each."""
    chunks, start, used = [], 0, 0
    for i, n in enumerate(lines):
        if used and used + n > budget:
            chunks.append(range(start, i))
            start, used = i, 0
        used += n
    chunks.append(range(start, len(lines)))
    return chunks


def latex_table(
    df: pd.DataFrame, caption: str = "", label: str = "", max_width: int = MAX_WIDTH_CHARS
) -> str:
    """Floats of booktabs ``tabular`` parts with ``\\caption`` and ``\\label``: text
    columns left-aligned (long text wraps), numbers right-aligned.

    By width (characters): up to ``max_width`` a ``table`` in small type, up to 15 % more
    in footnote size, up to LANDSCAPE_WIDTH_CHARS a landscape ``sidewaystable``; wider
    tables are split by columns into parts that repeat the identifier columns. Parts
    longer than a page (PAGE_LINES) are split by rows; the floats after the first say
    "Table N (continued)"."""
    df = for_reading(df)
    width = _width(df, list(df.columns))
    env, size, limit, budget = "table", "\\small", max_width, PAGE_LINES
    if width > max_width:
        if width <= max_width * 1.15:
            size, limit = "\\footnotesize", width
        else:
            env, limit, budget = "sidewaystable", LANDSCAPE_WIDTH_CHARS, LANDSCAPE_LINES
    pieces = []
    for cols in split_columns(df, limit):
        for rows in _row_chunks(_row_lines(df, cols), budget):
            pieces.append((cols, rows, sum(_row_lines(df, cols)[i] for i in rows) + 5))
    floats: list[list[tuple[list[str], range]]] = [[]]
    used = 0
    for cols, rows, cost in pieces:
        if floats[-1] and used + cost > budget:
            floats.append([])
            used = 0
        floats[-1].append((cols, rows))
        used += cost
    out = []
    for k, parts in enumerate(floats):
        lines = [f"\\begin{{{env}}}" + ("[htbp]" if env == "table" else ""), "\\centering", size]
        if k == 0:
            if caption:
                lines.append(f"\\caption{{{latex_escape(caption)}}}")
            if label:
                lines.append(f"\\label{{{label}}}")
        else:
            ref = f"Table~\\ref{{{label}}}" if label else "Table"
            lines += [f"\\textit{{{ref} (continued)}}", "", "\\medskip"]
        for i, (cols, rows) in enumerate(parts):
            if i:
                lines += ["", "\\medskip", ""]
            lines += _tabular(df, cols, rows)
        lines += [f"\\end{{{env}}}", ""]
        out.append("\n".join(lines))
    return "\n".join(out)


def markdown_table(df: pd.DataFrame) -> str:
    """A pipe table with numbers right-aligned."""
    df = for_reading(df)
    align = ["---:" if num else ":---" for num in _numeric(df)]
    lines = [
        "| " + " | ".join(markdown_escape(str(c)) for c in df.columns) + " |",
        "| " + " | ".join(align) + " |",
    ]
    lines += ["| " + " | ".join(markdown_escape(c) for c in row) + " |" for row in _cells(df)]
    return "\n".join(lines) + "\n"


def markdown_escape(text: str) -> str:
    """A table cell's text for Markdown: HTML markup (``<script>``) shown as text, not
    run by a Markdown viewer; ``|`` kept inside its cell; one line."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|")


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


def write_table(df: pd.DataFrame, folder: Path, name: str, caption: str = "") -> list[Path]:
    """Write ``name.csv``, ``name.tex`` (label ``tab:name``) and ``name.md`` into
    ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.csv", folder / f"{name}.tex", folder / f"{name}.md"]
    safe_cells(df).to_csv(paths[0], index=False)  # no spreadsheet formulas
    label = "tab:" + re.sub(r"[^A-Za-z0-9:-]+", "-", name)
    paths[1].write_text(latex_table(df, caption.replace("`", ""), label), encoding="utf-8")
    paths[2].write_text(markdown_table(df), encoding="utf-8")
    return paths
