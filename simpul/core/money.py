"""Money is Decimal Rupiah, quantized in one place and shown as Rp1.234.567."""

import functools
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any

from babel.numbers import format_currency
from django.utils.translation import gettext as _
from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

CENT = Decimal("0.01")


def quantize(amount: Decimal | int | str) -> Decimal:
    if isinstance(amount, float):
        raise TypeError("money must not be a float")
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def format_rupiah(amount: Decimal | int | str | None, locale: str = "id") -> str:
    if amount is None:
        return ""
    value = quantize(amount)
    pattern = "¤#,##0" if value == value.to_integral_value() else "¤#,##0.00"
    text = format_currency(value, "IDR", format=pattern, locale="id_ID", currency_digits=False)
    return text.replace("\xa0", "")


# --- money in API input: one rule for every schema that takes an amount

# Below Rp10 trillion (15 significant digits with the sen): what every supported database stores exactly. SQLite
# keeps a decimal column as a double, exact to 15 significant digits only, so Rp98,765,432,109,876.43 would come
# back as …876.40 and break the hash chain; PostgreSQL's numeric(18, 2) would hold more. One bound for both.
MAX_AMOUNT = Decimal(10) ** 13
LARGEST_AMOUNT = MAX_AMOUNT - Decimal("0.01")
AMOUNT_ERROR = "invalid_amount"  # the pydantic error type; the API answers it with a 400 of the same code


def _refuse(message: str) -> PydanticCustomError:
    return PydanticCustomError(AMOUNT_ERROR, message)  # type: ignore[arg-type]


def amount_too_large() -> str:
    return _("The amount is too large: an amount is at most %(largest)s.") % {"largest": format_rupiah(LARGEST_AMOUNT)}


def parse_amount(value: Any, *, sign: str = "positive") -> Decimal:
    """An exact Rupiah amount from JSON: a string ("150000.50") or a whole number, never a float (not exact).

    `sign` is "positive" (> 0), "non_negative" (>= 0) or "any". Raises PydanticCustomError with a message in the
    request's language; checks the size before anything that could overflow decimal's context (-1E+30)."""
    if isinstance(value, bool | float):
        raise _refuse(_('Send the amount as text, for example "150000.50": a number with a fraction is not exact.'))
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, str) and _AMOUNT_TEXT.fullmatch(value.strip()):
        amount = Decimal(value.strip())
    elif isinstance(value, Decimal) and value.is_finite():
        amount = value
    else:
        raise _refuse(_('This is not an amount; write it like "150000.50".'))
    if abs(amount) >= MAX_AMOUNT:
        raise _refuse(amount_too_large())
    if amount.quantize(CENT) != amount:
        raise _refuse(_("An amount has at most two decimal places."))
    if sign == "positive" and amount <= 0:
        raise _refuse(_("The amount must be more than zero."))
    if sign == "non_negative" and amount < 0:
        raise _refuse(_("The amount must not be negative."))
    return amount.quantize(CENT)


# Plain decimal notation only: no exponent ("1E+30"), no NaN or Infinity, no thousands separators.
_AMOUNT_TEXT = re.compile(r"[+-]?\d{1,40}(\.\d{1,40})?")


def _money_type(sign: str, pattern: str) -> Any:
    return Annotated[
        Decimal,
        BeforeValidator(functools.partial(parse_amount, sign=sign)),
        WithJsonSchema(
            {
                "anyOf": [{"type": "string", "pattern": pattern}, {"type": "integer"}],
                "description": 'Rupiah as text ("150000.50") or a whole number; never a JSON number with a fraction',
                "examples": ["150000.50"],
            }
        ),
    ]


MoneyIn = _money_type("positive", r"^\d{1,16}(\.\d{1,2})?$")
NonNegativeMoneyIn = _money_type("non_negative", r"^\d{1,16}(\.\d{1,2})?$")
SignedMoneyIn = _money_type("any", r"^-?\d{1,16}(\.\d{1,2})?$")
