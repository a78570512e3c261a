"""Form fields for Rupiah amounts as people type them, shared by every app's forms."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from simpul.core.money import MAX_AMOUNT, amount_too_large

# Rupiah as people type it in Indonesia: dots between thousands, a comma before the sen ("1.250.000,50"). Plain
# digits ("100000") and a decimal point before one or two sen ("100000.50", as a spreadsheet copies it) are read
# too: thousands groups always have three digits, so "100.000" and "100.50" cannot be mistaken for each other.
_GROUPED = re.compile(r"\d{1,3}(\.\d{3})+(,\d{1,2})?")
_PLAIN = re.compile(r"\d+([,.]\d{1,2})?")


def parse_rupiah(text: str) -> Decimal | None:
    """The amount in `text` ("Rp 100.000", "100000", "1.500,5"), or None when it is not an amount."""
    value = re.sub(r"\s+", "", text or "")
    if value[:2].lower() == "rp":
        value = value[2:]
    if _GROUPED.fullmatch(value):
        value = value.replace(".", "").replace(",", ".")
    elif _PLAIN.fullmatch(value):
        value = value.replace(",", ".")
    else:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover - the patterns admit only digits
        return None


class RupiahInput(forms.TextInput):
    """A text field the shared script (simpul/static/simpul/amount-input.js) groups by thousands as people type."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {"inputmode": "decimal", "autocomplete": "off", "data-amount": "", "placeholder": "100.000"}
        super().__init__(attrs={**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal):
            whole, _dot, cents = f"{value:.2f}".partition(".")
            grouped = f"{int(whole):,}".replace(",", ".")
            return grouped if cents == "00" else f"{grouped},{cents}"
        return super().format_value(value)


class RupiahField(forms.Field):
    """A positive Rupiah amount typed with or without thousands separators; at most two decimals."""

    widget = RupiahInput
    default_error_messages = {
        "invalid": _('Write the amount in rupiah, for example "100.000" or "100000".'),
        "decimals": _("An amount has at most two decimal places."),
        "positive": _("The amount must be more than zero."),
    }

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            amount: Decimal | None = value
        else:
            amount = parse_rupiah(str(value))
        if amount is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if amount >= MAX_AMOUNT:
            raise ValidationError(amount_too_large(), code="too_large")
        if amount != amount.quantize(Decimal("0.01")):
            raise ValidationError(self.error_messages["decimals"], code="decimals")
        if amount <= 0:
            raise ValidationError(self.error_messages["positive"], code="positive")
        return amount.quantize(Decimal("0.01"))
