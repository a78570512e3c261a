"""Quantities and prices as a round takes them: exact decimals, whole units unless the item sells in fractions."""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from simpul.core.exceptions import ApplicationError
from simpul.core.numbers import decimal_in
from simpul.jointbuy import error_codes

QUANTITY_PLACES = Decimal("0.001")
MONEY_PLACES = Decimal("0.01")


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
