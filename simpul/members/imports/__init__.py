"""Importing a member register from an Excel workbook (.xlsx) or a CSV file: read, check every row, preview,
then register all rows in one transaction, or none.

Each row goes through the very checks of the register form (`services._apply`: NIK against the region data and
the birth date and gender, village code, dates, phone), plus what only a file can get wrong: the same NIK twice
in the file, cells that are no date, a gender that is neither L nor P. Row numbers are the ones a spreadsheet
shows (the header is usually row 1, the first member row 2), so a manager finds the row to fix.

Files are read under limits (`limits.py`, settings MEMBER_IMPORT_*), outside any transaction; large files and
large confirmations run in the task worker (`jobs.py`, `tasks.py`) while the page shows their progress.
"""

from simpul.members.imports.jobs import member_import_confirm_request, member_import_read, member_import_upload
from simpul.members.imports.limits import current_limits
from simpul.members.imports.reading import COLUMN_BY_KEY, COLUMNS, Column, check_rows, read_table
from simpul.members.imports.services import (
    ImportRefused,
    access_member_import,
    import_template_sheets,
    member_import_confirm,
    member_import_preview,
)

__all__ = [
    "COLUMNS",
    "COLUMN_BY_KEY",
    "Column",
    "ImportRefused",
    "access_member_import",
    "check_rows",
    "current_limits",
    "import_template_sheets",
    "member_import_confirm",
    "member_import_confirm_request",
    "member_import_preview",
    "member_import_read",
    "member_import_upload",
    "read_table",
]
