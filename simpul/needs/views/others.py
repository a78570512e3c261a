"""The needs pages of the other sides: a supplier's staff (/pemasok/kebutuhan/…) see the stock needs of the regions
and networks they serve and pledge to them; a network's coordinators (/jaringan/<slug>/kebutuhan/…) follow their
members' needs; anyone reads the public summary (/kebutuhan/…): counts by region and category, no names."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simpul.coops.access import access_network, access_supplier
from simpul.coops.models import Supplier
from simpul.coops.selectors.public import COUNTRY_CODE
from simpul.coops.views.workspace import actor
from simpul.core.exceptions import NotFoundError
from simpul.needs import access, selectors
from simpul.needs.forms import PledgeForm
from simpul.needs.models import Need
from simpul.needs.services.pledges import PLEDGEABLE
from simpul.needs.views.common import detail_context, list_page
from simpul.needs.views.giving import pledge_offered, pledge_stepped, quantity_left
from simpul.regions.models import Region, RegionLevel

# --- the supplier ----------------------------------------------------------------------------------------------------


def _supplier(request: HttpRequest) -> Supplier:
    supplier, _role = access_supplier(actor(request))
    return supplier


@login_required
@require_GET
def supplier_needs(request: HttpRequest) -> HttpResponse:
    supplier = _supplier(request)
    needs = access.needs_of_supplier(supplier).filter(status__in=PLEDGEABLE)
    context = {
        "supplier": supplier,
        "page": list_page(request, needs),
        "pledges": selectors.pledges_of(supplier_id=supplier.pk)[:50],
    }
    return render(request, "needs/supplier_needs.html", context)


def _supplier_page(
    request: HttpRequest, supplier: Supplier, need: Need, form: PledgeForm | None, status: int = 200
) -> HttpResponse:
    takes = need.status in PLEDGEABLE
    context = detail_context(
        need,
        supplier=supplier,
        side="supplier",
        can_edit=True,
        pledge_form=(form or PledgeForm(initial={"quantity": quantity_left(need)})) if takes else None,
        pledge_url=reverse("needs:supplier_need", args=[need.pk]),
        giver_supplier_id=supplier.pk,
    )
    return render(request, "needs/need_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def supplier_need(request: HttpRequest, need_id: int) -> HttpResponse:
    supplier = _supplier(request)
    need = access.need_of_supplier(supplier, need_id)
    if request.method != "POST":
        return _supplier_page(request, supplier, need, None)
    return pledge_offered(
        request,
        need,
        giver={"supplier": supplier},
        sent_to=reverse("needs:supplier_need", args=[need.pk]),
        page_again=lambda form: _supplier_page(request, supplier, need, form, status=400),
    )


@login_required
@require_POST
def supplier_pledge_step(request: HttpRequest, pledge_id: int) -> HttpResponse:
    """Send or withdraw one of the supplier's pledges."""
    supplier = _supplier(request)
    back = reverse("needs:supplier_needs")
    return pledge_stepped(
        request,
        pledge_id,
        giver={"supplier": supplier},
        next_url=lambda _pledge: back,
        refused_context={"supplier": supplier, "back_url": back},
    )


# --- the network's coordinators --------------------------------------------------------------------------------------


@login_required
@require_GET
def network_needs(request: HttpRequest, slug: str) -> HttpResponse:
    network, _role = access_network(actor(request), slug)
    needs = access.needs_of_network(network)
    group = request.GET.get("keadaan", "terbuka")
    group = group if group in selectors.STATUS_GROUPS else ""
    context = {
        "network": network,
        "group": group,
        "page": list_page(request, selectors.filtered(needs, selectors.NeedFilters(group=group))),
        "levels": selectors.service_levels(needs),
    }
    return render(request, "needs/network_needs.html", context)


@login_required
@require_GET
def network_need(request: HttpRequest, slug: str, need_id: int) -> HttpResponse:
    network, _role = access_network(actor(request), slug)
    need = access.need_of_network(network, need_id)
    return render(request, "needs/need_detail.html", detail_context(need, network=network, side="network"))


# --- the public summary ----------------------------------------------------------------------------------------------


@require_GET
def public_summary(request: HttpRequest, region_code: str = COUNTRY_CODE) -> HttpResponse:
    """Counts of needs by region one level down and by category, with how fast they are answered: no cooperative,
    person or description is named."""
    region = None
    if region_code != COUNTRY_CODE:
        region = Region.objects.filter(code=region_code).first()
        if region is None:
            raise NotFoundError.plain()
    needs = selectors.public_needs(region)
    now = timezone.now()
    trail: list[tuple[str, str]] = [(COUNTRY_CODE, _("Indonesia"))]
    if region is not None:
        codes = [*region.ancestor_codes(), region.code]
        names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
        trail += [(code, names.get(code, code)) for code in codes]
    context: dict[str, Any] = {
        "region": region,
        "region_name": region.name if region else _("Indonesia"),
        "trail": trail,
        "levels": selectors.service_levels(needs, now=now),
        "categories": selectors.category_counts(needs, now=now),
        "regions": selectors.by_child_region(needs, region=region, now=now),
        "drills": region is None or region.level < RegionLevel.DISTRICT,
    }
    return render(request, "needs/public_summary.html", context)


urlpatterns = [
    path("pemasok/kebutuhan/", supplier_needs, name="supplier_needs"),
    path("pemasok/kebutuhan/<int:need_id>/", supplier_need, name="supplier_need"),
    path("pemasok/kebutuhan/tawaran/<int:pledge_id>/", supplier_pledge_step, name="supplier_pledge_step"),
    path("jaringan/<slug:slug>/kebutuhan/", network_needs, name="network_needs"),
    path("jaringan/<slug:slug>/kebutuhan/<int:need_id>/", network_need, name="network_need"),
    path("kebutuhan/", public_summary, name="public_summary"),
    path("kebutuhan/<str:region_code>/", public_summary, name="public_region_summary"),
]
