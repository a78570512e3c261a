"""The cashier's desk (kasir) under /k/<slug>/kasir/: find a member (name, number, phone, the card's QR), record a
savings deposit (a withdrawal only when the manager allows it for this cashier), hand or send the receipt, and the
day's own transactions with the closing total. Nothing of the books or of the register beyond that.

Managers use the same desk (they may do everything a cashier may) and set, per cashier, whether withdrawals are
allowed (/k/<slug>/kasir/izin/). Supervisors and members get 403: the desk moves money.
"""

import datetime
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from simpul.coops.access import access_cooperative
from simpul.coops.forms import DateInput, Form
from simpul.coops.models import Cooperative, RoleKind
from simpul.coops.views.workspace import actor, done, manager_access
from simpul.core.audit import client_ip
from simpul.core.exports import download_name, pdf_response
from simpul.core.models import User
from simpul.members.cashier.receipts import share_context, shared_transaction_get
from simpul.members.cashier.selectors import (
    cashier_day,
    cashier_member_search,
    cashier_transaction_get,
    may_withdraw,
)
from simpul.members.cashier.services import cashier_permission_set, cashier_roles
from simpul.members.models import CashierPermission, SavingsTransaction
from simpul.members.savings.selectors import savings_transaction_get
from simpul.members.savings.views import (
    receipt_context,
    recorded_message,
    savings_form_blank,
    savings_form_context,
    savings_form_response,
    savings_post,
)
from simpul.members.services import access_member

DESK_ROLES = frozenset({RoleKind.MANAGER, RoleKind.CASHIER})
HOME_TEMPLATE = "members/cashier/home.html"
MEMBER_TEMPLATE = "members/cashier/member.html"


def desk_access(request: HttpRequest, slug: str) -> tuple[Cooperative, bool]:
    """The cooperative (404 if not the person's, 403 for a supervisor or a member) and whether they act as its
    manager here (a manager may do everything at the desk; a cashier what the manager allows)."""
    cooperative, _role = access_cooperative(actor(request), slug, DESK_ROLES)
    kinds = {r.kind for r in getattr(request, "roles", []) if r.cooperative_id == cooperative.pk}
    return cooperative, RoleKind.MANAGER in kinds


def _may_withdraw(cooperative: Cooperative, user: User, is_manager: bool) -> bool:
    return is_manager or may_withdraw(cooperative, user)


def _desk_transaction(
    cooperative: Cooperative, user: User, is_manager: bool, transaction_id: int
) -> SavingsTransaction:
    """A manager opens any transaction of the cooperative; a cashier only those they recorded (others: 404)."""
    if is_manager:
        return savings_transaction_get(cooperative, transaction_id)
    return cashier_transaction_get(cooperative, user, transaction_id)


# --- the desk: finding a member ----------------------------------------------------------------------------


