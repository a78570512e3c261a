"""Savings pages: a member's deposit/withdrawal form (/k/<slug>/anggota/<id>/simpanan/), the savings products of
the by-laws (/k/<slug>/anggota/simpanan/produk/) and the receipt of each transaction (page and PDF). Managers
record; supervisors read products and receipts."""

import uuid
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from simpul.coops.access import READ_ROLES
from simpul.coops.forms import Form
from simpul.coops.models import Cooperative
from simpul.coops.views.workspace import actor, done, manager_access, workspace_access
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError, ConflictError
from simpul.core.exports import download_name, pdf_response
from simpul.core.forms import add_application_error
from simpul.core.htmx import render_form
from simpul.core.money import format_rupiah
from simpul.members import error_codes
from simpul.members.cashier.receipts import share_context
from simpul.members.cashier.selectors import savings_summary
from simpul.members.cashier.services import withdrawal_refused
from simpul.members.models import Member, SavingsKind, SavingsTransaction, SavingsTransactionKind, ShariaContract
from simpul.members.savings.forms import SavingsTransactionForm
from simpul.members.savings.selectors import (
    member_savings_balances,
    receipt_number,
    rupiah_in_words,
    savings_products,
    savings_rates,
    savings_transaction_get,
)
from simpul.members.savings.services import month_start, savings_deposit, savings_products_setup, savings_withdraw
from simpul.members.services import access_member

SAVINGS_TEMPLATE = "members/savings.html"


def _new_key() -> str:
    return uuid.uuid4().hex


def savings_form_blank(cooperative: Cooperative) -> SavingsTransactionForm:
    products = savings_products(cooperative)
    return SavingsTransactionForm(products, initial={"date": cooperative.today(), "client_key": _new_key()})


def savings_form_context(
    cooperative: Cooperative, member: Member, form: SavingsTransactionForm, *, may_withdraw: bool = True
) -> dict[str, Any]:
    """What the deposit form shows beside its fields (manager and kasir alike): the member's balance per product,
    the wajib rate and months owed, the pokok still unpaid."""
    summary = savings_summary(cooperative, member)
    return {
        "cooperative": cooperative,
        "member": member,
        "savings_form": form,
        "summary": summary,
        "savings_balances": summary.balances,
        "withdrawals_locked": not may_withdraw,
    }


@dataclass
class SavingsPost:
    """What a POST of the deposit form came to: a recorded transaction, a withdrawal to confirm, or a refusal."""

    form: SavingsTransactionForm
    saved: SavingsTransaction | None = None
    confirmation: dict[str, Any] | None = None


def _withdrawal_preview(cooperative: Cooperative, member: Member, data: dict[str, Any]) -> dict[str, Any]:
    """The confirmation step of a withdrawal: the balance now and after. The rules the service applies again under
    the account's lock are checked here first, so a withdrawal that would be refused is refused at once."""
    balance = next(
        (b for b in member_savings_balances(cooperative, member) if b.product.kind == data["kind"]),
        None,
    )
    if balance is None:
        raise ApplicationError(
            _("Choose a savings product."), code=error_codes.INVALID_SAVINGS_KIND, extra={"field": "kind"}
        )
    if balance.product.kind != SavingsKind.SUKARELA and member.is_active:
        raise ApplicationError(
            _("Simpanan pokok and wajib are paid back only when the member leaves the cooperative."),
            code=error_codes.NOT_WITHDRAWABLE,
            extra={"field": "kind"},
        )
    if data["amount"] > balance.balance:
        raise ApplicationError(
            _("The withdrawal is more than the balance of %(balance)s.") % {"balance": format_rupiah(balance.balance)},
            code=error_codes.INSUFFICIENT_BALANCE,
            extra={"field": "amount"},
        )
    return {
        "product": balance.product,
        "amount": data["amount"],
        "balance": balance.balance,
        "balance_after": balance.balance - data["amount"],
        "date": data["date"],
    }


