"""The monitoring dashboards (simpul/monitoring) over many cooperatives: each level's page against reading one
roll-up row, and how long after a write its roll-up reflects it. PostgreSQL only (the data is generated in SQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/simpul_bench python -m bench.national_dashboard [--quick | --full]

Generates synthetic cooperatives over real villages (a few provinces; every village with --full), members as rows,
marts with daily sales summaries (one sale row per mart and day standing for the day's till), and needs in every
status; fills the roll-ups once (what `rollups_rebuild` does, optionally over --workers processes, timed per
cooperative); then times `dashboard_context` — what /dinas/<code>/pantauan/ reads — at the country, a province, a
regency, a district and a village, each against the baseline of reading one roll-up row by its cooperative, and
reports the ratio. Freshness: a need submitted through the service, in its own transaction; the time from its commit
until the cooperative's roll-up counts it (the on-commit refresh, up to the country's row).

--full is issue 14's national size: 153,170 cooperatives, 26,769,000 members, 80,000 marts × 365 days, 1,000,000
needs (about an hour and a half on 2 vCPUs). --quick: 2,000 cooperatives, 200,000 members, 100 marts × 30 days;
the default 20,000 and 2,000,000, 1,000 marts × 30 days.
"""

import datetime as dt
import multiprocessing
import random
import time
from collections.abc import Sequence
from decimal import Decimal
from functools import partial
from typing import Any

from bench._common import (
    analyze,
    arguments,
    database_version,
    machine,
    measure,
    on_postgres,
    percentile,
    print_result,
    print_table,
    setup_django,
    timed,
)

SEED = 2681
PROVINCES = ("32", "33", "35")  # Jawa Barat, Jawa Tengah, Jawa Timur: the smaller sizes
SIZES = {
    "quick": {"cooperatives": 2_000, "members": 200_000, "marts": 100, "days": 30, "needs": 2_000, "requests": 60},
    "default": {
        "cooperatives": 20_000,
        "members": 2_000_000,
        "marts": 1_000,
        "days": 30,
        "needs": 20_000,
        "requests": 200,
    },
    # Issue 14 §6: every cooperative of the country, over every village.
    "full": {
        "cooperatives": 153_170,
        "members": 26_769_000,
        "marts": 80_000,
        "days": 365,
        "needs": 1_000_000,
        "requests": 200,
    },
}
CHUNK = 10_000  # cooperatives per INSERT of members or sales, so a long load shows its progress
ITEMS = ("Beras", "LPG 3 kg", "Minyak goreng", "Gula pasir", "Pupuk urea", "Tepung terigu")
# A need's status by its serial modulo 20: half fulfilled, the rest open at each step, closed or cancelled.
NEED_STATUS_SQL = """CASE
    WHEN mod(s, 20) < 10 THEN 'fulfilled' WHEN mod(s, 20) < 14 THEN 'submitted'
    WHEN mod(s, 20) < 16 THEN 'acknowledged' WHEN mod(s, 20) < 17 THEN 'committed'
    WHEN mod(s, 20) < 18 THEN 'in_transit' WHEN mod(s, 20) < 19 THEN 'closed' ELSE 'cancelled' END"""


def insert_select(model: Any, chosen: dict[str, str], source: str) -> int:
    """INSERT INTO the model's table … SELECT: `chosen` gives SQL for some fields (over `source`, the FROM clause
    and what follows); every other column gets its field's default, as the ORM would have written it, so a model
    gaining a field does not break the bench. The SQL must not contain a percent sign (use mod()). Returns rows."""
    from django.db import connection
    from django.utils import timezone

    columns, selected, params = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key and field.name not in chosen:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.name in chosen:
            selected.append(chosen[field.name])
            continue
        auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        value = timezone.now() if auto else field.get_default()
        selected.append("%s")
        params.append(field.get_db_prep_save(value, connection))
    unknown = set(chosen) - {f.name for f in model._meta.concrete_fields}
    assert not unknown, unknown
    sql = f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(selected)} FROM {source}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)


def _numbered_cooperatives() -> str:
    from simpul.coops.models import Cooperative

    return (
        f"(SELECT id, village_id, province_code, regency_code, district_code, row_number() OVER (ORDER BY id) AS k "
        f"FROM {Cooperative._meta.db_table}) AS c"
    )