@login_required
@require_GET
def cashier_home(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, is_manager = desk_access(request, slug)
    search = cashier_member_search(cooperative, request.GET.get("q", ""))
    live = bool(getattr(request, "htmx", False))
    if search.exact is not None and not live:
        # A card scanned (the scanner types its QR text and Enter) or a member number: straight to the member.
        return redirect("members:cashier_member", cooperative.slug, search.exact.pk)
    context = {
        "cooperative": cooperative,
        "is_manager": is_manager,
        "search": search,
        "day": cashier_day(cooperative, actor(request), cooperative.today()),
    }
    template = f"{HOME_TEMPLATE}#results" if live else HOME_TEMPLATE
    return render(request, template, context)


# --- the desk: one member ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def cashier_member(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    cooperative, is_manager = desk_access(request, slug)
    member = access_member(cooperative, member_id)
    allowed = _may_withdraw(cooperative, actor(request), is_manager)
    action = reverse("members:cashier_member", args=[cooperative.slug, member.pk])
    extra = {"savings_action": action, "is_manager": is_manager}
    if request.method != "POST":
        context = savings_form_context(cooperative, member, savings_form_blank(cooperative), may_withdraw=allowed)
        return render(request, MEMBER_TEMPLATE, {**context, **extra})
    posted = savings_post(request, cooperative, member, may_withdraw=allowed)
    if posted.saved is not None:
        url = reverse("members:cashier_receipt", args=[cooperative.slug, posted.saved.pk])
        return done(request, url, recorded_message(posted.saved))
    context = {**savings_form_context(cooperative, member, posted.form, may_withdraw=allowed), **extra}
    return savings_form_response(request, MEMBER_TEMPLATE, context, posted)


# --- receipts ------------------------------------------------------------------------------------------------


@login_required
@require_GET
def cashier_receipt(request: HttpRequest, slug: str, transaction_id: int) -> HttpResponse:
    cooperative, is_manager = desk_access(request, slug)
    row = _desk_transaction(cooperative, actor(request), is_manager, transaction_id)
    context = {**receipt_context(cooperative, row), **share_context(row), "desk": True}
    return render(request, "members/receipt.html", context)


@login_required
@require_GET
def cashier_receipt_pdf(request: HttpRequest, slug: str, transaction_id: int) -> HttpResponse:
    cooperative, is_manager = desk_access(request, slug)
    row = _desk_transaction(cooperative, actor(request), is_manager, transaction_id)
    context = receipt_context(cooperative, row)
    filename = download_name("bukti", context["number"], cooperative.slug, extension="pdf")
    return pdf_response(request, "members/receipt_print.html", context, filename, inline=True)


@require_GET
def receipt_shared(request: HttpRequest, token: str) -> HttpResponse:
    """The receipt a member opens from the WhatsApp message: no login, a signed link that expires (receipts.py)."""
    row = shared_transaction_get(token)
    context = {**receipt_context(row.cooperative, row), "shared": True}
    return render(request, "members/receipt_shared.html", context)


# --- the day's own transactions -------------------------------------------------------------------------------


class DayForm(forms.Form):
    tanggal = forms.DateField(required=False, widget=DateInput())


def _day(request: HttpRequest, cooperative: Cooperative) -> datetime.date:
    """The day asked for (?tanggal=2026-12-03), today in the cooperative's zone otherwise; never a future day."""
    form = DayForm(request.GET)
    today = cooperative.today()
    day = form.cleaned_data.get("tanggal") if form.is_valid() else None
    return min(day or today, today)


def _day_context(request: HttpRequest, slug: str) -> dict[str, Any]:
    cooperative, is_manager = desk_access(request, slug)
    user = actor(request)
    day = _day(request, cooperative)
    return {
        "cooperative": cooperative,
        "is_manager": is_manager,
        "cashier": user,
        "day": cashier_day(cooperative, user, day),
        "is_today": day == cooperative.today(),
        "day_form": DayForm(initial={"tanggal": day}),
    }


@login_required
@require_GET
def cashier_day_page(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "members/cashier/day.html", _day_context(request, slug))


@login_required
@require_GET
def cashier_day_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    context = _day_context(request, slug)
    cooperative = context["cooperative"]
    filename = download_name("kas-harian", cooperative.slug, context["day"].day.isoformat(), extension="pdf")
    return pdf_response(request, "members/cashier/day_print.html", context, filename, inline=True)


# --- the manager's page: what each cashier may do -----------------------------------------------------------


class CashierPermissionForm(Form):
    user = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    may_withdraw = forms.BooleanField(label=gettext_lazy("May pay out withdrawals"), required=False)


@login_required
@require_http_methods(["GET", "POST"])
def cashier_permissions(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = manager_access(request, slug)
    if request.method == "POST":
        form = CashierPermissionForm(request.POST)
        if form.is_valid():
            permission = cashier_permission_set(
                cooperative=cooperative,
                actor=actor(request),
                user_id=form.cleaned_data["user"],
                may_withdraw=form.cleaned_data["may_withdraw"],
                ip_address=client_ip(request),
            )
            words = {"name": permission.user.full_name}
            if permission.may_withdraw:
                message = _("%(name)s may now pay out withdrawals.") % words
            else:
                message = _("%(name)s may now record deposits only.") % words
            return done(request, reverse("members:cashier_permissions", args=[cooperative.slug]), message)
    allowed = set(
        CashierPermission.objects.filter(cooperative=cooperative, may_withdraw=True).values_list("user_id", flat=True)
    )
    cashiers = [(role.user, role.user_id in allowed) for role in cashier_roles(cooperative)]
    return render(
        request,
        "members/cashier/permissions.html",
        {"cooperative": cooperative, "cashiers": cashiers},
        status=400 if request.method == "POST" else 200,
    )


urlpatterns = [
    path("k/<slug:slug>/kasir/", cashier_home, name="cashier_home"),
    path("k/<slug:slug>/kasir/anggota/<int:member_id>/", cashier_member, name="cashier_member"),
    path("k/<slug:slug>/kasir/bukti/<int:transaction_id>/", cashier_receipt, name="cashier_receipt"),
    path("k/<slug:slug>/kasir/bukti/<int:transaction_id>/pdf/", cashier_receipt_pdf, name="cashier_receipt_pdf"),
    path("k/<slug:slug>/kasir/hari-ini/", cashier_day_page, name="cashier_day"),
    path("k/<slug:slug>/kasir/hari-ini/pdf/", cashier_day_pdf, name="cashier_day_pdf"),
    path("k/<slug:slug>/kasir/izin/", cashier_permissions, name="cashier_permissions"),
    path("bukti/<str:token>/", receipt_shared, name="receipt_shared"),
]
