"""Money is Decimal Rupiah, quantized in one place and shown as Rp1.234.567."""

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency

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