def _in_chunks(label: str, total: int, insert: Any) -> int:
    """insert(lo, hi) for cooperatives lo..hi (their serial k), CHUNK at a time, printing the progress and the
    time in all; returns the rows written."""
    rows = 0
    started = time.perf_counter()
    for lo in range(1, total + 1, CHUNK):
        rows += insert(lo, min(total, lo + CHUNK - 1))
        print(f"    {label}: {rows:,} rows, {time.perf_counter() - started:.0f} s", flush=True)
    print(f"  {label}: {time.perf_counter() - started:.1f} s", flush=True)
    return rows


def _cooperatives(count: int, provinces: Sequence[str] | None) -> int:
    """`count` cooperatives of mixed types over the villages (of `provinces`, or all), the villages in a shuffled
    order, each taking one cooperative before any takes a second."""
    from django.db import connection

    from simpul.coops.models import Cooperative, CooperativeType
    from simpul.regions.models import Region

    where = "level = 4"
    if provinces:
        where += " AND province_code IN (" + ", ".join(f"'{p}'" for p in provinces) + ")"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_village AS SELECT row_number() OVER (ORDER BY md5(code)) AS n, code, "
            f"province_code, regency_code, district_code FROM {Region._meta.db_table} WHERE {where}"
        )
        cursor.execute("SELECT count(*) FROM bench_village")
        villages = int(cursor.fetchone()[0])
    types = "ARRAY[" + ", ".join(f"'{t}'" for t, _label in CooperativeType.choices) + "]"
    with timed(f"{count:,} cooperatives over {villages:,} villages"):
        return insert_select(
            Cooperative,
            {
                "name": "'Koperasi Bench ' || s",
                "slug": "'bench-' || s",
                "type": f"({types})[1 + mod(s, {len(CooperativeType.choices)})]",
                "village": "v.code",
                "province_code": "v.province_code",
                "regency_code": "v.regency_code",
                "district_code": "v.district_code",
                "search_name": "'koperasi bench ' || s",
            },
            f"generate_series(1, {count}) AS s JOIN bench_village AS v ON v.n = 1 + mod(s - 1, {villages})",
        )


def _members(total: int, cooperatives: int) -> int:
    """Members as rows: every cooperative the same number, give or take one, to the exact total."""
    from simpul.members.models import Member

    each, extra = divmod(total, cooperatives)
    return _in_chunks(
        f"{total:,} members",
        cooperatives,
        lambda lo, hi: insert_select(
            Member,
            {
                "cooperative": "c.id",
                "number": "m",
                "nik": "'3273' || lpad(m::text, 12, '0')",
                "name": "'Anggota ' || m",
                "gender": "CASE WHEN mod(m, 2) = 0 THEN 'female' ELSE 'male' END",
                "birth_date": "date '1960-01-01' + mod(m * 97, 14000)",
                "village": "c.village_id",
                "join_date": "date '2020-01-01' + mod(m * 13, 2000)",
            },
            f"{_numbered_cooperatives()} CROSS JOIN LATERAL "
            f"generate_series(1, {each} + CASE WHEN c.k <= {extra} THEN 1 ELSE 0 END) AS m "
            f"WHERE c.k BETWEEN {lo} AND {hi}",
        ),
    )


def _marts(marts: int, days: int, cashier: Any, now: dt.datetime) -> tuple[int, int]:
    """The first cooperatives each get an outlet and a sale row per day standing for the day's till, one day in
    three to a member. The sales all point at one journal entry: what the roll-ups read is the sale rows, and posting
    80,000 marts' books through the ledger is the ledger benchmark's job, not this one's. Returns (outlets, sales)."""
    from django.db import transaction
    from django.utils import timezone

    from simpul.coops.models import Cooperative, Outlet
    from simpul.ledger.services import journal_post
    from simpul.ledger.services.accounts import chart_of_accounts_create
    from simpul.mart.models import Sale
    from simpul.members.models import Member

    books = Cooperative.objects.order_by("pk").first()
    assert books is not None
    chart_of_accounts_create(cooperative=books)
    with transaction.atomic():
        entry = journal_post(
            cooperative=books,
            actor=None,
            date=books.today(),
            description="Penjualan harian (ringkasan)",
            lines=[("1101", Decimal(1_000_000), Decimal(0)), ("4102", Decimal(0), Decimal(1_000_000))],
            source="bench",
        )
    today = timezone.localdate(now)
    with timed(f"{marts:,} marts"):
        outlets = insert_select(
            Outlet,
            {"cooperative": "c.id", "name": "'Mart'", "village": "c.village_id"},
            f"{_numbered_cooperatives()} WHERE c.k <= {marts}",
        )
    sales = _in_chunks(
        f"{marts:,} marts × {days} daily sales summaries",
        marts,
        lambda lo, hi: insert_select(
            Sale,
            {
                "cooperative": "o.cooperative_id",
                "outlet": "o.id",
                "number": "'S-' || d",
                "client_id": "gen_random_uuid()",
                "request_hash": "repeat('0', 64)",
                "cashier": str(cashier.pk),
                "member": "CASE WHEN mod(d, 3) = 0 THEN m.id END",
                "sold_at": f"timestamptz '{now.isoformat()}' - d * interval '1 day'",
                "business_date": f"date '{today.isoformat()}' - d",
                "subtotal": "s.total",
                "total": "s.total",
                "paid": "s.total",
                "journal_entry": str(entry.pk),
            },
            f"{_numbered_cooperatives()} "
            f"JOIN {Outlet._meta.db_table} AS o ON o.cooperative_id = c.id "
            f"JOIN {Member._meta.db_table} AS m ON m.cooperative_id = c.id AND m.number = 1 "
            f"CROSS JOIN generate_series(0, {days - 1}) AS d "
            "CROSS JOIN LATERAL (SELECT (200000 + mod(abs(hashtext(c.id || '-' || d)), 1800000))::numeric "
            f"AS total) AS s WHERE c.k BETWEEN {lo} AND {hi}",
        ),
    )
    return outlets, sales


