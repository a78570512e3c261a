"""Quantities and prices as a round takes them: exact decimals, whole units unless the item sells in fractions."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from simpul.core.exceptions import ApplicationError
from simpul.jointbuy import error_codes

QUANTITY_PLACES = Decimal("0.001")
MONEY_PLACES = Decimal("0.01")
MAX_NUMBER = Decimal(10) ** 12


def decimal_in(value: Any, *, label: str, field: str, places: Decimal, code: str, positive: bool = False) -> Decimal:
    """An exact, finite, non-negative decimal (positive when asked) with at most `places`; floats refused."""
    message = _("%(label)s is not a valid number.") % {"label": label}
    if value is None or isinstance(value, bool | float):
        raise ApplicationError(message, code=code, extra={"field": field})
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise ApplicationError(message, code=code, extra={"field": field}) from None
    if not number.is_finite() or abs(number) >= MAX_NUMBER:
        raise ApplicationError(message, code=code, extra={"field": field})
    if number < 0 or (positive and number == 0):
        raise ApplicationError(
            (_("%(label)s must be more than 0.") if positive else _("%(label)s cannot be negative."))
            % {"label": label},
            code=code,
            extra={"field": field},
        )
    if number.quantize(places) != number:
        raise ApplicationError(
            _("%(label)s has too many decimal places.") % {"label": label}, code=code, extra={"field": field}
        )
    return number


def quantity_in(value: Any, *, fractional: bool, unit: str, label: str, field: str) -> Decimal:
    """A quantity of the item's unit: whole units unless the unit sells in fractions (kg, litre)."""
    number = decimal_in(value, label=label, field=field, places=QUANTITY_PLACES, code=error_codes.INVALID_QUANTITY)
    if not fractional and number != number.to_integral_value():
        raise ApplicationError(
            _("%(label)s must be a whole number of %(unit)s.") % {"label": label, "unit": unit},
            code=error_codes.INVALID_QUANTITY,
            extra={"field": field},
        )
    return number


def whole_in(value: Any, *, label: str, field: str, minimum: int = 0) -> int:
    """A whole number (of cases) at least `minimum`."""
    number = decimal_in(value, label=label, field=field, places=Decimal(1), code=error_codes.INVALID_QUANTITY)
    if number < minimum:
        raise ApplicationError(
            _("%(label)s must be at least %(minimum)s.") % {"label": label, "minimum": minimum},
            code=error_codes.INVALID_QUANTITY,
            extra={"field": field},
        )
    return int(number)


def price_in(value: Any, *, label: str, field: str) -> Decimal:
    return decimal_in(
        value, label=label, field=field, places=MONEY_PLACES, code=error_codes.INVALID_PRICE, positive=True
    )
