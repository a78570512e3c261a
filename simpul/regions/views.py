"""The region picker: an HTMX search box that fills a hidden code field."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from simpul.regions.confirmation import outside_regency
from simpul.regions.models import RegionLevel
from simpul.regions.selectors import is_region_code, region_search


@require_GET
def picker_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    level = request.GET.get("level")
    within = request.GET.get("within") or None
    # The cooperative's village: its district, regency and province come first; a village elsewhere is marked.
    near = request.GET.get("near", "").strip()
    near = near if is_region_code(near) else ""
    target = request.GET.get("target", "region")
    found = (
        region_search(query, level=int(level) if level and level.isdigit() else None, within=within, near=near or None)
        if len(query) >= 2
        else []
    )
    results = [(r, r.level == RegionLevel.VILLAGE and outside_regency(r.code, near)) for r in found]
    return render(
        request,
        "regions/picker_results.html",
        {"results": results, "query": query, "target": target},
    )
