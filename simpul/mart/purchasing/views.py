"""The mart's purchasing pages: suppliers (what the mart owes each; invoices, payments, returns), purchase orders
(draft → sent → partly received → received, or cancelled; print/PDF) and goods receipts (against an order or without
one; good, damaged and short units).

Managers read and write; supervisors read (403 on any write); cashiers and members get 403."""

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from simpul.coops.access import READ_ROLES
from simpul.coops.models import Cooperative
from simpul.coops.selectors.paging import LookaheadPaginator, page_number
from simpul.coops.views.workspace import actor, done, is_refusal, manager_access, workspace_access
from simpul.core.amount_fields import parse_rupiah
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.exports import pdf_response
from simpul.ledger import chart
from simpul.mart.models import PurchaseOrder, PurchaseOrderStatus
from simpul.mart.purchasing.forms import TypedReceiptLine, receipt_form, receipt_line_inputs, typed_receipt_lines
from simpul.mart.purchasing.selectors import (
    OrderLineRow,
    goods_receipt_detail,
    goods_receipts,
    order_form_lines,
    order_total,
    product_unit_choices,
    purchase_order_detail,
    purchase_orders,
    supplier_detail,
    supplier_invoices,
    supplier_payments,
    supplier_receipts,
    supplier_returns,
    suppliers,
    uninvoiced_receipts,
)
from simpul.mart.purchasing.services import (
    OrderLineInput,
    ReceiptLineInput,
    goods_receipt_record,
    purchase_order_create,
    purchase_order_transition,
    supplier_create,
    supplier_invoice_record,
    supplier_payment_record,
    supplier_return_record,
    supplier_update,
)
from simpul.mart.stock.selectors import outlets_of

LINE_ROWS = 6
LIST_PAGE_SIZE = 50
MAX_ORDER_LINES = 400  # rows one order form sends at most (the supplier's products and what a search added)


def _refusal(error: ApplicationError) -> str:
    if not is_refusal(error):
        raise error
    return error.message


def _rupiah(raw: str | None) -> Any:
    """An amount typed as people write it ("100.000", "1.500,50", "100000"): the Decimal, or the text as it came
    when it is no amount (the service refuses it with its message)."""
    text = (raw or "").strip()
    if not text:
        return text
    parsed = parse_rupiah(text)
    return parsed if parsed is not None else text


def _page(request: HttpRequest) -> int:
    """`?halaman=`: the page of a list (anything unreadable is the first)."""
    return page_number(request.GET.get("halaman"))


def _split_choice(raw: str) -> tuple[str, str | None]:
    """ "12:3" → ("12", "3"); "12" → ("12", None)."""
    product_id, _colon, unit_id = raw.partition(":")
    return product_id, unit_id or None


# --- suppliers --------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def suppliers_page(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    error = None
    if request.method == "POST":
        cooperative = manager_access(request, slug)
        try:
            supplier = supplier_create(
                cooperative=cooperative,
                actor=actor(request),
                data={k: request.POST.get(k, "") for k in ("name", "phone", "address")},
                ip_address=client_ip(request),
            )
            return done(
                request,
                reverse("mart:supplier", args=[slug, supplier.pk]),
                _("Supplier %(name)s added.") % {"name": supplier.name},
            )
        except ApplicationError as refused:
            error = _refusal(refused)
    page = LookaheadPaginator(suppliers(cooperative).order_by("name", "id"), LIST_PAGE_SIZE).page(_page(request))
    context = {
        "cooperative": cooperative,
        "can_edit": can_edit,
        "page": page,
        "suppliers": list(page.object_list),
        "error": error,
        "posted": request.POST if error else {},
    }
    return render(request, "mart/purchasing/suppliers.html", context, status=400 if error else 200)


SUPPLIER_ACTIONS = ("edit", "invoice", "payment", "return")


