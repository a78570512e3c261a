"""Forms of the cooperative workspace and the network pages. They only parse input; services decide."""

from typing import Any

from django import forms
from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from simpul.coops.models import CooperativeStatus, CooperativeType, OutletKind
from simpul.regions.confirmation import CONFIRM_FIELD
from simpul.regions.forms import VillageNearForm


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class Form(forms.Form):
    """Labels without a trailing colon, as Pico CSS lays them out above the field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _capitalised(choices: type[Any]) -> Any:
    # A callable, so the labels are translated in the language of each request.
    return lambda: [(value, capfirst(str(label))) for value, label in choices.choices]


class CooperativeProfileForm(Form):
    """Every profile field a manager edits; `village` is the hidden code the region picker fills."""

    name = forms.CharField(label=_("Name"), max_length=200)
    type = forms.ChoiceField(label=_("Type"), choices=CooperativeType.choices)
    is_sharia = forms.BooleanField(label=_("Runs on sharia principles"), required=False)
    nik_koperasi = forms.CharField(
        label=_("NIK Koperasi"),
        max_length=24,
        required=False,
        help_text=_("The 16-digit national cooperative number from ODS Kemenkop."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    deed_number = forms.CharField(label=_("Legal-entity deed number"), max_length=100, required=False)
    deed_date = forms.DateField(label=_("Deed date"), required=False, widget=DateInput())
    founded_on = forms.DateField(label=_("Founding date"), required=False, widget=DateInput())
    village = forms.CharField(label=_("Village"), max_length=13)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    whatsapp = forms.CharField(
        label=_("WhatsApp"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    fiscal_year_start_month = forms.TypedChoiceField(
        label=_("Fiscal year starts in"), choices=list(MONTHS.items()), coerce=int
    )
    status = forms.ChoiceField(label=_("Status"), choices=_capitalised(CooperativeStatus))
    description = forms.CharField(
        label=_("About the cooperative"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    # Legal identity: shown, never taken from the post (a disabled field keeps its initial value); the manager
    # asks the Dinas to change it on the identity request page.
    LEGAL: tuple[str, ...] = ("type", "is_sharia", "nik_koperasi", "deed_number", "deed_date", "village", "status")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.LEGAL:
            self.fields[name].disabled = True

    @classmethod
    def initial_from(cls, cooperative: Any) -> dict[str, Any]:
        return {name: getattr(cooperative, name) for name in cls.base_fields if name != "village"} | {
            "village": cooperative.village_id
        }

    def profile_data(self) -> dict[str, Any]:
        """What the manager may change: everything but the legal identity."""
        return {name: value for name, value in self.cleaned_data.items() if name not in self.LEGAL}


class IdentityRequestForm(Form):
    """The legal identity the manager asks the Dinas to record; starts from the values recorded now."""

    type = forms.ChoiceField(label=_("Type"), choices=CooperativeType.choices)
    is_sharia = forms.BooleanField(label=_("Runs on sharia principles"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=_capitalised(CooperativeStatus))
    nik_koperasi = forms.CharField(
        label=_("NIK Koperasi"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    deed_number = forms.CharField(label=_("Legal-entity deed number"), max_length=100, required=False)
    deed_date = forms.DateField(label=_("Deed date"), required=False, widget=DateInput())
    village = forms.CharField(label=_("Village"), max_length=13)
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the decision of the members' meeting (RAT) and the new deed."),
    )

    @classmethod
    def initial_from(cls, cooperative: Any) -> dict[str, Any]:
        names = [n for n in cls.base_fields if n not in ("village", "reason")]
        return {name: getattr(cooperative, name) for name in names} | {"village": cooperative.village_id}

    def requested(self, cooperative: Any) -> dict[str, Any]:
        """Only the fields whose value differs from the record; the service decides what a difference is."""
        data = {name: value for name, value in self.cleaned_data.items() if name != "reason"}
        data["nik_koperasi"] = data.get("nik_koperasi") or None
        current = self.initial_from(cooperative)
        return {name: value for name, value in data.items() if value != current.get(name)}


class DecisionForm(Form):
    note = forms.CharField(label=_("Note for the manager"), max_length=500, required=False)


class OutletForm(VillageNearForm, Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=_capitalised(OutletKind))
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    village = forms.CharField(label=_("Village"), max_length=13, required=False)
    is_active = forms.BooleanField(label=_("Open"), required=False, initial=True)

    @classmethod
    def initial_from(cls, outlet: Any) -> dict[str, Any]:
        return {
            "name": outlet.name,
            "kind": outlet.kind,
            "address": outlet.address,
            "village": outlet.village_id or "",
            "is_active": outlet.is_active,
            CONFIRM_FIELD: True,  # confirmed when it was chosen: editing another field does not ask again
        }


class PartnershipForm(Form):
    """A partnership agreement (MoU) for an active member; the scan is checked by the service."""

    number = forms.CharField(label=_("Agreement number"), max_length=100, required=False)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput())
    parties = forms.CharField(label=_("Parties"), widget=forms.Textarea(attrs={"rows": 2}))
    scope = forms.CharField(label=_("Scope"), widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.FileField(
        label=_("Document (PDF, JPEG or PNG, at most 5 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
