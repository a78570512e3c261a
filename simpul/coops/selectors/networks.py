"""Reads over networks, their memberships and partnership records, who may open a partnership document, and the
coordinator's figures of the member cooperatives."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from simpul.coops.access import READ_ROLES, user_roles
from simpul.coops.hooks import cooperative_figures
from simpul.coops.models import (
    Cooperative,
    CooperativeStatus,
    MembershipStatus,
    Network,
    NetworkMembership,
    Partnership,
    RoleKind,
)
from simpul.coops.selectors.public import region_column
from simpul.core.exceptions import NotFoundError
from simpul.core.models import User


def network_list() -> QuerySet[Network]:
    """Every network with its region, coordinator and number of active members (public read)."""
    return (
        Network.objects.select_related("region", "coordinator_cooperative", "coordinator_office")
        .annotate(active_member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE)))
        .order_by("name", "id")
    )


def network_search(*, region: str = "", query: str = "") -> QuerySet[Network]:
    """Networks whose region is `region` or lies inside it (a malformed code is refused, as in every other
    list), by a part of the name."""
    networks = network_list()
    if region_column(region, field="region") is not None:
        code = region.strip()
        networks = networks.filter(Q(region__code=code) | Q(region__code__startswith=code + "."))
    if query.strip():
        networks = networks.filter(name__icontains=query.strip())
    return networks


def network_get(slug: str) -> Network:
    network = network_list().filter(slug=slug).first()
    if network is None:
        raise NotFoundError.plain()
    return network


def network_active_members(network: Network) -> QuerySet[NetworkMembership]:
    return (
        NetworkMembership.objects.filter(network=network, status=MembershipStatus.ACTIVE)
        .select_related("cooperative", "cooperative__village")
        .order_by("cooperative__name", "id")
    )


def network_memberships(network: Network, *, status: str | None = None) -> QuerySet[NetworkMembership]:
    """All memberships of a network (for its coordinator), with the number of partnership records."""
    qs = (
        NetworkMembership.objects.filter(network=network)
        .select_related("cooperative", "cooperative__village")
        .annotate(partnership_count=Count("partnerships"))
        .order_by("cooperative__name", "id")
    )
    return qs.filter(status=status) if status else qs


def network_status_counts(network: Network) -> dict[str, int]:
    """How many memberships of each status the network has (one grouped query)."""
    rows = NetworkMembership.objects.filter(network=network).values_list("status").annotate(n=Count("id"))
    counts = dict.fromkeys(MembershipStatus.values, 0)
    counts.update({status: n for status, n in rows})
    return counts


def network_partnerships(network: Network) -> QuerySet[Partnership]:
    return (
        Partnership.objects.filter(membership__network=network)
        .select_related("cooperative", "membership")
        .order_by("-signed_on", "-id")
    )


def network_membership_get(network: Network, membership_id: int) -> NetworkMembership:
    membership = (
        NetworkMembership.objects.filter(network=network, pk=membership_id)
        .select_related("cooperative", "cooperative__village", "network")
        .first()
    )
    if membership is None:
        raise NotFoundError.plain()
    return membership


def network_partnership_get(network: Network, partnership_id: int) -> Partnership:
    partnership = (
        Partnership.objects.filter(membership__network=network, pk=partnership_id)
        .select_related("cooperative", "membership")
        .first()
    )
    if partnership is None:
        raise NotFoundError.plain()
    return partnership


def cooperatives_to_invite(network: Network, query: str, *, limit: int = 20) -> list[Cooperative]:
    """Cooperatives whose name matches, that are not members and hold no open invitation."""
    terms = query.lower().split()
    if not terms or len(query.strip()) < 2:
        return []
    busy = NetworkMembership.objects.filter(
        network=network,
        cooperative=OuterRef("pk"),
        status__in=[MembershipStatus.ACTIVE, MembershipStatus.INVITED],
    )
    qs = Cooperative.objects.exclude(status=CooperativeStatus.DISSOLVED).select_related("village")
    for term in terms:
        qs = qs.filter(search_name__contains=term)
    return list(qs.filter(~Exists(busy)).order_by("name", "id")[:limit])


def cooperative_memberships(cooperative: Cooperative) -> list[NetworkMembership]:
    """The cooperative's memberships (every status) with their network and partnership records."""
    return list(
        NetworkMembership.objects.filter(cooperative=cooperative)
        .select_related("network", "network__region", "network__coordinator_cooperative", "network__coordinator_office")
        .prefetch_related(
            Prefetch("partnerships", queryset=Partnership.objects.order_by("-signed_on", "-id"), to_attr="records")
        )
        .order_by("network__name", "id")
    )


