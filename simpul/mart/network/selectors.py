"""Reads of the network's Koperasi Mart standard: its product list, checklists and HET list, and what of it a member
cooperative sees (the opening and closing checklists its shifts follow, the standards it may adopt)."""

from dataclasses import dataclass

from django.db.models import QuerySet

from simpul.coops.models import Cooperative, MembershipStatus, Network
from simpul.mart.models import ChecklistPhase, PriceCeiling, Product, StandardChecklistItem, StandardProduct


def active_network_ids(cooperative: Cooperative) -> list[int]:
    return list(
        cooperative.network_memberships.filter(status=MembershipStatus.ACTIVE)
        .order_by("network_id")
        .values_list("network_id", flat=True)
    )


def checklist_items(network: Network, phase: str) -> QuerySet[StandardChecklistItem]:
    return StandardChecklistItem.objects.filter(network=network, phase=phase).order_by("position", "id")


def standard_products(network: Network) -> QuerySet[StandardProduct]:
    return StandardProduct.objects.filter(network=network).order_by("category", "name", "id")


def standard_product_get(network: Network, standard_id: int) -> StandardProduct | None:
    return StandardProduct.objects.filter(network=network, pk=standard_id).first()


def network_het_list(network: Network) -> QuerySet[PriceCeiling]:
    return (
        PriceCeiling.objects.filter(network=network)
        .select_related("region")
        .order_by("staple", "region_id", "unit", "-valid_from")
    )


@dataclass(frozen=True)
class StandardOffer:
    """A network's standard as a member cooperative sees it: how many products, how many it already has."""

    network: Network
    products: int
    adopted: int

    @property
    def missing(self) -> int:
        return self.products - self.adopted


def standards_for(cooperative: Cooperative) -> list[StandardOffer]:
    networks = Network.objects.filter(pk__in=active_network_ids(cooperative)).order_by("name")
    offers = []
    for network in networks:
        ids = list(StandardProduct.objects.filter(network=network).values_list("pk", flat=True))
        adopted = Product.objects.filter(cooperative=cooperative, standard_id__in=ids).count() if ids else 0
        offers.append(StandardOffer(network, len(ids), adopted))
    return offers


PHASES = [ChecklistPhase.OPENING, ChecklistPhase.CLOSING]
