"""Writes of the network's Koperasi Mart standard (by its coordinator): the standard product list, the opening and
closing checklists, the region's HET list; and a member cooperative adopting the standard list in one step."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative, MembershipStatus, Network
from simpul.core.audit import audit_record, model_changes, snapshot
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.mart import error_codes
from simpul.mart.catalog.barcodes import barcode_clean
from simpul.mart.catalog.services import clean_price, product_create
from simpul.mart.models import (
    Barcode,
    ChecklistPhase,
    PriceCeiling,
    Product,
    StandardChecklistItem,
    StandardProduct,
    Staple,
)
from simpul.regions.models import Region, within

MAX_CHECKS = 30
STANDARD_FIELDS = ["name", "barcode", "category", "base_unit", "fractional", "recommended_price", "staple"]


def _text(value: str | None, *, max_length: int, field: str, label: str, required: bool = False) -> str:
    text = " ".join((value or "").split())
    if required and not text:
        raise ApplicationError(
            _("%(label)s is required.") % {"label": label}, code=error_codes.REQUIRED, extra={"field": field}
        )
    return refuse_too_long(text, max_length=max_length, field=field, label=label)


@transaction.atomic
def standard_product_save(
    *,
    network: Network,
    actor: User | None,
    name: str,
    recommended_price: Decimal | int | str,
    barcode: str = "",
    category: str = "",
    base_unit: str = "pcs",
    fractional: bool = False,
    staple: str = "",
    standard_id: int | None = None,
    ip_address: str | None = None,
) -> StandardProduct:
    """Add a product to the network's standard list, or change one (`standard_id`)."""
    if standard_id:
        item = StandardProduct.objects.select_for_update().filter(network=network, pk=standard_id).first()
        if item is None:
            raise NotFoundError.plain()
    else:
        item = StandardProduct(network=network)
    before = snapshot(item, STANDARD_FIELDS) if standard_id else {}
    item.name = _text(name, max_length=150, field="name", label=_("Name"), required=True)
    code = (barcode or "").strip()
    item.barcode = barcode_clean(code, field="barcode") if code else ""
    item.category = _text(category, max_length=80, field="category", label=_("Category"))
    item.base_unit = _text(base_unit or "pcs", max_length=20, field="base_unit", label=_("Base unit"), required=True)
    item.fractional = bool(fractional)
    item.recommended_price = clean_price(recommended_price, field="recommended_price", label=_("Recommended price"))
    if (staple or "") not in Staple.values:
        raise ApplicationError(_("Choose a staple from the list."), code="invalid_staple", extra={"field": "staple"})
    item.staple = staple or ""
    clash = StandardProduct.objects.filter(network=network, name__iexact=item.name).exclude(pk=item.pk or 0)
    if clash.exists():
        raise ApplicationError(
            _("The standard list already has %(name)s.") % {"name": item.name},
            code="duplicate_standard_product",
            extra={"field": "name"},
        )
    if item.barcode:
        other = StandardProduct.objects.filter(network=network, barcode=item.barcode).exclude(pk=item.pk or 0).first()
        if other is not None:
            raise ApplicationError(
                _("Barcode %(code)s is already used by the standard product %(product)s.")
                % {"code": item.barcode, "product": other.name},
                code=error_codes.DUPLICATE_BARCODE,
                extra={"field": "barcode"},
            )
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        raise ApplicationError(
            _("The standard list already has %(name)s.") % {"name": item.name},
            code="duplicate_standard_product",
            extra={"field": "name"},
        ) from None
    changes = model_changes(item, STANDARD_FIELDS, before)
    if changes or not standard_id:
        audit_record(
            actor=actor,
            event="mart.standard_product_saved",
            target=item,
            region_code=network.region_id,
            changes=changes,
            ip_address=ip_address,
        )
    return item


@transaction.atomic
def standard_product_remove(
    *, network: Network, actor: User | None, standard_id: int, ip_address: str | None = None
) -> None:
    """Take a product off the standard list; the marts that adopted it keep their product (unlinked)."""
    item = StandardProduct.objects.select_for_update().filter(network=network, pk=standard_id).first()
    if item is None:
        raise NotFoundError.plain()
    audit_record(
        actor=actor,
        event="mart.standard_product_removed",
        target=item,
        region_code=network.region_id,
        changes={"name": [item.name, None]},
        ip_address=ip_address,
    )
    item.delete()


@transaction.atomic
def checklist_set(
    *, network: Network, actor: User | None, phase: str, texts: list[str], ip_address: str | None = None
) -> list[StandardChecklistItem]:
    """The network's opening or closing checklist, in this order (replacing the one before)."""
    if phase not in ChecklistPhase.values:
        raise ApplicationError(_("Choose opening or closing."), code="invalid_phase", extra={"field": "phase"})
    cleaned = [_text(t, max_length=200, field="texts", label=_("Check")) for t in texts]
    cleaned = [t for t in cleaned if t]
    if len(cleaned) > MAX_CHECKS:
        raise ApplicationError(
            _("A checklist has at most %(count)s checks.") % {"count": MAX_CHECKS},
            code="too_many_checks",
            extra={"field": "texts"},
        )
    old = list(StandardChecklistItem.objects.filter(network=network, phase=phase).values_list("text", flat=True))
    StandardChecklistItem.objects.filter(network=network, phase=phase).delete()
    items = StandardChecklistItem.objects.bulk_create(
        [StandardChecklistItem(network=network, phase=phase, position=i, text=t) for i, t in enumerate(cleaned)]
    )
    if old != cleaned:
        audit_record(
            actor=actor,
            event="mart.checklist_set",
            target=network,
            region_code=network.region_id,
            changes={"phase": phase, "texts": [old, cleaned]},
            ip_address=ip_address,
        )
    return items


