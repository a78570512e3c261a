"""Forms of the book pages: the report dates, a manager's manual journal entry, its reversal, the opening balances,
sub-accounts and period closings. They only parse input; the services decide."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.ledger.models import Account, AccountKind, CashFlowClass, PeriodKind, RevenueSource

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def fiscal_year(today: dt.date, start_month: int) -> tuple[dt.date, dt.date]:
    """First and last day of the fiscal year holding `today`, for a year starting in `start_month`."""
    year = today.year if today.month >= start_month else today.year - 1
    start = dt.date(year, start_month, 1)
    next_start = dt.date(year + 1, start_month, 1)
    return start, next_start - dt.timedelta(days=1)


class DateRangeForm(forms.Form):
    dari = forms.DateField(label=_("From"), widget=DATE_INPUT)
    sampai = forms.DateField(label=_("Until"), widget=DATE_INPUT)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("dari"), data.get("sampai")
        if start and end and start > end:
            self.add_error("sampai", _("The end date comes before the start date."))
        return data


class AsOfForm(forms.Form):
    per = forms.DateField(label=_("As of"), widget=DATE_INPUT)


ENTRY_LINE_ROWS = 6


class JournalEntryForm(forms.Form):
    """A manual entry: a date, a description and up to six rows of account code, debit and credit."""

    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    description = forms.CharField(label=_("Description"), max_length=255)
    # Size and kind are checked by the service (first bytes, not the name).
    attachment = forms.FileField(
        label=_("Attachment (receipt or invoice: PDF, JPEG or PNG, at most 5 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in range(1, ENTRY_LINE_ROWS + 1):
            self.fields[f"account_{row}"] = forms.CharField(label=_("Account code"), max_length=20, required=False)
            self.fields[f"debit_{row}"] = forms.DecimalField(
                label=_("Debit"), required=False, min_value=Decimal(0), max_digits=18, decimal_places=2
            )
            self.fields[f"credit_{row}"] = forms.DecimalField(
                label=_("Credit"), required=False, min_value=Decimal(0), max_digits=18, decimal_places=2
            )

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"account_{row}"], self[f"debit_{row}"], self[f"credit_{row}"])
            for row in range(1, ENTRY_LINE_ROWS + 1)
        ]

    def lines(self) -> list[tuple[str, Decimal, Decimal]]:
        """The filled rows as (code, debit, credit); the service checks codes, amounts and the balance."""
        lines = []
        for row in range(1, ENTRY_LINE_ROWS + 1):
            code = (self.cleaned_data.get(f"account_{row}") or "").strip()
            debit = self.cleaned_data.get(f"debit_{row}") or Decimal(0)
            credit = self.cleaned_data.get(f"credit_{row}") or Decimal(0)
            if code or debit or credit:
                lines.append((code, debit, credit))
        return lines


class ReverseEntryForm(forms.Form):
    date = forms.DateField(label=_("Date of the reversal"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Reason"), max_length=200)


AMOUNT_INPUT = forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"})


class OpeningBalancesForm(forms.Form):
    """The opening date and one amount per balance-sheet account, on the account's normal side."""

    as_of = forms.DateField(label=_("Balances as of"), widget=DATE_INPUT)

    def __init__(self, accounts: list[Account], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.accounts = accounts
        for account in accounts:
            self.fields[f"amount_{account.pk}"] = forms.DecimalField(
                label=f"{account.code} {account.name}",
                required=False,
                max_digits=18,
                decimal_places=2,
                widget=AMOUNT_INPUT,
            )

    def account_fields(self) -> list[tuple[Account, forms.BoundField]]:
        return [(account, self[f"amount_{account.pk}"]) for account in self.accounts]

    def amounts(self) -> dict[str, Decimal]:
        """{code: amount} of the filled-in accounts."""
        result = {}
        for account in self.accounts:
            amount = self.cleaned_data.get(f"amount_{account.pk}")
            if amount:
                result[account.code] = amount
        return result


class SubAccountForm(forms.Form):
    """A manager's own account: under a parent (a sub-account), or top-level in a class (kind)."""

    parent = forms.ChoiceField(label=_("Under account"), required=False)
    kind = forms.ChoiceField(
        label=_("Class (for a top-level account)"),
        required=False,
        help_text=_("Leave it empty for a sub-account: it takes the class of the account it sits under."),
    )
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_(
            "For example 1102.01 for a second bank account under 1102; a top-level account's code starts with its "
            "class digit (1 assets, 2 liabilities, 3 equity, 4 revenue, 5 expenses)."
        ),
    )
    name = forms.CharField(label=_("Name"), max_length=150)
    cash_flow_class = forms.ChoiceField(
        label=_("Cash flow (for a top-level account)"),
        required=False,
        choices=[
            ("", _("By its kind")),
            (CashFlowClass.OPERATING, _("Operating activities")),
            (CashFlowClass.INVESTING, _("Investing activities")),
            (CashFlowClass.FINANCING, _("Financing activities")),
            (CashFlowClass.CASH, _("Cash and cash equivalents")),
        ],
    )
    revenue_source = forms.ChoiceField(
        label=_("Revenue from (for a top-level revenue account)"),
        required=False,
        choices=[("", "—"), (RevenueSource.MEMBER, _("Members")), (RevenueSource.NON_MEMBER, _("Non-members"))],
    )

    def __init__(self, accounts: list[Account], *args: Any, sharia: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ChoiceField)
        parent.choices = [("", _("— none: a top-level account —")), *[(a.code, f"{a.code} {a.name}") for a in accounts]]
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kinds = [
            (AccountKind.ASSET, _("1 Assets")),
            (AccountKind.LIABILITY, _("2 Liabilities")),
            *([(AccountKind.TEMPORARY_SYIRKAH, _("2 Temporary syirkah funds"))] if sharia else []),
            (AccountKind.EQUITY, _("3 Equity")),
            (AccountKind.REVENUE, _("4 Revenue")),
            (AccountKind.EXPENSE, _("5 Expenses")),
        ]
        kind.choices = [("", "—"), *kinds]


class AccountRenameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)


class PeriodCloseForm(forms.Form):
    kind = forms.ChoiceField(choices=PeriodKind.choices)
    start = forms.DateField()