def _needs(count: int, cooperatives: int, creator: Any, now: dt.datetime) -> int:
    """Needs over cooperatives picked by a hash of the serial, numbered per cooperative, submitted over the last
    year, in every status (the timestamps each status implies)."""
    from simpul.needs.models import Need

    items = "ARRAY[" + ", ".join(f"'{i}'" for i in ITEMS) + "]"
    submitted = f"(timestamptz '{now.isoformat()}' - mod(abs(hashtext('n' || s)), 365) * interval '1 day')"
    with timed(f"{count:,} needs"):
        return insert_select(
            Need,
            {
                "cooperative": "c.id",
                "province_code": "c.province_code",
                "regency_code": "c.regency_code",
                "district_code": "c.district_code",
                "village_code": "c.village_id",
                "number": "row_number() OVER (PARTITION BY c.id ORDER BY s)",
                "category": "'stock'",
                "item": f"({items})[1 + mod(s, {len(ITEMS)})]",
                "quantity": "(10 + mod(s, 490))::numeric",
                "unit": "'kg'",
                "needed_by": f"({submitted})::date + 14",
                "status": NEED_STATUS_SQL,
                "created_by": str(creator.pk),
                "created_at": submitted,
                "submitted_at": submitted,
                "acknowledged_at": f"CASE WHEN mod(s, 20) < 10 OR mod(s, 20) >= 14 THEN {submitted} "
                "+ interval '1 day' END",
                "first_response_at": f"CASE WHEN mod(s, 20) < 10 OR mod(s, 20) >= 14 THEN {submitted} "
                "+ interval '1 day' END",
                "fulfilled_at": f"CASE WHEN mod(s, 20) < 10 THEN {submitted} + interval '10 days' END",
                "ended_at": f"CASE WHEN mod(s, 20) < 10 OR mod(s, 20) >= 18 THEN {submitted} + interval '10 days' END",
            },
            f"generate_series(1, {count}) AS s JOIN {_numbered_cooperatives()} "
            f"ON c.k = 1 + mod(abs(hashtext('c' || s)), {cooperatives})",
        )


def generate(size: dict[str, int], provinces: Sequence[str] | None) -> dict[str, int]:
    """The synthetic country, in SQL (INSERT … SELECT generate_series): the ORM's bulk_create needs about 100 s a
    million members here, the national size has 26.8 million. Returns the rows written per table."""
    from django.utils import timezone

    from simpul.core.models import User

    count = size["cooperatives"]
    now = timezone.now()
    cashier = User.objects.create_user(email="kasir@bench.simpul.id", password=None, full_name="Kasir Bench")
    written = {"cooperatives": _cooperatives(count, provinces), "members": _members(size["members"], count)}
    written["outlets"], written["sales"] = _marts(size["marts"], size["days"], cashier, now)
    written["needs"] = _needs(size["needs"], count, cashier, now)
    return written


def _refresh_slice(ids: list[int]) -> None:
    """A worker's share of the rebuild: its cooperatives' rows, without the region rows (done once at the end)."""
    from django.db import connections

    from simpul.monitoring.rollups import rollups_refresh_batches

    rollups_refresh_batches(ids)
    connections.close_all()


