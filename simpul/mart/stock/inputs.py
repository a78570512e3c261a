"""Checks the stock and purchasing services share: quantities, costs, and products and outlets of the cooperative.

Another cooperative's product or outlet is refused exactly like a missing one (404): the two are never told apart."""

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative, Outlet
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.money import MAX_AMOUNT
from simpul.mart import error_codes
from simpul.mart.models import Product, ProductUnit

QUANTITY_PLACES = Decimal("0.001")
MAX_QUANTITY = Decimal(10) ** 10
ZERO = Decimal(0)


def decimal_of(value: Any, *, field: str, code: str) -> Decimal:
    """A Decimal from what a form or a JSON body sent (never a float's binary noise), refused when not a number."""
    if isinstance(value, bool) or value is None:
        raise ApplicationError(_("Enter a number."), code=code, extra={"field": field})
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise ApplicationError(_("Enter a number."), code=code, extra={"field": field}) from None
    if not number.is_finite():
        raise ApplicationError(_("Enter a number."), code=code, extra={"field": field})
    return number


def quantity_of(
    value: Any, *, product: Product, field: str = "quantity", allow_zero: bool = False, factor: Decimal = Decimal(1)
) -> Decimal:
    """A quantity of the product (in a unit of `factor` base units): not negative, at most three decimals, whole
    when the product is not sold in fractions (counted in base units)."""
    number = decimal_of(value, field=field, code=error_codes.INVALID_QUANTITY)
    if number < 0 or (number == 0 and not allow_zero):
        raise ApplicationError(
            _("The quantity must be more than zero.") if not allow_zero else _("The quantity cannot be negative."),
            code=error_codes.INVALID_QUANTITY,
            extra={"field": field},
        )
    if number != number.quantize(QUANTITY_PLACES) or number >= MAX_QUANTITY:
        raise ApplicationError(
            _("A quantity has at most three decimals."), code=error_codes.INVALID_QUANTITY, extra={"field": field}
        )
    base = number * factor
    if not product.fractional and base != base.to_integral_value():
        raise ApplicationError(
            _("%(product)s is counted in whole %(unit)s.") % {"product": product.name, "unit": product.base_unit},
            code=error_codes.INVALID_QUANTITY,
            extra={"field": field},
        )
    return number.quantize(QUANTITY_PLACES)


def cost_of(value: Any, *, field: str = "unit_cost", allow_zero: bool = True, places: str = "0.01") -> Decimal:
    """A price or cost in Rupiah: not negative, not beyond the largest amount, rounded to sen (or to `places`)."""
    number = decimal_of(value, field=field, code=error_codes.INVALID_PRICE)
    if number < 0 or (number == 0 and not allow_zero):
        raise ApplicationError(
            _("The price must be more than zero.") if not allow_zero else _("The price cannot be negative."),
            code=error_codes.INVALID_PRICE,
            extra={"field": field},
        )
    if number >= MAX_AMOUNT:
        raise ApplicationError(_("The price is too large."), code=error_codes.INVALID_PRICE, extra={"field": field})
    if number != number.quantize(Decimal(places)):
        raise ApplicationError(
            _("The price has too many decimals."), code=error_codes.INVALID_PRICE, extra={"field": field}
        )
    return number.quantize(Decimal(places))


def outlet_of(cooperative: Cooperative, outlet_id: Any, *, field: str = "outlet_id") -> Outlet:
    """An open outlet of the cooperative; anything else is 404."""
    try:
        pk = int(outlet_id)
    except (TypeError, ValueError):
        raise NotFoundError.plain() from None
    outlet = Outlet.objects.filter(cooperative=cooperative, pk=pk, is_active=True).first()
    if outlet is None:
        raise NotFoundError.plain()
    return outlet


def products_of(cooperative: Cooperative, product_ids: Iterable[Any]) -> dict[int, Product]:
    """The cooperative's products by id; an unknown id or another cooperative's product is 404."""
    wanted: set[int] = set()
    for raw in product_ids:
        try:
            wanted.add(int(raw))
        except (TypeError, ValueError):
            raise NotFoundError(_("Unknown product."), code=error_codes.UNKNOWN_PRODUCT) from None
    found = {p.pk: p for p in Product.objects.filter(cooperative=cooperative, pk__in=wanted)}
    if len(found) != len(wanted):
        raise NotFoundError(_("Unknown product."), code=error_codes.UNKNOWN_PRODUCT, extra={"field": "product_id"})
    return found


def unit_of(cooperative: Cooperative, product: Product, unit_id: Any) -> ProductUnit | None:
    """The product's unit (None: its base unit); a unit of another product is refused."""
    if unit_id in (None, "", 0, "0"):
        return None
    try:
        pk = int(unit_id)
    except (TypeError, ValueError):
        raise ApplicationError(
            _("Unknown unit."), code=error_codes.INVALID_QUANTITY, extra={"field": "unit_id"}
        ) from None
    unit = ProductUnit.objects.filter(cooperative=cooperative, product=product, pk=pk).first()
    if unit is None:
        raise ApplicationError(
            _("%(product)s has no such unit.") % {"product": product.name},
            code=error_codes.INVALID_QUANTITY,
            extra={"field": "unit_id"},
        )
    return unit


def factor_of(unit: ProductUnit | None) -> Decimal:
    return unit.factor if unit is not None else Decimal(1)


def plain(quantity: Decimal) -> str:
    """A quantity as people write it: 120, 1.5 (never 1.2E+2)."""
    return f"{quantity.normalize():f}"
