"""The mart's stock pages under /k/<slug>/mart/stok/: the stock list of an outlet (on hand, value, average cost,
minimum, below-minimum flag), a product's stock card, reorder suggestions (one step to a purchase order), transfers
between outlets and stock counts (stock opname) counted on a phone.

Managers read and write; supervisors read (403 on any write); cashiers and members get 403."""

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from simpul.coops.access import READ_ROLES
from simpul.coops.models import Cooperative, Outlet
from simpul.coops.selectors.paging import LookaheadPaginator, page_number
from simpul.coops.views.workspace import actor, done, is_refusal, manager_access, workspace_access
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.mart import error_codes
from simpul.mart.models import Product, StockCountStatus
from simpul.mart.stock.counts import (
    count_product_matches,
    stock_count_cancel,
    stock_count_get,
    stock_count_line_record,
    stock_count_post,
    stock_count_start,
)
from simpul.mart.stock.reorder import purchase_order_from_suggestions, reorder_suggestions
from simpul.mart.stock.selectors import (
    count_variance,
    document_link,
    outlets_of,
    stock_card_moves,
    stock_counts,
    stock_products,
    stock_rows,
    stock_totals,
    stock_transfers,
)
from simpul.mart.stock.transfers import stock_transfer_record, transfer_form, transfer_lines, typed_transfer_lines

LIST_PAGE_SIZE = 50


def _outlet(cooperative: Cooperative, raw: str | None) -> tuple[list[Outlet], Outlet | None]:
    """The cooperative's outlets and the one chosen by ?gerai= (the first by default; another's is 404)."""
    outlets = outlets_of(cooperative)
    if raw:
        chosen = next((o for o in outlets if str(o.pk) == raw), None)
        if chosen is None:
            raise NotFoundError.plain()
        return outlets, chosen
    return outlets, (outlets[0] if outlets else None)


def _page(request: HttpRequest) -> int:
    """`?halaman=`: the page of a list (anything unreadable is the first)."""
    return page_number(request.GET.get("halaman"))


def _base(cooperative: Cooperative, can_edit: bool, outlets: list[Outlet], outlet: Outlet | None) -> dict[str, Any]:
    return {"cooperative": cooperative, "can_edit": can_edit, "outlets": outlets, "outlet": outlet}