def rebuild(workers: int) -> None:
    """What `rollups_rebuild` does, its cooperatives split over `workers` processes (forked, each with its own
    connection), then every region's rows once."""
    from django.db import connections, transaction

    from simpul.coops.models import Cooperative
    from simpul.monitoring.regions import regions_rebuild
    from simpul.monitoring.rollups import rollups_rebuild

    if workers <= 1:
        rollups_rebuild()
        return
    ids = list(Cooperative.objects.order_by("pk").values_list("pk", flat=True))
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pool.map(_refresh_slice, [ids[i::workers] for i in range(workers)])
    with transaction.atomic():
        regions_rebuild()


def _dashboard(context: Any, region: Any) -> Any:
    return context(region, region.code if region else "id")


def _counted() -> dict[str, int]:
    """The rows an earlier run generated (--reuse)."""
    from django.db import connection

    from simpul.coops.models import Cooperative, Outlet
    from simpul.mart.models import Sale
    from simpul.members.models import Member
    from simpul.needs.models import Need

    counted = {}
    with connection.cursor() as cursor:
        for table, model in (
            ("cooperatives", Cooperative),
            ("members", Member),
            ("outlets", Outlet),
            ("sales", Sale),
            ("needs", Need),
        ):
            cursor.execute(f"SELECT count(*) FROM {model._meta.db_table}")
            counted[table] = int(cursor.fetchone()[0])
    return counted


def _levels(cooperatives: list[Any]) -> dict[str, list[Any]]:
    """The regions holding the cooperatives, by level; the country is None."""
    from simpul.regions.models import Region

    used: dict[int, set[str]] = {level: set() for level in (1, 2, 3, 4)}
    for c in cooperatives:
        used[1].add(c.province_code)
        used[2].add(c.regency_code)
        used[3].add(c.district_code)
        used[4].add(c.village_id)
    regions = {level: list(Region.objects.filter(code__in=sorted(codes))) for level, codes in used.items()}
    return {
        "country": [None],
        "province": regions[1],
        "regency": regions[2],
        "district": regions[3],
        "village": regions[4],
    }


def _pages(levels: dict[str, list[Any]], requests: int, rng: random.Random) -> dict[str, list[float]]:
    """Each level's data (`dashboard_context`), then the whole pages through Django's test client (middleware,
    access check, template): the Dinas page as a ministry officer, the public transparency page anonymously."""
    from django.core.management import call_command
    from django.test import Client

    from simpul.coops.models import GovernmentOffice, OfficeKind, Role, RoleKind
    from simpul.core.models import User
    from simpul.monitoring.views import dashboard_context

    with timed("collectstatic (the pages' hashed static names, as `make run` gives them)"):
        call_command("collectstatic", interactive=False, verbosity=0)
    officer, _new = User.objects.get_or_create(email="menteri@bench.simpul.id", defaults={"full_name": "Pejabat"})
    office, _new = GovernmentOffice.objects.get_or_create(
        kind=OfficeKind.MINISTRY,
        region=None,
        defaults={"name": "Kementerian Koperasi (bench)", "slug": "kementerian-bench"},
    )
    Role.objects.get_or_create(user=officer, kind=RoleKind.DINAS, office=office)
    dinas, public = Client(), Client()
    dinas.force_login(officer)

    def page(client: Any, url: str) -> None:
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: {response.status_code}")

    samples: dict[str, list[float]] = {}
    for level, choices in levels.items():
        picks = [rng.choice(choices) for _ in range(requests)]
        codes = [region.code if region else "id" for region in picks]
        for region, code in zip(picks[:3], codes[:3], strict=True):  # warm
            _dashboard(dashboard_context, region)
            page(dinas, f"/dinas/{code}/pantauan/")
            page(public, f"/transparansi/{code}/")
        samples[f"dashboard: {level}"] = [measure(partial(_dashboard, dashboard_context, r)) for r in picks]
        samples[f"page /dinas/…/pantauan/: {level}"] = [
            measure(partial(page, dinas, f"/dinas/{code}/pantauan/")) for code in codes
        ]
        samples[f"page /transparansi/…/: {level}"] = [
            measure(partial(page, public, f"/transparansi/{code}/")) for code in codes
        ]
    return samples


