"""Forms of the savings pages (manager and kasir alike). They only parse input; the services decide."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from simpul.coops.forms import DateInput, Form
from simpul.core.money import MAX_AMOUNT, amount_too_large
from simpul.members.models import SavingsProduct, SavingsTransactionKind

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


class SavingsTransactionForm(Form):
    """A deposit or a withdrawal; `client_key` is set when the form is shown, so a double submit is one deposit.

    A withdrawal is confirmed in a second step: the first POST shows the balance after it, the second (with
    `confirm`) records it."""

    direction = forms.ChoiceField(
        label=_("Transaction"),
        choices=[(SavingsTransactionKind.DEPOSIT, _("Deposit")), (SavingsTransactionKind.WITHDRAWAL, _("Withdrawal"))],
        widget=forms.RadioSelect,
        initial=SavingsTransactionKind.DEPOSIT,
    )
    kind = forms.ChoiceField(label=_("Savings"))
    amount = RupiahField(label=_("Amount (Rp)"))
    date = forms.DateField(label=_("Date"), widget=DateInput())
    client_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    confirm = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, products: list[SavingsProduct], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", "—"), *[(p.kind, p.name) for p in products]]
