"""Reads for Belanja Bareng's reports (issue 13 §5): per round the volumes, the tier reached, what each cooperative
and the whole network saved against buying alone and whether deliveries came on time; across rounds the price
history per supplier and item beside the HET.

Saving ("hemat") is (list price − round price) × units allocated: what the cooperative would have paid buying
alone at the item's list price, less what it pays at the tier the round reached (after a supplier's partial
confirmation, the tier of what it confirmed). Every read is a fixed number of queries, whatever the number of
items, cooperatives or rounds: sums come from the database, grouped, never a query per row."""

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone
from django.utils.text import slugify

from simpul.coops.models import Cooperative, Network
from simpul.core.money import quantize
from simpul.jointbuy.allocation import Tier, tier_for
from simpul.jointbuy.models import (
    Commitment,
    ItemStatus,
    Round,
    RoundItem,
    RoundReceipt,
    RoundStatus,
    RoundSupplier,
)
from simpul.mart.models import PriceCeiling

ZERO = Decimal(0)
# The price history reads at most this many of the network's latest closed rounds.
MAX_ROUNDS = 36
CLOSED_STATUSES = (RoundStatus.CLOSED, RoundStatus.CONFIRMED, RoundStatus.COMPLETED)
_SUM_MONEY = DecimalField(max_digits=30, decimal_places=2)
_PRODUCT = DecimalField(max_digits=30, decimal_places=5)


@dataclass(frozen=True)
class Figures:
    """Whole cases allocated, the units they hold, and their value at the round's price and buying alone."""

    cases: int = 0
    units: Decimal = ZERO
    cost: Decimal = ZERO
    alone: Decimal = ZERO

    @property
    def saving(self) -> Decimal:
        return self.alone - self.cost

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(
            self.cases + other.cases, self.units + other.units, self.cost + other.cost, self.alone + other.alone
        )


def _figures(item: RoundItem, cases: int) -> Figures:
    units = cases * item.case_size
    return Figures(cases, units, quantize(units * item.price), quantize(units * item.list_price))


@dataclass(frozen=True)
class ItemLine:
    """One item of a round: the cases asked for, ordered, confirmed, allocated and received, the tier reached, and
    the network's figures (and, for a member's report, its own)."""

    item: RoundItem
    supplier: str
    tier: Tier | None
    asked_cases: int
    allocated_cases: int
    received_cases: Decimal
    network: Figures
    own: Figures | None = None
    own_received: Decimal = ZERO

    @property
    def dropped(self) -> bool:
        return self.item.status == ItemStatus.DROPPED

    @property
    def unit_saving(self) -> Decimal:
        return self.item.list_price - self.item.price


@dataclass(frozen=True)
class CooperativeLine:
    """A member cooperative's whole round (the coordinator's report only)."""

    cooperative_id: int
    name: str
    figures: Figures
    received_cases: Decimal


@dataclass(frozen=True)
class SupplierLine:
    """A supplier's purchase order and its deliveries: cooperatives due goods, receipts recorded, on time or late
    against the delivery date the supplier set."""

    order: RoundSupplier
    name: str
    due: int  # cooperatives allocated at least a case of its items
    receipts: int
    on_time: int
    own_receipts: int = 0
    own_on_time: int = 0

    @property
    def late(self) -> int:
        return self.receipts - self.on_time

    @property
    def own_late(self) -> int:
        return self.own_receipts - self.own_on_time

    @property
    def on_time_percent(self) -> Decimal | None:
        if not self.receipts:
            return None
        return (Decimal(100) * self.on_time / self.receipts).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class RoundReport:
    round: Round
    items: list[ItemLine]
    suppliers: list[SupplierLine]
    total: Figures
    # The coordinator's report: every cooperative; a member's report: None (it sees only its own lines).
    cooperatives: list[CooperativeLine] | None = None
    own_total: Figures | None = None
    cooperative: Cooperative | None = None

    @property
    def closed(self) -> bool:
        return self.round.closed_at is not None

    def chart(self) -> dict[str, list[str]]:
        """Per item the saving (the member's own, beside the network's, on its report) for the chart."""
        shown = [line for line in self.items if not line.dropped]
        data = {
            "labels": [line.item.name for line in shown],
            "sales": [str(line.network.saving) for line in shown],
        }
        if self.own_total is not None:
            data["margin"] = [str(line.own.saving if line.own else ZERO) for line in shown]
        return data