@transaction.atomic
def het_publish(
    *,
    network: Network,
    actor: User | None,
    region_code: str,
    staple: str,
    unit: str,
    price: Decimal | int | str,
    valid_from: datetime.date,
    ip_address: str | None = None,
) -> PriceCeiling:
    """A HET of the network's region (its province or a regency in it), from a date. The same staple, unit and day
    published again changes the price; a day the Dinas already set for that region is refused."""
    region = Region.objects.filter(code=(region_code or "").strip()).first()
    if (
        region is None
        or region.level not in (1, 2)
        or not (within(region.code, network.region_id) or within(network.region_id, region.code))
    ):
        raise ApplicationError(
            _("Choose the province or a regency or city of the network's region."),
            code="invalid_region",
            extra={"field": "region_code"},
        )
    if not staple or staple not in Staple.values:
        raise ApplicationError(_("Choose a staple from the list."), code="invalid_staple", extra={"field": "staple"})
    unit = _text(unit or "kg", max_length=20, field="unit", label=_("Unit"), required=True)
    amount = clean_price(price, field="price", label=_("HET"))
    if amount <= 0:
        raise ApplicationError(
            _("The HET must be more than zero."), code=error_codes.INVALID_PRICE, extra={"field": "price"}
        )
    row = (
        PriceCeiling.objects.select_for_update()
        .filter(region=region, staple=staple, unit=unit, valid_from=valid_from)
        .first()
    )
    if row is not None and row.network_id != network.pk:
        raise ApplicationError(
            _("A HET for this staple, region and day is already set by the Dinas or another network."),
            code="het_exists",
            extra={"field": "valid_from"},
        )
    old = str(row.price) if row else None
    if row is None:
        row = PriceCeiling(region=region, staple=staple, unit=unit, valid_from=valid_from, network=network)
    row.price = amount
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise ApplicationError(
            _("A HET for this staple, region and day is already set by the Dinas or another network."),
            code="het_exists",
            extra={"field": "valid_from"},
        ) from None
    changes = {"region": region.code, "staple": staple, "unit": unit, "valid_from": valid_from.isoformat()}
    audit_record(
        actor=actor,
        event="mart.het_published",
        target=row,
        region_code=network.region_id,
        changes={**changes, "price": [old, str(amount)]},
        ip_address=ip_address,
    )
    return row


@dataclass
class Adoption:
    created: list[str] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def _free_sku(cooperative: Cooperative, item: StandardProduct) -> str:
    base = f"STD-{item.network_id}-{item.pk}"
    sku, n = base, 1
    while Product.objects.filter(cooperative=cooperative, sku=sku).exists():
        n += 1
        sku = f"{base}-{n}"
    return sku


@transaction.atomic
def standard_adopt(
    *, cooperative: Cooperative, actor: User | None, network_id: int, ip_address: str | None = None
) -> Adoption:
    """Adopt a network's standard list in one step: each standard product the mart lacks is created at the
    recommended price; one it already sells (same barcode, or same name) is linked to the standard, its own price,
    stock and barcodes untouched. Running it again adds only what is new on the list. A product that cannot be
    created (a price above the HET, a barcode another product of the mart has) is skipped with the reason."""
    network = Network.objects.filter(
        pk=network_id, memberships__cooperative=cooperative, memberships__status=MembershipStatus.ACTIVE
    ).first()
    if network is None:
        raise NotFoundError.plain()
    # One adoption at a time per mart: a second click waits, then finds everything adopted.
    Cooperative.objects.select_for_update().filter(pk=cooperative.pk).first()
    result = Adoption()
    linked_ids = set(
        Product.objects.filter(cooperative=cooperative, standard__network=network).values_list("standard_id", flat=True)
    )
    for item in StandardProduct.objects.filter(network=network).order_by("category", "name", "id"):
        if item.pk in linked_ids:
            continue
        existing = None
        if item.barcode:
            code = Barcode.objects.filter(cooperative=cooperative, code=item.barcode).select_related("product").first()
            existing = code.product if code else None
        if existing is None:
            existing = (
                Product.objects.filter(cooperative=cooperative, name__iexact=item.name).filter(
                    Q(standard__isnull=True) | ~Q(standard__network=network)
                )
            ).first()
        if existing is not None:
            if existing.standard_id is None:
                Product.objects.filter(pk=existing.pk).update(standard=item)
                result.linked.append(existing.name)
            continue
        try:
            with transaction.atomic():
                product = product_create(
                    cooperative=cooperative,
                    actor=actor,
                    sku=_free_sku(cooperative, item),
                    name=item.name,
                    price=item.recommended_price,
                    base_unit=item.base_unit,
                    fractional=item.fractional,
                    category_name=item.category,
                    barcodes=[item.barcode] if item.barcode else [],
                    staple=item.staple,
                    ip_address=ip_address,
                )
                Product.objects.filter(pk=product.pk).update(standard=item)
        except ApplicationError as error:
            result.skipped.append((item.name, error.message))
        else:
            result.created.append(item.name)
    if result.created or result.linked:
        audit_record(
            actor=actor,
            event="mart.standard_adopted",
            target=network,
            cooperative=cooperative,
            changes={"network": network.name, "created": len(result.created), "linked": len(result.linked)},
            ip_address=ip_address,
        )
    return result