def _freshness(cooperatives: list[Any], rng: random.Random) -> list[float]:
    """A need submitted through the service in its own transaction; its commit runs the refresh (on_commit). The
    time from the commit until the cooperative's row, its village's and the country's count it."""
    from django.db import transaction

    from simpul.core.models import User
    from simpul.monitoring.models import CooperativeRollup, RegionRollup
    from simpul.monitoring.regions import COUNTRY
    from simpul.needs.services.needs import need_create

    def open_needs(cooperative: Any) -> tuple[int, ...]:
        rows = RegionRollup.objects.filter(code__in=[cooperative.village_id, COUNTRY]).order_by("code")
        own = CooperativeRollup.objects.get(cooperative=cooperative).needs_open
        return (own, *(row.needs_open for row in rows))

    actor = User.objects.get(email="kasir@bench.simpul.id")
    fresh_ms = []
    for cooperative in rng.sample(cooperatives, 20):
        before = open_needs(cooperative)
        data = {
            "category": "stock",
            "item": "Minyak goreng",
            "quantity": "10",
            "unit": "liter",
            "needed_by": (cooperative.today() + dt.timedelta(days=5)).isoformat(),
        }
        with transaction.atomic():
            need_create(cooperative=cooperative, actor=actor, data=data, submit=True)
            committed = time.perf_counter()  # the refresh runs as this block commits
        after = open_needs(cooperative)
        fresh_ms.append((time.perf_counter() - committed) * 1000)
        assert after == tuple(n + 1 for n in before), (before, after)
    return fresh_ms


def main() -> None:
    args = arguments(__doc__ or "", full=True)
    name = "full" if args.full else "quick" if args.quick else "default"
    size = SIZES[name]
    if not on_postgres():
        # `make bench` runs every benchmark on SQLite: say so and go on with the others.
        print(
            "bench.national_dashboard: not run, it generates its data in PostgreSQL's SQL (DATABASE_URL=postgres://…)"
        )
        return
    print(f"bench.national_dashboard: {size['cooperatives']:,} cooperatives ({machine()})", flush=True)
    vendor = setup_django("national_dashboard", reuse=args.reuse)
    print(f"  database: {database_version()}")
    rng = random.Random(SEED)
    from simpul.coops.models import Cooperative
    from simpul.monitoring.models import CooperativeRollup

    rebuild_s = None
    if args.reuse:
        written = _counted()
    else:
        with timed("generate"):
            written = generate(size, None if args.full else PROVINCES)
        analyze()
        started = time.perf_counter()
        rebuild(args.workers)
        rebuild_s = time.perf_counter() - started
        analyze()
    cooperatives = list(
        Cooperative.objects.order_by("pk").only("pk", "village_id", "province_code", "regency_code", "district_code")
    )
    if rebuild_s is not None:
        each = rebuild_s * 1000 / len(cooperatives)
        print(f"  rebuild_rollups ({args.workers} processes): {rebuild_s:.1f} s ({each:.2f} ms a cooperative)")

    levels = _levels(cooperatives)
    samples = _pages(levels, size["requests"], rng)
    ids = [c.pk for c in cooperatives]
    picked = [rng.choice(ids) for _ in range(size["requests"] * 5)]
    samples["baseline: one roll-up row"] = [
        measure(lambda i=i: CooperativeRollup.objects.get(cooperative_id=i))  # type: ignore[misc]
        for i in picked
    ]
    fresh_ms = _freshness(cooperatives, rng)
    samples["freshness after a write"] = fresh_ms

    print_table(f"{len(cooperatives):,} cooperatives on {vendor}", samples)
    baseline = percentile(samples["baseline: one roll-up row"], 0.95)
    figures: dict[str, Any] = {
        "bench": "national_dashboard",
        "db": vendor,
        **{f"{table}_rows": rows for table, rows in written.items()},
        "rebuild_ms_per_cooperative": round(rebuild_s * 1000 / len(cooperatives), 2) if rebuild_s else None,
        "baseline_p95_ms": round(baseline, 2),
        "freshness_p95_ms": round(percentile(fresh_ms, 0.95), 2),
    }
    for level in levels:
        for label, key in (
            ("dashboard", ""),
            ("page /dinas/…/pantauan/", "_page"),
            ("page /transparansi/…/", "_public"),
        ):
            p95 = percentile(samples[f"{label}: {level}"], 0.95)
            figures[f"{level}{key}_p95_ms"] = round(p95, 2)
            figures[f"{level}{key}_ratio"] = round(p95 / baseline, 1)
            print(f"  {label}: {level}: p95 {p95:.1f} ms, {p95 / baseline:.1f}× one roll-up row")
    print_result(figures)


if __name__ == "__main__":
    main()
