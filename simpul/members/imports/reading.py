"""Reading a member file and checking its rows: the columns a file may have, the workbook or CSV text, each cell,
and each row through the register form's own checks. Nothing here writes."""

import datetime
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.exceptions import ApplicationError
from simpul.core.text import strip_control_characters
from simpul.members.imports.files import IMPORT_EMPTY, tables
from simpul.members.imports.limits import Limits, current_limits, refuse_file, too_many_member_rows
from simpul.members.models import Gender, Member
from simpul.members.services import MemberData
from simpul.members.services import _apply as check_member_data  # the register form's own checks, unchanged
from simpul.regions.models import Region
from simpul.regions.selectors import villages_named

# Some files carry a title above the column headings; the headings are looked for in the first rows.
HEADER_SEARCH_ROWS = 10
# How often (in rows) the check reports its progress and looks at the clock.
PROGRESS_EVERY = 100
# How many errors are kept and shown: enough to fix a file, not a 5,000-line page.
MAX_ERRORS = 500

# Stable codes of the import's refusals (the API's `code`).
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
        "village code|nama desa|nama kelurahan|kode atau nama desa|nama atau kode desa",
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
# Anything that looks like a code (digits and dots) is read as one; the rest is a village's name.
_CODE_LIKE = re.compile(r"[0-9.]+")
# A name may say where: "Sukamaju, Cibeunying Kidul", "Sukamaju (Cibeunying Kidul)" or the picker's
# "Sukamaju — Cibeunying Kidul, Kota Bandung, Jawa Barat"; the first part after the name is the district.
_NAME_PARTS = re.compile(r"\s*(?:,|—|–|\(|\)|\s-\s)\s*")
_VILLAGE_KIND = re.compile(r"^(?:desa|kelurahan|kel\.?|ds\.?)\s+", re.IGNORECASE)
# How many candidates an ambiguous name's message lists.
MAX_CANDIDATES = 5


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


_ALIASES = {_normalise(alias): column.key for column in COLUMNS for alias in (column.header, *column.aliases)}


# --- reading the file -------------------------------------------------------------------------------------------


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


def read_table(content: bytes, limits: Limits | None = None) -> _Table:
    """The heading and the member rows of the first table that has the NIK column and at least one other.
    Refuses the file past any of the limits (the settings' when none are given)."""
    limits = limits or current_limits()
    best: dict[str, int] = {}
    for rows in tables(content, limits):
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
            if len(data) > limits.max_rows:
                raise too_many_member_rows(limits.max_rows)
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
    # Control characters (NUL too) are dropped: simpul/core/text.py refuses them everywhere else text comes in.
    return " ".join(strip_control_characters(str(value)).split())


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


def _village_name(text: str) -> tuple[str, str]:
    """(name, district) of a village written by name: ("sukamaju", "cibeunying kidul"), lower case."""
    parts = [part for part in _NAME_PARTS.split(text) if part]
    name = _VILLAGE_KIND.sub("", parts[0]).strip().lower() if parts else ""
    district = parts[1].strip().lower() if len(parts) > 1 else ""
    return name, district


class VillageNames:
    """The villages a member file names, looked up once for the whole file: the cooperative's regency first,
    then its province. A name alone is enough when one village of the regency (or, failing that, of the
    province) has it; otherwise the row error lists the candidates and asks for the code."""

    def __init__(self, cooperative: Cooperative, texts: list[str]) -> None:
        self.regency_code = cooperative.regency_code
        self.province_code = cooperative.province_code
        self.province_name = ""
        names = {_village_name(text)[0] for text in texts if not _CODE_LIKE.fullmatch(text.replace(" ", ""))}
        self.found = villages_named(names, province_code=self.province_code) if names else {}

    def resolve(self, text: str) -> str:
        name, district = _village_name(text)
        candidates = self.found.get(name, [])
        if district:
            candidates = [v for v in candidates if _district_of(v).lower() == district] or candidates
        local = [v for v in candidates if v.regency_code == self.regency_code]
        chosen = local or candidates
        if len(chosen) == 1:
            return chosen[0].code
        if not chosen:
            raise _CellError(
                "village",
                _(
                    "There is no village named “%(name)s” in the cooperative's province. Check the spelling, or "
                    "write its Kemendagri code (the sheet “Desa” of the template lists the villages of the "
                    "regency/city)."
                )
                % {"name": text[:60]},
            )
        listed = "; ".join(f"{v.choice_label} ({v.code})" for v in chosen[:MAX_CANDIDATES])
        if len(chosen) > MAX_CANDIDATES:
            listed += "; …"
        raise _CellError(
            "village",
            _("Village “%(name)s” is in %(count)s districts: %(candidates)s. Write its code.")
            % {"name": text[:60], "count": len(chosen), "candidates": listed},
        )


def _district_of(village: Region) -> str:
    """The district's name from the village's path ("Sukamaju, Cibeunying Kidul, Kota Bandung, Jawa Barat")."""
    parts = village.path.split(", ")
    return parts[1] if len(parts) > 1 else ""


def _village(value: Any, names: VillageNames | None = None) -> str:
    raw = _text(value)
    text = raw.replace(" ", "")
    if not text:
        raise _CellError("village", _("Fill in the village's name or Kemendagri code, for example 32.73.01.1001."))
    if _VILLAGE_DIGITS.fullmatch(text):
        return f"{text[0:2]}.{text[2:4]}.{text[4:6]}.{text[6:10]}"
    if _CODE_LIKE.fullmatch(text) or names is None:
        return text
    return names.resolve(raw)


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


def _member_data(
    row: Sequence[Any], columns: dict[str, int], names: VillageNames | None = None
) -> tuple[MemberData | None, list[_CellError]]:
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
    village = read(_village, _cell(row, columns, "village"), names)
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


def check_rows(
    cooperative: Cooperative,
    table: _Table,
    limits: Limits | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(rows, errors): every row checked as the register form checks it, then NIKs against each other and the
    register. `progress(rows_done)` is called every PROGRESS_EVERY rows; the time budget is checked as often."""
    limits = limits or current_limits()
    rows: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    first_row_of: dict[str, int] = {}
    # The villages written by name, for the whole file in one query (a lookup per row would be 5,000 queries).
    names = VillageNames(cooperative, [_text(_cell(row, table.columns, "village")) for _number, row in table.rows])
    for done, (number, row) in enumerate(table.rows):
        if done and done % PROGRESS_EVERY == 0:
            limits.check_time()
            if progress is not None:
                progress(done)
        data, cell_errors = _member_data(row, table.columns, names)
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
