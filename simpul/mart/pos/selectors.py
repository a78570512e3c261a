"""What the till needs to sell without the network: the outlet's products (prices, member price, units, barcodes,
stock, HET) and the cooperative's members (number, name, the last digits of the phone; never the NIK).

The snapshot is read by the POS page into IndexedDB; the queries are a fixed few whatever the number of products."""

from decimal import Decimal
from typing import Any

from django.db.models import Q

from simpul.coops.models import Cooperative, Outlet
from simpul.core.exceptions import NotFoundError
from simpul.mart.models import Barcode, MartSettings, PriceCeiling, Product, ProductUnit, Shift, ShiftStatus, StockLevel
from simpul.members.models import Member, MemberStatus

PHONE_DIGITS_SHOWN = 4


def pos_outlets(cooperative: Cooperative) -> list[Outlet]:
    """The open outlets a till may sell at, by name."""
    return list(Outlet.objects.filter(cooperative=cooperative, is_active=True).order_by("name", "id"))


def pos_outlet_get(cooperative: Cooperative, outlet_id: int | None) -> Outlet:
    """The outlet asked for (the first by name when none is named); another cooperative's outlet, a closed one, or
    a cooperative with no open outlet is 404."""
    outlets = pos_outlets(cooperative)
    for outlet in outlets:
        if outlet_id is None or outlet.pk == outlet_id:
            return outlet
    raise NotFoundError.plain()


def pos_settings(cooperative: Cooperative) -> MartSettings:
    """The manager's limits (an unsaved row with the defaults when the manager has set none)."""
    found = MartSettings.objects.filter(cooperative=cooperative).first()
    return found or MartSettings(cooperative=cooperative)


def het_prices(cooperative: Cooperative) -> dict[tuple[str, str], Decimal]:
    """The HET in force today per (staple, unit) for the cooperative's province and regency: the lowest wins."""
    today = cooperative.today()
    regions = [code for code in (cooperative.province_code, cooperative.regency_code) if code]
    rows = PriceCeiling.objects.filter(region_id__in=regions, valid_from__lte=today).order_by("-valid_from")
    found: dict[tuple[str, str, str], Decimal] = {}
    for row in rows.only("region_id", "staple", "unit", "price", "valid_from"):
        found.setdefault((row.region_id, row.staple, row.unit), row.price)  # the latest per region
    prices: dict[tuple[str, str], Decimal] = {}
    for (_region, staple, unit), price in found.items():
        key = (staple, unit)
        prices[key] = min(price, prices.get(key, price))
    return prices


def _text(value: Decimal | int) -> str:
    """ "3500" for 3500.00, "1.5" stays "1.500" as stored, "12500.50" as stored: exact text, never a float."""
    number = Decimal(value)
    return format(number.normalize(), "f") if number == number.to_integral() else str(number)


def pos_snapshot(cooperative: Cooperative, outlet: Outlet, cashier: Any = None) -> dict[str, Any]:
    """The till's data of one outlet, as JSON-ready dicts (amounts and quantities as strings), with the cashier's open
    shift there: each sale the till keeps names it, so a sale sent later by another cashier's login is still this
    cashier's, in this shift."""
    shift = (
        Shift.objects.filter(cooperative=cooperative, outlet=outlet, cashier=cashier, status=ShiftStatus.OPEN)
        .order_by("-opened_at")
        .values("id", "opened_at")
        .first()
        if cashier is not None
        else None
    )
    products = list(
        Product.objects.filter(cooperative=cooperative, is_active=True)
        .only("id", "sku", "name", "base_unit", "fractional", "price", "member_price", "taxed", "staple")
        .order_by("name", "id")
    )
    units: dict[int, list[dict[str, Any]]] = {}
    for unit in ProductUnit.objects.filter(cooperative=cooperative).only("id", "product_id", "name", "factor", "price"):
        units.setdefault(unit.product_id, []).append(
            {"id": unit.pk, "name": unit.name, "factor": _text(unit.factor), "price": _text(unit.price)}
        )
    barcodes: dict[int, list[dict[str, Any]]] = {}
    for code in Barcode.objects.filter(cooperative=cooperative).only("product_id", "unit_id", "code"):
        barcodes.setdefault(code.product_id, []).append({"code": code.code, "unit": code.unit_id})
    stock = dict(
        StockLevel.objects.filter(cooperative=cooperative, outlet=outlet).values_list("product_id", "quantity")
    )
    het = het_prices(cooperative)
    items = []
    for product in products:
        ceiling = het.get((product.staple, product.base_unit)) if product.staple else None
        items.append(
            {
                "id": product.pk,
                "sku": product.sku,
                "name": product.name,
                "unit": product.base_unit,
                "fractional": product.fractional,
                "price": _text(product.price),
                "member_price": _text(product.member_price or product.price),
                "taxed": product.taxed,
                "het": _text(ceiling) if ceiling is not None else None,
                "stock": _text(stock.get(product.pk, Decimal(0))),
                "units": units.get(product.pk, []),
                "barcodes": barcodes.get(product.pk, []),
            }
        )
    members = [
        {
            "id": member_id,
            "number": f"{number:05d}",
            "name": name,
            "phone": phone[-PHONE_DIGITS_SHOWN:] if phone else "",
        }
        for member_id, number, name, phone in Member.objects.filter(
            Q(cooperative=cooperative) & Q(status=MemberStatus.ACTIVE)
        )
        .order_by("number")
        .values_list("id", "number", "name", "phone")
    ]
    settings = pos_settings(cooperative)
    return {
        "cooperative": cooperative.slug,
        "outlet": {"id": outlet.pk, "name": outlet.name},
        "shift": shift,
        "settings": {
            "max_line_discount_percent": _text(settings.max_line_discount_percent),
            "max_sale_discount_percent": _text(settings.max_sale_discount_percent),
            "qris": settings.qris_payload,
            "receipt_footer": settings.receipt_footer,
        },
        "products": items,
        "members": members,
    }
