"""Staples exchanged between cooperatives, in the mart workspace: /k/<slug>/mart/tukar-pokok/ lists the requests the
mart made and those made of it; a manager asks from the staples page ("Minta"), and the seller's manager accepts
(perhaps fewer units) or refuses with a reason. Supervisors read; cashiers get 403, anyone else 404."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simpul.coops.access import READ_ROLES
from simpul.coops.models import Cooperative
from simpul.coops.views.workspace import actor, done, is_refusal, manager_access, workspace_access
from simpul.core.amount_fields import parse_rupiah
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.mart.models import ExchangeStatus, Staple, StapleExchange
from simpul.mart.network.exchange import (
    exchange_accept,
    exchange_refuse,
    exchange_request,
    held_by,
    mart_outlets,
    shared_network,
)
from simpul.mart.network.exchange_selectors import exchange_get, exchanges_of, own_staple_products, peer

LIST_TEMPLATE = "mart/network/exchange_list.html"
NEW_TEMPLATE = "mart/network/exchange_new.html"
DETAIL_TEMPLATE = "mart/network/exchange_detail.html"


def _int(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 12 else None


def _rupiah(raw: str | None) -> Any:
    """The price as typed on a phone ("13.000", "12.500,50"); what is no amount goes on for the service to refuse."""
    parsed = parse_rupiah(raw or "")
    return parsed if parsed is not None else raw


@login_required
@require_GET
def exchanges_page(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    rows = list(exchanges_of(cooperative))
    return render(
        request,
        LIST_TEMPLATE,
        {
            "cooperative": cooperative,
            "can_edit": can_edit,
            "incoming": [e for e in rows if e.seller_id == cooperative.pk],
            "outgoing": [e for e in rows if e.cooperative_id == cooperative.pk],
        },
    )


def _new_context(cooperative: Cooperative, seller: Cooperative, staple: str, values: dict[str, Any]) -> dict[str, Any]:
    products = own_staple_products(cooperative, staple)
    unit = products[0].base_unit if products else ""
    return {
        "cooperative": cooperative,
        "seller": seller,
        "staple": staple,
        "staple_label": dict(Staple.choices).get(staple, staple),
        "products": products,
        "outlets": mart_outlets(cooperative.pk),
        "held": held_by(seller.pk, staple, unit) if unit else None,
        "unit": unit,
        "values": values,
    }


@login_required
@require_http_methods(["GET", "POST"])
def exchange_new_page(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = manager_access(request, slug)
    source = request.POST if request.method == "POST" else request.GET
    seller_id = _int(source.get("penjual"))
    seller = peer(seller_id) if seller_id else None
    staple = str(source.get("pokok") or "")
    if seller is None or seller.pk == cooperative.pk or not shared_network(cooperative.pk, seller.pk):
        raise NotFoundError.plain()
    if staple not in Staple.values or not staple:
        raise NotFoundError.plain()
    if request.method == "GET":
        return render(request, NEW_TEMPLATE, _new_context(cooperative, seller, staple, {}))
    try:
        exchange = exchange_request(
            cooperative=cooperative,
            actor=actor(request),
            seller_id=seller.pk,
            product_id=request.POST.get("product"),
            outlet_id=request.POST.get("outlet"),
            quantity=request.POST.get("quantity"),
            unit_price=_rupiah(request.POST.get("unit_price")),
            note=request.POST.get("note", ""),
            ip_address=client_ip(request),
        )
    except ApplicationError as error:
        if not is_refusal(error):
            raise
        context = _new_context(cooperative, seller, staple, request.POST.dict())
        return render(request, NEW_TEMPLATE, {**context, "error": error.message}, status=400)
    url = reverse("mart:exchange", args=[cooperative.slug, exchange.pk])
    return done(
        request, url, _("Request %(number)s sent to %(seller)s.") % {"number": exchange.number, "seller": seller.name}
    )


def _detail_context(
    request: HttpRequest, cooperative: Cooperative, exchange: StapleExchange, can_edit: bool
) -> dict[str, Any]:
    incoming = exchange.seller_id == cooperative.pk
    return {
        "cooperative": cooperative,
        "exchange": exchange,
        "incoming": incoming,
        "can_decide": can_edit and incoming and exchange.status == ExchangeStatus.REQUESTED,
        "statuses": ExchangeStatus,
    }


@login_required
@require_GET
def exchange_page(request: HttpRequest, slug: str, exchange_id: int) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    exchange = exchange_get(cooperative, exchange_id)
    return render(request, DETAIL_TEMPLATE, _detail_context(request, cooperative, exchange, can_edit))


def _decide(request: HttpRequest, slug: str, exchange_id: int, accept: bool) -> HttpResponse:
    cooperative = manager_access(request, slug)
    exchange = exchange_get(cooperative, exchange_id)
    if exchange.seller_id != cooperative.pk:
        raise NotFoundError.plain()  # the buyer's managers see the request but only the seller decides
    try:
        if accept:
            exchange = exchange_accept(
                cooperative=cooperative,
                actor=actor(request),
                exchange_id=exchange.pk,
                quantity=request.POST.get("quantity"),
                ip_address=client_ip(request),
            )
            message = _("Request %(number)s accepted: sale %(sale)s recorded.") % {
                "number": exchange.number,
                "sale": exchange.sale.number if exchange.sale else "",
            }
        else:
            exchange = exchange_refuse(
                cooperative=cooperative,
                actor=actor(request),
                exchange_id=exchange.pk,
                reason=request.POST.get("reason", ""),
                ip_address=client_ip(request),
            )
            message = _("Request %(number)s refused.") % {"number": exchange.number}
    except ApplicationError as error:
        if not is_refusal(error):
            raise
        fresh = exchange_get(cooperative, exchange.pk)
        context = _detail_context(request, cooperative, fresh, True)
        context.update(error=error.message, values=request.POST.dict())
        return render(request, DETAIL_TEMPLATE, context, status=400)
    return done(request, reverse("mart:exchange", args=[cooperative.slug, exchange.pk]), message)


@login_required
@require_POST
def exchange_accept_post(request: HttpRequest, slug: str, exchange_id: int) -> HttpResponse:
    return _decide(request, slug, exchange_id, accept=True)


@login_required
@require_POST
def exchange_refuse_post(request: HttpRequest, slug: str, exchange_id: int) -> HttpResponse:
    return _decide(request, slug, exchange_id, accept=False)


urlpatterns: list[URLPattern] = [
    path("k/<slug:slug>/mart/tukar-pokok/", exchanges_page, name="exchanges"),
    path("k/<slug:slug>/mart/tukar-pokok/minta/", exchange_new_page, name="exchange_new"),
    path("k/<slug:slug>/mart/tukar-pokok/<int:exchange_id>/", exchange_page, name="exchange"),
    path("k/<slug:slug>/mart/tukar-pokok/<int:exchange_id>/terima/", exchange_accept_post, name="exchange_accept"),
    path("k/<slug:slug>/mart/tukar-pokok/<int:exchange_id>/tolak/", exchange_refuse_post, name="exchange_refuse"),
]
