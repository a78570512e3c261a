"""Writes of the mart's catalog: categories and products with their units (1 dus = 40 pcs) and barcodes, prices
checked against the HET of regulated staples. Every change is audited in the same transaction.

Units are given as (name, factor) or (name, factor, pack price) tuples or dicts with those keys; barcodes as codes,
or (code, unit name) for a pack's own barcode (the dus of 40 carries another EAN than a piece)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.audit import audit_record, model_changes, snapshot
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.core.money import format_rupiah, quantize
from simpul.mart import error_codes
from simpul.mart.books import mart_books_ensure
from simpul.mart.catalog.barcodes import barcode_clean, in_store_ean13
from simpul.mart.catalog.selectors import het_excesses
from simpul.mart.models import Barcode, Category, Product, ProductUnit, Staple
from simpul.members.models import Member

MAX_PRICE = Decimal("10") ** 16
QUANTITY_STEP = Decimal("0.001")
AUDITED_FIELDS = [
    "sku",
    "name",
    "category_id",
    "base_unit",
    "fractional",
    "price",
    "member_price",
    "taxed",
    "min_stock",
    "staple",
    "het_reason",
    "producer_id",
    "producer_name",
    "lead_time_days",
    "is_active",
]


@dataclass(frozen=True)
class UnitIn:
    name: str
    factor: Decimal
    price: Decimal = Decimal(0)


@dataclass(frozen=True)
class BarcodeIn:
    code: str
    unit: str = ""


def _refuse(message: str, code: str, field: str) -> ApplicationError:
    return ApplicationError(message, code=code, extra={"field": field})


def _decimal(value: Any, *, field: str, label: str) -> Decimal:
    if isinstance(value, float):
        value = str(value)
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise _refuse(_("%(label)s must be a number.") % {"label": label}, error_codes.INVALID_PRICE, field) from None
    if not number.is_finite():
        raise _refuse(_("%(label)s must be a number.") % {"label": label}, error_codes.INVALID_PRICE, field)
    return number


def clean_price(value: Any, *, field: str, label: str) -> Decimal:
    """A price in Rupiah: a number, not negative, at most two decimals."""
    amount = _decimal(value, field=field, label=label)
    if amount < 0:
        raise _refuse(_("%(label)s must not be negative.") % {"label": label}, error_codes.INVALID_PRICE, field)
    if amount >= MAX_PRICE:
        raise _refuse(_("%(label)s is too large.") % {"label": label}, error_codes.INVALID_PRICE, field)
    if amount != amount.quantize(Decimal("0.01")):
        raise _refuse(
            _("%(label)s has at most two decimal places.") % {"label": label}, error_codes.INVALID_PRICE, field
        )
    return quantize(amount)


def clean_quantity(value: Any, *, field: str, label: str, fractional: bool, positive: bool = False) -> Decimal:
    """A quantity in the base unit: at most three decimals; whole when the product is not sold in fractions."""
    number = _decimal(value, field=field, label=label)
    if number < 0 or (positive and number == 0):
        message = _("%(label)s must be more than zero.") if positive else _("%(label)s must not be negative.")
        raise _refuse(message % {"label": label}, error_codes.INVALID_QUANTITY, field)
    if number >= Decimal(10) ** 11 or number != number.quantize(QUANTITY_STEP):
        raise _refuse(
            _("%(label)s has at most three decimal places.") % {"label": label}, error_codes.INVALID_QUANTITY, field
        )
    if not fractional and number != number.to_integral_value():
        raise _refuse(
            _("%(label)s must be a whole number: this product is not sold in fractions.") % {"label": label},
            error_codes.INVALID_QUANTITY,
            field,
        )
    return number.quantize(QUANTITY_STEP)


def _text(value: str | None, *, max_length: int, field: str, label: str, required: bool = False) -> str:
    text = " ".join((value or "").split())
    if required and not text:
        raise _refuse(_("%(label)s is required.") % {"label": label}, error_codes.REQUIRED, field)
    return refuse_too_long(text, max_length=max_length, field=field, label=label)


def _units(raw: Iterable[Any], *, base_unit: str, fractional: bool) -> list[UnitIn]:
    units: list[UnitIn] = []
    seen = {base_unit.lower()}
    for item in raw:
        name: Any
        factor: Any
        price: Any
        if isinstance(item, UnitIn):
            name, factor, price = item.name, item.factor, item.price
        elif isinstance(item, dict):
            name, factor, price = item.get("name", ""), item.get("factor"), item.get("price") or 0
        else:
            name, factor, *rest = item
            price = rest[0] if rest else 0
        name = _text(name, max_length=20, field="units", label=_("Unit"), required=True)
        if name.lower() in seen:
            raise _refuse(
                _("The unit %(unit)s is listed twice.") % {"unit": name}, error_codes.INVALID_QUANTITY, "units"
            )
        seen.add(name.lower())
        label = _("The number of %(base)s in 1 %(unit)s") % {"base": base_unit, "unit": name}
        factor = clean_quantity(factor, field="units", label=label, fractional=fractional, positive=True)
        price = clean_price(price, field="units", label=_("The price of 1 %(unit)s") % {"unit": name})
        units.append(UnitIn(name, factor, price))
    return units


def _barcodes(raw: Iterable[Any], unit_names: set[str]) -> list[BarcodeIn]:
    codes: list[BarcodeIn] = []
    seen: set[str] = set()
    for item in raw:
        if isinstance(item, BarcodeIn):
            code, unit = item.code, item.unit
        elif isinstance(item, dict):
            code, unit = item.get("code", ""), item.get("unit") or ""
        elif isinstance(item, str):
            code, unit = item, ""
        else:
            code, unit = item
            unit = unit or ""
        code = barcode_clean(code)
        if not code or code in seen:
            continue
        if unit and unit not in unit_names:
            raise _refuse(
                _("Barcode %(code)s names the unit %(unit)s, which the product does not have.")
                % {"code": code, "unit": unit},
                error_codes.INVALID_BARCODE,
                "barcodes",
            )
        seen.add(code)
        codes.append(BarcodeIn(code, unit))
    return codes


def _check_barcodes_free(cooperative: Cooperative, codes: Sequence[BarcodeIn], product_id: int | None) -> None:
    taken = (
        Barcode.objects.filter(cooperative=cooperative, code__in=[b.code for b in codes])
        .exclude(product_id=product_id or 0)
        .select_related("product")
        .first()
    )
    if taken is not None:
        raise duplicate_barcode(taken.code, taken.product)


def duplicate_barcode(code: str, product: Product) -> ApplicationError:
    return _refuse(
        _("Barcode %(code)s is already used by the product %(product)s (SKU %(sku)s).")
        % {"code": code, "product": product.name, "sku": product.sku},
        error_codes.DUPLICATE_BARCODE,
        "barcodes",
    )


def _check_sku_free(cooperative: Cooperative, sku: str, product_id: int | None) -> None:
    other = Product.objects.filter(cooperative=cooperative, sku=sku).exclude(pk=product_id or 0).first()
    if other is not None:
        raise _refuse(
            _("The SKU %(sku)s is already used by the product %(product)s.") % {"sku": sku, "product": other.name},
            error_codes.DUPLICATE_SKU,
            "sku",
        )


def _producer(cooperative: Cooperative, producer_id: int | None) -> Member | None:
    if not producer_id:
        return None
    member = Member.objects.filter(cooperative=cooperative, pk=producer_id).first()
    if member is None:
        raise _refuse(_("Choose a member of this cooperative as the producer."), "invalid_producer", "producer_id")
    return member


def category_get_or_create(
    *, cooperative: Cooperative, actor: User | None, name: str, ip_address: str | None = None
) -> Category | None:
    name = _text(name, max_length=80, field="category_name", label=_("Category"))
    if not name:
        return None
    found = Category.objects.filter(cooperative=cooperative, name__iexact=name).first()
    if found is not None:
        return found
    return category_create(cooperative=cooperative, actor=actor, name=name, ip_address=ip_address)


@transaction.atomic
def category_create(
    *, cooperative: Cooperative, actor: User | None, name: str, ip_address: str | None = None
) -> Category:
    name = _text(name, max_length=80, field="name", label=_("Category"), required=True)
    if Category.objects.filter(cooperative=cooperative, name__iexact=name).exists():
        raise _refuse(_("The category %(name)s already exists.") % {"name": name}, "duplicate_category", "name")
    try:
        with transaction.atomic():
            category = Category.objects.create(cooperative=cooperative, name=name)
    except IntegrityError:
        raise _refuse(
            _("The category %(name)s already exists.") % {"name": name}, "duplicate_category", "name"
        ) from None
    audit_record(
        actor=actor,
        event="mart.category_created",
        target=category,
        cooperative=cooperative,
        changes={"name": [None, name]},
        ip_address=ip_address,
    )
    return category


def _check_het(cooperative: Cooperative, product: Product, units: Sequence[UnitIn], het_reason: str) -> str:
    """The reason to keep: "" when every price is within the HET; refused (above_het) when one is above it and no
    reason was given."""
    excess = het_excesses(
        cooperative,
        staple=product.staple,
        base_unit=product.base_unit,
        price=product.price,
        member_price=product.member_price,
        units=[(u.name, u.factor, u.price) for u in units],
    )
    if not excess:
        return ""
    if het_reason:
        return het_reason
    first = excess[0]
    raise ApplicationError(
        _(
            "The price %(price)s per %(unit)s is above the HET of %(het)s. Lower it, or give the reason to sell "
            "above the HET."
        )
        % {"price": format_rupiah(first.price), "unit": first.unit, "het": format_rupiah(first.het)},
        code=error_codes.ABOVE_HET,
        extra={"field": "het_reason" if first.what in ("price", "member_price") else "units", "het": str(first.het)},
    )


def _apply_units(cooperative: Cooperative, product: Product, units: Sequence[UnitIn]) -> dict[str, ProductUnit]:
    existing = {u.name: u for u in ProductUnit.objects.filter(product=product)}
    wanted = {u.name for u in units}
    for name, unit in existing.items():
        if name not in wanted:
            try:
                with transaction.atomic():
                    unit.delete()
            except ProtectedError:
                raise _refuse(
                    _("The unit %(unit)s is used in purchases or sales and cannot be removed.") % {"unit": name},
                    error_codes.INVALID_QUANTITY,
                    "units",
                ) from None
    saved: dict[str, ProductUnit] = {}
    for item in units:
        found = existing.get(item.name)
        if found is None:
            unit = ProductUnit.objects.create(
                cooperative=cooperative, product=product, name=item.name, factor=item.factor, price=item.price
            )
        else:
            unit = found
            if unit.factor != item.factor or unit.price != item.price:
                unit.factor, unit.price = item.factor, item.price
                unit.save(update_fields=["factor", "price"])
        saved[item.name] = unit
    return saved


def _apply_barcodes(
    cooperative: Cooperative, product: Product, codes: Sequence[BarcodeIn], units: dict[str, ProductUnit]
) -> None:
    Barcode.objects.filter(product=product).exclude(code__in=[b.code for b in codes]).delete()
    have = {b.code: b for b in Barcode.objects.filter(product=product)}
    for item in codes:
        unit = units.get(item.unit) if item.unit else None
        current = have.get(item.code)
        if current is None:
            try:
                with transaction.atomic():
                    Barcode.objects.create(cooperative=cooperative, product=product, unit=unit, code=item.code)
            except IntegrityError:
                other = Barcode.objects.filter(cooperative=cooperative, code=item.code).select_related("product")
                taken = other.first()
                raise duplicate_barcode(item.code, taken.product if taken else product) from None
        elif current.unit_id != (unit.pk if unit else None):
            current.unit = unit
            current.save(update_fields=["unit"])


def _units_desc(units: Iterable[UnitIn]) -> list[str]:
    return [f"1 {u.name} = {u.factor.normalize():f}" for u in units]


@transaction.atomic
def product_create(
    *,
    cooperative: Cooperative,
    actor: User | None,
    sku: str,
    name: str,
    price: Decimal | int | str,
    member_price: Decimal | int | str | None = None,
    base_unit: str = "pcs",
    fractional: bool = False,
    category_name: str = "",
    barcodes: Iterable[Any] = (),
    units: Iterable[Any] = (),
    min_stock: Decimal | int | str = 0,
    taxed: bool = False,
    staple: str = "",
    producer_id: int | None = None,
    producer_name: str = "",
    het_reason: str = "",
    ip_address: str | None = None,
) -> Product:
    """A new product of the cooperative's mart, its units and barcodes. A price above the HET of its staple is
    refused (above_het) unless `het_reason` says why."""
    product = Product(cooperative=cooperative)
    _fill(
        cooperative,
        product,
        sku=sku,
        name=name,
        price=price,
        member_price=member_price,
        base_unit=base_unit,
        fractional=fractional,
        min_stock=min_stock,
        taxed=taxed,
        staple=staple,
        producer_id=producer_id,
        producer_name=producer_name,
    )
    unit_rows = _units(units, base_unit=product.base_unit, fractional=product.fractional)
    codes = _barcodes(barcodes, {u.name for u in unit_rows})
    reason = _text(het_reason, max_length=255, field="het_reason", label=_("Reason for a price above HET"))
    product.het_reason = _check_het(cooperative, product, unit_rows, reason)
    _check_sku_free(cooperative, product.sku, None)
    _check_barcodes_free(cooperative, codes, None)
    mart_books_ensure(cooperative)
    product.category = category_get_or_create(
        cooperative=cooperative, actor=actor, name=category_name, ip_address=ip_address
    )
    try:
        with transaction.atomic():
            product.save()
    except IntegrityError:
        _check_sku_free(cooperative, product.sku, None)
        raise
    saved_units = _apply_units(cooperative, product, unit_rows)
    _apply_barcodes(cooperative, product, codes, saved_units)
    changes = model_changes(product, AUDITED_FIELDS, {})
    changes["units"] = [None, _units_desc(unit_rows)]
    changes["barcodes"] = [None, [b.code for b in codes]]
    audit_record(
        actor=actor,
        event="mart.product_created",
        target=product,
        cooperative=cooperative,
        changes=changes,
        ip_address=ip_address,
    )
    if product.het_reason:
        _audit_above_het(cooperative, product, actor, ip_address)
    return product


def _audit_above_het(cooperative: Cooperative, product: Product, actor: User | None, ip: str | None) -> None:
    audit_record(
        actor=actor,
        event="mart.price_above_het",
        target=product,
        cooperative=cooperative,
        changes={"price": [None, str(product.price)], "het_reason": [None, product.het_reason]},
        ip_address=ip,
    )


def _fill(cooperative: Cooperative, product: Product, **data: Any) -> None:
    """Check and set the plain fields given in `data` (a product being created gets them all)."""
    if "sku" in data:
        product.sku = _text(data["sku"], max_length=40, field="sku", label=_("SKU"), required=True)
    if "name" in data:
        product.name = _text(data["name"], max_length=150, field="name", label=_("Name"), required=True)
    if "base_unit" in data:
        product.base_unit = _text(
            data["base_unit"] or "pcs", max_length=20, field="base_unit", label=_("Base unit"), required=True
        )
    if "fractional" in data:
        product.fractional = bool(data["fractional"])
    if "price" in data:
        product.price = clean_price(data["price"], field="price", label=_("Selling price"))
    if "member_price" in data:
        member = data["member_price"]
        product.member_price = (
            product.price
            if member is None or member == ""
            else clean_price(member, field="member_price", label=_("Member price"))
        )
    if product.member_price > product.price:
        raise _refuse(
            _("The member price cannot be above the selling price."), error_codes.INVALID_PRICE, "member_price"
        )
    if "min_stock" in data:
        product.min_stock = clean_quantity(
            data["min_stock"] or 0, field="min_stock", label=_("Minimum stock"), fractional=product.fractional
        )
    elif "fractional" in data and not product.fractional and product.min_stock != product.min_stock.to_integral():
        raise _refuse(
            _("%(label)s must be a whole number: this product is not sold in fractions.")
            % {"label": _("Minimum stock")},
            error_codes.INVALID_QUANTITY,
            "min_stock",
        )
    if "taxed" in data:
        product.taxed = bool(data["taxed"])
    if "staple" in data:
        staple = data["staple"] or ""
        if staple not in Staple.values:
            raise _refuse(_("Choose a staple from the list."), "invalid_staple", "staple")
        product.staple = staple
    if "producer_id" in data or "producer_name" in data:
        member = _producer(cooperative, data.get("producer_id", product.producer_id))
        product.producer = member
        name = _text(
            data.get("producer_name", product.producer_name),
            max_length=150,
            field="producer_name",
            label=_("Producer name"),
        )
        product.producer_name = "" if member is not None else name
    if "lead_time_days" in data:
        days = data["lead_time_days"]
        if not isinstance(days, int) or not 0 <= days <= 365:
            raise _refuse(_("The lead time is 0 to 365 days."), "invalid_lead_time", "lead_time_days")
        product.lead_time_days = days
    if "is_active" in data:
        product.is_active = bool(data["is_active"])


def access_product(cooperative: Cooperative, product_id: int, *, lock: bool = False) -> Product:
    products = Product.objects.filter(cooperative=cooperative)
    if lock:
        products = products.select_for_update()
    product = products.filter(pk=product_id).first()
    if product is None:
        raise NotFoundError.plain()
    return product


UNSET: Any = object()


@transaction.atomic
def product_update(
    *,
    cooperative: Cooperative,
    actor: User | None,
    product_id: int,
    data: dict[str, Any],
    ip_address: str | None = None,
) -> Product:
    """Change what `data` names: sku, name, price, member_price, base_unit, fractional, category_name, units,
    barcodes (the whole lists, replaced), min_stock, taxed, staple, producer_id, producer_name, lead_time_days,
    is_active (False retires it: no longer sold, kept with its history), het_reason."""
    known = {
        "sku",
        "name",
        "price",
        "member_price",
        "base_unit",
        "fractional",
        "category_name",
        "units",
        "barcodes",
        "min_stock",
        "taxed",
        "staple",
        "producer_id",
        "producer_name",
        "lead_time_days",
        "is_active",
        "het_reason",
    }
    unknown = set(data) - known
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            code="unknown_fields",
        )
    product = access_product(cooperative, product_id, lock=True)
    before = snapshot(product, AUDITED_FIELDS)
    current_units = list(ProductUnit.objects.filter(product=product).order_by("factor", "name"))
    current_codes = list(Barcode.objects.filter(product=product).select_related("unit").order_by("id"))
    plain = {k: v for k, v in data.items() if k not in ("units", "barcodes", "category_name", "het_reason")}
    if "price" in data and "member_price" not in data and product.member_price == product.price:
        plain["member_price"] = None  # a member price that followed the price follows it still
    _fill(cooperative, product, **plain)
    unit_source: Iterable[Any] = (
        data["units"] if "units" in data else [UnitIn(u.name, u.factor, u.price) for u in current_units]
    )
    unit_rows = _units(unit_source, base_unit=product.base_unit, fractional=product.fractional)
    code_source: Iterable[Any] = (
        data["barcodes"]
        if "barcodes" in data
        else [BarcodeIn(b.code, b.unit.name if b.unit else "") for b in current_codes]
    )
    codes = _barcodes(code_source, {u.name for u in unit_rows})
    reason = _text(
        data.get("het_reason", product.het_reason),
        max_length=255,
        field="het_reason",
        label=_("Reason for a price above HET"),
    )
    product.het_reason = _check_het(cooperative, product, unit_rows, reason)
    _check_sku_free(cooperative, product.sku, product.pk)
    _check_barcodes_free(cooperative, codes, product.pk)
    if "category_name" in data:
        product.category = category_get_or_create(
            cooperative=cooperative, actor=actor, name=data["category_name"], ip_address=ip_address
        )
    product.updated_at = timezone.now()
    try:
        with transaction.atomic():
            product.save()
    except IntegrityError:
        _check_sku_free(cooperative, product.sku, product.pk)
        raise
    saved_units = _apply_units(cooperative, product, unit_rows)
    _apply_barcodes(cooperative, product, codes, saved_units)
    changes = model_changes(product, AUDITED_FIELDS, before)
    old_units = _units_desc(UnitIn(u.name, u.factor, u.price) for u in current_units)
    if old_units != _units_desc(unit_rows):
        changes["units"] = [old_units, _units_desc(unit_rows)]
    old_codes = [b.code for b in current_codes]
    if sorted(old_codes) != sorted(b.code for b in codes):
        changes["barcodes"] = [old_codes, [b.code for b in codes]]
    if changes:
        audit_record(
            actor=actor,
            event="mart.product_updated",
            target=product,
            cooperative=cooperative,
            changes=changes,
            ip_address=ip_address,
        )
    if product.het_reason and (
        "price" in changes or "member_price" in changes or "het_reason" in changes or "units" in changes
    ):
        _audit_above_het(cooperative, product, actor, ip_address)
    return product


def barcode_next_in_store(cooperative: Cooperative) -> str:
    """A free in-store EAN-13 (prefix 20) for a product the mart packs or labels itself."""
    codes = Barcode.objects.filter(cooperative=cooperative, code__startswith="20").values_list("code", flat=True)
    highest = max((int(code[2:12]) for code in codes if len(code) == 13 and code.isdigit()), default=0)
    return in_store_ean13(highest + 1)
