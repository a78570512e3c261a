"""Forms of the shift, void and return pages. They only parse input; the services decide."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from simpul.coops.forms import Form
from simpul.core.amount_fields import RupiahField, RupiahInput, parse_rupiah
from simpul.core.money import MAX_AMOUNT, amount_too_large
from simpul.mart.shifts.selectors import ChecklistItem


class CashField(forms.Field):
    """Rupiah typed as people write it ("150.000"); zero allowed (an empty till)."""

    widget = RupiahInput

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        amount = value if isinstance(value, Decimal) else parse_rupiah(str(value))
        if amount is None:
            raise ValidationError(_('Write the amount in rupiah, for example "100.000" or "100000".'), code="invalid")
        if amount >= MAX_AMOUNT:
            raise ValidationError(amount_too_large(), code="too_large")
        if amount != amount.quantize(Decimal("0.01")):
            raise ValidationError(_("An amount has at most two decimal places."), code="decimals")
        return amount.quantize(Decimal("0.01"))


def _checklist_field(items: list[ChecklistItem], label: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=[(str(item.id), item.text) for item in items],
        widget=forms.CheckboxSelectMultiple,
    )


class ShiftOpenForm(Form):
    outlet = forms.TypedChoiceField(label=_("Outlet"), coerce=int)
    opening_cash = CashField(label=_("Opening cash (Rp)"))

    def __init__(self, outlets: list[Any], checklist: list[ChecklistItem], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        outlet = self.fields["outlet"]
        assert isinstance(outlet, forms.TypedChoiceField)
        outlet.choices = [(o.pk, o.name) for o in outlets]
        if checklist:
            self.fields["checklist"] = _checklist_field(checklist, _("Opening checklist"))


class ShiftCloseForm(Form):
    counted_cash = CashField(label=_("Cash counted in the till (Rp)"))
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, checklist: list[ChecklistItem], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if checklist:
            self.fields["checklist"] = _checklist_field(checklist, _("Closing checklist"))


class VoidForm(Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)
    pin = forms.CharField(
        label=_("Manager's PIN"),
        max_length=8,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ReturnForm(VoidForm):
    refund_method = forms.ChoiceField(label=_("Refund"), required=False)

    def __init__(self, lines: list[Any], methods: list[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        method = self.fields["refund_method"]
        assert isinstance(method, forms.ChoiceField)
        method.choices = methods
        self.line_fields: list[tuple[Any, str]] = []
        for line in lines:
            name = f"line_{line.pk}"
            self.fields[name] = forms.DecimalField(
                label=line.product.name,
                required=False,
                min_value=Decimal(0),
                max_digits=14,
                decimal_places=3,
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any", "min": "0"}),
            )
            self.line_fields.append((line, name))

    def quantities(self) -> dict[int, Decimal]:
        return {line.pk: self.cleaned_data[name] for line, name in self.line_fields if self.cleaned_data.get(name)}


REPAYMENT_METHODS = [
    ("cash", _("Cash")),
    ("qris", _("QRIS")),
    ("transfer", _("Bank transfer")),
]


class KasbonRepaymentForm(Form):
    """A kasbon repayment at the desk: the amount and how it was paid (cash unless chosen otherwise)."""

    amount = RupiahField(label=_("Repayment (Rp)"))
    method = forms.ChoiceField(
        label=_("Paid by"), choices=REPAYMENT_METHODS, required=False, initial="cash", widget=forms.RadioSelect
    )