def savings_post(request: HttpRequest, cooperative: Cooperative, member: Member, *, may_withdraw: bool) -> SavingsPost:
    """Parse the deposit form and record it through the savings services (client key and all). A withdrawal is
    recorded only when the form comes back confirmed; a person not allowed to pay out gets 403."""
    form = SavingsTransactionForm(savings_products(cooperative), request.POST)
    if not form.is_valid():
        return SavingsPost(form)
    data = form.cleaned_data
    withdrawal = data["direction"] == SavingsTransactionKind.WITHDRAWAL
    if withdrawal and not may_withdraw:
        raise withdrawal_refused()
    if withdrawal and not data["confirm"]:
        try:
            return SavingsPost(form, confirmation=_withdrawal_preview(cooperative, member, data))
        except ApplicationError as error:
            add_application_error(form, error)
            return SavingsPost(form)
    record = savings_withdraw if withdrawal else savings_deposit
    try:
        saved = record(
            cooperative=cooperative,
            actor=actor(request),
            member_id=member.pk,
            kind=data["kind"],
            amount=data["amount"],
            date=data["date"],
            client_key=data["client_key"] or None,
            ip_address=client_ip(request),
        )
    except ConflictError:
        # An old form sent again with other values: its key already recorded another transaction. Say so, and
        # give the form a new key, so sending it once more records this one as a new transaction.
        form = SavingsTransactionForm(
            savings_products(cooperative), {**request.POST.dict(), "client_key": _new_key(), "confirm": ""}
        )
        form.is_valid()
        form.add_error(
            None,
            _(
                "This form was already sent and recorded with other values. Check the member's history; send "
                "it again to record this one as a new transaction."
            ),
        )
        return SavingsPost(form)
    except ApplicationError as error:
        add_application_error(form, error)
        return SavingsPost(form)
    return SavingsPost(form, saved=saved)


def recorded_message(saved: SavingsTransaction) -> str:
    words = {"amount": format_rupiah(saved.amount), "product": saved.account.product.name}
    if saved.kind == SavingsTransactionKind.DEPOSIT:
        return _("Deposit of %(amount)s to %(product)s recorded.") % words
    return _("Withdrawal of %(amount)s from %(product)s recorded.") % words


