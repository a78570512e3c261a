"""The limits a member file is read under, each a setting (MEMBER_IMPORT_*, defaults in simpul/settings.py).

A small upload can be a large amount of work: an .xlsx is a zip, and 31 KB may declare three million rows or
unpack to 96 MB of XML. So what the file says about itself (its size, its zip's central directory, its sheets'
declared size) is checked before the reading starts, and rows, columns, cell lengths and the clock while it is
read. Every refusal names the limit and what the file had.
"""

import math
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from simpul.core.exceptions import ApplicationError

IMPORT_TOO_LARGE = "import_too_large"
IMPORT_TOO_MANY_ROWS = "import_too_many_rows"
IMPORT_TOO_MANY_COLUMNS = "import_too_many_columns"
IMPORT_CELL_TOO_LONG = "import_cell_too_long"
IMPORT_TOO_SLOW = "import_too_slow"

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_unpacked_bytes: int
    max_rows: int  # member rows
    max_sheet_rows: int  # rows of a sheet or CSV file, empty rows included
    max_columns: int
    max_cell_chars: int
    max_seconds: float
    # When the read started (monotonic clock); the budget is counted from here.
    started: float = field(default_factory=time.monotonic)

    def check_time(self) -> None:
        """Refuses once reading and checking the file has taken longer than its budget."""
        if time.monotonic() - self.started > self.max_seconds:
            raise refuse_file(
                _(
                    "Reading the file took longer than %(seconds)s seconds, the limit, and was stopped. Split it "
                    "into smaller files."
                )
                % {"seconds": number(self.max_seconds)},
                IMPORT_TOO_SLOW,
            )


def current_limits() -> Limits:
    """The limits as configured now (read at each import, so a changed setting applies at once)."""
    return Limits(
        max_bytes=settings.MEMBER_IMPORT_MAX_BYTES,
        max_unpacked_bytes=settings.MEMBER_IMPORT_MAX_UNPACKED_BYTES,
        max_rows=settings.MEMBER_IMPORT_MAX_ROWS,
        max_sheet_rows=settings.MEMBER_IMPORT_MAX_SHEET_ROWS,
        max_columns=settings.MEMBER_IMPORT_MAX_COLUMNS,
        max_cell_chars=settings.MEMBER_IMPORT_MAX_CELL_CHARS,
        max_seconds=settings.MEMBER_IMPORT_MAX_SECONDS,
    )


def number(value: float) -> str:
    """5000 as "5.000" in Bahasa Indonesia."""
    return number_format(int(value), force_grouping=True)


def megabytes(size: int) -> str:
    """A size in MB with one decimal where it matters ("5", "96,3"), rounded up: a file just over the limit does
    not read as the limit itself."""
    value = math.ceil(size * 10 / MB) / 10
    return number_format(value, decimal_pos=0 if value.is_integer() else 1, force_grouping=True)


def refuse_file(message: str, code: str) -> ApplicationError:
    return ApplicationError(message, code=code, extra={"field": "file"})


def file_too_large(size: int, limit: int) -> ApplicationError:
    return refuse_file(
        _("The file is %(size)s MB; at most %(max)s MB can be imported. Split it into smaller files.")
        % {"size": megabytes(size), "max": megabytes(limit)},
        IMPORT_TOO_LARGE,
    )


def unpacked_too_large(size: int, limit: int) -> ApplicationError:
    return refuse_file(
        _(
            "The workbook unpacks to %(size)s MB of data; at most %(max)s MB can be read. Delete the empty rows, "
            "columns and other sheets, or split it into smaller files."
        )
        % {"size": megabytes(size), "max": megabytes(limit)},
        IMPORT_TOO_LARGE,
    )


def too_many_sheet_rows(sheet: str, rows: int | None, limit: int) -> ApplicationError:
    """`rows`: what the sheet declares, or None when it was found while reading (more than the limit)."""
    values = {"sheet": sheet, "rows": number(rows or limit + 1), "max": number(limit)}
    if rows is None:
        message = _(
            "The sheet “%(sheet)s” has more than %(max)s rows, empty rows included; at most %(max)s are read. "
            "Delete the empty rows below the members, or split the file."
        )
    else:
        message = _(
            "The sheet “%(sheet)s” has %(rows)s rows, empty rows included; at most %(max)s are read. Delete the "
            "empty rows below the members, or split the file."
        )
    return refuse_file(message % values, IMPORT_TOO_MANY_ROWS)


def too_many_member_rows(limit: int) -> ApplicationError:
    return refuse_file(
        _("The file has more than %(max)s member rows. Split it into files of at most %(max)s rows.")
        % {"max": number(limit)},
        IMPORT_TOO_MANY_ROWS,
    )


def too_many_columns(sheet: str, columns: int, limit: int) -> ApplicationError:
    return refuse_file(
        _(
            "The sheet “%(sheet)s” has %(columns)s columns; at most %(max)s are read. Delete the columns to the "
            "right of the member data."
        )
        % {"sheet": sheet, "columns": number(columns), "max": number(limit)},
        IMPORT_TOO_MANY_COLUMNS,
    )


def cell_too_long(row: int, column: int, length: int, limit: int) -> ApplicationError:
    from openpyxl.utils import get_column_letter

    return refuse_file(
        _("Cell %(cell)s holds %(length)s characters; a cell may hold at most %(max)s.")
        % {"cell": f"{get_column_letter(column)}{row}", "length": number(length), "max": number(limit)},
        IMPORT_CELL_TOO_LONG,
    )
