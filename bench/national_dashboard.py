"""The monitoring dashboards (simpul/monitoring) over many cooperatives: each level's page against reading one
roll-up row, and how long after a write its roll-up reflects it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/simpul_bench python -m bench.national_dashboard [--quick]

Generates synthetic cooperatives over real villages of a few provinces, members as rows, marts with a month of daily
sales summaries (one sale row per mart and day standing for the day's till), and needs; fills the roll-ups once
(`rollups_rebuild`, timed per cooperative); then times `dashboard_context` — what /dinas/<code>/pantauan/ reads — at
the country, a province, a regency, a district and a village, each against the baseline of reading one roll-up row by
its cooperative, and reports the ratio. Freshness: a need submitted through the service, in its own transaction;
the time from its commit until the cooperative's roll-up counts it (the on-commit refresh).

The full size (153,170 cooperatives, 26.8 M members) is what the roll-ups are built for; --quick builds 2,000
cooperatives and 200,000 members, the default 20,000 and 2,000,000.
"""

import datetime as dt
import random
import time
import uuid
from decimal import Decimal
from functools import partial
from typing import Any

from bench._common import (
    analyze,
    arguments,
    database_version,
    machine,
    measure,
    percentile,
    print_result,
    print_table,
    setup_django,
    timed,
)

SEED = 2681
PROVINCES = ("32", "33", "35")  # Jawa Barat, Jawa Tengah, Jawa Timur
QUICK = {"cooperatives": 2_000, "members_each": 100, "marts": 100, "needs": 2_000, "requests": 60}
FULL = {"cooperatives": 20_000, "members_each": 100, "marts": 1_000, "needs": 20_000, "requests": 200}
DAYS = 30
SUMMARY = Decimal(DAYS * 1_000_000)  # the month's sales, posted as one entry per mart


def generate(size: dict[str, int], rng: random.Random) -> list[Any]:
    from simpul.coops.models import Cooperative, CooperativeType, Outlet
    from simpul.core.models import User
    from simpul.ledger.services import journal_post
    from simpul.ledger.services.accounts import chart_of_accounts_create
    from simpul.mart.models import Sale
    from simpul.members.models import Member
    from simpul.needs.models import Need, NeedStatus
    from simpul.regions.models import Region

    villages = list(
        Region.objects.filter(level=4, province_code__in=PROVINCES)
        .order_by("code")
        .values_list("code", "province_code", "regency_code", "district_code")
    )
    types = [t for t, _label in CooperativeType.choices]
    rows = []
    for serial in range(1, size["cooperatives"] + 1):
        code, province, regency, district = rng.choice(villages)
        rows.append(
            Cooperative(
                name=f"Koperasi Bench {serial}",
                slug=f"bench-{serial}",
                type=rng.choice(types),
                village_id=code,
                province_code=province,
                regency_code=regency,
                district_code=district,
                search_name=f"koperasi bench {serial}",
            )
        )
    Cooperative.objects.bulk_create(rows, batch_size=5000)
    cooperatives = list(Cooperative.objects.order_by("pk"))
    with timed(f"{size['members_each'] * len(cooperatives):,} members"):
        batch: list[Member] = []
        for cooperative in cooperatives:
            for number in range(1, size["members_each"] + 1):
                batch.append(
                    Member(
                        cooperative=cooperative,
                        number=number,
                        nik=f"3273{number:012d}",
                        name=f"Anggota {number}",
                        gender="male",
                        birth_date=dt.date(1980, 1, 1),
                        village_id=cooperative.village_id,
                        join_date=dt.date(2024, 1, 1) + dt.timedelta(days=number),
                    )
                )
            if len(batch) >= 20_000:
                Member.objects.bulk_create(batch)
                batch = []
        Member.objects.bulk_create(batch)
    cashier = User.objects.create_user(email="kasir@bench.simpul.id", password=None, full_name="Kasir Bench")
    today = dt.date.today()
    with timed(f"{size['marts']:,} marts × {DAYS} daily sales summaries"):
        sales: list[Sale] = []
        for cooperative in cooperatives[: size["marts"]]:
            chart_of_accounts_create(cooperative=cooperative)
            outlet = Outlet.objects.create(cooperative=cooperative, name="Mart")
            entry = journal_post(
                cooperative=cooperative,
                actor=None,
                date=today,
                description="Penjualan harian (ringkasan)",
                lines=[
                    ("1101", Decimal(DAYS * 1_000_000), Decimal(0)),
                    ("4102", Decimal(0), Decimal(DAYS * 1_000_000)),
                ],
                source="bench",
            )
            for day in range(DAYS):
                total = Decimal(rng.randint(200_000, 2_000_000))
                sales.append(
                    Sale(
                        cooperative=cooperative,
                        outlet=outlet,
                        number=f"S-{day}",
                        client_id=uuid.uuid4(),
                        request_hash="0" * 64,
                        cashier=cashier,
                        sold_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=day),
                        business_date=today - dt.timedelta(days=day),
                        subtotal=total,
                        total=total,
                        paid=total,
                        journal_entry=entry,
                    )
                )
        Sale.objects.bulk_create(sales, batch_size=5000)
    with timed(f"{size['needs']:,} needs"):
        needs = []
        for serial in range(size["needs"]):
            cooperative = rng.choice(cooperatives)
            needs.append(
                Need(
                    cooperative=cooperative,
                    province_code=cooperative.province_code,
                    regency_code=cooperative.regency_code,
                    district_code=cooperative.district_code,
                    village_code=cooperative.village_id,
                    number=serial + 1,
                    category="stock",
                    item="Beras",
                    needed_by=today + dt.timedelta(days=rng.randint(-20, 20)),
                    status=NeedStatus.SUBMITTED,
                    created_by=cashier,
                    submitted_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=rng.randint(0, 60)),
                )
            )
        Need.objects.bulk_create(needs, batch_size=5000)
    return cooperatives


