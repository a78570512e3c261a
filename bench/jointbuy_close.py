"""Closing a Belanja Bareng round of 100 items committed by 10,000 cooperatives (1,000,000 commitments).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/simpul_bench python -m bench.jointbuy_close [--quick]

Builds a network of 10,000 member cooperatives (--quick: 1,000) and a round of 100 items (--quick: 10) opened
through `round_create`: case sizes of 10 to 50 units, three volume tiers each (1–99, 100–499, 500 cases and more), a
supplier's minimum, and on every third item a cap about 70 % of what the cooperatives ask (so the cap is shared,
proportionally with largest remainders: the round's rule). Every cooperative commits to every item a quantity and a
tolerance, and the whole cases that makes as `commitments_set` keeps them on the row (bulk-loaded: COPY on
PostgreSQL, bulk_create on SQLite); on one item in twenty each asks a few units,
far below the supplier's minimum, so it is dropped at closing. A second, smaller round in another network shares
its caps first come, first served, closed and checked the same way.

Then `round_close` is timed, as the coordinator's button and the scheduled task call it: every commitment rounded to
whole cases, items below the minimum dropped, tiers priced, caps shared, the allocations and the round's events
written, the round closed, in one transaction. Baseline in the same run: the per-item totals of the commitments as
one SQL GROUP BY (the least any closing must read); the ratio is close time over GROUP BY time. Target on
PostgreSQL: round_close under 5 s. Afterwards the allocations are checked: per item they add up to
min(total wanted, cap) (nothing for a dropped item), none exceeds what its cooperative wanted, and no commitment of
an item that was not capped or dropped is cut.
"""

import datetime as dt
import io
import random
import time
from decimal import Decimal
from typing import Any

from bench._common import (
    analyze,
    arguments,
    database_version,
    machine,
    print_result,
    setup_django,
    timed,
)

FULL = (100, 10_000)
QUICK = (10, 1_000)
SEED = 13
TARGET_S = 5.0
CASE_SIZES = (10, 12, 20, 24, 50)
BATCH = 5_000


def make_network(cooperatives: int, *, prefix: str = "bb") -> tuple[Any, Any, list[int]]:
    """A network coordinated by a cooperative, with `cooperatives` active members (bulk-inserted over real villages),
    and a coordinator user. Returns (network, coordinator, member ids)."""
    from django.utils import timezone

    from simpul.coops.models import Cooperative, CooperativeType, MembershipStatus, Network, NetworkMembership
    from simpul.core.models import User
    from simpul.regions.models import Region

    villages = list(
        Region.objects.filter(level=4)
        .order_by("code")
        .values_list("code", "province_code", "regency_code", "district_code")[: max(cooperatives, 1)]
    )
    rows = []
    for serial in range(cooperatives + 1):
        code, province, regency, district = villages[serial % len(villages)]
        name = f"Koperasi {prefix.upper()} {serial}"
        rows.append(
            Cooperative(
                name=name,
                slug=f"{prefix}-{serial}",
                type=CooperativeType.KSU,
                village_id=code,
                province_code=province,
                regency_code=regency,
                district_code=district,
                search_name=name.lower(),
            )
        )
    created = Cooperative.objects.bulk_create(rows, batch_size=BATCH)
    coordinating, members = created[0], created[1:]
    network = Network.objects.create(
        name=f"Jaringan {prefix.upper()}",
        slug=f"jaringan-{prefix}",
        region_id=coordinating.regency_code,
        coordinator_cooperative=coordinating,
    )
    now = timezone.now()
    NetworkMembership.objects.bulk_create(
        [
            NetworkMembership(cooperative=each, network=network, status=MembershipStatus.ACTIVE, responded_at=now)
            for each in members
        ],
        batch_size=BATCH,
    )
    coordinator = User.objects.create(full_name="Koordinator Jaringan", email=f"koordinator-{prefix}@example.id")
    return network, coordinator, [each.pk for each in members]


