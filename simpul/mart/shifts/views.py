"""Pages of the shift (/k/<slug>/mart/shift/): open it with the opening cash and the network's checklist, see the cash
the till should hold, close it with the count and the closing checklist, and the Z report (per shift, printable on
58/80 mm paper, and per outlet and day). Voids and returns of a sale with the manager's PIN live here too, and a
member's kasbon history and a kasbon repayment's receipt.

The desk (manager, cashier) opens, closes, voids and returns; a cashier reads the Z reports of their own shifts,
managers and supervisors every shift's and the outlets' days."""

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simpul.coops.access import READ_ROLES, STAFF_ROLES, access_cooperative
from simpul.coops.models import Cooperative, Outlet, Role, RoleKind
from simpul.coops.selectors.paging import LookaheadPaginator, page_number
from simpul.coops.views.workspace import actor, done
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.forms import add_application_error
from simpul.core.htmx import render_form
from simpul.mart import error_codes
from simpul.mart.models import ChecklistPhase, PaymentMethod, Sale, SaleLine, SaleStatus
from simpul.mart.sales.kasbon import kasbon_balance, kasbon_history, repayment_get
from simpul.mart.sales.returns import sale_return, sale_void
from simpul.mart.shifts.forms import ReturnForm, ShiftCloseForm, ShiftOpenForm, VoidForm
from simpul.mart.shifts.selectors import (
    checklist_for,
    expected_cash,
    open_shift_of,
    shift_get,
    shifts_newest_first,
    z_report_day,
    z_report_shift,
)
from simpul.mart.shifts.services import shift_close, shift_open
from simpul.members.services import access_member

DESK_ROLES = frozenset({RoleKind.MANAGER, RoleKind.CASHIER})
PIN_CODES = {error_codes.WRONG_PIN, error_codes.PIN_LOCKED, error_codes.PIN_NOT_SET}
SHIFT_TEMPLATE = "mart/shifts/shift.html"
Z_TEMPLATE = "mart/shifts/z_report.html"
LIST_TEMPLATE = "mart/shifts/list.html"
LIST_PAGE_SIZE = 50
VOID_TEMPLATE = "mart/shifts/void.html"
RETURN_TEMPLATE = "mart/shifts/return.html"
KASBON_HISTORY_TEMPLATE = "mart/kasbon/history.html"
KASBON_RECEIPT_TEMPLATE = "mart/kasbon/receipt.html"


def _refusal(form: Any, error: ApplicationError) -> None:
    """The PIN's refusals (wrong, locked out, none set) are shown on the form like any other: the person at the till
    types it again; other 403s and 404s go to the middleware's pages."""
    if error.code in PIN_CODES:
        form.add_error("pin" if "pin" in form.fields else None, error.message)
        return
    add_application_error(form, error)


def _ticked(form: Any) -> list[str]:
    return list(form.cleaned_data.get("checklist") or [])


def _shift_context(cooperative: Cooperative, user: Any, **forms: Any) -> dict[str, Any]:
    shift = open_shift_of(cooperative, user)
    is_manager = Role.objects.filter(user=user, cooperative=cooperative, kind=RoleKind.MANAGER, is_active=True).exists()
    context: dict[str, Any] = {"cooperative": cooperative, "shift": shift, "is_manager": is_manager}
    if shift is not None:
        context["expected"] = expected_cash(shift)
        context["close_form"] = forms.get("close_form") or ShiftCloseForm(
            checklist_for(cooperative, ChecklistPhase.CLOSING)
        )
    else:
        outlets = list(Outlet.objects.filter(cooperative=cooperative, is_active=True).order_by("name"))
        context["open_form"] = forms.get("open_form") or ShiftOpenForm(
            outlets, checklist_for(cooperative, ChecklistPhase.OPENING)
        )
    return context


