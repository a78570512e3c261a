"""The import's services: preview a file (nothing stored when a row is bad), confirm it (every row registered in
one transaction, or none), and the template workbook."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import User
from simpul.members.imports.files import IMPORT_EMPTY
from simpul.members.imports.limits import current_limits, number, refuse_file
from simpul.members.imports.reading import (
    COLUMN_BY_KEY,
    COLUMNS,
    IMPORT_NOT_PENDING,
    IMPORT_ROWS_REFUSED,
    MAX_ERRORS,
    check_rows,
    error_entry,
    read_table,
)
from simpul.members.models import MemberImport, MemberImportStatus
from simpul.members.services import MemberData, member_register_many
from simpul.regions.models import Region
from simpul.regions.selectors import regency_villages


class ImportRefused(ApplicationError):
    """Rows of the file were refused; `errors` lists each with its row number. Nothing was imported."""

    def __init__(self, errors: list[dict[str, Any]], row_count: int) -> None:
        message = _(
            "The file has errors in %(count)s of its %(total)s rows. Nothing was imported: fix the rows below "
            "and upload the file again."
        ) % {"count": len({error["row"] for error in errors}), "total": row_count}
        super().__init__(message, code=IMPORT_ROWS_REFUSED, extra={"errors": errors, "row_count": row_count})
        self.errors = errors
        self.row_count = row_count


def _data_from_values(values: dict[str, Any]) -> MemberData:
    return MemberData(
        nik=values["nik"],
        name=values["name"],
        gender=values["gender"],
        birth_date=datetime.date.fromisoformat(values["birth_date"]),
        village=values["village"],
        join_date=datetime.date.fromisoformat(values["join_date"]),
        address=values.get("address", ""),
        phone=values.get("phone", ""),
        is_producer=bool(values.get("is_producer")),
        business_name=values.get("business_name", ""),
    )


# --- services ---------------------------------------------------------------------------------------------------


def clean_filename(filename: str) -> str:
    name = (filename or "").replace("\x00", "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:255] or "anggota"


def member_import_preview(
    *, cooperative: Cooperative, actor: User | None, filename: str, content: bytes
) -> MemberImport:
    """Read and check the file; keep its rows for the confirmation. Any bad row refuses the whole file
    (ImportRefused with every row's error) and nothing is stored.

    The reading runs outside any transaction: on SQLite a transaction holds the database's write lock, and a
    file's reading must not make every other write of every cooperative wait. Only the row is written in one."""
    limits = current_limits()  # one time budget for the reading and the check
    table = read_table(content, limits)
    rows, errors = check_rows(cooperative, table, limits)
    if errors:
        raise ImportRefused(errors[:MAX_ERRORS], len(table.rows))
    return MemberImport.objects.create(
        cooperative=cooperative,
        filename=clean_filename(filename),
        status=MemberImportStatus.PREVIEW,
        rows=rows,
        rows_total=len(rows),
        rows_done=len(rows),
        errors=[],
        uploaded_by=actor if actor and actor.pk else None,
    )


def access_member_import(cooperative: Cooperative, import_id: int, *, lock: bool = False) -> MemberImport:
    """The cooperative's import; a missing or another cooperative's one is the same 404."""
    imports = MemberImport.objects.filter(cooperative=cooperative)
    if lock:
        imports = imports.select_for_update()
    record = imports.filter(pk=import_id).first()
    if record is None:
        raise NotFoundError.plain()
    return record


@transaction.atomic
def _register_all(
    *, cooperative: Cooperative, actor: User | None, import_id: int, ip_address: str | None
) -> MemberImport:
    record = access_member_import(cooperative, import_id, lock=True)
    if record.status == MemberImportStatus.IMPORTED:
        raise refuse_file(_("This file has already been imported."), IMPORT_NOT_PENDING)
    # IMPORTING: the confirmation handed to the task worker (simpul/members/imports/jobs.py), which runs this.
    if record.status not in (MemberImportStatus.PREVIEW, MemberImportStatus.IMPORTING):
        raise refuse_file(_("This file was refused. Fix it and upload it again."), IMPORT_NOT_PENDING)
    if not record.rows:
        raise refuse_file(_("The file has no member rows below the column headings."), IMPORT_EMPTY)
    # Checked again: the register may have changed since the preview (a NIK registered by hand meanwhile).
    members, refused = member_register_many(
        cooperative=cooperative,
        actor=actor,
        rows=[(row["row"], _data_from_values(row["values"])) for row in record.rows],
        ip_address=ip_address,
    )
    if refused:
        errors = [error_entry(row, str(error.extra.get("field") or ""), error.message) for row, error in refused]
        raise ImportRefused(errors[:MAX_ERRORS], len(record.rows))
    numbers = [member.number for member in members]
    record.status = MemberImportStatus.IMPORTED
    record.imported_count = len(numbers)
    record.save(update_fields=["status", "imported_count"])
    audit_record(
        cooperative=cooperative,
        actor=actor,
        event="member.imported",
        target=record,
        changes={"count": len(numbers), "filename": record.filename, "numbers": [numbers[0], numbers[-1]]},
        ip_address=ip_address,
    )
    return record


def member_import_confirm(
    *, cooperative: Cooperative, actor: User | None, import_id: int, ip_address: str | None = None
) -> MemberImport:
    """Register every row of a previewed file, numbered in file order, in one transaction. A row refused now
    refuses them all: nothing is registered, and the import is marked refused with its rows' errors."""
    try:
        return _register_all(cooperative=cooperative, actor=actor, import_id=import_id, ip_address=ip_address)
    except ImportRefused as refusal:
        MemberImport.objects.filter(
            cooperative=cooperative,
            pk=import_id,
            status__in=(MemberImportStatus.PREVIEW, MemberImportStatus.IMPORTING),
        ).update(status=MemberImportStatus.REFUSED, errors=refusal.errors)
        raise


# --- the template -----------------------------------------------------------------------------------------------


def import_template_sheets(cooperative: Cooperative) -> list[Any]:
    """The workbook a manager fills in: the headings with one example row valid in this cooperative (a NIK of
    its district, its village), the villages of its regency/city (a row may name its village instead of giving
    the code), and a sheet explaining each column."""
    from simpul.core.exports import Sheet

    district = cooperative.district_code.replace(".", "")
    example = {
        "nik": f"{district}1708900001",
        "name": "Budi Santoso",
        "gender": "L",
        "birth_date": "17/08/1990",
        "address": "Jl. Merdeka No. 1, RT 01/RW 02",
        "village": cooperative.village_id,
        "phone": "081234567890",
        "join_date": "02/01/2024",
        "is_producer": "Ya",
        "business_name": "Keripik Budi",
    }
    explanations = {
        "nik": _("16 digits from the KTP. Format the column as Text so Excel keeps every digit."),
        "name": _("Full name as on the KTP."),
        "gender": _("L (male) or P (female)."),
        "birth_date": _("dd/mm/yyyy. It must match the date in the NIK."),
        "address": _("Street, RT/RW."),
        "village": _(
            "The village's name (e.g. Sukarasa) or its Kemendagri code, 10 digits with or without dots (e.g. "
            "32.73.01.1001). A name is looked for in the cooperative's regency/city, then its province; the sheet "
            "“Desa” lists the villages of the regency/city. If the name is in several districts, write the code."
        ),
        "phone": _("08… or +62…; used for WhatsApp reminders."),
        "join_date": _("dd/mm/yyyy; not in the future."),
        "is_producer": _("Ya if the member makes UMKM products; otherwise Tidak or empty."),
        "business_name": _("Required when Produsen UMKM is Ya."),
    }
    members = Sheet(
        title="Anggota",
        header=[column.header for column in COLUMNS],
        rows=[[example[column.key] for column in COLUMNS]],
        column_widths=[column.width for column in COLUMNS],
    )
    guide = Sheet(
        title=_("Instructions"),
        header=[_("Column"), _("Required"), _("What to write"), _("Example")],
        rows=[
            [column.header, _("Yes") if column.required else _("No"), explanations[column.key], example[column.key]]
            for column in COLUMNS
        ],
        heading=[
            _("Member import template: %(name)s") % {"name": cooperative.name},
            _("Fill in the sheet “Anggota”, one member per row, and replace the example row. At most %(max)s rows.")
            % {"max": number(current_limits().max_rows)},
        ],
        column_widths=[26, 10, 70, 24],
    )
    villages = Sheet(
        title="Desa",
        header=[_("Village"), _("District"), _("Code")],
        rows=[
            [village.name, *village.path.split(", ")[1:2], village.code]
            for village in regency_villages(cooperative.regency_code)
        ],
        heading=[
            _("The villages of %(regency)s: write the name or the code in the column “%(column)s”.")
            % {"regency": _regency_name(cooperative), "column": COLUMN_BY_KEY["village"].header},
        ],
        column_widths=[28, 28, 16],
    )
    return [members, villages, guide]


def _regency_name(cooperative: Cooperative) -> str:
    name = Region.objects.filter(code=cooperative.regency_code).values_list("name", flat=True).first()
    return name or cooperative.regency_code
