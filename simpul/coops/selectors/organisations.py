"""Reads behind the organisation API: cooperatives by region/type/status/name, outlets, offices, suppliers.

Lists return unevaluated querysets (the API pages them); every one loads what its schema shows in a fixed
number of queries. A dissolved cooperative is not public, as in the directory.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from simpul.coops import error_codes
from simpul.coops.models import Cooperative, GovernmentOffice, Outlet, Supplier
from simpul.coops.selectors.public import cooperatives_in_region, cooperatives_named, public_cooperatives
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.regions.selectors import is_region_code


def _region_code(raw: str, *, field: str = "region") -> str:
    code = raw.strip()
    if not is_region_code(code):
        raise ApplicationError(
            _("“%(code)s” is not a Kemendagri region code (use the dotted form, e.g. 32.73.01.1001).") % {"code": code},
            code=error_codes.INVALID_REGION,
            extra={"field": field},
        )
    return code


def _ancestors_and_self(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def cooperative_list(*, region: str = "", type: str = "", status: str = "", query: str = "") -> QuerySet[Cooperative]:
    """Public cooperatives, by name (case-insensitive, the same on SQLite and PostgreSQL). `region` is a code
    of any level, matched on the copied ancestor codes."""
    qs = public_cooperatives().filter(cooperatives_in_region(region, field="region"))
    if type:
        qs = qs.filter(type=type)
    if status:
        qs = qs.filter(status=status)
    return qs.filter(cooperatives_named(query)).select_related("village").order_by("search_name", "id")


def outlet_list(cooperative: Cooperative) -> QuerySet[Outlet]:
    return Outlet.objects.filter(cooperative=cooperative).select_related("village").order_by("name", "id")


def office_list(*, region: str = "", kind: str = "") -> QuerySet[GovernmentOffice]:
    """Offices: the ministry, then provinces, then regencies and cities. `region` keeps the offices that
    oversee it (the ministry and the offices of the region and its ancestors)."""
    qs = GovernmentOffice.objects.select_related("region")
    if region.strip():
        code = _region_code(region)
        qs = qs.filter(Q(region__isnull=True) | Q(region_id__in=_ancestors_and_self(code)))
    if kind:
        qs = qs.filter(kind=kind)
    # The kinds sort ministry < province < regency, widest scope first.
    return qs.order_by("kind", "name", "id")


def office_get(slug: str) -> GovernmentOffice:
    office = GovernmentOffice.objects.select_related("region").filter(slug=slug).first()
    if office is None:
        raise NotFoundError.plain()
    return office


def supplier_list(*, region: str = "", query: str = "") -> QuerySet[Supplier]:
    """Suppliers by name. `region` keeps those serving it: a region served that contains it or lies inside it."""
    qs = Supplier.objects.all()
    if region.strip():
        code = _region_code(region)
        served = Supplier.regions_served.through.objects.filter(
            Q(region__code__in=_ancestors_and_self(code)) | Q(region__code__startswith=code + ".")
        ).values("supplier_id")
        qs = qs.filter(pk__in=served)
    words = " ".join(query.split())
    if words:
        qs = qs.filter(name__icontains=words)
    return qs.prefetch_related("regions_served").order_by("name", "id")


def supplier_get(slug: str) -> Supplier:
    supplier = Supplier.objects.prefetch_related("regions_served").filter(slug=slug).first()
    if supplier is None:
        raise NotFoundError.plain()
    return supplier
