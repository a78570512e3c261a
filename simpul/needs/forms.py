"""The forms of the needs' pages. They parse what people type (a decimal comma, Rupiah with dots between
thousands); the services check everything again and decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.coops.forms import DateInput, Form
from simpul.core.amount_fields import RupiahInput, parse_rupiah
from simpul.needs.models import NeedCategory, NeedPriority, NeedStatus
from simpul.needs.services import inputs


def decimal_text(value: str) -> str:
    """People write 12,5 for twelve and a half: a lone decimal comma becomes a point."""
    text = (value or "").strip()
    return text.replace(",", ".") if text.count(",") == 1 and "." not in text else text


class NeedForm(Form):
    category = forms.ChoiceField(label=_("Category"), choices=NeedCategory.choices)
    item = forms.CharField(
        label=_("What is needed"),
        max_length=200,
        help_text=_("For example: medium rice, 3 kg LPG, a cashier training."),
    )
    quantity = forms.CharField(
        label=_("Quantity"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    unit = forms.CharField(label=_("Unit"), required=False, max_length=20, help_text=_("kg, karung, tabung, orang …"))
    needed_by = forms.DateField(label=_("Needed by"), widget=DateInput())
    priority = forms.ChoiceField(label=_("Priority"), choices=NeedPriority.choices, initial=NeedPriority.NORMAL)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=inputs.DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("JPEG or PNG, at most 5 MB: the empty shelf, the broken cooler …"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("photo", None)
        data["quantity"] = decimal_text(data.get("quantity") or "")
        return data


class TransitionForm(Form):
    to = forms.ChoiceField(choices=NeedStatus.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=inputs.NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    officer = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AssignForm(Form):
    officer = forms.ChoiceField(label=_("Officer"))

    def __init__(self, *args: Any, officers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["officer"]
        field.choices = [(str(pk), name) for pk, name in officers]


class CommentForm(Form):
    note = forms.CharField(label=_("Message"), max_length=inputs.NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2}))


class PledgeForm(Form):
    quantity = forms.CharField(
        label=_("Quantity"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    unit_price = forms.CharField(label=_("Price per unit (Rp)"), max_length=24, widget=RupiahInput())
    deliver_by = forms.DateField(label=_("Delivery date"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"), required=False, max_length=inputs.NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def service_data(self) -> dict[str, Any]:
        price = parse_rupiah(self.cleaned_data["unit_price"])
        return {
            "quantity": decimal_text(self.cleaned_data["quantity"]),
            # An unreadable price goes on as typed: the service refuses it with its message.
            "unit_price": price if price is not None else self.cleaned_data["unit_price"],
            "deliver_by": self.cleaned_data["deliver_by"],
            "note": self.cleaned_data["note"],
        }


class PledgeStepForm(Form):
    to = forms.CharField(widget=forms.HiddenInput, max_length=12)
    received_quantity = forms.CharField(
        label=_("Quantity received"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=inputs.NOTE_MAX)


class RegionNeedFilterForm(Form):
    """The filters of a list of needs (query string)."""

    keadaan = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all")), ("terbuka", _("open")), ("selesai", _("ended"))],
    )
    kategori = forms.ChoiceField(label=_("Category"), required=False, choices=[("", _("all")), *NeedCategory.choices])
    terlambat = forms.BooleanField(label=_("Overdue only"), required=False)
    halaman = forms.IntegerField(required=False, min_value=1, max_value=10_000, widget=forms.HiddenInput)
