"""What every spreadsheet Riktning writes or offers shares: its content type, and cells that no
spreadsheet program reads as a formula (CSV/formula injection: a cell starting with = + - or @
runs when the file is opened)."""

from __future__ import annotations

import io

import xlsxwriter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00")


def neutralise(value: object) -> str:
    """A text that no spreadsheet reads as a formula: a leading formula character gets an
    apostrophe in front (shown as text, not typed into the cell), and NUL is dropped."""
    text = "" if value is None else str(value)
    dangerous = text.startswith(FORMULA_STARTS)
    text = text.replace("\x00", "")
    return "'" + text if dangerous else text


def new_workbook() -> tuple[xlsxwriter.Workbook, io.BytesIO]:
    """An in-memory workbook that writes strings as strings, never as formulas."""
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False})
    return book, output


def sheet_name(text: object) -> str:
    """A worksheet's name: neutralised and within Excel's 31 characters."""
    return neutralise(text)[:31]
