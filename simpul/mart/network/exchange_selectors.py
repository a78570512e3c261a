"""Reads of the staples exchanged between cooperatives: the requests a mart made, those made of it, one of them (for
either side only; anyone else gets 404), and what a request form offers."""

from django.db.models import Q, QuerySet

from simpul.coops.models import Cooperative
from simpul.core.exceptions import NotFoundError
from simpul.mart.models import Product, StapleExchange

LIST_LIMIT = 100
RELATED = ("cooperative", "seller", "buyer_product", "sale", "receipt")


def exchanges_of(cooperative: Cooperative) -> QuerySet[StapleExchange]:
    """Both directions, newest first: one query for the page (the buyer, the seller and the documents joined)."""
    return (
        StapleExchange.objects.filter(Q(cooperative=cooperative) | Q(seller=cooperative))
        .select_related(*RELATED)
        .order_by("-created_at", "-pk")[:LIST_LIMIT]
    )


def exchange_get(cooperative: Cooperative, exchange_id: int) -> StapleExchange:
    found = (
        StapleExchange.objects.filter(Q(cooperative=cooperative) | Q(seller=cooperative), pk=exchange_id)
        .select_related(*RELATED)
        .first()
    )
    if found is None:
        raise NotFoundError.plain()
    return found


def own_staple_products(cooperative: Cooperative, staple: str = "") -> list[Product]:
    rows = Product.objects.filter(cooperative=cooperative, is_active=True).exclude(staple="")
    if staple:
        rows = rows.filter(staple=staple)
    return list(rows.only("id", "name", "staple", "base_unit", "price").order_by("name"))


def peer(cooperative_id: int) -> Cooperative | None:
    return Cooperative.objects.filter(pk=cooperative_id).only("id", "name", "slug", "phone").first()
