"""Belanja Bareng pages of the supplier's staff, under /pemasok/belanja-bareng/: its purchase orders, one order with
what goes to which cooperative, the confirmation (all or part, and the delivery date), and the order as PDF and
Excel."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, DecimalField, ExpressionWrapper, F, OuterRef, Subquery, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from simpul.coops.access import access_supplier
from simpul.coops.models import Supplier
from simpul.coops.views.workspace import actor, done
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.jointbuy import documents
from simpul.jointbuy.forms import ConfirmForm
from simpul.jointbuy.models import ItemStatus, Round, RoundItem, RoundStatus, RoundSupplier
from simpul.jointbuy.services.suppliers import supplier_order_confirm, supplier_order_get

LIST_LIMIT = 100


def _supplier(request: HttpRequest) -> Supplier:
    supplier, _role = access_supplier(actor(request))
    return supplier


@login_required
@require_GET
def orders(request: HttpRequest) -> HttpResponse:
    supplier = _supplier(request)
    items = (
        RoundItem.objects.filter(round_supplier=OuterRef("pk"), status=ItemStatus.ORDERED)
        .order_by()
        .values("round_supplier")
    )
    value = ExpressionWrapper(
        F("ordered_cases") * F("case_size") * F("price"), output_field=DecimalField(max_digits=30, decimal_places=5)
    )
    found = (
        RoundSupplier.objects.filter(supplier=supplier)
        .exclude(order_number="")
        .select_related("round__network")
        .annotate(
            item_count=Subquery(items.annotate(n=Count("pk")).values("n")),
            cases=Subquery(items.annotate(n=Sum("ordered_cases")).values("n")),
            value=Subquery(items.annotate(v=Sum(value)).values("v")),
        )
        .order_by("-ordered_at", "-pk")[:LIST_LIMIT]
    )
    rows = list(found)
    waiting = [row for row in rows if row.confirmed_at is None and row.round.status == RoundStatus.CLOSED]
    return render(
        request, "jointbuy/supplier_orders.html", {"supplier": supplier, "orders": rows, "waiting": len(waiting)}
    )


def _order_context(request: HttpRequest, order: RoundSupplier, form: ConfirmForm | None = None) -> dict[str, Any]:
    document = documents.order_document(order)
    can_confirm = order.confirmed_at is None and order.round.status == RoundStatus.CLOSED
    items = [line.item for line in document.lines]
    link = request.build_absolute_uri(reverse("jointbuy:supplier_order", args=[order.pk]))
    return {
        "supplier": order.supplier,
        "order": order,
        "round": order.round,
        "document": document,
        "can_confirm": can_confirm,
        "form": form or (ConfirmForm(items=items) if can_confirm else None),
        "whatsapp": documents.whatsapp_link(document, link),
    }


def _order(supplier: Supplier, round_supplier_id: int) -> RoundSupplier:
    order = supplier_order_get(supplier, round_supplier_id)
    order.supplier = supplier
    # The document names the network: read it with the round, once.
    order.round = Round.objects.select_related("network").get(pk=order.round_id)
    return order


@login_required
@require_http_methods(["GET", "POST"])
def order(request: HttpRequest, round_supplier_id: int) -> HttpResponse:
    supplier = _supplier(request)
    found = _order(supplier, round_supplier_id)
    template = "jointbuy/supplier_order.html"
    if request.method != "POST":
        return render(request, template, _order_context(request, found))
    items = list(RoundItem.objects.filter(round_supplier=found, status=ItemStatus.ORDERED).order_by("position", "pk"))
    form = ConfirmForm(request.POST, items=items)
    if form.is_valid():
        try:
            supplier_order_confirm(
                supplier=supplier,
                actor=actor(request),
                round_supplier_id=found.pk,
                confirmed=form.confirmed(),
                delivery_date=form.cleaned_data.get("delivery_date"),
                ip_address=client_ip(request),
            )
        except NotFoundError:
            raise
        except ApplicationError as error:
            field = str(error.extra.get("field") or "")
            if field.startswith("items.") and f"item_{field[6:]}" in form.fields:
                form.add_error(f"item_{field[6:]}", error.message)
            elif field in form.fields:
                form.add_error(field, error.message)
            else:
                form.add_error(None, error.message)
        else:
            return done(
                request,
                reverse("jointbuy:supplier_order", args=[found.pk]),
                _("Purchase order %(number)s is confirmed.") % {"number": found.order_number},
            )
    return render(request, template, _order_context(request, found, form), status=400)


@login_required
@require_GET
def order_pdf(request: HttpRequest, round_supplier_id: int) -> HttpResponse:
    document = documents.order_document(_order(_supplier(request), round_supplier_id))
    return documents.order_pdf_response(request, document)


@login_required
@require_GET
def order_xlsx(request: HttpRequest, round_supplier_id: int) -> HttpResponse:
    document = documents.order_document(_order(_supplier(request), round_supplier_id))
    return documents.order_xlsx_response(document)


urlpatterns = [
    path("pemasok/belanja-bareng/", orders, name="supplier_orders"),
    path("pemasok/belanja-bareng/<int:round_supplier_id>/", order, name="supplier_order"),
    path("pemasok/belanja-bareng/<int:round_supplier_id>/pdf/", order_pdf, name="supplier_order_pdf"),
    path("pemasok/belanja-bareng/<int:round_supplier_id>/xlsx/", order_xlsx, name="supplier_order_xlsx"),
]
