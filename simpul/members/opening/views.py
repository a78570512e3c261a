"""Opening balances with the members' savings (/k/<slug>/anggota/simpanan/saldo-awal/): the ledger's balance-sheet
accounts and each member's balances per product, posted together (managers only)."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from simpul.coops.models import Cooperative
from simpul.coops.views.workspace import actor, done, manager_access
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError
from simpul.core.forms import add_application_error
from simpul.core.htmx import render_form
from simpul.ledger.forms import OpeningBalancesForm
from simpul.ledger.models import Account, AccountKind
from simpul.ledger.services.opening import BALANCE_SHEET_KINDS, opening_entry_active
from simpul.members.models import SavingsKind
from simpul.members.opening.services import savings_opening_post

TEMPLATE = "members/savings_opening.html"
KINDS = (SavingsKind.POKOK, SavingsKind.WAJIB, SavingsKind.SUKARELA)
THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$")


def _amount(text: str) -> Decimal:
    """100000, 100.000 or 100.000,50 (as written in Indonesia), 100000.50."""
    text = text.strip().replace("Rp", "").replace(" ", "")
    text = text.replace(".", "").replace(",", ".") if THOUSANDS.match(text) else text.replace(",", ".")
    try:
        return Decimal(text or "0")
    except InvalidOperation:
        raise ValidationError(_("“%(value)s” is not an amount.") % {"value": text}) from None


def parse_balances(text: str) -> list[dict[str, Any]]:
    """One line per member: number, pokok, wajib, sukarela (separated by ;, tabs or spaces, as pasted from a sheet)."""
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        cells = [c for c in re.split(r"[;\t]|\s{1,}", line.strip()) if c != ""]
        if not cells:
            continue
        if len(cells) != 4:
            raise ValidationError(
                _("Line %(line)s: give the member number and three balances (pokok, wajib, sukarela).")
                % {"line": number}
            )
        try:
            amounts = [_amount(cell) for cell in cells[1:]]
        except ValidationError as error:
            raise ValidationError(
                _("Line %(line)s: %(error)s") % {"line": number, "error": error.messages[0]}
            ) from None
        rows.extend(
            {"member": cells[0], "kind": kind, "amount": amount} for kind, amount in zip(KINDS, amounts, strict=False)
        )
    return rows


class SavingsOpeningForm(OpeningBalancesForm):
    balances = forms.CharField(
        label=gettext_lazy("Members' savings balances"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "1; 100000; 250000; 75000"}),
        help_text=gettext_lazy(
            "One line per member: member number, simpanan pokok, wajib and sukarela, separated by semicolons "
            "(or pasted from a spreadsheet)."
        ),
    )

    def clean_balances(self) -> list[dict[str, Any]]:
        return parse_balances(self.cleaned_data.get("balances") or "")


def _accounts(cooperative: Cooperative) -> list[Account]:
    return list(Account.objects.filter(cooperative=cooperative, kind__in=BALANCE_SHEET_KINDS).order_by("code"))


def _context(cooperative: Cooperative, form: SavingsOpeningForm) -> dict[str, Any]:
    sections = [
        (label, [(account, field) for account, field in form.account_fields() if account.kind == kind])
        for kind, label in (
            (AccountKind.ASSET, _("Assets")),
            (AccountKind.LIABILITY, _("Liabilities")),
            (AccountKind.TEMPORARY_SYIRKAH, _("Temporary syirkah funds")),
            (AccountKind.EQUITY, _("Equity")),
        )
    ]
    sections = [(label, rows) for label, rows in sections if rows]
    return {
        "cooperative": cooperative,
        "form": form,
        "sections": sections,
        "standing": opening_entry_active(cooperative),
    }


@login_required
@require_http_methods(["GET", "POST"])
def savings_opening(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = manager_access(request, slug)
    accounts = _accounts(cooperative)
    if request.method != "POST":
        form = SavingsOpeningForm(accounts, initial={"as_of": cooperative.today()})
        return render(request, TEMPLATE, _context(cooperative, form))
    form = SavingsOpeningForm(accounts, request.POST)
    if form.is_valid():
        try:
            entry = savings_opening_post(
                cooperative=cooperative,
                actor=actor(request),
                as_of=form.cleaned_data["as_of"],
                amounts=form.amounts(),
                balances=form.cleaned_data["balances"],
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            message = _("The opening balances and the members' savings are posted as entry #%(number)s.") % {
                "number": entry.number
            }
            return done(request, reverse("members:savings_reconciliation", args=[cooperative.slug]), message)
    return render_form(request, TEMPLATE, _context(cooperative, form), partial="form", status=400)


urlpatterns = [
    path("k/<slug:slug>/anggota/simpanan/saldo-awal/", savings_opening, name="savings_opening"),
]
