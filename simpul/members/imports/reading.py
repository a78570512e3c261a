"""Reading a member file and checking its rows: the columns a file may have, the workbook or CSV text, each cell,
and each row through the register form's own checks. Nothing here writes."""

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.exceptions import ApplicationError
from simpul.members.models import Gender, Member
from simpul.members.services import MemberData
from simpul.members.services import _apply as check_member_data  # the register form's own checks, unchanged

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
# An .xlsx is a zip: a small file may unpack to gigabytes of XML. Real registers of 5,000 rows unpack to a few MB.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# Some files carry a title above the column headings; the headings are looked for in the first rows.
HEADER_SEARCH_ROWS = 10
MAX_COLUMNS = 50
# How many errors are kept and shown: enough to fix a file, not a 5,000-line page.
MAX_ERRORS = 500

# Stable codes of the import's refusals (the API's `code`).
IMPORT_EMPTY = "import_empty"
IMPORT_TOO_LARGE = "import_too_large"
IMPORT_TOO_MANY_ROWS = "import_too_many_rows"
IMPORT_WRONG_TYPE = "import_wrong_type"
IMPORT_NOT_UTF8 = "import_not_utf8"
IMPORT_MISSING_COLUMNS = "import_missing_columns"
IMPORT_DUPLICATE_COLUMN = "import_duplicate_column"
IMPORT_ROWS_REFUSED = "import_rows_refused"
IMPORT_NOT_PENDING = "import_not_pending"


@dataclass(frozen=True)
class Column:
    key: str  # the MemberData field
    header: str  # the heading in the template (the file's format: Indonesian, not translated)
    aliases: tuple[str, ...]  # other spellings people use, compared after _normalise
    required: bool
    width: int


def _column(key: str, header: str, aliases: str, required: bool, width: int) -> Column:
    return Column(key, header, tuple(aliases.split("|")), required, width)


COLUMNS: tuple[Column, ...] = (
    _column("nik", "NIK", "no nik|nomor nik|nik ktp|no ktp|nomor ktp|nomor induk kependudukan", True, 20),
    _column("name", "Nama", "nama lengkap|nama anggota|name|full name", True, 28),
    _column("gender", "Jenis Kelamin (L/P)", "jenis kelamin|jk|l p|kelamin|gender|sex", True, 10),
    _column("birth_date", "Tanggal Lahir", "tgl lahir|tanggal lahir dd mm yyyy|date of birth|birth date", True, 14),
    _column("address", "Alamat", "alamat lengkap|address", False, 32),
    _column(
        "village",
        "Kode Desa",
        "kode desa kelurahan|kode kelurahan|kode wilayah|kode wilayah desa|kode kemendagri|kode desa kemendagri|"
        "village code",
        True,
        15,
    ),
    _column(
        "phone",
        "Telepon/WhatsApp",
        "telepon|telepon wa|no telepon|nomor telepon|telp|no telp|hp|no hp|nomor hp|no hp wa|whatsapp|wa|no wa|"
        "nomor whatsapp|phone|phone whatsapp",
        False,
        18,
    ),
    _column(
        "join_date",
        "Tanggal Masuk",
        "tgl masuk|tanggal bergabung|tanggal daftar|tanggal masuk anggota|join date",
        True,
        14,
    ),
    _column("is_producer", "Produsen UMKM (Ya/Tidak)", "produsen umkm|produsen|umkm|producer|umkm producer", False, 12),
    _column("business_name", "Nama Usaha", "usaha|business name", False, 24),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}

_TRUE = {"ya", "y", "yes", "1", "true", "benar", "v", "x", "✓"}
_FALSE = {"", "tidak", "t", "tdk", "no", "n", "0", "false", "salah", "-"}
_MALE = {"l", "lk", "laki laki", "laki", "lakilaki", "lelaki", "pria", "m", "male"}
_FEMALE = {"p", "pr", "perempuan", "wanita", "w", "f", "female"}
_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][0-9:.]+)?")
_VILLAGE_DIGITS = re.compile(r"[0-9]{10}")
# First bytes of files people upload by mistake; anything else that is not a workbook is read as CSV text.
_OTHER_FILES = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"BM")
_XLS = b"\xd0\xcf\x11\xe0"
_ZIP = b"PK\x03\x04"


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


