"""Reads of the mart's catalog: products for lists and pages, the HET that applies to a staple, the products priced
above it (the manager's list, and the Dinas's for a region)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from simpul.coops.models import Cooperative, MembershipStatus, NetworkMembership
from simpul.core.exceptions import NotFoundError
from simpul.mart.models import Barcode, Category, PriceCeiling, Product, ProductUnit

PAGE_SIZE = 50


def category_list(cooperative: Cooperative) -> QuerySet[Category]:
    return Category.objects.filter(cooperative=cooperative).order_by("name")


def product_search(
    cooperative: Cooperative, *, q: str = "", category_id: int | None = None, active: bool | None = None
) -> QuerySet[Product]:
    """Products by name, SKU or barcode (a scanned code finds its product exactly), optionally in one category."""
    products = Product.objects.filter(cooperative=cooperative).select_related("category")
    text = (q or "").strip()
    if text:
        by_code = Barcode.objects.filter(cooperative=cooperative, code=text, product=OuterRef("pk"))
        products = products.filter(Q(name__icontains=text) | Q(sku__iexact=text) | Exists(by_code))
    if category_id:
        products = products.filter(category_id=category_id)
    if active is not None:
        products = products.filter(is_active=active)
    return products.prefetch_related(
        Prefetch("barcodes", queryset=Barcode.objects.order_by("id")),
        Prefetch("units", queryset=ProductUnit.objects.order_by("factor", "name")),
    ).order_by("name", "id")


def product_get(cooperative: Cooperative, product_id: int) -> Product:
    """The cooperative's product with its units and barcodes; another cooperative's or a missing one is 404."""
    product = (
        Product.objects.filter(cooperative=cooperative, pk=product_id)
        .select_related("category", "producer", "standard")
        .prefetch_related(
            Prefetch("barcodes", queryset=Barcode.objects.select_related("unit").order_by("id")),
            Prefetch("units", queryset=ProductUnit.objects.order_by("factor", "name")),
        )
        .first()
    )
    if product is None:
        raise NotFoundError.plain()
    return product


def products_by_ids(cooperative: Cooperative, ids: Iterable[int]) -> list[Product]:
    return list(
        Product.objects.filter(cooperative=cooperative, pk__in=list(ids))
        .prefetch_related(Prefetch("barcodes", queryset=Barcode.objects.order_by("id")))
        .order_by("name", "id")
    )


# --- HET ---------------------------------------------------------------------------------------------------


def network_ids_of(cooperative: Cooperative) -> list[int]:
    """The networks the cooperative is an active member of."""
    return list(
        NetworkMembership.objects.filter(cooperative=cooperative, status=MembershipStatus.ACTIVE).values_list(
            "network_id", flat=True
        )
    )


def _ceilings(cooperative: Cooperative, staple: str, units: Iterable[str], on: datetime.date) -> list[PriceCeiling]:
    regions = [code for code in (cooperative.province_code, cooperative.regency_code) if code]
    return list(
        PriceCeiling.objects.filter(region_id__in=regions, staple=staple, unit__in=list(units), valid_from__lte=on)
        .filter(Q(network__isnull=True) | Q(network_id__in=network_ids_of(cooperative)))
        .order_by("region_id", "unit", "-valid_from", "price")
    )


def het_for(cooperative: Cooperative, staple: str, unit: str, on: datetime.date | None = None) -> Decimal | None:
    """The HET of `staple` per `unit` for the cooperative on `on` (default: its today): the lowest of the ceilings
    valid that day in its regency and its province (each region's latest row from on or before that day, the
    Dinas's or one a network it belongs to published). None when no ceiling applies."""
    if not staple:
        return None
    day = on or cooperative.today()
    latest: dict[str, PriceCeiling] = {}
    for row in _ceilings(cooperative, staple, [unit], day):
        latest.setdefault(row.region_id, row)  # ordered newest first, then lowest
    return min((row.price for row in latest.values()), default=None)


@dataclass(frozen=True)
class HetExcess:
    """A price of a product above the HET: which price, per what unit, the price and the ceiling."""

    what: str  # "price", "member_price" or the name of a pack unit
    unit: str
    price: Decimal
    het: Decimal


def het_excesses(
    cooperative: Cooperative,
    *,
    staple: str,
    base_unit: str,
    price: Decimal,
    member_price: Decimal,
    units: Iterable[tuple[str, Decimal, Decimal]] = (),
    on: datetime.date | None = None,
) -> list[HetExcess]:
    """The prices above the HET: the price and member price per base unit, and each pack's own price per base
    unit (`units`: name, factor, pack price; a pack without its own price sells at factor × price)."""
    het = het_for(cooperative, staple, base_unit, on)
    if het is None:
        return []
    found = [
        HetExcess(what, base_unit, amount, het)
        for what, amount in (("price", price), ("member_price", member_price))
        if amount > het
    ]
    for name, factor, pack_price in units:
        if pack_price and factor and pack_price / factor > het:
            found.append(HetExcess(name, name, pack_price, het * factor))
    return found


@dataclass(frozen=True)
class AboveHet:
    product: Product
    het: Decimal | None


def products_above_het(cooperative: Cooperative) -> list[AboveHet]:
    """The cooperative's products sold above the HET with the reason the manager gave (the HET as it stands today:
    a product whose ceiling rose since is no longer listed)."""
    products = (
        Product.objects.filter(cooperative=cooperative)
        .exclude(staple="")
        .exclude(het_reason="")
        .select_related("category")
        .prefetch_related("units")
        .order_by("name", "id")
    )
    rows = []
    for product in products:
        het = het_for(cooperative, product.staple, product.base_unit)
        units = [(u.name, u.factor, u.price) for u in product.units.all()]
        excess = het_excesses(
            cooperative,
            staple=product.staple,
            base_unit=product.base_unit,
            price=product.price,
            member_price=product.member_price,
            units=units,
        )
        if excess:
            rows.append(AboveHet(product, het))
    return rows


def _region_filter(region_code: str) -> Q:
    code = (region_code or "").strip()
    if not code:
        return Q()
    if len(code) == 2:
        return Q(cooperative__province_code=code)
    if len(code) == 5:
        return Q(cooperative__regency_code=code)
    if len(code) == 8:
        return Q(cooperative__district_code=code)
    return Q(cooperative__village_id=code)


def above_het_in_region(region_code: str) -> list[dict[str, Any]]:
    """Products priced above the HET (with the manager's reason) in the cooperatives of a region's subtree ('' the
    whole country): for the Dinas and the reports. One query."""
    products = (
        Product.objects.filter(_region_filter(region_code))
        .exclude(staple="")
        .exclude(het_reason="")
        .select_related("cooperative")
        .only(
            "id",
            "name",
            "sku",
            "staple",
            "base_unit",
            "price",
            "member_price",
            "het_reason",
            "updated_at",
            "cooperative__id",
            "cooperative__name",
            "cooperative__slug",
            "cooperative__village_id",
        )
        .order_by("cooperative__name", "name", "id")
    )
    return [
        {
            "cooperative_id": p.cooperative_id,
            "cooperative": p.cooperative.name,
            "cooperative_slug": p.cooperative.slug,
            "village_code": p.cooperative.village_id,
            "product_id": p.pk,
            "product": p.name,
            "sku": p.sku,
            "staple": p.staple,
            "unit": p.base_unit,
            "price": p.price,
            "member_price": p.member_price,
            "reason": p.het_reason,
            "updated_at": p.updated_at,
        }
        for p in products
    ]
