"""Forms of the member register. They only parse input; the services decide."""

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from simpul.coops.forms import DateInput, Form
from simpul.core.money import CENT, MAX_AMOUNT
from simpul.members.models import Gender, Member, MemberStatus
from simpul.members.services import MemberData
from simpul.regions.confirmation import CONFIRM_FIELD
from simpul.regions.forms import VillageNearForm


def _choices(values: list[Any]) -> Any:
    # A callable, so the labels are translated in the language of each request.
    return lambda: [("", "—"), *[(value.value, capfirst(str(value.label))) for value in values]]


class MemberForm(VillageNearForm, Form):
    nik = forms.CharField(
        label=_("NIK"),
        max_length=24,
        help_text=_("The 16-digit number on the member's KTP."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Full name"), max_length=150)
    gender = forms.ChoiceField(label=_("Gender"), choices=_choices(list(Gender)))
    birth_date = forms.DateField(label=_("Date of birth"), widget=DateInput())
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    village = forms.CharField(label=_("Village"), max_length=13)
    phone = forms.CharField(
        label=_("Phone/WhatsApp"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    join_date = forms.DateField(label=_("Join date"), widget=DateInput())
    is_producer = forms.BooleanField(label=_("Makes UMKM products"), required=False)
    business_name = forms.CharField(label=_("Business name"), max_length=150, required=False)

    def member_data(self) -> MemberData:
        data = self.cleaned_data
        return MemberData(
            nik=data["nik"],
            name=data["name"],
            gender=data["gender"],
            birth_date=data["birth_date"],
            village=data["village"],
            join_date=data["join_date"],
            address=data["address"],
            phone=data["phone"],
            is_producer=data["is_producer"],
            business_name=data["business_name"],
        )

    @classmethod
    def initial_from(cls, member: Member) -> dict[str, Any]:
        # The member's village was confirmed when it was chosen: editing another field does not ask again.
        fields = [name for name in cls.base_fields if name not in ("village", CONFIRM_FIELD)]
        return {name: getattr(member, name) for name in fields} | {"village": member.village_id, CONFIRM_FIELD: True}


class MemberExitForm(Form):
    status = forms.ChoiceField(
        label=_("Why the membership ends"),
        choices=_choices([MemberStatus.RESIGNED, MemberStatus.DECEASED, MemberStatus.EXPELLED]),
    )
    exit_date = forms.DateField(label=_("Exit date"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason or note"),
        max_length=255,
        required=False,
        help_text=_("Required when a member is expelled."),
    )


_PLAIN_AMOUNT = re.compile(r"[0-9]{1,16}(\.[0-9]{1,2})?")


class RupiahFilterField(forms.CharField):
    """An amount typed as people write it ("100.000", "Rp 1.500.000", "250000"), cleaned to "100000.00"."""

    def clean(self, value: Any) -> str:
        text = str(super().clean(value) or "").strip()
        if not text:
            return ""
        plain = re.sub(r"(?i)^rp\.?|\s", "", text).replace(".", "").replace(",", ".")
        amount = Decimal(plain) if _PLAIN_AMOUNT.fullmatch(plain) else None
        if amount is None or amount >= MAX_AMOUNT:
            raise forms.ValidationError(_("Write the amount in rupiah, for example 100.000."), code="invalid_amount")
        return str(amount.quantize(CENT))


class MemberFilterForm(forms.Form):
    """The list's search and filters; anything unreadable is ignored rather than refused."""

    q = forms.CharField(required=False, max_length=100)
    status = forms.ChoiceField(required=False, choices=_choices(list(MemberStatus)))
    producer = forms.ChoiceField(required=False, choices=[("", ""), ("1", ""), ("0", "")])
    arrears = forms.ChoiceField(required=False, choices=[("", ""), ("1", ""), ("0", "")])
    balance_min = RupiahFilterField(required=False)
    balance_max = RupiahFilterField(required=False)

    FILTERS = ("q", "status", "producer", "arrears", "balance_min", "balance_max")

    def filters(self) -> dict[str, str]:
        """Every filter that reads; one that does not is left out (an unreadable amount is also in `errors`)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {key: cleaned.get(key) or "" for key in self.FILTERS}
