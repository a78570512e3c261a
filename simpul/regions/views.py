"""The region picker: an HTMX search box that fills a hidden code field."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from simpul.regions.selectors import region_search


@require_GET
def picker_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    level = request.GET.get("level")
    within = request.GET.get("within") or None
    target = request.GET.get("target", "region")
    results = (
        region_search(query, level=int(level) if level and level.isdigit() else None, within=within)
        if len(query) >= 2
        else []
    )
    return render(
        request,
        "regions/picker_results.html",
        {"results": results, "query": query, "target": target},
    )
