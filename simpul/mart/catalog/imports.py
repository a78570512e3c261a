"""Products from and to Excel, with the member import's all-or-nothing rules: upload → preview (every row checked
by the very services the product form uses; errors listed by spreadsheet row, in Indonesian) → confirm (every row
saved in one transaction, or none).

A row whose SKU the mart already has changes that product; any other row adds one. The file is read under the
member import's limits (simpul/members/imports/files.py) and kept, between preview and confirm, in the storage
under a random name; the confirm form carries a signed token naming it, valid for a day."""

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError
from simpul.core.exports import Sheet
from simpul.core.models import AuditLog, User
from simpul.mart import error_codes
from simpul.mart.models import Barcode, Product, Staple
from simpul.members.imports.files import tables
from simpul.members.imports.limits import current_limits, number

MAX_ROWS = 2000
MAX_ERRORS = 200
SIGNING_SALT = "simpul.mart.product-import"
TOKEN_MAX_AGE = 24 * 3600
IMPORT_ROWS_REFUSED = "import_rows_refused"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False


COLUMNS = (
    Column("sku", "SKU", ("kode", "kode produk"), True),
    Column("name", "Nama", ("nama produk", "name"), True),
    Column("barcodes", "Barcode", ("barcodes", "kode batang")),
    Column("category_name", "Kategori", ("category",)),
    Column("base_unit", "Satuan dasar", ("satuan", "unit")),
    Column("fractional", "Dijual pecahan", ("pecahan",)),
    Column("price", "Harga jual", ("harga", "price"), True),
    Column("member_price", "Harga anggota", ("member price",)),
    Column("min_stock", "Stok minimum", ("stok min", "min stock")),
    Column("taxed", "PPN", ("kena ppn",)),
    Column("staple", "Bahan pokok (HET)", ("bahan pokok", "het")),
    Column("units", "Kemasan", ("units", "satuan kemasan")),
    Column("het_reason", "Alasan di atas HET", ("alasan het",)),
    Column("producer_name", "Produsen", ("producer",)),
    Column("is_active", "Dijual", ("aktif", "active")),
)
STAPLE_WORDS = {
    "": "",
    "beras": Staple.RICE,
    "rice": Staple.RICE,
    "minyak goreng": Staple.COOKING_OIL,
    "minyak": Staple.COOKING_OIL,
    "cooking oil": Staple.COOKING_OIL,
    "cooking_oil": Staple.COOKING_OIL,
    "gula": Staple.SUGAR,
    "gula pasir": Staple.SUGAR,
    "sugar": Staple.SUGAR,
    "lpg": Staple.LPG,
    "elpiji": Staple.LPG,
}
STAPLE_NAMES: dict[str, str] = {
    Staple.RICE: "beras",
    Staple.COOKING_OIL: "minyak goreng",
    Staple.SUGAR: "gula",
    Staple.LPG: "LPG",
}
YES = {"ya", "y", "yes", "1", "true", "benar"}
NO = {"tidak", "t", "no", "n", "0", "false", "", "salah"}


def _norm(value: Any) -> str:
    return " ".join(str(value or "").strip().lower().replace("_", " ").split())


_HEADERS = {_norm(alias): c.key for c in COLUMNS for alias in (c.header, *c.aliases)}


def limits_text() -> dict[str, str]:
    limits = current_limits()
    return {"rows": number(MAX_ROWS), "megabytes": number(limits.max_bytes / (1024 * 1024))}


# --- reading -------------------------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return " ".join(str(value).split())


def _yes_no(text: str, *, default: bool, field: str) -> bool:
    word = _norm(text)
    if not word:
        return default
    if word in YES:
        return True
    if word in NO:
        return False
    raise ApplicationError(_('Write "ya" or "tidak".'), code="invalid_yes_no", extra={"field": field})


