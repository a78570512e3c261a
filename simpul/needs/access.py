"""Who reaches a need, by side. Each function gives the same 404 for a need that does not exist and for one the
side may not see (DESIGN.md, convention 2).

- The cooperative that posted it: every role of its staff (drafts included).
- A Dinas office whose region holds it (and the URL's region, when the page names one): every need but drafts.
- The coordinators of a network it belongs to, and its fellow network cooperatives: every need but drafts.
- A supplier: the needs for stock or a supplier, not drafts, of cooperatives in the regions it serves or in the
  networks it has an agreement with."""

from typing import Any

from django.db.models import Q, QuerySet

from simpul.coops.hooks import supplier_networks
from simpul.coops.models import Cooperative, GovernmentOffice, MembershipStatus, Network, NetworkMembership, Supplier
from simpul.core.exceptions import NotFoundError
from simpul.needs.models import GOODS_CATEGORIES, Need, NeedStatus
from simpul.regions.models import within


def _key(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFoundError.plain() from None


def _one(needs: QuerySet[Need], need_id: Any) -> Need:
    need = needs.filter(pk=_key(need_id)).select_related("cooperative", "officer", "office").first()
    if need is None:
        raise NotFoundError.plain()
    return need


def need_of_cooperative(cooperative: Cooperative, need_id: Any) -> Need:
    return _one(Need.objects.filter(cooperative=cooperative), need_id)


def in_region(region_code: str) -> Q:
    """Needs of cooperatives in the region ("" or "id": all), on the copied region column of its level."""
    code = (region_code or "").strip()
    if code in ("", "id"):
        return Q()
    column = {2: "province_code", 5: "regency_code", 8: "district_code"}.get(len(code), "village_code")
    return Q(**{column: code})


def needs_of_office(office: GovernmentOffice, region_code: str = "") -> QuerySet[Need]:
    needs = Need.objects.exclude(status=NeedStatus.DRAFT).filter(in_region(office.scope_code))
    return needs.filter(in_region(region_code)) if region_code else needs


def need_of_office(office: GovernmentOffice, need_id: Any, *, region_code: str = "") -> Need:
    need = _one(needs_of_office(office, region_code), need_id)
    if not office.covers(need.village_code) or (
        region_code not in ("", "id") and not within(need.village_code, region_code)
    ):
        raise NotFoundError.plain()
    return need


def member_cooperatives(network_ids: Any) -> QuerySet[NetworkMembership]:
    return NetworkMembership.objects.filter(network_id__in=network_ids, status=MembershipStatus.ACTIVE)


def needs_of_network(network: Network) -> QuerySet[Need]:
    members = member_cooperatives([network.pk]).values("cooperative_id")
    return Need.objects.exclude(status=NeedStatus.DRAFT).filter(cooperative_id__in=members)


def need_of_network(network: Network, need_id: Any) -> Need:
    return _one(needs_of_network(network), need_id)


def needs_of_peers(cooperative: Cooperative) -> QuerySet[Need]:
    """Goods needs of the cooperatives that share an active network with this one (not its own)."""
    networks = member_cooperatives(
        NetworkMembership.objects.filter(cooperative=cooperative, status=MembershipStatus.ACTIVE).values("network_id")
    )
    return (
        Need.objects.exclude(status=NeedStatus.DRAFT)
        .exclude(cooperative=cooperative)
        .filter(category__in=GOODS_CATEGORIES, cooperative_id__in=networks.values("cooperative_id"))
    )


def need_of_peer(cooperative: Cooperative, need_id: Any) -> Need:
    return _one(needs_of_peers(cooperative), need_id)


def needs_of_supplier(supplier: Supplier) -> QuerySet[Need]:
    codes = list(supplier.regions_served.values_list("code", flat=True))
    reach = Q(pk__in=[])
    if codes:
        reach |= (
            Q(province_code__in=codes)
            | Q(regency_code__in=codes)
            | Q(district_code__in=codes)
            | Q(village_code__in=codes)
        )
    networks = supplier_networks(supplier_id=supplier.pk)
    if networks:
        reach |= Q(cooperative_id__in=member_cooperatives(networks).values("cooperative_id"))
    return Need.objects.exclude(status=NeedStatus.DRAFT).filter(reach, category__in=GOODS_CATEGORIES)


def need_of_supplier(supplier: Supplier, need_id: Any) -> Need:
    return _one(needs_of_supplier(supplier), need_id)