def cooperative_membership_get(cooperative: Cooperative, membership_id: int) -> NetworkMembership:
    membership = (
        NetworkMembership.objects.filter(cooperative=cooperative, pk=membership_id)
        .select_related("network", "cooperative")
        .first()
    )
    if membership is None:
        raise NotFoundError.plain()
    return membership


def partnership_for_document(user: User, partnership_id: int) -> Partnership:
    """The partnership if `user` coordinates its network or is manager/supervisor of its cooperative.

    Anyone else, and a partnership without a document, gets the same 404 as a missing one."""
    partnership = (
        Partnership.objects.filter(pk=partnership_id).select_related("membership", "membership__network").first()
    )
    if partnership is None or not partnership.document:
        raise NotFoundError.plain()
    allowed = user_roles(user).filter(
        Q(kind=RoleKind.COORDINATOR, network_id=partnership.membership.network_id)
        | Q(kind__in=list(READ_ROLES), cooperative_id=partnership.cooperative_id)
    )
    if not allowed.exists():
        raise NotFoundError.plain()
    return partnership


# --- the coordinator's figures -----------------------------------------------------------------------------------

QUIET_DAYS = 30  # a member cooperative that has not posted to its books for this long is named on the home page


@dataclass
class CooperativeFigures:
    """One cooperative's figures from the apps above coops (coops.hooks.cooperative_figures)."""

    cooperative: Cooperative
    members: int = 0
    savings: Decimal = Decimal("0.00")
    assets: Decimal = Decimal("0.00")
    has_books: bool = False
    last_posted_at: datetime.datetime | None = None
    last_posted_on: datetime.date | None = None

    def quiet_since(self, moment: datetime.datetime) -> bool:
        """No books, or nothing posted since `moment`."""
        return self.last_posted_at is None or self.last_posted_at < moment


def cooperative_figures_of(cooperatives: Iterable[Cooperative], cooperative_ids: Any) -> list[CooperativeFigures]:
    """Each cooperative with its figures; `cooperative_ids` names the same cooperatives (a list or a query of ids)
    for the providers, who read them in a fixed number of queries."""
    found = cooperative_figures(cooperative_ids=cooperative_ids)
    figures = []
    for cooperative in cooperatives:
        mine = found.get(cooperative.pk, {})
        names = ("members", "savings", "assets", "has_books", "last_posted_at", "last_posted_on")
        figures.append(CooperativeFigures(cooperative, **{name: mine[name] for name in names if name in mine}))
    return figures


@dataclass
class NetworkFigures:
    cooperatives: list[CooperativeFigures]  # the active member cooperatives, by name
    quiet_since: datetime.datetime

    @property
    def members(self) -> int:
        return sum(f.members for f in self.cooperatives)

    @property
    def savings(self) -> Decimal:
        return sum((f.savings for f in self.cooperatives), Decimal("0.00"))

    @property
    def quiet(self) -> list[CooperativeFigures]:
        """Active member cooperatives without books or with no posting for QUIET_DAYS days."""
        return [f for f in self.cooperatives if f.quiet_since(self.quiet_since)]

    def by_cooperative(self) -> dict[int, CooperativeFigures]:
        return {f.cooperative.pk: f for f in self.cooperatives}


def network_figures(network: Network, *, now: datetime.datetime | None = None) -> NetworkFigures:
    """Members and savings of the network's active member cooperatives, in total and each, and which of them have
    not posted for QUIET_DAYS days: one query for the cooperatives, then the providers' fixed number."""
    memberships = network_active_members(network)
    cooperatives = [m.cooperative for m in memberships]
    ids = memberships.values("cooperative_id")
    moment = (now or timezone.now()) - datetime.timedelta(days=QUIET_DAYS)
    return NetworkFigures(cooperative_figures_of(cooperatives, ids), moment)
