"""Documents for download: PDF from a print template (WeasyPrint), Excel workbooks (openpyxl).

Reports, receipts and member cards all come through here, so every download gets the same file names, headers
and number formats. WeasyPrint is imported on first use: it needs Pango from the system (docs/deploy.md), and a
machine without it still serves every page that is not a PDF.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

from simpul.core.text import strip_control_characters

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rupiah in Excel: thousands separated, no decimals unless there are cents, negatives in brackets.
RUPIAH_FORMAT = "#,##0;(#,##0)"


def download_name(*parts: str, extension: str) -> str:
    """`laporan-neraca-ksu-mitra-2026-06-30.pdf`: ASCII, no spaces, safe in every browser's header."""
    stem = "-".join(slugify(part) for part in parts if part)
    return f"{stem or 'simpul'}.{extension}"


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_bytes(template: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    from weasyprint import HTML  # needs Pango: imported only when a PDF is asked for

    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url=None).write_pdf()


def pdf_response(
    request: HttpRequest, template: str, context: dict[str, Any], filename: str, *, inline: bool = False
) -> HttpResponse:
    """A PDF rendered from a template extending core/print/base.html."""
    response = HttpResponse(pdf_bytes(template, context, request), content_type="application/pdf")
    if inline:
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response
    return _attachment(response, filename)


@dataclass
class Sheet:
    """One worksheet: a title block (report name, cooperative, period), a header row and data rows.

    Decimal cells get the rupiah number format; `total_rows` (indexes into rows) are set in bold."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    heading: Sequence[str] = ()
    total_rows: set[int] = field(default_factory=set)
    column_widths: Sequence[int] = ()


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    bold = Font(bold=True)
    for sheet in sheets:
        # Excel allows 31 characters and no []:*?/\ in a sheet title.
        title = "".join(ch for ch in sheet.title if ch not in "[]:*?/\\")[:31] or "Sheet"
        worksheet = workbook.create_sheet(title)
        for line in sheet.heading:
            worksheet.append([_cell_value(line)])
        if sheet.heading:
            worksheet.cell(row=1, column=1).font = Font(bold=True, size=13)
            worksheet.append([])
        worksheet.append([_cell_value(name) for name in sheet.header])
        header_row = worksheet.max_row
        for cell in worksheet[header_row]:
            cell.font = bold
        for index, row in enumerate(sheet.rows):
            # Cells styled before they are appended: asking the sheet for its last row (max_row) reads every cell
            # written so far, which made a long journal quadratic.
            worksheet.append([_styled_cell(worksheet, value, bold if index in sheet.total_rows else None)
                              for value in row])  # fmt: skip
        worksheet.freeze_panes = worksheet.cell(row=header_row + 1, column=1)
        for column, width in enumerate(sheet.column_widths, start=1):
            worksheet.column_dimensions[get_column_letter(column)].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _styled_cell(worksheet: Any, value: Any, font: Any) -> Any:
    from openpyxl.cell import Cell

    cell = Cell(worksheet, value=_cell_value(value))
    if isinstance(cell.value, Decimal | int) and not isinstance(cell.value, bool):
        cell.number_format = RUPIAH_FORMAT if isinstance(cell.value, Decimal) else "0"
    if font is not None:
        cell.font = font
    return cell


# OWASP "CSV injection": text starting with one of these is read as a formula by Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A phone number in E.164 form (+6281…): digits only, so even read as a formula it is just that number.
_E164_PHONE = re.compile(r"\+[0-9]{8,15}")


def safe_text(value: str) -> str:
    """Text as it may go into a spreadsheet cell: control characters dropped (openpyxl refuses most of them, and
    rows stored before input refused them must still export), and a leading formula character quoted with `'`."""
    text = strip_control_characters(value)
    if text.startswith(FORMULA_STARTS) and not _E164_PHONE.fullmatch(text):
        return "'" + text
    return text


def _cell_value(value: Any) -> Any:
    # Decimals stay exact in the file (openpyxl writes their repr); numbers stay numbers, negative ones too.
    if value is None or isinstance(value, Decimal | int | float | bool):
        return value
    if hasattr(value, "isoformat"):
        return value
    # Lazy strings become plain text; every text is neutralised, so a cell is never a formula.
    return safe_text(str(value))


def xlsx_response(sheets: Sequence[Sheet], filename: str) -> HttpResponse:
    return _attachment(HttpResponse(xlsx_bytes(sheets), content_type=XLSX_CONTENT_TYPE), filename)
