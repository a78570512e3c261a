"""The public directory of cooperatives and each cooperative's public profile. No login needed."""

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.dates import MONTHS
from django.views.decorators.http import require_GET
from django_htmx.http import push_url

from simpul.coops.public_forms import DirectoryFilterForm
from simpul.coops.selectors.public import directory_search, public_cooperative, public_networks, public_outlets
from simpul.core.identifiers import whatsapp_number

DIRECTORY_PER_PAGE = 20


def filter_query(cleaned: dict[str, Any], names: tuple[str, ...]) -> str:
    """The non-empty filters as a query string, without the page: what pagination links and shared URLs carry."""
    return urlencode([(name, cleaned[name]) for name in names if cleaned.get(name)])


def wants_fragment(request: HttpRequest) -> bool:
    """An HTMX request that swaps part of the page (not a history restore, which needs the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]


def render_list(request: HttpRequest, template: str, partial: str, context: dict[str, Any], url: str) -> HttpResponse:
    """The whole page, or only the list fragment for HTMX with the clean shareable URL pushed."""
    status = 400 if context.get("form") is not None and context["form"].errors else 200
    if wants_fragment(request):
        response = render(request, f"{template}#{partial}", context, status=status)
        push_url(response, url)
    else:
        response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET)
    page = None
    query = ""
    if form.is_valid():
        data = form.cleaned_data
        page = directory_search(
            query=data["cari"],
            region_code=data["wilayah"],
            type=data["jenis"],
            page=data["halaman"] or 1,
            per_page=DIRECTORY_PER_PAGE,
        )
        query = filter_query(data, ("cari", "wilayah", "jenis"))
    url = reverse("coops:directory") + (f"?{query}" if query else "")
    if page is not None and page.number > 1:
        url += f"{'&' if query else '?'}halaman={page.number}"
    context = {
        "form": form,
        "page": page,
        "region": form.region,
        "filter_query": query,
        "list_url": reverse("coops:directory"),
    }
    return render_list(request, "coops/public/directory.html", "results", context, url)


@require_GET
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = public_cooperative(slug)
    return render(
        request,
        "coops/public/profile.html",
        {
            "cooperative": cooperative,
            "outlets": public_outlets(cooperative),
            "networks": public_networks(cooperative),
            "whatsapp_digits": whatsapp_number(cooperative.whatsapp) if cooperative.whatsapp else "",
            "fiscal_month": MONTHS.get(cooperative.fiscal_year_start_month, ""),
        },
    )


urlpatterns = [
    path("koperasi/", directory, name="directory"),
    path("koperasi/<slug:slug>/", profile, name="cooperative_profile"),
]
