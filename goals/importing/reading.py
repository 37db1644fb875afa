"""Reading an uploaded plan into cells: a CSV file (UTF-8, ; , or tab) or an Excel workbook's
first sheet. A file that cannot be a plan (too large, empty, the wrong kind, unreadable) is
refused whole here, before any row is checked."""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext_lazy as _

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5_000
# Excel stops at 16,384 columns; a plan has a dozen. Reading no further keeps a crafted sheet cheap.
MAX_COLUMNS = 100

# Whole-file refusals. Each message is shown alone, so it says what to do.
FILE_TOO_LARGE = _(
    "The file is larger than %(limit)s MB. Split the plan into several files and import them one "
    "by one."
)
FILE_EMPTY = _("The file is empty.")
FILE_WRONG_TYPE = _(
    "The file is neither a CSV file nor an Excel workbook (.xlsx). Save the plan as “CSV UTF-8” "
    "or as an Excel workbook and try again."
)
FILE_OLD_EXCEL = _(
    "The file is an old Excel workbook (.xls). Open it in Excel and save it as an Excel workbook "
    "(.xlsx) or as “CSV UTF-8”."
)
FILE_BAD_ENCODING = _(
    "The file is not UTF-8 text (an unreadable character at byte %(position)s), so å, ä and ö "
    "would be garbled. In Excel, save it as “CSV UTF-8”."
)
FILE_UNREADABLE_EXCEL = _("The Excel workbook could not be read; it may be damaged.")
FILE_NO_ROWS = _("The file has a header but no activities below it.")
FILE_TOO_MANY_ROWS = _(
    "The file has more than %(limit)s activities. Split it into files of at most %(limit)s rows."
)
FILE_BAD_CSV = _("The CSV file could not be read: %(error)s")


class FileRefused(Exception):
    """The whole file is refused before its rows are read."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """The file's cells: the header, and the data rows with their line numbers."""

    header: list[str]
    rows: list[tuple[int, list[Any]]]


def _sniff_kind(file_name: str, content: bytes) -> str:
    """'csv' or 'xlsx', from the extension and the first bytes; anything else is refused."""
    extension = PurePath(file_name).suffix.lower()
    is_zip = content.startswith(b"PK\x03\x04")
    if content.startswith(b"\xd0\xcf\x11\xe0"):  # the old binary Excel (OLE) format
        raise FileRefused(str(FILE_OLD_EXCEL))
    if extension == ".xlsx" and is_zip:
        return "xlsx"
    if extension in (".csv", ".txt") and not is_zip and b"\x00" not in content[:65536]:
        if content.startswith(b"%PDF"):
            raise FileRefused(str(FILE_WRONG_TYPE))
        return "csv"
    if extension == ".xls":
        raise FileRefused(str(FILE_OLD_EXCEL))
    raise FileRefused(str(FILE_WRONG_TYPE))


def _too_many_rows() -> FileRefused:
    return FileRefused(str(FILE_TOO_MANY_ROWS) % {"limit": f"{MAX_ROWS:,}".replace(",", " ")})


def is_blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _read_csv(content: bytes) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(str(FILE_BAD_ENCODING) % {"position": error.start + 1}) from None
    first_line = text.split("\n", 1)[0]
    # The header names no delimiter itself, so the most frequent one in it is the file's.
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[Any]]] = []
    header: list[str] | None = None
    try:
        # The line number is the record's, as a spreadsheet program shows the file: a quoted
        # cell with line breaks inside stays one line.
        for line, record in enumerate(reader, start=1):
            if header is None:
                header = record
                continue
            if is_blank(record):
                continue
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows()
            rows.append((line, record))
    except csv.Error as error:
        raise FileRefused(str(FILE_BAD_CSV) % {"error": error}) from None
    if header is None:
        raise FileRefused(str(FILE_EMPTY))
    return Table(header=header, rows=rows)


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it ignores; they mean nothing here.
            warnings.simplefilter("ignore")
            # data_only=False: a formula cell reads as its formula ("=A1"), which is refused.
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError):
        raise FileRefused(str(FILE_UNREADABLE_EXCEL)) from None
    except Exception:  # openpyxl raises its own kinds for a zip that holds no workbook
        raise FileRefused(str(FILE_UNREADABLE_EXCEL)) from None
    try:
        if not workbook.worksheets:
            raise FileRefused(str(FILE_EMPTY))
        sheet = workbook.worksheets[0]
        header: list[str] | None = None
        rows: list[tuple[int, list[Any]]] = []
        for line, values in enumerate(
            sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1
        ):
            cells = list(values)
            if header is None:
                header = ["" if c is None else str(c) for c in cells]
                continue
            if is_blank(cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows()
            rows.append((line, cells))
    except FileRefused:
        raise
    except Exception:
        raise FileRefused(str(FILE_UNREADABLE_EXCEL)) from None
    finally:
        workbook.close()
    if header is None or is_blank(header):
        raise FileRefused(str(FILE_EMPTY))
    return Table(header=header, rows=rows)


def read_table(*, file_name: str, content: bytes) -> Table:
    """The file's header and rows; raises FileRefused for a file that cannot be a plan."""
    if len(content) > MAX_BYTES:
        raise FileRefused(str(FILE_TOO_LARGE) % {"limit": MAX_BYTES // (1024 * 1024)})
    if not content.strip():
        raise FileRefused(str(FILE_EMPTY))
    if _sniff_kind(file_name, content) == "xlsx":
        return _read_xlsx(content)
    return _read_csv(content)