@login_required
@require_GET
def stock_list_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The outlet's stock, a page at a time (`?halaman=`), searched by name, SKU or barcode (`?q=`), optionally only
    what is below its minimum (`?minimum=1`); the stock value is the outlet's whole stock, not the page's."""
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    outlets, outlet = _outlet(cooperative, request.GET.get("gerai"))
    q = request.GET.get("q", "").strip()[:100]
    below = request.GET.get("minimum") == "1"
    page = None
    rows: list[Any] = []
    if outlet:
        products = stock_products(cooperative, outlet, search=q, below_minimum=below)
        page = LookaheadPaginator(products, LIST_PAGE_SIZE).page(_page(request))
        rows = stock_rows(cooperative, outlet, page.object_list)
    filters = {"gerai": outlet.pk if outlet and len(outlets) > 1 else "", "q": q, "minimum": "1" if below else ""}
    context = _base(cooperative, can_edit, outlets, outlet) | {
        "rows": rows,
        "page": page,
        "query": urlencode({key: value for key, value in filters.items() if value}),
        "q": q,
        "below": below,
        "total": stock_totals(cooperative, outlet) if outlet else Decimal(0),
    }
    return render(request, "mart/stock/list.html", context)


@login_required
@require_GET
def stock_card_page(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    outlets, outlet = _outlet(cooperative, request.GET.get("gerai"))
    raw = request.GET.get("produk", "")
    product = (
        Product.objects.filter(cooperative=cooperative, pk=int(raw)).first()
        if raw.isdigit() and len(raw) < 12
        else None
    )
    if product is None or outlet is None:
        raise NotFoundError.plain()
    page = LookaheadPaginator(stock_card_moves(cooperative, outlet, product), LIST_PAGE_SIZE).page(
        page_number(request.GET.get("halaman"))
    )
    rows = [{"move": move, "link": document_link(cooperative, move.document)} for move in page.object_list]
    context = _base(cooperative, can_edit, outlets, outlet) | {
        "product": product,
        "rows": rows,
        "page": page,
        "query": urlencode({"gerai": outlet.pk, "produk": product.pk}),
    }
    return render(request, "mart/stock/card.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reorder_page(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    outlets, outlet = _outlet(cooperative, request.GET.get("gerai") or request.POST.get("outlet_id"))
    error = None
    if request.method == "POST":
        cooperative = manager_access(request, slug)
        try:
            if outlet is None:
                raise NotFoundError.plain()
            order = purchase_order_from_suggestions(
                cooperative=cooperative,
                actor=actor(request),
                outlet_id=outlet.pk,
                supplier_id=request.POST.get("supplier_id", ""),  # type: ignore[arg-type]
                ip_address=client_ip(request),
            )
            return done(
                request,
                reverse("mart:purchase_order", args=[cooperative.slug, order.pk]),
                _("Purchase order %(number)s drawn up.") % {"number": order.number},
            )
        except ApplicationError as refused:
            if not is_refusal(refused):
                raise
            error = refused.message
    rows = reorder_suggestions(cooperative, outlet) if outlet else []
    suppliers: dict[int, str] = {}
    for row in rows:
        if row.supplier_id:
            suppliers[row.supplier_id] = row.supplier_name
    # The suggestions are computed whole (the one-step order takes all of a supplier's); the page shows a part.
    page = Paginator(rows, LIST_PAGE_SIZE).get_page(_page(request))
    context = _base(cooperative, can_edit, outlets, outlet) | {
        "rows": list(page.object_list),
        "page": page,
        "query": urlencode({"gerai": outlet.pk}) if outlet and len(outlets) > 1 else "",
        "suggested": len(rows),
        "suppliers": sorted(suppliers.items(), key=lambda item: item[1]),
        "error": error,
    }
    return render(request, "mart/stock/reorder.html", context, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def transfers_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Move goods between two outlets: the products are picked by a search (`action=search` adds what `cari` finds by
    name, SKU or barcode and keeps what is typed); rows left without a quantity are not moved."""
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    post = request.POST
    error = None
    search = ""
    typed: list[tuple[str, str]] = []
    if request.method == "POST":
        cooperative = manager_access(request, slug)
        typed = typed_transfer_lines(post)
        if post.get("action") == "search":
            search = post.get("cari", "").strip()[:100]
        else:
            try:
                transfer = stock_transfer_record(
                    cooperative=cooperative,
                    actor=actor(request),
                    from_outlet_id=post.get("from_outlet_id", ""),  # type: ignore[arg-type]
                    to_outlet_id=post.get("to_outlet_id", ""),  # type: ignore[arg-type]
                    lines=transfer_lines(typed),
                    note=post.get("note", ""),
                    ip_address=client_ip(request),
                )
                return done(
                    request,
                    reverse("mart:stock_transfers", args=[cooperative.slug]),
                    _("Transfer %(number)s recorded.") % {"number": transfer.pk},
                )
            except ApplicationError as refused:
                if not is_refusal(refused):
                    raise
                error = refused.message
    page = LookaheadPaginator(stock_transfers(cooperative).order_by("-created_at", "-id"), LIST_PAGE_SIZE).page(
        _page(request)
    )
    outlets = outlets_of(cooperative)
    source = next((o for o in outlets if str(o.pk) == post.get("from_outlet_id", "")), outlets[0] if outlets else None)
    target = next((o for o in outlets if str(o.pk) == post.get("to_outlet_id", "")), None)
    if target is None and len(outlets) > 1:
        target = outlets[1]
    form = transfer_form(cooperative, source.pk if source else None, typed, search=search) if can_edit else None
    context = {
        "cooperative": cooperative,
        "can_edit": can_edit,
        "outlets": outlets,
        "source": source,
        "target": target,
        "page": page,
        "transfers": list(page.object_list),
        "form": form,
        "found": set(form.found) if form else set(),
        "search": search,
        "searched": bool(search),
        "error": error,
        "posted": post if request.method == "POST" else {},
    }
    return render(request, "mart/stock/transfers.html", context, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def counts_page(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    error = None
    if request.method == "POST":
        cooperative = manager_access(request, slug)
        try:
            count = stock_count_start(
                cooperative=cooperative,
                actor=actor(request),
                outlet_id=request.POST.get("outlet_id", ""),  # type: ignore[arg-type]
                note=request.POST.get("note", ""),
                ip_address=client_ip(request),
            )
            return redirect("mart:stock_count", cooperative.slug, count.pk)
        except ApplicationError as refused:
            if not is_refusal(refused):
                raise
            error = refused.message
    page = LookaheadPaginator(stock_counts(cooperative), LIST_PAGE_SIZE).page(_page(request))
    context = {
        "cooperative": cooperative,
        "can_edit": can_edit,
        "outlets": outlets_of(cooperative),
        "page": page,
        "counts": list(page.object_list),
        "error": error,
    }
    return render(request, "mart/stock/counts.html", context, status=400 if error else 200)


COUNT_ACTIONS = ("count", "post", "cancel")


@login_required
@require_http_methods(["GET", "POST"])
def count_page(request: HttpRequest, slug: str, count_id: int) -> HttpResponse:
    """The counting page: scan a barcode or type a name or SKU (`action=search` shows the products it names, never
    the whole catalogue), type what is on the shelf (again replaces), see the variance, post or cancel. Products not
    counted are left as they are. A text that names no product exactly is not counted until one is chosen."""
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    post = request.POST
    error, counted = None, None
    matches: list[Product] = []
    searched = False
    if request.method == "POST":
        cooperative = manager_access(request, slug)
        action = post.get("action", "count")
        code = post.get("code", "").strip()[:100]
        product_id = post.get("product_id", "").strip()
        try:
            if action == "post":
                stock_count_post(
                    cooperative=cooperative, actor=actor(request), count_id=count_id, ip_address=client_ip(request)
                )
                return done(request, reverse("mart:stock_count", args=[slug, count_id]), _("Stock count posted."))
            if action == "cancel":
                stock_count_cancel(
                    cooperative=cooperative, actor=actor(request), count_id=count_id, ip_address=client_ip(request)
                )
                return done(request, reverse("mart:stock_counts", args=[slug]), _("Stock count cancelled."))
            if action == "search":
                stock_count_get(cooperative, count_id)  # another cooperative's count: 404
                matches, _exact = count_product_matches(cooperative, code)
                searched = True
            else:
                if not product_id and code:
                    found, exact = count_product_matches(cooperative, code)
                    if found and not exact:
                        matches = found
                        raise ApplicationError(
                            _("%(text)s is not a barcode or SKU: choose the product counted.") % {"text": code},
                            code=error_codes.REQUIRED,
                            extra={"field": "product_id"},
                        )
                counted = stock_count_line_record(
                    cooperative=cooperative,
                    actor=actor(request),
                    count_id=count_id,
                    product_id=product_id,
                    code=code[:40],
                    counted=post.get("counted", ""),
                    ip_address=client_ip(request),
                )
        except ApplicationError as refused:
            if not is_refusal(refused) and refused.code != error_codes.UNKNOWN_BARCODE:
                raise
            error = refused.message
            if not matches and product_id.isdigit() and len(product_id) < 12:
                matches = list(Product.objects.filter(cooperative=cooperative, pk=int(product_id)))
    count = stock_count_get(cooperative, count_id)
    chosen = post.get("product_id", "") if counted is None else ""
    if len(matches) == 1:
        chosen = str(matches[0].pk)
    context = {
        "cooperative": cooperative,
        "can_edit": can_edit,
        "count": count,
        "is_open": count.status == StockCountStatus.OPEN,
        "rows": count_variance(cooperative, count),
        "matches": matches,
        "chosen": chosen,
        "searched": searched,
        "typed": post if request.method == "POST" and counted is None else {},
        "counted": counted,
        "error": error,
    }
    return render(request, "mart/stock/count.html", context, status=400 if error else 200)


urlpatterns = [
    path("k/<slug:slug>/mart/stok/", stock_list_page, name="stock_list"),
    path("k/<slug:slug>/mart/stok/kartu/", stock_card_page, name="stock_card"),
    path("k/<slug:slug>/mart/stok/pesan-ulang/", reorder_page, name="stock_reorder"),
    path("k/<slug:slug>/mart/stok/transfer/", transfers_page, name="stock_transfers"),
    path("k/<slug:slug>/mart/stok/opname/", counts_page, name="stock_counts"),
    path("k/<slug:slug>/mart/stok/opname/<int:count_id>/", count_page, name="stock_count"),
]
