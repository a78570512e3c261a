"""Reading the rows of a member file (an .xlsx workbook or CSV text) under the import's limits.

Workbooks are streamed (openpyxl read-only): a row is parsed when it is asked for, so a refusal on the row limit
stops the reading there. Before openpyxl opens a workbook, the zip's central directory says how much it unpacks
to; Python's zipfile stops any member at its declared size (a lying size fails its CRC), so that sum bounds
what the reading can unpack.
"""

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

from django.utils.translation import gettext as _

from simpul.core.exceptions import ApplicationError
from simpul.members.imports.limits import (
    Limits,
    cell_too_long,
    file_too_large,
    refuse_file,
    too_many_columns,
    too_many_sheet_rows,
    unpacked_too_large,
)

IMPORT_EMPTY = "import_empty"
IMPORT_WRONG_TYPE = "import_wrong_type"
IMPORT_NOT_UTF8 = "import_not_utf8"

# First bytes of files people upload by mistake; anything else that is not a workbook is read as CSV text.
_OTHER_FILES = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"BM")
_XLS = b"\xd0\xcf\x11\xe0"
_ZIP = b"PK\x03\x04"

Rows = Iterator[tuple[int, Sequence[Any]]]


def _wrong_type() -> ApplicationError:
    return refuse_file(
        _("This file is neither an Excel workbook (.xlsx) nor a CSV file. Download the template and fill it in."),
        IMPORT_WRONG_TYPE,
    )


def work_size(content: bytes) -> int:
    """How much there is to read: what a workbook unpacks to (from its central directory), a CSV file's size."""
    if content.startswith(_ZIP):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                return sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile:
            return len(content)
    return len(content)


def _parsed(rows: Iterator[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    """A sheet's rows; a damaged sheet (broken XML, a zip member that fails its CRC) is refused as no workbook."""
    try:
        yield from rows
    except ApplicationError:
        raise
    except Exception:  # zipfile.BadZipFile, XML parse errors, openpyxl's own: the file is broken
        raise _wrong_type() from None


def _limited(sheet: str, rows: Iterator[Sequence[Any]], limits: Limits) -> Rows:
    """Numbered rows, refused past the row limit (empty rows count), the column limit, a cell's length or the
    time budget."""
    for number, row in enumerate(rows, start=1):
        if number > limits.max_sheet_rows:
            raise too_many_sheet_rows(sheet, None, limits.max_sheet_rows)
        if len(row) > limits.max_columns:
            extra = [
                index for index, value in enumerate(row) if index >= limits.max_columns and value not in (None, "")
            ]
            if extra:
                raise too_many_columns(sheet, extra[-1] + 1, limits.max_columns)
            row = row[: limits.max_columns]
        for index, value in enumerate(row):
            if isinstance(value, str) and len(value) > limits.max_cell_chars:
                raise cell_too_long(number, index + 1, len(value), limits.max_cell_chars)
        if number % 100 == 0:
            limits.check_time()
        yield number, row


def _xlsx_sheets(content: bytes, limits: Limits) -> Iterator[Rows]:
    """The rows of each worksheet, numbered as Excel numbers them."""
    from openpyxl import load_workbook

    unpacked = work_size(content)
    try:
        zipfile.ZipFile(io.BytesIO(content)).close()
    except zipfile.BadZipFile:
        raise _wrong_type() from None
    if unpacked > limits.max_unpacked_bytes:
        raise unpacked_too_large(unpacked, limits.max_unpacked_bytes)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a zip that is no workbook (a .docx, a broken file)
        raise _wrong_type() from None
    try:
        for sheet in workbook.worksheets:
            declared_rows, declared_columns = sheet.max_row, sheet.max_column
            if declared_rows is not None and declared_rows > limits.max_sheet_rows:
                raise too_many_sheet_rows(sheet.title, declared_rows, limits.max_sheet_rows)
            if declared_columns is not None and declared_columns > limits.max_columns:
                raise too_many_columns(sheet.title, declared_columns, limits.max_columns)
            # A declared size may be wrong (too small drops rows): read what is there, within the limits. One
            # column more than the limit shows a file that has data beyond it.
            sheet.reset_dimensions()  # type: ignore[union-attr]
            yield _limited(
                sheet.title, _parsed(sheet.iter_rows(max_col=limits.max_columns + 1, values_only=True)), limits
            )
    finally:
        workbook.close()


def _csv_rows(content: bytes, limits: Limits) -> Rows:
    """UTF-8 with or without BOM; comma, semicolon (Indonesian Excel) or tab separated."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refuse_file(
            _(
                "The CSV file is not in UTF-8. In Excel, save it with “Save as” and the type “CSV UTF-8”, or upload "
                "the .xlsx workbook itself."
            ),
            IMPORT_NOT_UTF8,
        ) from None
    if "\x00" in text:
        raise _wrong_type()
    first, _newline, _rest = text[:4096].partition("\n")
    skip = 0
    if first.rstrip("\r").lower().startswith("sep=") and len(first.rstrip("\r")) == 5:
        delimiter, skip = first[4], 1  # Excel's "sep=;" line, which Excel itself does not show as a row
    else:
        sample = "\n".join(text[:65536].splitlines()[:10])
        counts = {mark: sample.count(mark) for mark in (";", ",", "\t")}
        delimiter = max(counts, key=lambda mark: counts[mark]) if any(counts.values()) else ","
    body = text.split("\n", 1)[1] if skip else text
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    try:
        yield from _limited("CSV", reader, limits)
    except csv.Error:
        raise refuse_file(
            _("The CSV file could not be read; check that it was saved as CSV."), IMPORT_WRONG_TYPE
        ) from None


def tables(content: bytes, limits: Limits) -> Iterator[Rows]:
    """Each table in the file (the worksheets of a workbook; a CSV file is one), told apart by the first bytes."""
    if not content:
        raise refuse_file(_("The file is empty."), IMPORT_EMPTY)
    if len(content) > limits.max_bytes:
        raise file_too_large(len(content), limits.max_bytes)
    if content.startswith(_ZIP):
        yield from _xlsx_sheets(content, limits)
    elif content.startswith(_XLS):
        raise refuse_file(
            _("This is an old Excel 97–2003 file (.xls). In Excel, save it as “Excel Workbook (.xlsx)” first."),
            IMPORT_WRONG_TYPE,
        )
    elif content.startswith(_OTHER_FILES):
        raise _wrong_type()
    else:
        yield _csv_rows(content, limits)