def _supplier_action(request: HttpRequest, cooperative: Cooperative, supplier_id: int, action: str) -> str:
    """Run one of the supplier page's forms; returns the message to show after it."""
    user, ip = actor(request), client_ip(request)
    post = request.POST
    if action == "edit":
        supplier_update(
            cooperative=cooperative,
            actor=user,
            supplier_id=supplier_id,
            data={k: post.get(k, "") for k in ("name", "phone", "address")},
            ip_address=ip,
        )
        return _("Supplier saved.")
    if action == "invoice":
        invoice = supplier_invoice_record(
            cooperative=cooperative,
            actor=user,
            supplier_id=supplier_id,
            number=post.get("number", ""),
            date=post.get("date", ""),
            due_on=post.get("due_on", ""),
            amount=_rupiah(post.get("amount")),
            receipt_ids=post.getlist("receipt_ids"),
            ip_address=ip,
        )
        return _("Invoice %(number)s recorded.") % {"number": invoice.number}
    if action == "payment":
        supplier_payment_record(
            cooperative=cooperative,
            actor=user,
            supplier_id=supplier_id,
            amount=_rupiah(post.get("amount")),
            from_account=post.get("from_account", ""),
            date=post.get("date", ""),
            invoice_id=post.get("invoice_id", ""),
            ip_address=ip,
        )
        return _("Payment recorded.")
    if action == "return":
        supplier_return_record(
            cooperative=cooperative,
            actor=user,
            outlet_id=post.get("outlet_id", ""),  # type: ignore[arg-type]
            supplier_id=supplier_id,
            reason=post.get("reason", ""),
            lines=[(post.get("product_id", ""), post.get("quantity", ""))],
            ip_address=ip,
        )
        return _("Return to the supplier recorded.")
    raise ApplicationError(_("Unknown action."), code="invalid")


@login_required
@require_http_methods(["GET", "POST"])
def supplier_page(request: HttpRequest, slug: str, supplier_id: int) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    error, action = None, ""
    if request.method == "POST":
        cooperative = manager_access(request, slug)
        action = request.POST.get("action", "")
        supplier_detail(cooperative, supplier_id)  # 404 first
        try:
            message = _supplier_action(request, cooperative, supplier_id, action)
            return done(request, reverse("mart:supplier", args=[slug, supplier_id]), message)
        except ApplicationError as refused:
            error = _refusal(refused)
    supplier = supplier_detail(cooperative, supplier_id)
    context: dict[str, Any] = {
        "cooperative": cooperative,
        "can_edit": can_edit,
        "supplier": supplier,
        "receipts": supplier_receipts(cooperative, supplier),
        "invoices": supplier_invoices(cooperative, supplier),
        "payments": supplier_payments(cooperative, supplier),
        "returns": supplier_returns(cooperative, supplier),
        "uninvoiced": uninvoiced_receipts(cooperative, supplier) if can_edit else [],
        "outlets": outlets_of(cooperative),
        "products": product_unit_choices(cooperative) if can_edit else [],
        "accounts": [(chart.CASH, _("Cash")), (chart.BANK, _("Bank"))],
        "today": cooperative.today(),
        "error": error,
        "action": action,
    }
    return render(request, "mart/purchasing/supplier.html", context, status=400 if error else 200)


# --- purchase orders --------------------------------------------------------------------------------------------