def round_report(round_: Round, *, cooperative: Cooperative | None = None) -> RoundReport:
    """The round's report for its coordinator (`cooperative` None: every cooperative's figures) or for one member
    cooperative (the network's totals and its own lines, never another cooperative's money)."""
    items = list(
        RoundItem.objects.filter(round=round_)
        .select_related("round_supplier__supplier")
        .prefetch_related("tiers")
        .order_by("position", "pk")
    )
    by_item: dict[int, dict[str, Any]] = {
        row["item_id"]: dict(row)
        for row in Commitment.objects.allocated()
        .filter(round=round_)
        .values("item_id")
        .annotate(asked=Sum("wanted_cases"), cases=Sum("cases"), received=Sum("received_cases"))
        .order_by()
    }
    own: dict[int, tuple[int, Decimal]] = {}
    if cooperative is not None:
        own = {
            item_id: (cases, received)
            for item_id, cases, received in Commitment.objects.allocated()
            .filter(round=round_, cooperative=cooperative)
            .values_list("item_id", "cases", "received_cases")
        }
    lines = []
    for item in items:
        sums: dict[str, Any] = by_item.get(item.pk, {})
        cases = sums.get("cases") or 0
        tiers = [Tier(t.min_cases, t.max_cases, t.price) for t in item.tiers.all()]
        reached = item.confirmed_cases if item.confirmed_cases is not None else item.ordered_cases
        mine = own.get(item.pk)
        lines.append(
            ItemLine(
                item=item,
                supplier=item.round_supplier.supplier.name,
                tier=tier_for(tiers, reached) if item.status != ItemStatus.DROPPED else None,
                asked_cases=sums.get("asked") or 0,
                allocated_cases=cases,
                received_cases=sums.get("received") or ZERO,
                network=_figures(item, cases),
                own=_figures(item, mine[0] if mine else 0) if cooperative is not None else None,
                own_received=mine[1] if mine else ZERO,
            )
        )
    total = sum((line.network for line in lines), Figures())
    own_total = sum((line.own for line in lines if line.own), Figures()) if cooperative is not None else None
    return RoundReport(
        round=round_,
        items=lines,
        suppliers=_supplier_lines(round_, cooperative),
        total=total,
        cooperatives=_cooperative_lines(round_) if cooperative is None else None,
        own_total=own_total,
        cooperative=cooperative,
    )


def _cooperative_lines(round_: Round) -> list[CooperativeLine]:
    """Every cooperative's cases and money in the round, summed by the database (one row per cooperative)."""
    units = ExpressionWrapper(F("cases") * F("item__case_size"), output_field=_PRODUCT)
    rows = (
        Commitment.objects.allocated()
        .filter(round=round_)
        .values("cooperative_id", "cooperative__name")
        .annotate(
            total_cases=Sum("cases"),
            total_units=Sum(units),
            cost=Sum(ExpressionWrapper(units * F("item__price"), output_field=_PRODUCT), output_field=_SUM_MONEY),
            alone=Sum(ExpressionWrapper(units * F("item__list_price"), output_field=_PRODUCT), output_field=_SUM_MONEY),
            received=Sum("received_cases"),
        )
        .order_by("cooperative__name", "cooperative_id")
    )
    lines = [
        CooperativeLine(
            cooperative_id=row["cooperative_id"],
            name=row["cooperative__name"],
            figures=Figures(
                row["total_cases"] or 0,
                row["total_units"] or ZERO,
                quantize(row["cost"] or ZERO),
                quantize(row["alone"] or ZERO),
            ),
            received_cases=row["received"] or ZERO,
        )
        for row in rows
    ]
    return [line for line in lines if line.figures.cases or line.received_cases]


def _supplier_lines(round_: Round, cooperative: Cooperative | None) -> list[SupplierLine]:
    orders = list(RoundSupplier.objects.filter(round=round_).select_related("supplier").order_by("pk"))
    counts: dict[str, Count] = {"n_receipts": Count("pk"), "n_on_time": Count("pk", filter=Q(on_time=True))}
    if cooperative is not None:
        counts["n_own"] = Count("pk", filter=Q(cooperative=cooperative))
        counts["n_own_on_time"] = Count("pk", filter=Q(cooperative=cooperative, on_time=True))
    receipts: dict[int, dict[str, Any]] = {
        row["round_supplier_id"]: dict(row)
        for row in RoundReceipt.objects.filter(round=round_).values("round_supplier_id").annotate(**counts).order_by()
    }
    due = dict(
        Commitment.objects.allocated()
        .filter(round=round_, cases__gt=0)
        .values("item__round_supplier_id")
        .annotate(n=Count("cooperative_id", distinct=True))
        .order_by()
        .values_list("item__round_supplier_id", "n")
    )
    lines = []
    for order in orders:
        row: dict[str, Any] = receipts.get(order.pk, {})
        lines.append(
            SupplierLine(
                order=order,
                name=order.supplier.name,
                due=due.get(order.pk, 0),
                receipts=row.get("n_receipts", 0),
                on_time=row.get("n_on_time", 0),
                own_receipts=row.get("n_own", 0),
                own_on_time=row.get("n_own_on_time", 0),
            )
        )
    return lines


# --- price history across rounds ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PricePoint:
    """An item's price in one closed round, and the HET that applied in the network's region that day."""

    round_id: int
    number: str
    title: str
    closed_on: dt.date
    price: Decimal
    list_price: Decimal
    cases: int
    het: Decimal | None

    @property
    def above_het(self) -> bool:
        return self.het is not None and self.price > self.het


