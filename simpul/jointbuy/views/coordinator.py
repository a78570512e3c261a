"""Belanja Bareng pages of the network's coordinator, under /jaringan/<slug>/belanja-bareng/: the rounds, the
agreements with suppliers, opening a round, and a round with its totals, commitments, allocations, deliveries,
events and purchase orders (as PDF and Excel too)."""

import mimetypes
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, DecimalField, ExpressionWrapper, F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simpul.coops.access import access_network
from simpul.coops.models import Network, Supplier
from simpul.coops.views.workspace import actor, done
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.forms import add_application_error
from simpul.jointbuy import allocation, documents
from simpul.jointbuy.events import round_event_lines
from simpul.jointbuy.forms import (
    AgreementForm,
    CancelForm,
    RoundForm,
    RoundRows,
    blank_item,
    item_errors,
    round_rows,
)
from simpul.jointbuy.models import (
    Commitment,
    Round,
    RoundItem,
    RoundReceipt,
    RoundStatus,
    RoundSupplier,
    SupplierAgreement,
)
from simpul.jointbuy.selectors import round_item_totals
from simpul.jointbuy.services.agreements import network_today, supplier_agreement_create
from simpul.jointbuy.services.closing import round_close
from simpul.jointbuy.services.rounds import round_cancel, round_create
from simpul.mart.network.selectors import standard_products

LIST_LIMIT = 50  # past rounds on the list page
ROWS_LIMIT = 500  # commitment and allocation rows on a round's page (a big round shows its first ones)
OPEN = (RoundStatus.DRAFT, RoundStatus.OPEN)
WAITING = (RoundStatus.CLOSED, RoundStatus.CONFIRMED)
PAST = (RoundStatus.COMPLETED, RoundStatus.CANCELLED)


def _zone(network: Network) -> str:
    return network.region.timezone


def _network(request: HttpRequest, slug: str) -> Network:
    network, _role = access_network(actor(request), slug)
    return network


def _round(network: Network, round_id: int) -> Round:
    found = Round.objects.filter(network=network, pk=round_id).first()
    if found is None:
        raise NotFoundError.plain()
    return found


def reason_words(reason: str) -> str:
    """An allocation's reason as the network reads it."""
    if reason == allocation.BELOW_MINIMUM:
        return _("the item stayed below the supplier's minimum")
    if reason == allocation.CAPPED:
        return _("the supplier could not deliver all: shared by the round's rule")
    return _("in full")


# --- the rounds ----------------------------------------------------------------------------------------------


def _with_totals(rounds: Any) -> Any:
    items = RoundItem.objects.filter(round=OuterRef("pk")).order_by().values("round")
    value = ExpressionWrapper(
        F("ordered_cases") * F("case_size") * F("price"), output_field=DecimalField(max_digits=30, decimal_places=5)
    )
    return rounds.annotate(
        item_count=Coalesce(Subquery(items.annotate(n=Count("pk")).values("n")), 0),
        cooperative_count=Coalesce(
            Subquery(
                Commitment.objects.filter(round=OuterRef("pk"), quantity__gt=0)
                .order_by()
                .values("round")
                .annotate(n=Count("cooperative", distinct=True))
                .values("n")
            ),
            0,
        ),
        ordered_value=Subquery(items.annotate(v=Sum(value)).values("v")),
    )


