"""Text that is safe to hand to a spreadsheet or a web page.

A spreadsheet opening a CSV file runs a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and some run one that starts with a tab or a carriage return) as a formula: a scenario
named ``=cmd|' /C calc'!A0`` would run a program on the reader's machine. Following the
OWASP rule on CSV injection, such a *text* cell is written with a single quote in front
(``'=cmd...``), which spreadsheets show as the text itself. Numbers are never touched:
a numeric column keeps ``-0.5`` as the number it is, and a text cell that is exactly a
number (``-12``, ``+1.5e-3``) or a lone dash stays as it is (no spreadsheet runs it).

Scenario names and labels are also restricted where they are read
(experiments.scenario), so results written by this version never hold such cells; this
is the second line, for every CSV and spreadsheet-bound file.
"""

from __future__ import annotations

import re

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise(text: str) -> str:
    """``text`` with a single quote in front when a spreadsheet would run it."""
    if not text or not text.startswith(FORMULA_START) or text == "-":
        return text
    if _NUMBER.fullmatch(text):
        return text
    return "'" + text


def _cell(value: object) -> object:
    return neutralise(value) if isinstance(value, str) else value


def _needs_quote(value: object) -> bool:
    return isinstance(value, str) and neutralise(value) != value


def safe_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its text cells (and text column names) neutralised; numeric columns
    are returned as they are. The same frame is returned when nothing needs a change."""
    text = [
        c
        for c in frame.columns
        if not pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
    ]
    changed = [c for c in text if frame[c].map(_needs_quote).any()]
    renamed = {c: neutralise(c) for c in frame.columns if _needs_quote(c)}
    if not changed and not renamed:
        return frame
    out = frame.copy()
    for c in changed:
        out[c] = out[c].map(_cell)
    return out.rename(columns=renamed)


def safe_csv(frame: pd.DataFrame, **kwargs) -> str:
    """``frame.to_csv(index=False)`` with text cells neutralised (:func:`safe_cells`)."""
    return safe_cells(frame).to_csv(index=False, **kwargs)