def _dashboard(context: Any, region: Any) -> Any:
    return context(region, region.code if region else "id")


def main() -> None:
    args = arguments(__doc__ or "")
    size = QUICK if args.quick else FULL
    print(f"bench.national_dashboard: {size['cooperatives']:,} cooperatives ({machine()})", flush=True)
    vendor = setup_django("national_dashboard")
    print(f"  database: {database_version()}")
    rng = random.Random(SEED)
    with timed("generate"):
        cooperatives = generate(size, rng)
    from django.db import transaction

    from simpul.monitoring.models import CooperativeRollup
    from simpul.monitoring.rollups import rollups_rebuild
    from simpul.monitoring.views import dashboard_context
    from simpul.regions.models import Region

    started = time.perf_counter()
    rollups_rebuild()
    rebuild_s = time.perf_counter() - started
    print(f"  rebuild_rollups: {rebuild_s:.1f} s ({rebuild_s * 1000 / len(cooperatives):.2f} ms a cooperative)")
    analyze()

    used: dict[int, set[str]] = {level: set() for level in (1, 2, 3, 4)}
    for c in cooperatives:
        used[1].add(c.province_code)
        used[2].add(c.regency_code)
        used[3].add(c.district_code)
        used[4].add(c.village_id)
    regions = {level: list(Region.objects.filter(code__in=sorted(codes))) for level, codes in used.items()}
    levels: dict[str, list[Any]] = {
        "country": [None],
        "province": regions[1],
        "regency": regions[2],
        "district": regions[3],
        "village": regions[4],
    }
    samples: dict[str, list[float]] = {}
    for name, choices in levels.items():
        picks = [rng.choice(choices) for _ in range(size["requests"])]
        for region in picks[:3]:
            dashboard_context(region, region.code if region else "id")  # warm
        samples[f"dashboard: {name}"] = [measure(partial(_dashboard, dashboard_context, r)) for r in picks]
    ids = [c.pk for c in cooperatives]
    picked = [rng.choice(ids) for _ in range(size["requests"] * 5)]
    samples["baseline: one roll-up row"] = [
        measure(lambda i=i: CooperativeRollup.objects.get(cooperative_id=i))  # type: ignore[misc]
        for i in picked
    ]

    # Freshness: a need submitted through the service; its commit runs the refresh (on_commit), measured until the
    # roll-up row counts it.
    from simpul.core.models import User
    from simpul.needs.services.needs import need_create

    actor = User.objects.get(email="kasir@bench.simpul.id")
    fresh_ms = []
    for cooperative in rng.sample(cooperatives, 20):
        before = CooperativeRollup.objects.get(cooperative=cooperative).needs_open
        data = {
            "category": "stock",
            "item": "Minyak goreng",
            "quantity": "10",
            "unit": "liter",
            "needed_by": (dt.date.today() + dt.timedelta(days=5)).isoformat(),
        }
        with transaction.atomic():
            need_create(cooperative=cooperative, actor=actor, data=data, submit=True)
            committed = time.perf_counter()  # the refresh runs as this block commits
        after = CooperativeRollup.objects.get(cooperative=cooperative).needs_open
        fresh_ms.append((time.perf_counter() - committed) * 1000)
        assert after == before + 1, (before, after)
    samples["freshness after a write"] = fresh_ms

    print_table(f"{len(cooperatives):,} cooperatives on {vendor}", samples)
    baseline = percentile(samples["baseline: one roll-up row"], 0.95)
    figures: dict[str, Any] = {
        "bench": "national_dashboard",
        "db": vendor,
        "cooperatives": len(cooperatives),
        "members": len(cooperatives) * size["members_each"],
        "rebuild_ms_per_cooperative": round(rebuild_s * 1000 / len(cooperatives), 2),
        "baseline_p95_ms": round(baseline, 2),
        "freshness_p95_ms": round(percentile(fresh_ms, 0.95), 2),
    }
    for name in levels:
        p95 = percentile(samples[f"dashboard: {name}"], 0.95)
        figures[f"{name}_p95_ms"] = round(p95, 2)
        figures[f"{name}_ratio"] = round(p95 / baseline, 1)
        print(f"  {name}: p95 {p95:.1f} ms, {p95 / baseline:.1f}× one roll-up row")
    print_result(figures)


if __name__ == "__main__":
    main()