@login_required
@require_http_methods(["GET", "POST"])
def shift_page(request: HttpRequest, slug: str) -> HttpResponse:
    """My shift: the open form, or the open shift with its close form."""
    user = actor(request)
    cooperative, _role = access_cooperative(user, slug, DESK_ROLES)
    if request.method != "POST":
        return render(request, SHIFT_TEMPLATE, _shift_context(cooperative, user))
    outlets = list(Outlet.objects.filter(cooperative=cooperative, is_active=True).order_by("name"))
    form = ShiftOpenForm(outlets, checklist_for(cooperative, ChecklistPhase.OPENING), request.POST)
    if form.is_valid():
        try:
            shift_open(
                cooperative=cooperative,
                actor=user,
                outlet_id=form.cleaned_data["outlet"],
                opening_cash=form.cleaned_data["opening_cash"],
                checklist=_ticked(form),
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            if isinstance(error, NotFoundError):
                raise
            add_application_error(form, error)
        else:
            return done(request, reverse("mart:shift", args=[cooperative.slug]), _("The shift is open."))
    context = _shift_context(cooperative, user, open_form=form)
    if context.get("shift") is not None:  # opened meanwhile (another tab): show it
        context["open_form"] = form
    return render_form(request, SHIFT_TEMPLATE, context, partial="open", status=400)


@login_required
@require_POST
def shift_close_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Close my open shift with the counted cash; then its Z report."""
    user = actor(request)
    cooperative, role = access_cooperative(user, slug, DESK_ROLES)
    shift = open_shift_of(cooperative, user)
    form = ShiftCloseForm(checklist_for(cooperative, ChecklistPhase.CLOSING), request.POST)
    if shift is None:
        form.is_valid()
        form.add_error(None, _("You have no open shift."))
    elif form.is_valid():
        try:
            closed = shift_close(
                cooperative=cooperative,
                actor=user,
                shift_id=shift.pk,
                counted_cash=form.cleaned_data["counted_cash"],
                checklist=_ticked(form),
                note=form.cleaned_data.get("note") or "",
                as_manager=role.kind == RoleKind.MANAGER,
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            if isinstance(error, NotFoundError):
                raise
            add_application_error(form, error)
        else:
            url = reverse("mart:shift_z", args=[cooperative.slug, closed.pk])
            return done(request, url, _("The shift is closed."))
    context = _shift_context(cooperative, user, close_form=form)
    context["close_form"] = form
    return render_form(request, SHIFT_TEMPLATE, context, partial="close", status=400)


def _paper(request: HttpRequest) -> str:
    return "58" if request.GET.get("kertas") == "58" else "80"


@login_required
@require_GET
def shift_z(request: HttpRequest, slug: str, shift_id: int) -> HttpResponse:
    user = actor(request)
    cooperative, role = access_cooperative(user, slug, STAFF_ROLES)
    shift = shift_get(cooperative, shift_id)
    if role.kind == RoleKind.CASHIER and shift.cashier_id != user.pk:
        raise NotFoundError.plain()
    context = {
        "cooperative": cooperative,
        "report": z_report_shift(shift),
        "shift": shift,
        "paper": _paper(request),
    }
    return render(request, Z_TEMPLATE, context)


@login_required
@require_GET
def outlet_z(request: HttpRequest, slug: str, outlet_id: int) -> HttpResponse:
    cooperative, _role = access_cooperative(actor(request), slug, READ_ROLES)
    try:
        day = datetime.date.fromisoformat(request.GET.get("tanggal", ""))
    except ValueError:
        day = cooperative.today()
    context = {
        "cooperative": cooperative,
        "report": z_report_day(cooperative, outlet_id, day),
        "outlet_id": outlet_id,
        "paper": _paper(request),
    }
    return render(request, Z_TEMPLATE, context)


@login_required
@require_GET
def shift_list(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, _role = access_cooperative(actor(request), slug, READ_ROLES)
    page = LookaheadPaginator(shifts_newest_first(cooperative), LIST_PAGE_SIZE).page(
        page_number(request.GET.get("halaman"))
    )
    context = {
        "cooperative": cooperative,
        "page": page,
        "shifts": list(page.object_list),
        "outlets": list(Outlet.objects.filter(cooperative=cooperative).order_by("name")),
        "today": cooperative.today(),
    }
    return render(request, LIST_TEMPLATE, context)


# --- voids and returns -------------------------------------------------------------------------------------


def _sale(cooperative: Cooperative, sale_id: int) -> Sale:
    sale = Sale.objects.filter(cooperative=cooperative, pk=sale_id).select_related("member", "outlet").first()
    if sale is None:
        raise NotFoundError.plain()
    return sale


@login_required
@require_http_methods(["GET", "POST"])
def sale_void_page(request: HttpRequest, slug: str, sale_id: int) -> HttpResponse:
    user = actor(request)
    cooperative, _role = access_cooperative(user, slug, DESK_ROLES)
    sale = _sale(cooperative, sale_id)
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sale_void(
                cooperative=cooperative,
                actor=user,
                sale_id=sale.pk,
                pin=form.cleaned_data["pin"],
                reason=form.cleaned_data["reason"],
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            if isinstance(error, NotFoundError):
                raise
            _refusal(form, error)
        else:
            return done(request, reverse("mart:shift", args=[cooperative.slug]), _("The sale is voided."))
    context = {"cooperative": cooperative, "sale": sale, "form": form, "voided": sale.status == SaleStatus.VOIDED}
    status = 400 if request.method == "POST" else 200
    return render_form(request, VOID_TEMPLATE, context, partial="form", status=status)


def _refund_methods(sale: Sale) -> list[tuple[str, str]]:
    methods = [("", _("As it was paid")), (PaymentMethod.CASH, str(PaymentMethod.CASH.label))]
    if sale.member_id is not None:
        methods += [
            (PaymentMethod.SAVINGS, str(PaymentMethod.SAVINGS.label)),
            (PaymentMethod.KASBON, str(PaymentMethod.KASBON.label)),
        ]
    return methods


@login_required
@require_http_methods(["GET", "POST"])
def sale_return_page(request: HttpRequest, slug: str, sale_id: int) -> HttpResponse:
    user = actor(request)
    cooperative, _role = access_cooperative(user, slug, DESK_ROLES)
    sale = _sale(cooperative, sale_id)
    lines = list(SaleLine.objects.filter(sale=sale).select_related("product").order_by("pk"))
    form = ReturnForm(lines, _refund_methods(sale), request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sale_return(
                cooperative=cooperative,
                actor=user,
                sale_id=sale.pk,
                quantities=form.quantities(),
                pin=form.cleaned_data["pin"],
                reason=form.cleaned_data["reason"],
                refund_method=form.cleaned_data.get("refund_method") or "",
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            if isinstance(error, NotFoundError):
                raise
            _refusal(form, error)
        else:
            return done(request, reverse("mart:shift", args=[cooperative.slug]), _("The return is recorded."))
    rows = [(line, form[name], line.base_quantity - line.returned_quantity) for line, name in form.line_fields]
    context = {"cooperative": cooperative, "sale": sale, "form": form, "rows": rows}
    status = 400 if request.method == "POST" else 200
    return render_form(request, RETURN_TEMPLATE, context, partial="form", status=status)


# --- members' kasbon: a member's history and a repayment's receipt (the list and the repayment form: settings/) ---


@login_required
@require_GET
def kasbon_history_page(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    """A member's kasbon history: sales by kasbon, voids and returns refunded off it, repayments, with what was owed
    after each, the newest first (the staff who see the member's kasbon page)."""
    cooperative, _role = access_cooperative(actor(request), slug, STAFF_ROLES)
    member = access_member(cooperative, member_id)
    history = kasbon_history(cooperative, member, request.GET.get("halaman"))
    context = {
        "cooperative": cooperative,
        "member": member,
        "balance": kasbon_balance(cooperative, member),
        "entries": history.entries,
        "page": history.page,
    }
    return render(request, KASBON_HISTORY_TEMPLATE, context)


@login_required
@require_GET
def kasbon_receipt(request: HttpRequest, slug: str, repayment_id: int) -> HttpResponse:
    """A repayment's receipt, printable on 58/80 mm paper like the Z report."""
    cooperative, _role = access_cooperative(actor(request), slug, STAFF_ROLES)
    repayment = repayment_get(cooperative, repayment_id)
    context = {"cooperative": cooperative, "repayment": repayment, "paper": _paper(request)}
    return render(request, KASBON_RECEIPT_TEMPLATE, context)


urlpatterns = [
    path("k/<slug:slug>/mart/shift/", shift_page, name="shift"),
    path("k/<slug:slug>/mart/shift/tutup/", shift_close_page, name="shift_close"),
    path("k/<slug:slug>/mart/shift/riwayat/", shift_list, name="shifts"),
    path("k/<slug:slug>/mart/shift/<int:shift_id>/z/", shift_z, name="shift_z"),
    path("k/<slug:slug>/mart/laporan-z/<int:outlet_id>/", outlet_z, name="outlet_z"),
    path("k/<slug:slug>/mart/penjualan/<int:sale_id>/batal/", sale_void_page, name="sale_void"),
    path("k/<slug:slug>/mart/penjualan/<int:sale_id>/retur/", sale_return_page, name="sale_return"),
    path("k/<slug:slug>/mart/kasbon/<int:member_id>/riwayat/", kasbon_history_page, name="kasbon_history"),
    path("k/<slug:slug>/mart/kasbon/pembayaran/<int:repayment_id>/", kasbon_receipt, name="kasbon_receipt"),
]
