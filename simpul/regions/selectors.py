"""Reads over regions: lookup and the search behind every region picker."""

import re
from collections.abc import Iterable

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Lower

from simpul.regions.models import Region, RegionLevel

_ABBREVIATIONS = {"kab": "kabupaten", "kec": "kecamatan", "kel": "kelurahan", "prov": "provinsi"}
# Words naming a kind of region rather than a region: they narrow the kind, they are not part of the name.
_KIND_WORDS = {"kabupaten", "kota", "kecamatan", "kelurahan", "desa", "provinsi", "distrik"}
# How the packages spell a regency's or city's full name in front of its base name ("Kota Bandung").
_REGENCY_PREFIXES = ("kabupaten ", "kota ", "kabupaten administrasi ", "kota administrasi ")
_NOISE = re.compile(r"[^a-z0-9' ]+")
_CODE = re.compile(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?")


def region_get(code: str) -> Region | None:
    return Region.objects.filter(code=code).first()


def _terms(query: str) -> list[str]:
    words = _NOISE.sub(" ", query.lower()).split()
    return [_ABBREVIATIONS.get(w, w) for w in words]


def _nearness(near: str) -> Case:
    """0 in the district of `near` (a village code, usually the cooperative's), 1 in its regency, 2 in its
    province, 3 elsewhere: the picker of a Bandung cooperative lists Kota Bandung's Sukarasa before Bogor's."""
    parts = near.split(".")
    whens = []
    for rank, depth in ((0, 3), (1, 2), (2, 1)):
        if len(parts) >= depth:
            prefix = ".".join(parts[:depth])
            whens.append(When(Q(code=prefix) | Q(code__startswith=prefix + "."), then=Value(rank)))
    return Case(*whens, default=Value(3), output_field=IntegerField())


def region_search(
    query: str, *, level: int | None = None, within: str | None = None, near: str | None = None, limit: int = 20
) -> list[Region]:
    """Regions whose name matches every word of `query` ("kab. bogor", "bandung"), best match first.

    Ranking: a region whose own name is the query ("bandung" → Kota Bandung, Kabupaten Bandung, the districts
    and villages called Bandung), then names with a word starting with each term ("Bandung Barat", "Sumur
    Bandung"), then any other match ("Kabandungan"); within a rank, higher levels before lower, then by name.
    `within` keeps results inside a region subtree (a Dinas picking villages of its own regency). `near` (a region
    code, the cooperative's village) puts its district's matches first, then its regency's, then its province's,
    then the rest; the name ranking orders each of those groups."""
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
    name_terms = [t for t in terms if t not in _KIND_WORDS]
    if name_terms:
        base = " ".join(name_terms)
        # search_text always starts with the kind word, so " term" marks the start of a word in the name.
        word_starts = Q()
        for term in name_terms:
            word_starts &= Q(search_text__contains=" " + term)
        qs = qs.alias(lower_name=Lower("name")).annotate(
            rank=Case(
                When(Q(lower_name=base), then=Value(0)),
                When(Q(level=RegionLevel.REGENCY, lower_name__in=[p + base for p in _REGENCY_PREFIXES]), then=Value(0)),
                When(word_starts, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        order = ["rank", "level", "name", "code"]
    else:
        order = ["level", "name", "code"]
    if near:
        qs = qs.annotate(nearness=_nearness(near))
        order.insert(0, "nearness")
    return list(qs.order_by(*order)[:limit])


def is_region_code(code: str) -> bool:
    """The dotted Kemendagri form: 32, 32.73, 32.73.01 or 32.73.01.1001."""
    return bool(_CODE.fullmatch(code))


def region_children(code: str | None) -> QuerySet[Region]:
    if not code:
        return Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code")
    return Region.objects.filter(parent_id=code).order_by("name")


def region_ancestors(region: Region) -> list[Region]:
    codes = region.ancestor_codes()
    found = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return [found[c] for c in codes if c in found]


def villages_named(names: Iterable[str], *, province_code: str) -> dict[str, list[Region]]:
    """The villages of a province called by each of `names` (compared in lower case), in one query whatever the
    number of names: {lower-case name: [villages, by code]}. A member file of 5,000 rows names its villages here
    once, not row by row."""
    wanted = sorted({name.lower() for name in names if name})
    if not wanted or not province_code:
        return {}
    found: dict[str, list[Region]] = {}
    villages = (
        Region.objects.filter(level=RegionLevel.VILLAGE, province_code=province_code)
        .alias(lower_name=Lower("name"))
        .filter(lower_name__in=wanted)
        .order_by("code")
    )
    for village in villages:
        found.setdefault(village.name.lower(), []).append(village)
    return found


def regency_villages(regency_code: str) -> QuerySet[Region]:
    """The villages of a regency/city by district then name: the list a member file's template carries."""
    return Region.objects.filter(level=RegionLevel.VILLAGE, regency_code=regency_code).order_by("district_code", "name")
