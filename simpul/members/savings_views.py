"""The savings form of a member: /k/<slug>/anggota/<id>/simpanan/. Managers record; supervisors only read the
balances and history on the member page."""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from simpul.coops.models import Cooperative
from simpul.coops.views.workspace import actor, done, manager_access
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError
from simpul.core.forms import add_application_error
from simpul.core.htmx import render_form
from simpul.core.money import format_rupiah
from simpul.members.forms import SavingsTransactionForm
from simpul.members.models import Member, SavingsTransactionKind
from simpul.members.savings import savings_deposit, savings_withdraw
from simpul.members.savings_selectors import savings_products
from simpul.members.services import access_member, cooperative_today

SAVINGS_TEMPLATE = "members/savings.html"


def savings_form_blank(cooperative: Cooperative) -> SavingsTransactionForm:
    products = savings_products(cooperative)
    return SavingsTransactionForm(
        products, initial={"date": cooperative_today(cooperative), "client_key": uuid.uuid4().hex}
    )


def _context(cooperative: Cooperative, member: Member, form: SavingsTransactionForm) -> dict:
    return {"cooperative": cooperative, "member": member, "savings_form": form}


@login_required
@require_http_methods(["GET", "POST"])
def member_savings(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    cooperative = manager_access(request, slug)
    member = access_member(cooperative, member_id)
    if request.method != "POST":
        return render(request, SAVINGS_TEMPLATE, _context(cooperative, member, savings_form_blank(cooperative)))
    form = SavingsTransactionForm(savings_products(cooperative), request.POST)
    if form.is_valid():
        data = form.cleaned_data
        record = savings_deposit if data["direction"] == SavingsTransactionKind.DEPOSIT else savings_withdraw
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
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            words = {"amount": format_rupiah(saved.amount), "product": saved.account.product.name}
            if saved.kind == SavingsTransactionKind.DEPOSIT:
                message = _("Deposit of %(amount)s to %(product)s recorded.") % words
            else:
                message = _("Withdrawal of %(amount)s from %(product)s recorded.") % words
            return done(request, reverse("members:detail", args=[cooperative.slug, member.pk]), message)
    return render_form(request, SAVINGS_TEMPLATE, _context(cooperative, member, form), partial="form", status=400)


urlpatterns = [
    path("k/<slug:slug>/anggota/<int:member_id>/simpanan/", member_savings, name="savings"),
]
