"""Forms of the savings pages (manager and kasir alike). They only parse input; the services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.coops.forms import DateInput, Form
from simpul.core.amount_fields import RupiahField
from simpul.members.models import SavingsProduct, SavingsTransactionKind


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
