"""Exact numbers from a form or a JSON body: finite decimals with a fixed number of places, floats refused."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from simpul.core.exceptions import ApplicationError

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