@dataclass
class PriceSeries:
    """One item of one supplier across the network's rounds, oldest first."""

    key: str
    supplier: str
    name: str
    unit: str
    staple: str
    points: list[PricePoint] = field(default_factory=list)

    @property
    def latest(self) -> PricePoint:
        return self.points[-1]

    @property
    def first(self) -> PricePoint:
        return self.points[0]

    @property
    def change(self) -> Decimal:
        return self.latest.price - self.first.price

    @property
    def change_percent(self) -> Decimal | None:
        if len(self.points) < 2:
            return None
        return (Decimal(100) * self.change / self.first.price).quantize(Decimal("0.1"))

    @property
    def above_het(self) -> int:
        return sum(1 for point in self.points if point.above_het)

    def chart(self) -> dict[str, list[str]]:
        """The round price as a line (`margin` in the chart's data) over the HET as bars (`sales`)."""
        data = {
            "labels": [point.closed_on.isoformat() for point in self.points],
            "margin": [str(point.price) for point in self.points],
        }
        if self.staple:
            data["sales"] = [str(point.het) if point.het is not None else "" for point in self.points]
        return data


def _series_key(item: RoundItem) -> str:
    """The same item across rounds: the network's standard product when the item names one, else its supplier's
    code (or name) and unit."""
    if item.standard_product_id is not None:
        return f"{item.round_supplier.supplier_id}-sp{item.standard_product_id}-{slugify(item.unit)}"
    return f"{item.round_supplier.supplier_id}-{slugify(item.supplier_code or item.name)}-{slugify(item.unit)}"


def network_zone(network: Network) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(network.region.timezone or "Asia/Jakarta")


def het_ceilings(network: Network, staples: Iterable[str], until: dt.date) -> list[PriceCeiling]:
    """The HET rows that can apply in the network's region (its regency and its province), the Dinas's or this
    network's own, valid from on or before `until`: one query, read as simpul.mart.catalog.selectors.het_for
    reads them for a cooperative."""
    region = network.region
    regions = [code for code in (region.province_code, region.regency_code) if code]
    wanted = sorted({staple for staple in staples if staple})
    if not wanted or not regions:
        return []
    return list(
        PriceCeiling.objects.filter(region_id__in=regions, staple__in=wanted, valid_from__lte=until)
        .filter(Q(network__isnull=True) | Q(network=network))
        .order_by("region_id", "-valid_from", "price")
    )


def het_on(ceilings: Sequence[PriceCeiling], staple: str, unit: str, day: dt.date) -> Decimal | None:
    """het_for's rule over rows already read: per region its latest row valid that day (the lowest of a day's
    rows), then the lowest of the regions. None when no ceiling applies."""
    if not staple:
        return None
    latest: dict[str, Decimal] = {}
    wanted_unit = unit.strip().lower()
    for row in ceilings:  # ordered by region, newest first, then lowest
        if row.staple == staple and row.unit.strip().lower() == wanted_unit and row.valid_from <= day:
            latest.setdefault(row.region_id, row.price)
    return min(latest.values(), default=None)


def price_history(network: Network, *, max_rounds: int = MAX_ROUNDS) -> list[PriceSeries]:
    """The round price per unit of every ordered item, per supplier and item, over the network's latest closed
    rounds (by closing date), with the HET of the day beside it where the item is a regulated staple."""
    rounds = list(
        Round.objects.filter(network=network, status__in=CLOSED_STATUSES, closed_at__isnull=False)
        .only("pk", "number", "title", "closed_at")
        .order_by("-closed_at", "-pk")[:max_rounds]
    )
    if not rounds:
        return []
    zone = network_zone(network)
    closed_on = {r.pk: timezone.localdate(r.closed_at, zone) for r in rounds if r.closed_at is not None}
    by_id = {r.pk: r for r in rounds}
    items = list(
        RoundItem.objects.filter(round_id__in=list(by_id), status=ItemStatus.ORDERED)
        .select_related("round_supplier__supplier", "standard_product")
        .order_by("round_supplier__supplier__name", "name", "pk")
    )
    staples = {item.standard_product.staple for item in items if item.standard_product is not None}
    ceilings = het_ceilings(network, staples, max(closed_on.values()))
    series: dict[str, PriceSeries] = {}
    for item in items:
        staple = item.standard_product.staple if item.standard_product is not None else ""
        key = _series_key(item)
        found = series.get(key)
        if found is None:
            found = series[key] = PriceSeries(
                key=key, supplier=item.round_supplier.supplier.name, name=item.name, unit=item.unit, staple=staple
            )
        round_ = by_id[item.round_id]
        day = closed_on[item.round_id]
        found.points.append(
            PricePoint(
                round_id=round_.pk,
                number=round_.number,
                title=round_.title,
                closed_on=day,
                price=item.price,
                list_price=item.list_price,
                cases=item.confirmed_cases if item.confirmed_cases is not None else item.ordered_cases,
                het=het_on(ceilings, staple, item.unit, day),
            )
        )
    for one in series.values():
        one.points.sort(key=lambda point: (point.closed_on, point.round_id))
    return sorted(series.values(), key=lambda s: (s.supplier.lower(), s.name.lower(), s.unit, s.key))
