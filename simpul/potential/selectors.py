"""Reads for the potential pages: where a commodity is strong, and which cooperatives already serve it.

The rule for "serves" (said on the page too): a cooperative serves a commodity when it lies in a village surveyed
for it and either it is a Village Unit (KUD), Producers' or Marketing cooperative — the types that buy and sell their
members' produce — or its mart sells an active product whose name holds one of the commodity's words (rice: padi,
beras, gabah)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from simpul.coops.models import Cooperative, CooperativeStatus, CooperativeType
from simpul.mart.models import Product
from simpul.potential.layers.base import LayerScope, in_region
from simpul.potential.models import Commodity, CommoditySurvey
from simpul.regions.models import Region

PRODUCE_TYPES = (CooperativeType.KUD, CooperativeType.PRODUSEN, CooperativeType.PEMASARAN)
WORDS: dict[str, tuple[str, ...]] = {
    Commodity.RICE: ("padi", "beras", "gabah"),
    Commodity.CORN: ("jagung",),
    Commodity.CASSAVA: ("singkong", "ketela", "tapioka"),
    Commodity.SOYBEAN: ("kedelai", "tempe", "tahu"),
    Commodity.CHILI: ("cabai", "cabe", "sambal"),
    Commodity.SHALLOT: ("bawang merah",),
    Commodity.VEGETABLES: ("sayur",),
    Commodity.FRUIT: ("buah",),
    Commodity.COFFEE: ("kopi",),
    Commodity.COCOA: ("kakao", "cokelat", "coklat"),
    Commodity.PALM_OIL: ("sawit", "minyak goreng"),
    Commodity.RUBBER: ("karet",),
    Commodity.COCONUT: ("kelapa", "kopra"),
    Commodity.CATTLE: ("sapi", "daging"),
    Commodity.POULTRY: ("ayam", "telur", "bebek"),
    Commodity.FISH: ("ikan",),
    Commodity.HANDICRAFT: ("kerajinan", "anyaman", "batik"),
}
RANKED = 50


@dataclass(frozen=True)
class PlaceRow:
    code: str
    name: str
    parent: str
    volume: Decimal
    unit: str


@dataclass(frozen=True)
class ServingRow:
    cooperative: Cooperative
    village: str
    reason: str  # "type" or "products"


@dataclass(frozen=True)
class CommodityTable:
    commodity: str
    label: str
    villages: list[PlaceRow]
    districts: list[PlaceRow]
    serving: list[ServingRow]


def surveys_in(scope: LayerScope) -> QuerySet[CommoditySurvey]:
    return CommoditySurvey.objects.filter(in_region(scope)).select_related("village")


def surveyed_commodities(scope: LayerScope) -> list[tuple[str, str]]:
    present = set(CommoditySurvey.objects.filter(in_region(scope)).values_list("commodity", flat=True).distinct())
    return [(value, str(label)) for value, label in Commodity.choices if value in present]


def _ranked(rows: QuerySet[CommoditySurvey], column: str) -> list[tuple[str, str, Decimal]]:
    return [
        (r[column], r["unit"], r["volume"])
        for r in rows.values(column, "unit").annotate(volume=Sum("volume")).order_by("-volume", column)[:RANKED]
    ]


def commodity_table(scope: LayerScope, commodity: str) -> CommodityTable:
    rows = CommoditySurvey.objects.filter(in_region(scope), commodity=commodity)
    by_village = _ranked(rows, "village_id")
    by_district = _ranked(rows, "district_code")
    names = Region.objects.in_bulk(
        {code for code, _u, _v in by_village + by_district}
        | {code.rsplit(".", 1)[0] for code, _u, _v in by_village + by_district}
    )

    def place(code: str, unit: str, volume: Decimal) -> PlaceRow:
        region, parent = names.get(code), names.get(code.rsplit(".", 1)[0])
        return PlaceRow(code, region.name if region else code, parent.name if parent else "", volume, unit)

    label = str(Commodity(commodity).label) if commodity in Commodity.values else commodity
    return CommodityTable(
        commodity=commodity,
        label=label,
        villages=[place(*r) for r in by_village],
        districts=[place(*r) for r in by_district],
        serving=serving_cooperatives(rows, commodity),
    )


def serving_cooperatives(rows: QuerySet[CommoditySurvey], commodity: str) -> list[ServingRow]:
    villages = rows.values("village_id")
    cooperatives = list(
        Cooperative.objects.filter(village_id__in=villages)
        .exclude(status=CooperativeStatus.DISSOLVED)
        .select_related("village")
        .order_by("search_name", "id")[:500]
    )
    words = WORDS.get(commodity, ())
    selling: set[int] = set()
    if words:
        match = Q()
        for word in words:
            match |= Q(name__icontains=word)
        selling = set(
            Product.objects.filter(match, is_active=True, cooperative__in=[c.pk for c in cooperatives])
            .values_list("cooperative_id", flat=True)
            .distinct()
        )
    served = []
    for c in cooperatives:
        if c.type in PRODUCE_TYPES:
            served.append(ServingRow(c, c.village.name, "type"))
        elif c.pk in selling:
            served.append(ServingRow(c, c.village.name, "products"))
    return served