def _units(text: str) -> list[tuple[str, str]]:
    """ "dus=40; pak=5" (or "dus 40") as [("dus", "40"), ("pak", "5")]."""
    units = []
    for part in (p.strip() for p in text.replace("\n", ";").split(";")):
        if not part:
            continue
        name, sep, factor = part.partition("=")
        if not sep:
            name, _space, factor = part.rpartition(" ")
        if not name.strip() or not factor.strip():
            raise ApplicationError(
                _('Write packs like "dus=40; pak=5".'), code=error_codes.INVALID_QUANTITY, extra={"field": "units"}
            )
        units.append((name.strip(), factor.strip().replace(",", ".")))
    return units


def _price(text: str) -> str:
    """A price from a cell: "3500", "3.500" or "3500,50" (Indonesian separators) as plain decimal text."""
    value = text.replace("Rp", "").replace("rp", "").replace(" ", "")
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    elif value.count(".") >= 1 and all(len(group) == 3 for group in value.split(".")[1:]):
        value = value.replace(".", "")
    return value


@dataclass
class RowIn:
    row: int
    values: dict[str, str]

    def service_data(self) -> dict[str, Any]:
        v = self.values
        staple_word = _norm(v.get("staple"))
        if staple_word not in STAPLE_WORDS:
            raise ApplicationError(
                _("Choose beras, minyak goreng, gula or LPG, or leave it empty."),
                code="invalid_staple",
                extra={"field": "staple"},
            )
        data: dict[str, Any] = {
            "sku": v.get("sku", ""),
            "name": v.get("name", ""),
            "price": _price(v.get("price", "")) or "",
            "staple": STAPLE_WORDS[staple_word],
            "fractional": _yes_no(v.get("fractional", ""), default=False, field="fractional"),
            "taxed": _yes_no(v.get("taxed", ""), default=False, field="taxed"),
        }
        if not data["price"]:
            raise ApplicationError(_("The selling price is required."), code="required", extra={"field": "price"})
        if "barcodes" in v:
            data["barcodes"] = [c for c in v["barcodes"].replace(",", " ").replace(";", " ").split() if c]
        for key in ("category_name", "base_unit", "het_reason", "producer_name"):
            if key in v:
                data[key] = v[key]
        if v.get("member_price"):
            data["member_price"] = _price(v["member_price"])
        if "min_stock" in v:
            data["min_stock"] = v["min_stock"].replace(",", ".") or "0"
        if "units" in v:
            data["units"] = _units(v["units"])
        if "is_active" in v:
            data["is_active"] = _yes_no(v["is_active"], default=True, field="is_active")
        return data


def read_rows(content: bytes) -> list[RowIn]:
    """The product rows of the file (the first sheet with a header naming SKU, Nama and Harga jual)."""
    limits = current_limits()
    for sheet in tables(content, limits):
        columns: dict[str, int] | None = None
        rows: list[RowIn] = []
        for number_, cells in sheet:
            if columns is None:
                found = {_HEADERS[_norm(c)]: i for i, c in enumerate(cells) if _norm(c) in _HEADERS}
                if all(c.key in found for c in COLUMNS if c.required):
                    columns = found
                elif number_ > 20:
                    break
                continue
            values = {key: _cell_text(cells[index]) if index < len(cells) else "" for key, index in columns.items()}
            if not any(values.values()):
                continue
            rows.append(RowIn(number_, values))
            if len(rows) > MAX_ROWS:
                raise ApplicationError(
                    _("The file has more than %(count)s products. Split it into smaller files.")
                    % {"count": number(MAX_ROWS)},
                    code="import_too_many_rows",
                )
            limits.check_time()
        if columns is not None:
            if not rows:
                raise ApplicationError(_("The file has no product rows."), code="import_empty")
            return rows
    raise ApplicationError(
        _("No header row with the columns %(columns)s was found. Download the template and fill it in.")
        % {"columns": ", ".join(c.header for c in COLUMNS if c.required)},
        code="import_missing_columns",
    )


# --- checking and saving -------------------------------------------------------------------------------------