def make_supplier(network: Any, *, prefix: str = "bb", seed: int = SEED) -> tuple[Any, Any]:
    from django.utils import timezone

    from simpul.coops.models import Supplier
    from simpul.jointbuy.models import SupplierAgreement

    supplier = Supplier.objects.create(
        name=f"PT Pemasok {prefix.upper()}", slug=f"pemasok-{prefix}", nib=f"9{seed:012d}"
    )
    agreement = SupplierAgreement.objects.create(
        network=network,
        supplier=supplier,
        number=f"MoU/{prefix.upper()}/1",
        signed_on=timezone.localdate() - dt.timedelta(days=30),
    )
    return supplier, agreement


def item_plan(items: int, cooperatives: int, rng: random.Random) -> list[dict[str, Any]]:
    """Each item's case size, minimum, cap (every third item: about 70 % of what the cooperatives will ask) and
    whether the cooperatives ask for it at all (one in twenty: a few units each, far below the minimum)."""
    plan = []
    for index in range(items):
        size = CASE_SIZES[index % len(CASE_SIZES)]
        scarce = index % 20 == 9
        # A cooperative asks 0–3 cases' worth on average 1.5 cases: the item's asks total about 1.4 × cooperatives.
        expected = int(cooperatives * 1.4)
        plan.append(
            {
                "case_size": size,
                "scarce": scarce,
                "min_cases": max(cooperatives // 10, 1) if not scarce else cooperatives * 2,
                "max_cases": int(expected * 0.7) if index % 3 == 0 and not scarce else None,
                "list_price": Decimal(rng.randrange(5_000, 80_000, 500)),
            }
        )
    return plan


def round_items(supplier: Any, plan: list[dict[str, Any]]) -> list[dict[str, Any]]:
    items = []
    for index, each in enumerate(plan):
        price = each["list_price"]
        items.append(
            {
                "supplier_id": supplier.pk,
                "name": f"Barang {index + 1}",
                "supplier_code": f"BB-{index + 1}",
                "unit": "pcs",
                "fractional": False,
                "case_size": str(each["case_size"]),
                "min_cases": each["min_cases"],
                "max_cases": each["max_cases"],
                "list_price": str(price),
                "tiers": [
                    {"min_cases": 1, "max_cases": 99, "price": str(price * Decimal("0.95"))},
                    {"min_cases": 100, "max_cases": 499, "price": str(price * Decimal("0.92"))},
                    {"min_cases": 500, "max_cases": None, "price": str(price * Decimal("0.90"))},
                ],
            }
        )
    return items


def open_round(network: Any, coordinator: Any, supplier: Any, agreement: Any, items: list[dict[str, Any]], rule: str):
    from django.utils import timezone

    from simpul.jointbuy.services.rounds import round_create

    now = timezone.now()
    return round_create(
        network=network,
        actor=coordinator,
        data={
            "title": "Belanja bareng bulanan",
            "opens_at": now - dt.timedelta(days=3),
            "closes_at": now + dt.timedelta(days=1),
            "delivery_mode": "each",
            "hub_address": "",
            "payment_terms": "on_delivery",
            "deposit_percent": "0",
            "payment_route": "direct",
            "allocation_rule": rule,
            "default_limit": None,
            "suppliers": [{"supplier_id": supplier.pk, "agreement_id": agreement.pk}],
            "items": items,
        },
    )


def commitment_rows(round_: Any, plan: list[dict[str, Any]], members: list[int], rng: random.Random):
    """(cooperative, round, item, quantity, tolerance, committed_at, wanted cases) for every cooperative and item
    (the items read first: the rows are written while they are made, on the same connection)."""
    from simpul.jointbuy.models import RoundItem

    item_ids = list(RoundItem.objects.filter(round=round_).order_by("position", "id").values_list("pk", flat=True))
    return _commitment_rows(round_, item_ids, plan, members, rng)


def _commitment_rows(round_: Any, item_ids: list[int], plan: list[dict[str, Any]], members: list[int], rng: Any):
    from simpul.jointbuy.allocation import wanted_cases

    start = round_.opens_at
    for item_id, each in zip(item_ids, plan, strict=True):
        size = each["case_size"]
        for cooperative_id in members:
            # Scarce: a few units each. Else whole cases or a part of the next one, that the tolerance fills or not.
            quantity = rng.randrange(1, size) if each["scarce"] else rng.randrange(0, 3 * size + 1)
            tolerance = rng.randrange(0, size)
            committed = start + dt.timedelta(seconds=rng.randrange(0, 3 * 86_400))
            # Its whole cases, as commitments_set keeps them on the row.
            wanted = wanted_cases(Decimal(quantity), Decimal(tolerance), Decimal(size))
            yield cooperative_id, round_.pk, item_id, quantity, tolerance, committed, wanted


COLUMNS = (
    "cooperative_id",
    "round_id",
    "item_id",
    "quantity",
    "tolerance",
    "committed_at",
    "updated_at",
    "wanted_cases",
    "cases",
    "reason",
    "received_cases",
)


def load_commitments(rows: Any) -> int:
    """Write the commitments: COPY on PostgreSQL, bulk_create on SQLite. Returns how many."""
    from django.db import connection

    from simpul.jointbuy.models import Commitment

    count = 0
    if connection.vendor == "postgresql":
        copying = f"COPY jointbuy_commitment ({', '.join(COLUMNS)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(copying) as copy:
            buffer = io.StringIO()
            for cooperative_id, round_id, item_id, quantity, tolerance, committed, wanted in rows:
                moment = committed.isoformat()
                buffer.write(
                    f"{cooperative_id}\t{round_id}\t{item_id}\t{quantity}\t{tolerance}\t{moment}\t{moment}"
                    f"\t{wanted}\t{wanted}\t\t0\n"
                )
                count += 1
                if count % 50_000 == 0:
                    copy.write(buffer.getvalue())
                    buffer = io.StringIO()
            copy.write(buffer.getvalue())
        return count
    batch: list[Commitment] = []
    for cooperative_id, round_id, item_id, quantity, tolerance, committed, wanted in rows:
        batch.append(
            Commitment(
                cooperative_id=cooperative_id,
                round_id=round_id,
                item_id=item_id,
                quantity=quantity,
                tolerance=tolerance,
                committed_at=committed,
                updated_at=committed,
                wanted_cases=wanted,
                cases=wanted,
            )
        )
        count += 1
        if len(batch) == BATCH:
            Commitment.objects.bulk_create(batch)
            batch = []
    Commitment.objects.bulk_create(batch)
    return count


def build(items: int, cooperatives: int, *, rule: str = "proportional", prefix: str = "bb", seed: int = SEED):
    """A network, its supplier and agreement, a round opened through round_create and every member's commitments.
    Returns (network, coordinator, round, commitments)."""
    rng = random.Random(seed)
    network, coordinator, members = make_network(cooperatives, prefix=prefix)
    supplier, agreement = make_supplier(network, prefix=prefix, seed=seed)
    plan = item_plan(items, cooperatives, rng)
    round_ = open_round(network, coordinator, supplier, agreement, round_items(supplier, plan), rule)
    count = load_commitments(commitment_rows(round_, plan, members, rng))
    return network, coordinator, round_, count


def group_by_totals(round_id: int) -> list[tuple[Any, ...]]:
    """The baseline: the commitments' totals per item in one SQL GROUP BY."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT item_id, COUNT(*), SUM(quantity), SUM(tolerance) FROM jointbuy_commitment "
            "WHERE round_id = %s AND quantity > 0 GROUP BY item_id",
            [round_id],
        )
        return list(cursor.fetchall())


def check(round_: Any) -> dict[str, int]:
    """The allocations obey the rules; raises SystemExit on the first that does not. Returns per-round counts."""
    from django.db.models import Count, F, Q, Sum

    from simpul.jointbuy.models import Commitment, ItemStatus, Round, RoundItem, RoundStatus

    round_ = Round.objects.get(pk=round_.pk)
    if round_.status != RoundStatus.CLOSED:
        raise SystemExit(f"round {round_.pk} is {round_.status}, not closed")
    sums = {
        row["item_id"]: row
        for row in Commitment.objects.allocated()
        .filter(round=round_)
        .values("item_id")
        .annotate(
            given=Sum("cases"),
            wanted=Sum("wanted_cases"),
            n=Count("id"),
            cut=Count("id", filter=Q(cases__lt=F("wanted_cases"))),
        )
        .order_by()
    }
    dropped = capped = 0
    for item in RoundItem.objects.filter(round=round_):
        row = sums.get(item.pk, {"given": 0, "wanted": 0, "n": 0, "cut": 0})
        if item.status == ItemStatus.DROPPED:
            dropped += 1
            expected = 0
            if row["wanted"] >= item.min_cases and row["wanted"] > 0:
                raise SystemExit(f"item {item.pk} dropped with {row['wanted']} cases wanted, minimum {item.min_cases}")
        else:
            expected = min(row["wanted"], item.max_cases) if item.max_cases is not None else row["wanted"]
            capped += expected < row["wanted"]
            if expected == row["wanted"] and row["cut"]:
                raise SystemExit(f"item {item.pk}: {row['cut']} commitments cut though the item was not capped")
        if row["given"] != expected or item.ordered_cases != expected:
            raise SystemExit(
                f"item {item.pk}: {row['given']} cases allocated, {item.ordered_cases} ordered, {expected} due"
            )
    if Commitment.objects.filter(round=round_, cases__gt=F("wanted_cases")).exists():
        raise SystemExit("an allocation exceeds what its cooperative wanted")
    return {
        "items": len(sums),
        "dropped": dropped,
        "capped": capped,
        "allocations": sum(r["n"] for r in sums.values()),
        "cut": sum(r["cut"] for r in sums.values()),
    }


def close(network: Any, coordinator: Any, round_: Any) -> float:
    """Seconds round_close takes."""
    from simpul.jointbuy.services.closing import round_close

    started = time.perf_counter()
    round_close(network=network, actor=coordinator, round_id=round_.pk)
    return time.perf_counter() - started


def main() -> None:
    args = arguments(__doc__ or "")
    items, cooperatives = QUICK if args.quick else FULL
    vendor = setup_django("jointbuy_close")
    print(f"jointbuy_close on {database_version()}, {machine()}")
    print(f"  {items} items × {cooperatives:,} cooperatives")
    with timed(f"build ({items * cooperatives:,} commitments)"):
        network, coordinator, round_, count = build(items, cooperatives)
        # A small first-come-first-served round in another network: that rule's path, checked the same way.
        fcfs = build(max(items // 10, 2), max(cooperatives // 10, 50), rule="first_come", prefix="fc", seed=SEED + 1)
    if vendor == "postgresql":
        analyze()

    group_by_totals(round_.pk)  # warm the cache as the close will find it (both read the same pages)
    baseline = []
    for _ in range(3):
        started = time.perf_counter()
        group_by_totals(round_.pk)
        baseline.append(time.perf_counter() - started)
    group_by_s = min(baseline)

    close_s = close(network, coordinator, round_)
    fcfs_s = close(fcfs[0], fcfs[1], fcfs[2])
    with timed("check"):
        counts = check(round_)
        fcfs_counts = check(fcfs[2])
    ratio = close_s / group_by_s

    print(f"\n  commitments                {count:>12,}")
    print(f"  allocations                {counts['allocations']:>12,}")
    print(f"  commitments cut at closing {counts['cut']:>12,}")
    print(f"  items dropped / capped     {counts['dropped']:>5} / {counts['capped']}")
    print(f"  round_close                {close_s:>12.2f} s   (target < {TARGET_S:.0f} s on PostgreSQL)")
    print(f"  GROUP BY totals (best of 3){group_by_s:>12.3f} s")
    print(f"  ratio close / GROUP BY     {ratio:>12.1f}")
    print(
        f"  first come first served    {fcfs[3]:>12,} commitments closed in {fcfs_s:.2f} s "
        f"({fcfs_counts['capped']} items capped)"
    )
    print_result(
        {
            "bench": "jointbuy_close",
            "db": vendor,
            "items": items,
            "cooperatives": cooperatives,
            "commitments": count,
            "close_s": round(close_s, 3),
            "group_by_s": round(group_by_s, 4),
            "ratio": round(ratio, 1),
            "cut": counts["cut"],
            "dropped": counts["dropped"],
            "capped": counts["capped"],
            "fcfs_close_s": round(fcfs_s, 3),
            "target_met": close_s < TARGET_S if vendor == "postgresql" else None,
        }
    )


if __name__ == "__main__":
    main()
