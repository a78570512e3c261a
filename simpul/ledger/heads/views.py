"""The books' chain heads where they must be seen (issue 10 §1): a rewrite of a cooperative's whole chain no longer
matches the copies its network and its Dinas hold, so those copies are shown to them and to the cooperative.

- /dinas/<region_code>/kepala-buku/: the Dinas officer's list of the region's cooperatives, each with the latest
  copy the office holds ("belum ada" when none), 50 a page;
- /jaringan/<slug>/kepala-buku/: the same for the network's coordinator, over its active members;
- /k/<slug>/buku/kepala-buku/: the cooperative's managers and supervisors see their current head and every copy
  they have given out (day, holder, entries, hash).

The same 404 for a region, network or cooperative that is not the person's as for one that does not exist;
cashiers and members of the cooperative get 403, as on every page of the books."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from simpul.coops.access import READ_ROLES, access_cooperative, access_network, access_office_by_region
from simpul.coops.selectors.public import COUNTRY_CODE
from simpul.core.exceptions import NotFoundError
from simpul.core.models import User
from simpul.ledger.heads.selectors import (
    books_heads,
    cooperative_copies_page,
    held_heads_page,
    network_cooperatives,
    region_cooperatives_for_heads,
)
from simpul.regions.models import Region

HOLDER_TEMPLATE = "ledger/heads/holder.html"
COOPERATIVE_TEMPLATE = "ledger/heads/cooperative.html"


def _user(request: HttpRequest) -> User:
    assert request.user.is_authenticated
    return request.user


@login_required
@require_GET
def dinas_heads(request: HttpRequest, region_code: str) -> HttpResponse:
    office, _role = access_office_by_region(_user(request), region_code)
    if region_code == COUNTRY_CODE:
        region_name = _("Indonesia")
    else:
        region = Region.objects.filter(code=region_code).only("name").first()
        if region is None:
            raise NotFoundError.plain()
        region_name = region.name
    page = held_heads_page(region_cooperatives_for_heads(region_code), office, page=request.GET.get("halaman"))
    context: dict[str, Any] = {
        "holder_name": office.name,
        "scope_name": region_name,
        "page": page,
        "list_url": reverse("ledger:heads_dinas", args=[region_code]),
        "back_url": reverse("coops:dinas_home", args=[region_code]),
        "back_label": region_name,
    }
    return render(request, HOLDER_TEMPLATE, context)


@login_required
@require_GET
def network_heads(request: HttpRequest, slug: str) -> HttpResponse:
    network, _role = access_network(_user(request), slug)
    page = held_heads_page(network_cooperatives(network), network, page=request.GET.get("halaman"))
    context: dict[str, Any] = {
        "holder_name": network.name,
        "scope_name": network.name,
        "page": page,
        "list_url": reverse("ledger:heads_network", args=[network.slug]),
        "back_url": reverse("coops:network_home", args=[network.slug]),
        "back_label": network.name,
    }
    return render(request, HOLDER_TEMPLATE, context)


@login_required
@require_GET
def cooperative_heads(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    context: dict[str, Any] = {
        "cooperative": cooperative,
        "heads": books_heads(cooperative),
        "page": cooperative_copies_page(cooperative, page=request.GET.get("halaman")),
        "list_url": reverse("ledger:heads", args=[cooperative.slug]),
    }
    return render(request, COOPERATIVE_TEMPLATE, context)


urlpatterns: list[URLPattern] = [
    path("dinas/<str:region_code>/kepala-buku/", dinas_heads, name="heads_dinas"),
    path("jaringan/<slug:slug>/kepala-buku/", network_heads, name="heads_network"),
    path("k/<slug:slug>/buku/kepala-buku/", cooperative_heads, name="heads"),
]