def savings_form_response(
    request: HttpRequest, template: str, context: dict[str, Any], posted: SavingsPost
) -> HttpResponse:
    """The form again: refused (400), or the withdrawal's confirmation step (200)."""
    context = {**context, "confirmation": posted.confirmation}
    status = 200 if posted.confirmation is not None else 400
    # The form partial lives in savings.html, whichever page (savings, member, cashier's desk) holds the form.
    name = f"{SAVINGS_TEMPLATE}#form" if getattr(request, "htmx", False) else template
    return render(request, name, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def member_savings(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    cooperative = manager_access(request, slug)
    member = access_member(cooperative, member_id)
    if request.method != "POST":
        context = savings_form_context(cooperative, member, savings_form_blank(cooperative))
        return render(request, SAVINGS_TEMPLATE, context)
    posted = savings_post(request, cooperative, member, may_withdraw=True)
    if posted.saved is not None:
        # The member page offers this transaction's receipt (printable page, PDF and WhatsApp).
        url = reverse("members:detail", args=[cooperative.slug, member.pk]) + f"?bukti={posted.saved.pk}"
        return done(request, url, recorded_message(posted.saved))
    context = savings_form_context(cooperative, member, posted.form)
    return savings_form_response(request, SAVINGS_TEMPLATE, context, posted)


# --- savings products ------------------------------------------------------------------------------------

PRODUCTS_TEMPLATE = "members/savings_products.html"
CONTRACT_CHOICES = [
    (ShariaContract.WADIAH, gettext_lazy("Wadiah (safekeeping)")),
    (ShariaContract.MUDHARABAH, gettext_lazy("Mudharabah (profit sharing)")),
]


class SavingsProductsForm(Form):
    pokok_amount = forms.DecimalField(
        label=gettext_lazy("Simpanan pokok (Rp, paid once)"),
        max_digits=18,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "1"}),
    )
    wajib_amount = forms.DecimalField(
        label=gettext_lazy("Simpanan wajib (Rp a month)"),
        max_digits=18,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "1"}),
    )
    effective_from = forms.DateField(
        label=gettext_lazy("The amounts apply from (month)"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=gettext_lazy(
            "A change applies from this month on; months before keep the amount they had. The first time, the month "
            "the by-laws started simpanan wajib."
        ),
    )
    pokok_contract = forms.ChoiceField(label=gettext_lazy("Contract of simpanan pokok"), choices=CONTRACT_CHOICES)
    wajib_contract = forms.ChoiceField(label=gettext_lazy("Contract of simpanan wajib"), choices=CONTRACT_CHOICES)
    sukarela_contract = forms.ChoiceField(label=gettext_lazy("Contract of simpanan sukarela"), choices=CONTRACT_CHOICES)

    def __init__(self, cooperative: Cooperative, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not cooperative.is_sharia:
            for name in ("pokok_contract", "wajib_contract", "sukarela_contract"):
                del self.fields[name]


def _products_initial(cooperative: Cooperative) -> dict[str, Any]:
    initial: dict[str, Any] = {"effective_from": month_start(cooperative.today())}
    for product in savings_products(cooperative):
        if product.fixed_amount is not None:
            initial[f"{product.kind}_amount"] = product.fixed_amount
        initial[f"{product.kind}_contract"] = product.sharia_contract or ShariaContract.WADIAH
    return initial


def _products_context(cooperative: Cooperative, can_edit: bool, form: SavingsProductsForm | None) -> dict:
    return {
        "cooperative": cooperative,
        "can_edit": can_edit,
        "form": form,
        "products": savings_products(cooperative),
        "rates": savings_rates(cooperative),
    }


@login_required
@require_http_methods(["GET", "POST"])
def savings_products_page(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method != "POST":
        cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
        form = SavingsProductsForm(cooperative, initial=_products_initial(cooperative)) if can_edit else None
        return render(request, PRODUCTS_TEMPLATE, _products_context(cooperative, can_edit, form))
    cooperative = manager_access(request, slug)
    form = SavingsProductsForm(cooperative, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            savings_products_setup(
                cooperative=cooperative,
                actor=actor(request),
                pokok_amount=data["pokok_amount"],
                wajib_amount=data["wajib_amount"],
                pokok_contract=data.get("pokok_contract", ShariaContract.WADIAH),
                wajib_contract=data.get("wajib_contract", ShariaContract.WADIAH),
                sukarela_contract=data.get("sukarela_contract", ShariaContract.WADIAH),
                effective_from=data["effective_from"],
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            url = reverse("members:savings_products", args=[cooperative.slug])
            return done(request, url, _("The savings products were saved."))
    context = _products_context(cooperative, True, form)
    return render_form(request, PRODUCTS_TEMPLATE, context, partial="form", status=400)


# --- receipts --------------------------------------------------------------------------------------------


def receipt_context(cooperative: Cooperative, row: SavingsTransaction) -> dict[str, Any]:
    product = row.account.product
    deposit = row.kind == SavingsTransactionKind.DEPOSIT
    if cooperative.is_sharia and product.sharia_contract:
        words = {"contract": ShariaContract(product.sharia_contract).label.title()}
        title = (
            _("Deposit receipt (%(contract)s contract)") if deposit else _("Withdrawal receipt (%(contract)s contract)")
        ) % words
    else:
        title = _("Savings deposit receipt") if deposit else _("Savings withdrawal receipt")
    return {
        "cooperative": cooperative,
        "row": row,
        "member": row.account.member,
        "product": product,
        "is_deposit": deposit,
        "title": title,
        "number": receipt_number(row),
        "amount_words": rupiah_in_words(row.amount),
        "is_wadiah": product.sharia_contract == ShariaContract.WADIAH,
        "is_mudharabah": product.sharia_contract == ShariaContract.MUDHARABAH,
        "is_fixed": product.kind != SavingsKind.SUKARELA,
    }


@login_required
@require_GET
def savings_receipt(request: HttpRequest, slug: str, transaction_id: int) -> HttpResponse:
    cooperative, _can_edit = workspace_access(request, slug, READ_ROLES)
    row = savings_transaction_get(cooperative, transaction_id)
    return render(request, "members/receipt.html", {**receipt_context(cooperative, row), **share_context(row)})


@login_required
@require_GET
def savings_receipt_pdf(request: HttpRequest, slug: str, transaction_id: int) -> HttpResponse:
    cooperative, _can_edit = workspace_access(request, slug, READ_ROLES)
    row = savings_transaction_get(cooperative, transaction_id)
    context = receipt_context(cooperative, row)
    filename = download_name("bukti", context["number"], cooperative.slug, extension="pdf")
    return pdf_response(request, "members/receipt_print.html", context, filename, inline=True)


urlpatterns = [
    path("k/<slug:slug>/anggota/<int:member_id>/simpanan/", member_savings, name="savings"),
    path("k/<slug:slug>/anggota/simpanan/produk/", savings_products_page, name="savings_products"),
    path("k/<slug:slug>/anggota/simpanan/bukti/<int:transaction_id>/", savings_receipt, name="savings_receipt"),
    path(
        "k/<slug:slug>/anggota/simpanan/bukti/<int:transaction_id>/pdf/",
        savings_receipt_pdf,
        name="savings_receipt_pdf",
    ),
]
