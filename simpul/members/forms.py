"""Forms of the member register. They only parse input; the services decide."""

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from simpul.coops.forms import DateInput, Form
from simpul.members.models import Gender, Member, MemberStatus, SavingsProduct, SavingsTransactionKind
from simpul.members.services import MemberData


def _choices(values: list[Any]) -> Any:
    # A callable, so the labels are translated in the language of each request.
    return lambda: [("", "—"), *[(value.value, capfirst(str(value.label))) for value in values]]


class MemberForm(Form):
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
        return {name: getattr(member, name) for name in cls.base_fields if name != "village"} | {
            "village": member.village_id
        }


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


class MemberFilterForm(forms.Form):
    """The list's search and filters; anything unreadable is ignored rather than refused."""

    q = forms.CharField(required=False, max_length=100)
    status = forms.ChoiceField(required=False, choices=_choices(list(MemberStatus)))
    producer = forms.ChoiceField(required=False, choices=[("", ""), ("1", ""), ("0", "")])

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"q": "", "status": "", "producer": ""}
        return {key: self.cleaned_data.get(key) or "" for key in ("q", "status", "producer")}


class SavingsTransactionForm(Form):
    """A deposit or a withdrawal; `client_key` is set when the form is shown, so a double submit is one deposit."""

    direction = forms.ChoiceField(
        label=_("Transaction"),
        choices=[(SavingsTransactionKind.DEPOSIT, _("Deposit")), (SavingsTransactionKind.WITHDRAWAL, _("Withdrawal"))],
        widget=forms.RadioSelect,
        initial=SavingsTransactionKind.DEPOSIT,
    )
    kind = forms.ChoiceField(label=_("Savings"))
    amount = forms.DecimalField(
        label=_("Amount (Rp)"),
        max_digits=18,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())
    client_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, products: list[SavingsProduct], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", "—"), *[(p.kind, p.name) for p in products]]