@dataclass
class Preview:
    filename: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    token: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportRowsRefused(ApplicationError):
    def __init__(self, preview: Preview) -> None:
        super().__init__(
            _(
                "The file has errors in %(count)s of its %(total)s rows. Nothing was imported: fix the rows below "
                "and upload the file again."
            )
            % {"count": len({e["row"] for e in preview.errors}), "total": len(preview.rows)},
            code=IMPORT_ROWS_REFUSED,
            extra={"errors": preview.errors},
        )
        self.preview = preview


FIELD_LABELS = {c.key: c.header for c in COLUMNS} | {"member_price": "Harga anggota"}


def _apply_rows(
    cooperative: Cooperative, actor: User | None, rows: Sequence[RowIn], preview: Preview, ip: str | None
) -> None:
    """Run every row through the product services (each in a savepoint), collecting the refusals."""
    from simpul.mart.catalog.services import product_create, product_update

    existing = dict(Product.objects.filter(cooperative=cooperative).values_list("sku", "pk"))
    for row in rows:
        sku = row.values.get("sku", "").strip()
        action = "update" if sku in existing else "create"
        preview.rows.append({"row": row.row, "sku": sku, "name": row.values.get("name", ""), "action": action})
        try:
            with transaction.atomic():
                data = row.service_data()
                if action == "update":
                    if "barcodes" in data:  # the file lists the product's own codes; packs keep theirs
                        data["barcodes"] += _pack_codes(existing[sku], data.get("units"))
                    product_update(
                        cooperative=cooperative, actor=actor, product_id=existing[sku], data=data, ip_address=ip
                    )
                    preview.updated += 1
                else:
                    data.pop("is_active", None)
                    product = product_create(cooperative=cooperative, actor=actor, ip_address=ip, **data)
                    existing[product.sku] = product.pk
                    preview.created += 1
        except ApplicationError as error:
            if len(preview.errors) < MAX_ERRORS:
                column = FIELD_LABELS.get(str(error.extra.get("field", "")), "")
                preview.errors.append({"row": row.row, "column": column, "message": error.message})


def _pack_codes(product_id: int, units: list[tuple[str, str]] | None) -> list[tuple[str, str]]:
    codes = Barcode.objects.filter(product_id=product_id, unit__isnull=False).select_related("unit")
    kept = {name for name, _factor in units} if units is not None else None
    return [(b.code, b.unit.name) for b in codes if b.unit and (kept is None or b.unit.name in kept)]


def product_import_preview(*, cooperative: Cooperative, content: bytes, filename: str) -> Preview:
    """Every row checked (by saving it and rolling back); nothing stays. A clean file is kept for the confirm."""
    rows = read_rows(content)
    preview = Preview(filename=(filename or "produk.xlsx")[-100:])
    with transaction.atomic():
        _apply_rows(cooperative, None, rows, preview, None)
        transaction.set_rollback(True)
    if preview.ok:
        name = default_storage.save(f"mart-imports/{cooperative.pk}/{uuid.uuid4().hex}", ContentFile(content))
        preview.token = signing.dumps({"c": cooperative.pk, "f": name, "n": preview.filename}, salt=SIGNING_SALT)
    return preview