_ALIASES = {_normalise(alias): column.key for column in COLUMNS for alias in (column.header, *column.aliases)}


def refuse_file(message: str, code: str) -> ApplicationError:
    return ApplicationError(message, code=code, extra={"field": "file"})


# --- reading the file -------------------------------------------------------------------------------------------


def _wrong_type() -> ApplicationError:
    return refuse_file(
        _("This file is neither an Excel workbook (.xlsx) nor a CSV file. Download the template and fill it in."),
        IMPORT_WRONG_TYPE,
    )


def _xlsx_sheets(content: bytes) -> Iterator[Iterator[tuple[int, Sequence[Any]]]]:
    """The rows of each worksheet, numbered as Excel numbers them."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise _wrong_type() from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise refuse_file(_("The workbook is too large to import; split it into smaller files."), IMPORT_TOO_LARGE)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a zip that is no workbook (a .docx, a broken file)
        raise _wrong_type() from None
    try:
        for sheet in workbook.worksheets:
            # A declared size may be wrong (too small drops rows, a million pads empty ones): read what is there.
            sheet.reset_dimensions()  # type: ignore[union-attr]
            rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
            yield ((number, row) for number, row in enumerate(rows, start=1))
    finally:
        workbook.close()


def _csv_rows(content: bytes) -> Iterator[tuple[int, Sequence[Any]]]:
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
    lines = text.splitlines()
    delimiter = None
    skip = 0
    if lines and lines[0].lower().startswith("sep=") and len(lines[0]) == 5:
        delimiter, skip = lines[0][4], 1  # Excel's "sep=;" line, which Excel itself does not show as a row
    if delimiter is None:
        sample = "\n".join(lines[:HEADER_SEARCH_ROWS])
        counts = {mark: sample.count(mark) for mark in (";", ",", "\t")}
        delimiter = max(counts, key=lambda mark: counts[mark]) if any(counts.values()) else ","
    body = "\n".join(lines[skip:]) if skip else text
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error:
        raise refuse_file(
            _("The CSV file could not be read; check that it was saved as CSV."), IMPORT_WRONG_TYPE
        ) from None


def _tables(content: bytes) -> Iterator[Iterator[tuple[int, Sequence[Any]]]]:
    """Each table in the file (the worksheets of a workbook; a CSV file is one), told apart by the first bytes."""
    if not content:
        raise refuse_file(_("The file is empty."), IMPORT_EMPTY)
    if len(content) > MAX_BYTES:
        raise _file_too_large()
    if content.startswith(_ZIP):
        yield from _xlsx_sheets(content)
    elif content.startswith(_XLS):
        raise refuse_file(
            _("This is an old Excel 97–2003 file (.xls). In Excel, save it as “Excel Workbook (.xlsx)” first."),
            IMPORT_WRONG_TYPE,
        )
    elif content.startswith(_OTHER_FILES):
        raise _wrong_type()
    else:
        yield _csv_rows(content)


def _file_too_large() -> ApplicationError:
    return refuse_file(
        _("The file is larger than %(size)s MB. Split it into smaller files.") % {"size": MAX_BYTES // (1024 * 1024)},
        IMPORT_TOO_LARGE,
    )


def _is_blank(row: Sequence[Any]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in row)


def _header_columns(row: Sequence[Any]) -> dict[str, int]:
    """{field: index} for the cells of a heading row; refuses a column that appears twice."""
    found: dict[str, int] = {}
    for index, value in enumerate(row):
        if value is None:
            continue
        text = str(value)
        key = _ALIASES.get(_normalise(text)) or _ALIASES.get(_normalise(re.sub(r"\(.*?\)", " ", text)))
        if key is None:
            continue
        if key in found:
            raise refuse_file(
                _("The column “%(column)s” appears twice in the file. Keep only one.")
                % {"column": COLUMN_BY_KEY[key].header},
                IMPORT_DUPLICATE_COLUMN,
            )
        found[key] = index
    return found


@dataclass
class _Table:
    columns: dict[str, int]
    rows: list[tuple[int, Sequence[Any]]]


def read_table(content: bytes) -> _Table:
    """The heading and the member rows of the first table that has the NIK column and at least one other."""
    best: dict[str, int] = {}
    for rows in _tables(content):
        columns: dict[str, int] | None = None
        data: list[tuple[int, Sequence[Any]]] = []
        seen = 0
        for number, row in rows:
            if _is_blank(row):
                continue
            if columns is None:
                seen += 1
                found = _header_columns(row)
                if "nik" in found and len(found) >= 2:
                    columns = found
                    continue
                if len(found) > len(best):
                    best = found
                if seen >= HEADER_SEARCH_ROWS:
                    break
                continue
            data.append((number, row))
            if len(data) > MAX_ROWS:
                raise refuse_file(
                    _("The file has more than %(max)s member rows. Split it into files of at most %(max)s rows.")
                    % {"max": f"{MAX_ROWS:,}".replace(",", ".")},
                    IMPORT_TOO_MANY_ROWS,
                )
        if columns is not None:
            missing = [c.header for c in COLUMNS if c.required and c.key not in columns]
            if missing:
                raise _missing_columns(missing)
            if not data:
                raise refuse_file(_("The file has no member rows below the column headings."), IMPORT_EMPTY)
            return _Table(columns=columns, rows=data)
    raise _missing_columns([c.header for c in COLUMNS if c.required and c.key not in best])


def _missing_columns(headers: list[str]) -> ApplicationError:
    return refuse_file(
        _(
            "The file lacks the column(s) %(columns)s. The first row must hold the column headings; download the "
            "template to see them."
        )
        % {"columns": ", ".join(f"“{header}”" for header in headers)},
        IMPORT_MISSING_COLUMNS,
    )


# --- reading the cells of a row ---------------------------------------------------------------------------------


class _CellError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return " ".join(str(value).replace("\x00", "").split())


def _date(value: Any, field: str, empty_message: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if not text:
        raise _CellError(field, empty_message)
    match = _DAY_FIRST.fullmatch(text)
    parts = (match.group(3), match.group(2), match.group(1)) if match else None
    if parts is None and (match := _ISO.fullmatch(text)):
        parts = (match.group(1), match.group(2), match.group(3))
    if parts is not None:
        try:
            return datetime.date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            pass
    raise _CellError(
        field,
        _("“%(value)s” is not a date. Write it as dd/mm/yyyy, for example 17/08/1990.") % {"value": text[:40]},
    )


def _gender(value: Any) -> str:
    text = _normalise(_text(value))
    if text in _MALE:
        return Gender.MALE
    if text in _FEMALE:
        return Gender.FEMALE
    if not text:
        raise _CellError("gender", _("Fill in the gender: L (male) or P (female)."))
    raise _CellError(
        "gender", _("“%(value)s” is not a gender. Write L (male) or P (female).") % {"value": _text(value)[:40]}
    )


def _yes_no(value: Any) -> bool:
    raw = _text(value).lower()
    for text in (raw, _normalise(raw)):
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise _CellError("is_producer", _("“%(value)s” is not Ya or Tidak.") % {"value": _text(value)[:40]})


def _village(value: Any) -> str:
    text = _text(value).replace(" ", "")
    if not text:
        raise _CellError("village", _("Fill in the village's Kemendagri code, for example 32.73.01.1001."))
    if _VILLAGE_DIGITS.fullmatch(text):
        return f"{text[0:2]}.{text[2:4]}.{text[4:6]}.{text[6:10]}"
    return text


def _phone(value: Any) -> str:
    text = _text(value)
    # Excel keeps a typed 0812… as the number 812…: the leading zero is put back.
    if isinstance(value, int | float) and text.startswith("8"):
        return "0" + text
    return text


def _cell(row: Sequence[Any], columns: dict[str, int], key: str) -> Any:
    index = columns.get(key)
    if index is None or index >= len(row):
        return None
    return row[index]


def _member_data(row: Sequence[Any], columns: dict[str, int]) -> tuple[MemberData | None, list[_CellError]]:
    """The row as the register form would send it, or what is wrong with its cells."""
    errors: list[_CellError] = []

    def read(function: Any, *args: Any) -> Any:
        try:
            return function(*args)
        except _CellError as error:
            errors.append(error)
            return None

    nik = _text(_cell(row, columns, "nik"))
    gender = read(_gender, _cell(row, columns, "gender"))
    birth_date = read(_date, _cell(row, columns, "birth_date"), "birth_date", _("Fill in the date of birth."))
    village = read(_village, _cell(row, columns, "village"))
    join_date = read(_date, _cell(row, columns, "join_date"), "join_date", _("Fill in the join date."))
    is_producer = read(_yes_no, _cell(row, columns, "is_producer"))
    if errors:
        return None, errors
    data = MemberData(
        nik=nik,
        name=_text(_cell(row, columns, "name")),
        gender=gender,
        birth_date=birth_date,
        village=village,
        join_date=join_date,
        address=_text(_cell(row, columns, "address")),
        phone=_phone(_cell(row, columns, "phone")),
        is_producer=bool(is_producer),
        business_name=_text(_cell(row, columns, "business_name")),
    )
    return data, []


def error_entry(row: int, field: str, message: str) -> dict[str, Any]:
    column = COLUMN_BY_KEY.get(field)
    return {"row": row, "field": field, "column": column.header if column else field, "message": message}


def _values(member: Member) -> dict[str, Any]:
    """What the import will register, as JSON; `village_name` is only for the preview."""
    return {
        "nik": member.nik,
        "name": member.name,
        "gender": member.gender,
        "birth_date": member.birth_date.isoformat(),
        "address": member.address,
        "village": member.village_id,
        "village_name": member.village.name,
        "phone": member.phone,
        "join_date": member.join_date.isoformat(),
        "is_producer": member.is_producer,
        "business_name": member.business_name,
    }


def _existing_niks(cooperative: Cooperative, niks: list[str]) -> set[str]:
    taken: set[str] = set()
    for start in range(0, len(niks), 500):
        chunk = niks[start : start + 500]
        taken.update(Member.objects.filter(cooperative=cooperative, nik__in=chunk).values_list("nik", flat=True))
    return taken


def check_rows(cooperative: Cooperative, table: _Table) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(rows, errors): every row checked as the register form checks it, then NIKs against each other and the
    register."""
    rows: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    first_row_of: dict[str, int] = {}
    for number, row in table.rows:
        data, cell_errors = _member_data(row, table.columns)
        if data is None:
            errors.extend(error_entry(number, e.field, e.message) for e in cell_errors)
            continue
        member = Member(cooperative=cooperative)
        try:
            check_member_data(member, cooperative, data)
        except ApplicationError as error:
            errors.append(error_entry(number, str(error.extra.get("field") or ""), error.message))
            continue
        if member.nik in first_row_of:
            message = _("This NIK is also in row %(row)s of the file.") % {"row": first_row_of[member.nik]}
            errors.append(error_entry(number, "nik", message))
            continue
        first_row_of[member.nik] = number
        rows.append({"row": number, "values": _values(member)})
    taken = _existing_niks(cooperative, [kept["values"]["nik"] for kept in rows])
    for kept in rows:
        if kept["values"]["nik"] in taken:
            message = _("A member with this NIK is already registered in this cooperative.")
            errors.append(error_entry(kept["row"], "nik", message))
    errors.sort(key=lambda error: error["row"])
    return rows, errors