@login_required
@require_GET
def orders_page(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    status = request.GET.get("status", "")
    if status not in PurchaseOrderStatus.values:
        status = ""
    page = LookaheadPaginator(purchase_orders(cooperative, status=status), LIST_PAGE_SIZE).page(_page(request))
    context = {
        "cooperative": cooperative,
        "can_edit": can_edit,
        "page": page,
        "orders": list(page.object_list),
        "query": urlencode({"status": status}) if status else "",
        "status": status,
        "statuses": PurchaseOrderStatus.choices,
    }
    return render(request, "mart/purchasing/orders.html", context)


def _typed_lines(request: HttpRequest) -> list[tuple[str, str, str]]:
    """The order form's lines as typed: (product and unit "12:3", quantity, price per unit). The form sends a row
    per listed product (`line_product`, `line_quantity`, `line_unit_cost`, in step); `product_<n>`,
    `quantity_<n>`, `unit_cost_<n>` (n < LINE_ROWS) are read too, as the form sent them before."""
    post = request.POST
    lines = []
    for index in range(LINE_ROWS):
        choice = post.get(f"product_{index}", "").strip()
        quantity = post.get(f"quantity_{index}", "").strip()
        if choice or quantity:
            lines.append((choice, quantity, post.get(f"unit_cost_{index}", "").strip()))
    choices, quantities, costs = (post.getlist(f"line_{name}") for name in ("product", "quantity", "unit_cost"))
    for index, choice in enumerate(choices[:MAX_ORDER_LINES]):
        quantity = quantities[index].strip() if index < len(quantities) else ""
        cost = costs[index].strip() if index < len(costs) else ""
        lines.append((choice.strip(), quantity, cost))
    return lines


def _order_lines(typed: list[tuple[str, str, str]]) -> list[OrderLineInput]:
    """The lines to order: those with a quantity (a listed product left empty is not ordered)."""
    lines = []
    for choice, quantity, cost in typed:
        if quantity:
            product_id, unit_id = _split_choice(choice)
            lines.append(
                OrderLineInput(product_id=product_id, unit_id=unit_id, quantity=quantity, unit_cost=_rupiah(cost))
            )
    return lines


def _chosen(raw: str, choices: list[Any]) -> Any:
    """The object of `choices` whose pk is `raw` (None when there is none)."""
    return next((item for item in choices if str(item.pk) == raw), None)


@login_required
@require_http_methods(["GET", "POST"])
def order_new_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Draw up a purchase order: choose the supplier and the outlet (`?pemasok=`, `?gerai=`), then fill in the
    quantities of the supplier's products, the reorder suggestions filled in already; `action=search` adds the
    products a search (`cari`) finds, keeping what is typed. Lines left without a quantity are not ordered."""
    cooperative = manager_access(request, slug)
    outlets = outlets_of(cooperative)
    supplier_list = list(suppliers(cooperative).only("id", "name"))
    post = request.POST
    error = None
    if request.method == "POST":
        supplier = _chosen(post.get("supplier_id", ""), supplier_list)
        outlet = _chosen(post.get("outlet_id", ""), outlets)
    else:
        raw_supplier, raw_outlet = request.GET.get("pemasok", ""), request.GET.get("gerai", "")
        supplier = _chosen(raw_supplier, supplier_list)
        outlet = _chosen(raw_outlet, outlets) if raw_outlet else (outlets[0] if outlets else None)
        if (raw_supplier and supplier is None) or (raw_outlet and outlet is None):
            raise NotFoundError.plain()
    typed: list[tuple[str, str, str]] | None = None
    search = ""
    page = page_number(request.GET.get("halaman"))
    if request.method == "POST":
        typed = _typed_lines(request)
        page = page_number(post.get("halaman") or post.get("halaman_ini"))
        if post.get("action") == "search":
            search = post.get("cari", "").strip()[:100]
        elif not post.get("halaman"):  # the page buttons turn the page; the others save
            try:
                order = purchase_order_create(
                    cooperative=cooperative,
                    actor=actor(request),
                    outlet_id=post.get("outlet_id", ""),  # type: ignore[arg-type]
                    supplier_id=post.get("supplier_id", ""),  # type: ignore[arg-type]
                    lines=_order_lines(typed),
                    expected_on=post.get("expected_on", ""),
                    note=post.get("note", ""),
                    ip_address=client_ip(request),
                )
                return done(
                    request,
                    reverse("mart:purchase_order", args=[slug, order.pk]),
                    _("Purchase order %(number)s drawn up.") % {"number": order.number},
                )
            except ApplicationError as refused:
                error = _refusal(refused)
    form = order_form_lines(cooperative, supplier, outlet, typed=typed, search=search, page=page) if supplier else None
    context = {
        "cooperative": cooperative,
        "outlets": outlets,
        "outlet": outlet,
        "suppliers": supplier_list,
        "supplier": supplier,
        "form": form,
        "rows": form.rows if form else [],
        "found": set(form.found) if form else set(),
        "search": search,
        "searched": bool(search),
        "posted": post if request.method == "POST" else {},
        "error": error,
    }
    return render(request, "mart/purchasing/order_new.html", context, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def order_page(request: HttpRequest, slug: str, order_id: int) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    error = None
    if request.method == "POST":
        cooperative = manager_access(request, slug)
        try:
            order = purchase_order_transition(
                cooperative=cooperative,
                actor=actor(request),
                order_id=order_id,
                to_status=request.POST.get("status", ""),
                ip_address=client_ip(request),
            )
            return done(
                request,
                reverse("mart:purchase_order", args=[slug, order_id]),
                _("Purchase order %(number)s is now %(status)s.")
                % {"number": order.number, "status": PurchaseOrderStatus(order.status).label},
            )
        except ApplicationError as refused:
            error = _refusal(refused)
    order, lines = purchase_order_detail(cooperative, order_id)
    context = {
        "cooperative": cooperative,
        "can_edit": can_edit,
        "order": order,
        "lines": lines,
        "total": order_total(lines),
        "receipts": list(order.receipts.filter(cooperative=cooperative).order_by("created_at")),
        "can_send": order.status == PurchaseOrderStatus.DRAFT,
        "can_receive": order.status in (PurchaseOrderStatus.SENT, PurchaseOrderStatus.PARTLY_RECEIVED),
        "can_cancel": order.status
        in (PurchaseOrderStatus.DRAFT, PurchaseOrderStatus.SENT, PurchaseOrderStatus.PARTLY_RECEIVED),
        "error": error,
    }
    return render(request, "mart/purchasing/order.html", context, status=400 if error else 200)


@login_required
@require_GET
def order_pdf(request: HttpRequest, slug: str, order_id: int) -> HttpResponse:
    cooperative, _can_edit = workspace_access(request, slug, READ_ROLES)
    order, lines = purchase_order_detail(cooperative, order_id)
    context = {"cooperative": cooperative, "order": order, "lines": lines, "total": order_total(lines)}
    return pdf_response(request, "mart/purchasing/order_print.html", context, f"{order.number}.pdf", inline=True)


# --- goods receipts ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def receipts_page(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    page = LookaheadPaginator(goods_receipts(cooperative), LIST_PAGE_SIZE).page(_page(request))
    context = {
        "cooperative": cooperative,
        "can_edit": can_edit,
        "page": page,
        "receipts": list(page.object_list),
    }
    return render(request, "mart/purchasing/receipts.html", context)


def _receipt_lines(request: HttpRequest, with_order: bool, typed: list[TypedReceiptLine]) -> list[ReceiptLineInput]:
    post = request.POST
    if with_order:
        lines = []
        for key in post:
            if key.startswith("received_"):
                line_id = key.removeprefix("received_")
                lines.append(
                    ReceiptLineInput(
                        order_line_id=line_id,
                        quantity=post.get(key, "").strip() or "0",
                        damaged=post.get(f"damaged_{line_id}", "").strip() or "0",
                        unit_cost=_rupiah(post.get(f"unit_cost_{line_id}")) or None,
                    )
                )
        return lines
    return [ReceiptLineInput(**fields) for fields in receipt_line_inputs(typed, _rupiah)]


@login_required
@require_http_methods(["GET", "POST"])
def receipt_new_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Receive goods: ?pesanan=<id> against an order (its open lines, what is still ordered filled in), or without
    one (a supplier, then the products picked by a search: `action=search` adds what `cari` finds by name, SKU or
    barcode and keeps what is typed). Rows left without units are not received."""
    cooperative = manager_access(request, slug)
    raw_order = request.GET.get("pesanan", "")
    order: PurchaseOrder | None = None
    order_lines: list[OrderLineRow] = []
    if raw_order:
        order, order_lines = purchase_order_detail(cooperative, int(raw_order) if raw_order.isdigit() else 0)
    post = request.POST
    error = None
    search = ""
    typed: list[TypedReceiptLine] = []
    if request.method == "POST":
        typed = typed_receipt_lines(post) if order is None else []
        if order is None and post.get("action") == "search":
            search = post.get("cari", "").strip()[:100]
        else:
            try:
                receipt = goods_receipt_record(
                    cooperative=cooperative,
                    actor=actor(request),
                    outlet_id=order.outlet_id if order else post.get("outlet_id", ""),  # type: ignore[arg-type]
                    supplier_id=None if order else post.get("supplier_id", ""),  # type: ignore[arg-type]
                    order_id=order.pk if order else None,
                    lines=_receipt_lines(request, order is not None, typed),
                    delivery_note=post.get("delivery_note", ""),
                    ip_address=client_ip(request),
                )
                return done(
                    request,
                    reverse("mart:goods_receipt", args=[slug, receipt.pk]),
                    _("Goods receipt %(number)s recorded.") % {"number": receipt.number},
                )
            except ApplicationError as refused:
                error = _refusal(refused)
    supplier_list = list(suppliers(cooperative).only("id", "name"))
    # The supplier the select shows (the first by default): its last costs fill in the prices.
    supplier = _chosen(post.get("supplier_id", "") or request.GET.get("pemasok", ""), supplier_list) or (
        supplier_list[0] if supplier_list else None
    )
    form = receipt_form(cooperative, supplier, typed, search=search) if order is None else None
    context = {
        "cooperative": cooperative,
        "order": order,
        "order_lines": [row for row in order_lines if row.short > 0],
        "outlets": outlets_of(cooperative),
        "suppliers": supplier_list,
        "supplier": supplier,
        "form": form,
        "found": set(form.found) if form else set(),
        "search": search,
        "searched": bool(search),
        "posted": post if request.method == "POST" else {},
        "error": error,
    }
    return render(request, "mart/purchasing/receipt_new.html", context, status=400 if error else 200)


@login_required
@require_GET
def receipt_page(request: HttpRequest, slug: str, receipt_id: int) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    receipt, lines = goods_receipt_detail(cooperative, receipt_id)
    context = {"cooperative": cooperative, "can_edit": can_edit, "receipt": receipt, "lines": lines}
    return render(request, "mart/purchasing/receipt.html", context)


urlpatterns = [
    path("k/<slug:slug>/mart/pemasok/", suppliers_page, name="suppliers"),
    path("k/<slug:slug>/mart/pemasok/<int:supplier_id>/", supplier_page, name="supplier"),
    path("k/<slug:slug>/mart/pesanan/", orders_page, name="purchase_orders"),
    path("k/<slug:slug>/mart/pesanan/baru/", order_new_page, name="purchase_order_new"),
    path("k/<slug:slug>/mart/pesanan/<int:order_id>/", order_page, name="purchase_order"),
    path("k/<slug:slug>/mart/pesanan/<int:order_id>/pdf/", order_pdf, name="purchase_order_pdf"),
    path("k/<slug:slug>/mart/penerimaan/", receipts_page, name="goods_receipts"),
    path("k/<slug:slug>/mart/penerimaan/baru/", receipt_new_page, name="goods_receipt_new"),
    path("k/<slug:slug>/mart/penerimaan/<int:receipt_id>/", receipt_page, name="goods_receipt"),
]
