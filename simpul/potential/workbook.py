"""The commodity survey workbook: the template to download and the reading of a filled one (openpyxl, read-only)
under small limits — a file's size, what its zip unpacks to, and its rows."""

import io
import zipfile
from typing import Any

from django.utils.translation import gettext as _

from simpul.core.exceptions import ApplicationError
from simpul.potential import error_codes
from simpul.potential.models import Commodity
from simpul.potential.services.surveys import SurveyInput

COLUMNS = ("kode_desa", "komoditas", "komoditas_lain", "volume", "satuan", "bulan_musim", "tanggal_survei", "sumber")
MAX_BYTES = 2 * 1024 * 1024
MAX_UNPACKED = 30 * 1024 * 1024
MAX_ROWS = 5000


def template_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "survei"
    sheet.append(list(COLUMNS))
    sheet.append(["32.73.01.1001", "padi", "", 120, "ton", "3,4,5", "2026-06-01", "Penyuluh desa"])
    for column in "ABCDEFGH":
        sheet.column_dimensions[column].width = 18
    codes = book.create_sheet("komoditas")
    codes.append(["kode", "nama"])
    for value, label in Commodity.choices:
        codes.append([value, str(label)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _refuse(message: str) -> ApplicationError:
    return ApplicationError(message, code=error_codes.INVALID_FILE)


def _cell(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def read_rows(content: bytes) -> list[tuple[int, SurveyInput]]:
    """(row number, input) for every non-empty row below the header row."""
    if len(content) > MAX_BYTES:
        raise _refuse(_("The file is larger than 2 MB."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
                raise _refuse(_("The workbook unpacks to more than 30 MB."))
    except zipfile.BadZipFile:
        raise _refuse(_("This file is not an Excel workbook (.xlsx). Download the template and fill it in.")) from None
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        out: list[tuple[int, SurveyInput]] = []
        header_seen = False
        for number, row in enumerate(rows, start=1):
            cells = [_cell(v) for v in (list(row) + [None] * len(COLUMNS))[: len(COLUMNS)]]
            if not header_seen:
                if str(cells[0] or "").lower() == COLUMNS[0]:
                    header_seen = True
                continue
            if all(v in (None, "") for v in cells):
                continue
            if len(out) >= MAX_ROWS:
                raise _refuse(_("The file has more than %(limit)s rows.") % {"limit": MAX_ROWS})
            code, commodity, other, volume, unit, months, surveyed_on, source = cells
            out.append(
                (
                    number,
                    SurveyInput(
                        village_code=str(code or ""),
                        commodity=str(commodity or ""),
                        commodity_other=str(other or ""),
                        volume=volume,
                        unit=str(unit or ""),
                        months=months,
                        surveyed_on=surveyed_on,
                        source=str(source or ""),
                    ),
                )
            )
        book.close()
    except ApplicationError:
        raise
    except Exception:
        raise _refuse(_("The workbook cannot be read. Download the template and fill it in.")) from None
    if not header_seen:
        raise _refuse(_("The header row (kode_desa, komoditas, …) is missing. Download the template."))
    return out
