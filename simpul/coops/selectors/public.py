"""Reads anyone may make: landing-page figures, the public directory and a cooperative's public profile."""

import re

from django.core.paginator import Page
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from simpul.coops import error_codes
from simpul.coops.models import (
    Cooperative,
    CooperativeStatus,
    CooperativeType,
    MembershipStatus,
    Network,
    NetworkMembership,
    Outlet,
)
from simpul.coops.selectors.paging import LookaheadPaginator
from simpul.core.exceptions import ApplicationError, NotFoundError

# "id" names the whole country in Dinas URLs (the ministry's scope).
COUNTRY_CODE = "id"

# The cooperative column that holds a region's code, by how many dotted parts the code has.
_REGION_COLUMN = {1: "province_code", 2: "regency_code", 3: "district_code", 4: "village_id"}
_REGION_CODE = re.compile(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?")

DIRECTORY_LIST_FIELDS = (
    "name",
    "slug",
    "type",
    "is_sharia",
    "status",
    "village",
    "village__name",
    "village__path",
)


def public_statistics() -> dict[str, int]:
    """Live figures for the landing page: two cheap aggregate queries."""
    active = Cooperative.objects.filter(status=CooperativeStatus.ACTIVE).aggregate(
        cooperatives=Count("id"),
        regencies=Count("regency_code", distinct=True),
        provinces=Count("province_code", distinct=True),
    )
    return {
        "cooperatives": active["cooperatives"],
        "regencies": active["regencies"],
        "provinces": active["provinces"],
        "networks": Network.objects.aggregate(n=Count("id"))["n"],
    }


def region_column(region_code: str, *, field: str = "wilayah") -> str | None:
    """The cooperative column to filter on for a region code; None for the whole country.

    Refuses anything that is not a dotted Kemendagri code (the code need not exist: none will match)."""
    code = (region_code or "").strip()
    if code in ("", COUNTRY_CODE):
        return None
    if not _REGION_CODE.fullmatch(code):
        raise ApplicationError(
            _("“%(code)s” is not a Kemendagri region code (use the dotted form, e.g. 32.73.01.1001).") % {"code": code},
            code=error_codes.INVALID_REGION,
            extra={"field": field},
        )
    return _REGION_COLUMN[code.count(".") + 1]


def public_cooperatives() -> QuerySet[Cooperative]:
    """Every cooperative the public may see: all but the dissolved."""
    return Cooperative.objects.exclude(status=CooperativeStatus.DISSOLVED)


def cooperatives_in_region(region_code: str, *, field: str = "wilayah") -> Q:
    """Cooperatives whose copied region codes place them inside `region_code` (any level)."""
    column = region_column(region_code, field=field)
    return Q() if column is None else Q(**{column: region_code.strip()})


def cooperatives_named(words: str | None) -> Q:
    """Cooperatives whose name holds these words as typed (any case, spaces squeezed); all of them when empty.
    search_name is the lower-cased name; a trigram index backs this LIKE on PostgreSQL."""
    squeezed = " ".join((words or "").split()).lower()
    return Q(search_name__contains=squeezed) if squeezed else Q()


def _valid_type(type: str) -> str:
    if type and type not in CooperativeType.values:
        raise ApplicationError(
            _("“%(value)s” is not a cooperative type.") % {"value": type},
            code="invalid_choice",
            extra={"field": "jenis"},
        )
    return type


def directory_queryset(*, query: str = "", region_code: str = "", type: str = "") -> QuerySet[Cooperative]:
    qs = public_cooperatives().filter(cooperatives_in_region(region_code), cooperatives_named(query))
    if _valid_type(type):
        qs = qs.filter(type=type)
    return qs.select_related("village").only(*DIRECTORY_LIST_FIELDS).order_by("search_name", "id")


def directory_search(
    *, query: str = "", region_code: str = "", type: str = "", page: int = 1, per_page: int = 20
) -> Page:
    """One page of the public directory: cooperatives that are not dissolved, ordered by name.

    No COUNT over every match: the page looks one row ahead, and the total (read lazily from
    `page.paginator.count`) stops counting after 1,000."""
    qs = directory_queryset(query=query, region_code=region_code, type=type)
    return LookaheadPaginator(qs, per_page, count_cap=1000).page(page)


def public_cooperative(slug: str) -> Cooperative:
    """A cooperative's public profile; dissolved ones are hidden, with the same 404 as a missing one."""
    cooperative = public_cooperatives().select_related("village").filter(slug=slug).first()
    if cooperative is None:
        raise NotFoundError.plain()
    return cooperative


def public_outlets(cooperative: Cooperative) -> list[Outlet]:
    return list(
        Outlet.objects.filter(cooperative=cooperative, is_active=True).select_related("village").order_by("name", "id")
    )


def public_networks(cooperative: Cooperative) -> list[Network]:
    """The networks the cooperative is an active member of."""
    memberships = (
        NetworkMembership.objects.filter(cooperative=cooperative, status=MembershipStatus.ACTIVE)
        .select_related("network", "network__region")
        .order_by("network__name", "network_id")
    )
    return [m.network for m in memberships]
