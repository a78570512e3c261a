"""Reads over regions: lookup and the search behind every region picker."""

import re

from django.db.models import Q, QuerySet

from simpul.regions.models import Region, RegionLevel

_ABBREVIATIONS = {"kab": "kabupaten", "kec": "kecamatan", "kel": "kelurahan", "prov": "provinsi"}
_NOISE = re.compile(r"[^a-z0-9' ]+")


def region_get(code: str) -> Region | None:
    return Region.objects.filter(code=code).first()


def _terms(query: str) -> list[str]:
    words = _NOISE.sub(" ", query.lower()).split()
    return [_ABBREVIATIONS.get(w, w) for w in words]


def region_search(query: str, *, level: int | None = None, within: str | None = None, limit: int = 20) -> list[Region]:
    """Regions whose name matches every word of `query` ("kab. bogor", "bandung"), higher levels first.

    `within` keeps results inside a region subtree (a Dinas picking villages of its own regency)."""
    terms = _terms(query)
    if not terms:
        return []
    qs: QuerySet[Region] = Region.objects.all()
    for term in terms:
        qs = qs.filter(search_text__contains=term)
    if level is not None:
        qs = qs.filter(level=level)
    if within:
        qs = qs.filter(Q(code=within) | Q(code__startswith=within + "."))
    return list(qs.order_by("level", "name", "code")[:limit])


def region_children(code: str | None) -> QuerySet[Region]:
    if not code:
        return Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code")
    return Region.objects.filter(parent_id=code).order_by("name")


def region_ancestors(region: Region) -> list[Region]:
    codes = region.ancestor_codes()
    found = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return [found[c] for c in codes if c in found]