def _token(cooperative: Cooperative, token: str) -> dict[str, Any]:
    try:
        data = signing.loads(token, salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        data = None
    if not isinstance(data, dict) or data.get("c") != cooperative.pk or not default_storage.exists(data.get("f", "")):
        raise ApplicationError(
            _("This import has expired or was already confirmed. Upload the file again."),
            code="import_expired",
        )
    return data


@transaction.atomic
def product_import_confirm(
    *, cooperative: Cooperative, actor: User, token: str, ip_address: str | None = None
) -> dict[str, int]:
    """Save every row of the previewed file in this transaction, or none (a row that became wrong since the
    preview refuses the whole file, with the rows listed)."""
    Cooperative.objects.select_for_update().filter(pk=cooperative.pk).first()  # one confirmation at a time
    data = _token(cooperative, token)
    done = AuditLog.objects.filter(
        cooperative_id=cooperative.pk, event="mart.products_imported", changes__file=data["f"]
    ).exists()
    if done:
        raise ApplicationError(
            _("This import has expired or was already confirmed. Upload the file again."), code="import_expired"
        )
    with default_storage.open(data["f"], "rb") as stored:
        content = stored.read()
    rows = read_rows(content)
    preview = Preview(filename=data.get("n", ""))
    _apply_rows(cooperative, actor, rows, preview, ip_address)
    if not preview.ok:
        raise ImportRowsRefused(preview)
    audit_record(
        actor=actor,
        event="mart.products_imported",
        target=cooperative,
        cooperative=cooperative,
        changes={
            "filename": preview.filename,
            "file": data["f"],
            "created": preview.created,
            "updated": preview.updated,
        },
        ip_address=ip_address,
    )
    name = data["f"]
    transaction.on_commit(lambda: default_storage.delete(name))
    return {"created": preview.created, "updated": preview.updated}


# --- export and template -------------------------------------------------------------------------------------


def _plain_number(value: Decimal) -> Decimal | int:
    return int(value) if value == value.to_integral() else value.normalize()


def export_rows(cooperative: Cooperative) -> list[list[Any]]:
    products = (
        Product.objects.filter(cooperative=cooperative)
        .select_related("category", "producer")
        .prefetch_related("units", "barcodes")
        .order_by("name", "id")
    )
    rows = []
    for p in products:
        units = "; ".join(f"{u.name}={u.factor.normalize():f}" for u in sorted(p.units.all(), key=lambda u: u.factor))
        rows.append(
            [
                p.sku,
                p.name,
                " ".join(b.code for b in sorted(p.barcodes.all(), key=lambda b: b.pk) if b.unit_id is None),
                p.category.name if p.category else "",
                p.base_unit,
                "ya" if p.fractional else "tidak",
                p.price,
                p.member_price,
                _plain_number(p.min_stock),
                "ya" if p.taxed else "tidak",
                STAPLE_NAMES.get(p.staple, ""),
                units,
                p.het_reason,
                p.producer.name if p.producer else p.producer_name,
                "ya" if p.is_active else "tidak",
            ]
        )
    return rows


def export_sheets(cooperative: Cooperative) -> list[Sheet]:
    return [
        Sheet(
            title="Produk",
            header=[c.header for c in COLUMNS],
            rows=export_rows(cooperative),
            heading=[_("Products of %(name)s") % {"name": cooperative.name}],
            column_widths=[14, 32, 18, 16, 10, 10, 12, 12, 10, 6, 14, 18, 24, 20, 8],
        )
    ]


def template_sheets() -> list[Sheet]:
    example = [
        ["MIE-GRG", "Mie Goreng", "8992761111113", "Makanan", "pcs", "tidak", 3500, 3300, 20, "tidak", "", "dus=40"],
        ["BRS-5", "Beras Medium", "", "Sembako", "kg", "ya", 13500, 13000, 50, "tidak", "beras", "karung=25"],
    ]
    return [
        Sheet(
            title="Produk",
            header=[c.header for c in COLUMNS],
            rows=example,
            column_widths=[14, 32, 18, 16, 10, 10, 12, 12, 10, 6, 14, 18, 24, 20, 8],
        ),
        Sheet(
            title="Petunjuk",
            header=["Kolom", "Isi"],
            rows=[
                ["SKU", _("The shop's own code: a row with an SKU the mart has changes that product.")],
                ["Barcode", _("EAN-13, EAN-8, UPC-A or the shop's own code; several separated by spaces.")],
                ["Dijual pecahan, PPN, Dijual", "ya / tidak"],
                ["Bahan pokok (HET)", "beras, minyak goreng, gula, LPG"],
                ["Kemasan", "dus=40; pak=5"],
            ],
            column_widths=[24, 80],
        ),
    ]


__all__ = ["ImportRowsRefused", "Preview", "product_import_confirm", "product_import_preview"]