@login_required
@require_GET
def rounds(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    base = _with_totals(Round.objects.filter(network=network))
    context = {
        "network": network,
        "open_rounds": list(base.filter(status__in=OPEN).order_by("closes_at", "pk")),
        "waiting_rounds": list(base.filter(status__in=WAITING).order_by("-closes_at", "-pk")),
        "past_rounds": list(base.filter(status__in=PAST).order_by("-closes_at", "-pk")[:LIST_LIMIT]),
        "zone": _zone(network),
    }
    return render(request, "jointbuy/coordinator_rounds.html", context)


# --- agreements ----------------------------------------------------------------------------------------------


def _agreements_context(network: Network, form: AgreementForm) -> dict[str, Any]:
    agreements = SupplierAgreement.objects.filter(network=network).select_related("supplier")
    return {
        "network": network,
        "agreements": list(agreements.order_by("supplier__name", "-signed_on", "pk")),
        "form": form,
        "today": network_today(network),
    }


@login_required
@require_http_methods(["GET", "POST"])
def agreements(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    template = "jointbuy/coordinator_agreements.html"
    if request.method != "POST":
        return render(request, template, _agreements_context(network, AgreementForm()))
    form = AgreementForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            agreement = supplier_agreement_create(
                network=network,
                actor=actor(request),
                supplier_id=data["supplier"].pk,
                number=data["number"],
                signed_on=data["signed_on"],
                valid_until=data.get("valid_until"),
                scope=data.get("scope", ""),
                document=data.get("document"),
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return done(
                request,
                reverse("jointbuy:network_agreements", args=[network.slug]),
                _("Agreement %(number)s with %(supplier)s is recorded.")
                % {"number": agreement.number, "supplier": agreement.supplier.name},
            )
    return render(request, template, _agreements_context(network, form), status=400)


@login_required
@require_GET
def agreement_document(request: HttpRequest, slug: str, agreement_id: int) -> FileResponse:
    network = _network(request, slug)
    agreement = SupplierAgreement.objects.filter(network=network, pk=agreement_id).exclude(document="").first()
    if agreement is None:
        raise NotFoundError.plain()
    name = agreement.document.name or ""
    try:
        handle = agreement.document.open("rb")
    except (FileNotFoundError, ValueError):
        raise NotFoundError.plain() from None
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else "bin"
    filename = f"perjanjian-{agreement.pk}.{extension}"
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


# --- opening a round -----------------------------------------------------------------------------------------


def _new_context(
    network: Network, form: RoundForm, rows: RoundRows, *, suppliers_error: str = "", error: str = ""
) -> dict[str, Any]:
    today = network_today(network)
    agreements = [
        a
        for a in SupplierAgreement.objects.filter(network=network)
        .select_related("supplier")
        .order_by("supplier__name", "-signed_on", "pk")
        if a.valid_until is None or a.valid_until >= today
    ]
    supplier_ids = {a.supplier_id for a in agreements}
    suppliers = list(Supplier.objects.filter(pk__in=supplier_ids).order_by("name").values_list("pk", "name"))
    if not rows.agreement_ids:
        rows.agreement_ids = [str(agreements[0].pk)] if agreements else [""]
    if not rows.items:
        rows.items = [blank_item(1, str(suppliers[0][0]) if len(suppliers) == 1 else "")]
    return {
        "network": network,
        "form": form,
        "rows": rows,
        "agreements": agreements,
        "suppliers": [(str(pk), name) for pk, name in suppliers],
        "standards": [(str(s.pk), s.name) for s in standard_products(network)],
        "suppliers_error": suppliers_error,
        "error": error,
        "new_item": blank_item(0),
        "zone_label": network.region.timezone_label,
    }


def _suppliers_data(network: Network, agreement_ids: list[str]) -> list[dict[str, Any]]:
    ids = [int(value) for value in agreement_ids if value.isdigit() and len(value) < 12]
    found = dict(SupplierAgreement.objects.filter(network=network, pk__in=ids).values_list("pk", "supplier_id"))
    if len(found) != len(agreement_ids):
        raise ApplicationError(
            _("Choose each supplier's agreement from the network's agreements."),
            code="invalid_agreement",
            extra={"field": "suppliers"},
        )
    return [{"supplier_id": found[pk], "agreement_id": pk} for pk in ids]


@login_required
@require_http_methods(["GET", "POST"])
def round_new(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    template = "jointbuy/coordinator_round_new.html"
    if request.method != "POST":
        return render(request, template, _new_context(network, RoundForm(), RoundRows([], [])))
    form = RoundForm(request.POST)
    rows = round_rows(request.POST)
    suppliers_error = error = ""
    if form.is_valid():
        try:
            data = form.service_data(_zone(network))
            data["suppliers"] = _suppliers_data(network, rows.agreement_ids)
            data["items"] = rows.items_data()
            round_ = round_create(network=network, actor=actor(request), data=data, ip_address=client_ip(request))
        except NotFoundError:
            # An item's supplier or standard product that is not the network's: said where it is, not a 404 page.
            error = _("Choose each item's supplier and standard product from the lists.")
        except ApplicationError as refusal:
            field = str(refusal.extra.get("field") or "")
            if field == "suppliers":
                suppliers_error = refusal.message
            elif field == "items" or not item_errors(rows, field, refusal.message):
                if field in form.fields:
                    form.add_error(field, refusal.message)
                else:
                    error = refusal.message
        else:
            return done(
                request,
                reverse("jointbuy:network_round", args=[network.slug, round_.pk]),
                _("Round %(number)s is open for commitments.") % {"number": round_.number},
            )
    context = _new_context(network, form, rows, suppliers_error=suppliers_error, error=error)
    return render(request, template, context, status=400)


# --- a round -------------------------------------------------------------------------------------------------


def _round_context(network: Network, round_: Round, cancel_form: CancelForm | None = None) -> dict[str, Any]:
    totals = round_item_totals(round_)
    commitments = list(
        Commitment.objects.filter(round=round_, quantity__gt=0)
        .select_related("cooperative", "item")
        .order_by("cooperative__name", "cooperative_id", "item__position", "item_id")[:ROWS_LIMIT]
    )
    closed = round_.closed_at is not None
    allocations = []
    deliveries = []
    if closed:
        allocations = [
            (row, reason_words(row.reason))
            for row in Commitment.objects.allocated()
            .filter(round=round_)
            .select_related("cooperative", "item")
            .order_by("cooperative__name", "cooperative_id", "item__position", "item_id")[:ROWS_LIMIT]
        ]
        receipts: dict[int, list[RoundReceipt]] = {}
        for receipt in RoundReceipt.objects.filter(round=round_).select_related("round_supplier__supplier"):
            receipts.setdefault(receipt.cooperative_id, []).append(receipt)
        getting = (
            Commitment.objects.allocated()
            .filter(round=round_, cases__gt=0)
            .order_by("cooperative__name", "cooperative_id")
            .values_list("cooperative_id", "cooperative__name")
            .distinct()[:ROWS_LIMIT]
        )
        deliveries = [(name, receipts.get(pk, [])) for pk, name in getting]
    orders = list(
        RoundSupplier.objects.filter(round=round_)
        .select_related("supplier", "agreement", "confirmed_by")
        .order_by("pk")
    )
    zone = _zone(network)
    return {
        "network": network,
        "round": round_,
        "totals": totals,
        "commitments": commitments,
        "rows_limit": ROWS_LIMIT,
        "allocations": allocations,
        "deliveries": deliveries,
        "orders": orders,
        "events": round_event_lines(round_, zone=zone),
        "can_close": round_.status == RoundStatus.OPEN,
        "can_cancel": round_.status in (RoundStatus.DRAFT, RoundStatus.OPEN, RoundStatus.CLOSED),
        "cancel_form": cancel_form or CancelForm(),
        "zone": zone,
        "zone_label": network.region.timezone_label,
        "limit": round_.default_limit,
    }


@login_required
@require_GET
def round_page(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    network = _network(request, slug)
    round_ = _round(network, round_id)
    return render(request, "jointbuy/coordinator_round.html", _round_context(network, round_))


@login_required
@require_POST
def round_close_post(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    network = _network(request, slug)
    round_ = _round(network, round_id)
    try:
        round_close(network=network, actor=actor(request), round_id=round_.pk, ip_address=client_ip(request))
    except NotFoundError:
        raise
    except ApplicationError as error:
        context = _round_context(network, Round.objects.get(pk=round_.pk))
        context["action_error"] = error.message
        return render(request, "jointbuy/coordinator_round.html", context, status=400)
    return done(
        request,
        reverse("jointbuy:network_round", args=[network.slug, round_.pk]),
        _("The round is closed and its purchase orders are sent."),
    )


@login_required
@require_POST
def round_cancel_post(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    network = _network(request, slug)
    round_ = _round(network, round_id)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            round_cancel(network=network, actor=actor(request), round_id=round_.pk, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return done(
                request,
                reverse("jointbuy:network_round", args=[network.slug, round_.pk]),
                _("The round is cancelled."),
            )
    context = _round_context(network, Round.objects.get(pk=round_.pk), cancel_form=form)
    return render(request, "jointbuy/coordinator_round.html", context, status=400)


def _order(network: Network, round_id: int, round_supplier_id: int) -> RoundSupplier:
    found = (
        RoundSupplier.objects.filter(round__network=network, round_id=round_id, pk=round_supplier_id)
        .exclude(order_number="")
        .select_related("round__network", "supplier")
        .first()
    )
    if found is None:
        raise NotFoundError.plain()
    return found


@login_required
@require_GET
def order_pdf(request: HttpRequest, slug: str, round_id: int, round_supplier_id: int) -> HttpResponse:
    network = _network(request, slug)
    document = documents.order_document(_order(network, round_id, round_supplier_id))
    return documents.order_pdf_response(request, document)


@login_required
@require_GET
def order_xlsx(request: HttpRequest, slug: str, round_id: int, round_supplier_id: int) -> HttpResponse:
    network = _network(request, slug)
    document = documents.order_document(_order(network, round_id, round_supplier_id))
    return documents.order_xlsx_response(document)


PREFIX = "jaringan/<slug:slug>/belanja-bareng/"

urlpatterns = [
    path(PREFIX, rounds, name="network_rounds"),
    path(f"{PREFIX}perjanjian/", agreements, name="network_agreements"),
    path(f"{PREFIX}perjanjian/<int:agreement_id>/dokumen/", agreement_document, name="network_agreement_document"),
    path(f"{PREFIX}baru/", round_new, name="network_round_new"),
    path(f"{PREFIX}<int:round_id>/", round_page, name="network_round"),
    path(f"{PREFIX}<int:round_id>/tutup/", round_close_post, name="network_round_close"),
    path(f"{PREFIX}<int:round_id>/batal/", round_cancel_post, name="network_round_cancel"),
    path(f"{PREFIX}<int:round_id>/po/<int:round_supplier_id>/pdf/", order_pdf, name="network_order_pdf"),
    path(f"{PREFIX}<int:round_id>/po/<int:round_supplier_id>/xlsx/", order_xlsx, name="network_order_xlsx"),
]
