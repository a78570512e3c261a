"""The manager's sales pages (/k/<slug>/mart/penjualan/): a day's sales, those waiting for review, one sale whole
with its void and return links, and the review of a sale that arrived with problems.

Managers and supervisors read every sale; a cashier reads their own (to find a sale to void or reprint)."""

import datetime as dt
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from simpul.coops.access import STAFF_ROLES, access_cooperative
from simpul.coops.models import Outlet, RoleKind
from simpul.coops.selectors.paging import LookaheadPaginator, page_number
from simpul.coops.views.workspace import actor, done
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.mart.sales.review import sale_review
from simpul.mart.sales.selectors import PAGE_SIZE, SalesFilter, sale_get, sales_list, sales_to_review_count


def _day(text: str, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(text) if text else default
    except ValueError:
        return default


def _outlet_id(text: str) -> int | None:
    return int(text) if text.isdigit() else None


@login_required
@require_GET
def sales_page(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, role = access_cooperative(actor(request), slug, STAFF_ROLES)
    chosen = SalesFilter(
        day=_day(request.GET.get("tanggal", ""), cooperative.today()),
        outlet_id=_outlet_id(request.GET.get("outlet", "")),
        to_review=request.GET.get("tinjau") == "1",
        number=request.GET.get("nomor", "")[:40],
        cashier_id=request.user.pk if role.kind == RoleKind.CASHIER else None,
    )
    found = sales_list(cooperative, chosen)
    page = LookaheadPaginator(found, PAGE_SIZE).page(page_number(request.GET.get("halaman")))
    kept = (
        ("tanggal", request.GET.get("tanggal", "")[:10]),
        ("outlet", chosen.outlet_id or ""),
        ("tinjau", "1" if chosen.to_review else ""),
        ("nomor", chosen.number),
    )
    # The day's total over every page: one aggregate, not the sum of the rows shown.
    day_total = found.filter(status="completed").order_by().aggregate(total=Sum("total"))["total"] or 0
    context = {
        "cooperative": cooperative,
        "sales": list(page.object_list),
        "page": page,
        "query": urlencode([(k, v) for k, v in kept if v]),
        "chosen": chosen,
        "outlets": Outlet.objects.filter(cooperative=cooperative).order_by("name"),
        "to_review": sales_to_review_count(cooperative) if role.kind != RoleKind.CASHIER else 0,
        "day_total": day_total,
    }
    return render(request, "mart/sales/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def sale_page(request: HttpRequest, slug: str, sale_id: int) -> HttpResponse:
    user = actor(request)
    cooperative, role = access_cooperative(user, slug, STAFF_ROLES)
    if request.method == "POST":
        cooperative, role = access_cooperative(user, slug, {RoleKind.MANAGER})  # only a manager reviews: 403
    sale = sale_get(cooperative, sale_id)
    if role.kind == RoleKind.CASHIER and sale.cashier_id != user.pk:
        raise NotFoundError.plain()
    error = ""
    if request.method == "POST":
        try:
            sale_review(
                cooperative=cooperative,
                actor=user,
                sale_id=sale.pk,
                note=request.POST.get("note", ""),
                ip_address=client_ip(request),
            )
        except ApplicationError as refused:
            if isinstance(refused, NotFoundError):
                raise
            error = refused.message
        else:
            return done(request, reverse("mart:sale", args=[cooperative.slug, sale.pk]), _("Marked as reviewed."))
    context = {
        "cooperative": cooperative,
        "sale": sale,
        "is_manager": role.kind == RoleKind.MANAGER,
        "is_reader": role.kind in (RoleKind.MANAGER, RoleKind.SUPERVISOR),
        "may_void": role.kind in (RoleKind.MANAGER, RoleKind.CASHIER) and sale.status == "completed",
        "error": error,
    }
    return render(request, "mart/sales/detail.html", context, status=400 if error else 200)


urlpatterns = [
    path("k/<slug:slug>/mart/penjualan/", sales_page, name="sales"),
    path("k/<slug:slug>/mart/penjualan/<int:sale_id>/", sale_page, name="sale"),
]
