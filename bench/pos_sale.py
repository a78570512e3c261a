"""Koperasi Mart sales per second with 8 concurrent workers: a five-line member sale through `sale_record`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/simpul_bench_mart python -m bench.pos_sale [--quick]

Each sale goes through the real service, `simpul.mart.sales.services.sale_record`, as the till's API calls it online:
the cashier's open shift found, five products' prices read, their stock rows locked in key order and moved at the
moving-average cost (five stock moves), one balanced journal entry posted by `journal_post` (cash / member sales, PPN,
cost of goods sold / inventory 1302: the cooperative's journal sequence row locked, the entry hash-chained, month
totals added to), the sale, its lines and payment, the audit row, one commit. Workers are processes (as gunicorn's
are), each with its own connection, each a cashier with an open shift at every outlet.

Two measurements, each for 20 s (--quick: 5 s), over 32 cooperatives (a shared server; two sales wait on each other
only when they hit the same cooperative at once, for its journal sequence, or the same product):
- **service**: 8 workers calling `sale_record` directly: sales per second, against pgbench's TPC-B-like script with 8
  clients (`pgbench -i -s 8`, `-c 8 -j 2 -T 20`) on a scratch database of the same server, run before and after; the
  ratio is sales per second over the mean tps. Target: at least 0.10.
- **HTTP**: 8 cashiers posting the same sale as JSON to POST /api/v1/cooperatives/{slug}/mart/sales through Django's
  test client (the whole middleware stack, session authentication, schema validation, the JSON answer; no network
  or gunicorn): latency p95. Target: under 60 ms.
On SQLite (one writer, no row locks) it times one worker and has no baseline.
"""

import datetime as dt
import json
import multiprocessing
import os
import random
import time
import uuid
import warnings
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bench._common import (
    arguments,
    database_version,
    machine,
    make_cooperatives,
    percentile,
    print_result,
    print_table,
    setup_django,
    timed,
)
from bench.savings_post import PgBench, _cpu_seconds, _load

WORKERS = 8
COOPERATIVES = 32
PRODUCTS = 60  # per cooperative
MEMBERS = 100  # per cooperative
LINES = 5
SECONDS = 20
QUICK_SECONDS = 5
WARM_UP = 5  # sales per worker before the clock starts
TARGET_RATIO = 0.10
TARGET_P95_MS = 60.0
STOCK = Decimal(1_000_000)  # per product: no sale runs out
HISTORY = 50  # sales per cooperative before the statistics are taken


# --- the data: cooperatives with a mart, products in stock, members, cashiers with open shifts ----------------------


def prepare(count: int, workers: int, *, prefix: str = "pos") -> list[dict[str, Any]]:
    """`count` cooperatives ready to sell: their outlet, products in stock, members, and `workers` cashiers each with
    an open shift there. Returns per cooperative: ids of the cooperative, slug, outlet, products, members, cashiers."""
    from simpul.coops.models import Outlet, OutletKind, Role, RoleKind
    from simpul.core.models import User
    from simpul.mart.books import mart_books_ensure
    from simpul.mart.models import Category, Product, Shift
    from simpul.mart.stock.opening import stock_opening_record
    from simpul.members.models import Gender, Member, MemberCounter

    cashiers = []
    for worker in range(workers):
        email = f"kasir{worker}.{prefix}@bench.invalid"
        user = User.objects.filter(email=email).first() or User.objects.create(full_name=f"Kasir {worker}", email=email)
        cashiers.append(user)
    rng = random.Random(f"{prefix}:{count}")
    prepared = []
    for cooperative in make_cooperatives(count, prefix=prefix):
        mart_books_ensure(cooperative)
        outlet = Outlet.objects.create(cooperative=cooperative, name="Koperasi Mart", kind=OutletKind.MART)
        category = Category.objects.create(cooperative=cooperative, name="Sembako")
        products = Product.objects.bulk_create(
            Product(
                cooperative=cooperative,
                sku=f"B{n:04d}",
                name=f"Produk {n}",
                category=category,
                price=price,
                member_price=price - 200,
                taxed=n % 3 == 0,
            )
            for n in range(1, PRODUCTS + 1)
            for price in [Decimal(rng.randint(5, 100) * 500)]
        )
        stock_opening_record(
            cooperative=cooperative,
            actor=None,
            outlet_id=outlet.pk,
            items=[(product.pk, STOCK, product.price * Decimal("0.8")) for product in products],
        )
        district = cooperative.district_code.replace(".", "")
        Member.objects.bulk_create(
            Member(
                cooperative=cooperative,
                number=n,
                # A valid NIK: the district, the birth date (1 Jan 1980 + n days) and a serial.
                nik=f"{district}{birth.day:02d}{birth.month:02d}{birth.year % 100:02d}{n:04d}",
                name=f"Anggota {n}",
                gender=Gender.FEMALE,
                birth_date=birth,
                village_id=cooperative.village_id,
                join_date=dt.date(2020, 1, 6),
            )
            for n in range(1, MEMBERS + 1)
            for birth in [dt.date(1980, 1, 1) + dt.timedelta(days=n)]
        )
        MemberCounter.objects.create(cooperative=cooperative, last_number=MEMBERS)
        Role.objects.bulk_create(Role(user=user, kind=RoleKind.CASHIER, cooperative=cooperative) for user in cashiers)
        Shift.objects.bulk_create(
            Shift(cooperative=cooperative, outlet=outlet, cashier=user, opening_cash=Decimal(200_000))
            for user in cashiers
        )
        prepared.append(
            {
                "cooperative": cooperative.pk,
                "slug": cooperative.slug,
                "outlet": outlet.pk,
                "products": [product.pk for product in products],
                "members": list(Member.objects.filter(cooperative=cooperative).values_list("pk", flat=True)),
                "cashiers": [user.pk for user in cashiers],
            }
        )
    return prepared


def sale_request(rng: random.Random, item: dict[str, Any]) -> dict[str, Any]:
    """A five-line member sale paid in cash (Rp1.000.000 handed over; the change comes back)."""
    return {
        "client_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "outlet_id": item["outlet"],
        "member_id": rng.choice(item["members"]),
        "lines": [
            {"product_id": product, "quantity": str(rng.choice([1, 1, 2, 3]))}
            for product in rng.sample(item["products"], LINES)
        ],
        "payments": [{"method": "cash", "amount": "1000000"}],
    }


# --- the workers -----------------------------------------------------------------------------------------------


def _sell_service(rng: random.Random, books: list[tuple[Any, Any, dict[str, Any]]]) -> None:
    from simpul.mart.sales.services import sale_record

    cooperative, cashier, item = rng.choice(books)
    request = sale_request(rng, item)
    sale_record(cooperative=cooperative, actor=cashier, **request)


class _Http:
    """One cashier's browser session: posts each sale as the till's JSON."""

    def __init__(self, cashier: Any) -> None:
        from django.test import Client

        self.client = Client()
        self.client.force_login(cashier)

    def sell(self, rng: random.Random, books: list[tuple[Any, Any, dict[str, Any]]]) -> None:
        _cooperative, _cashier, item = rng.choice(books)
        response = self.client.post(
            f"/api/v1/cooperatives/{item['slug']}/mart/sales",
            data=json.dumps(sale_request(rng, item)),
            content_type="application/json",
        )
        if response.status_code not in (200, 201):
            raise RuntimeError(f"{response.status_code}: {response.content[:300]!r}")


def worker(
    seed: int,
    prepared: list[dict[str, Any]],
    mode: str,
    seconds: float,
    barrier: Any,
    results: "multiprocessing.Queue[Any]",
) -> None:
    """Sell as fast as one connection can for `seconds` after the start; report count, latencies and CPU."""
    from django.db import connection

    from simpul.coops.models import Cooperative
    from simpul.core.models import User

    try:
        rng = random.Random(seed)
        cashier = User.objects.get(pk=prepared[0]["cashiers"][seed % len(prepared[0]["cashiers"])])
        books = [(Cooperative.objects.get(pk=item["cooperative"]), cashier, item) for item in prepared]
        if mode == "http":
            till = _Http(cashier)

            def sell() -> None:
                till.sell(rng, books)
        else:

            def sell() -> None:
                _sell_service(rng, books)

        for _ in range(WARM_UP):
            sell()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()" if connection.vendor == "postgresql" else "SELECT 0")
            backend = int(cursor.fetchone()[0])
        barrier.wait()
        started = time.perf_counter()
        cpu, server_cpu = time.process_time(), _cpu_seconds(backend)
        deadline = started + seconds
        latencies: list[float] = []
        errors: list[str] = []
        while True:
            before = time.perf_counter()
            if before >= deadline:
                break
            try:
                sell()
            except Exception as error:
                errors.append(repr(error)[:300])
                continue
            after = time.perf_counter()
            if after <= deadline:
                latencies.append((after - before) * 1000)
        cpu = time.process_time() - cpu
        server_end = _cpu_seconds(backend)
        server = server_end - server_cpu if server_end is not None and server_cpu is not None else None
        results.put((latencies, errors, (cpu, server), None))
    except Exception as error:
        results.put(([], [], None, repr(error)))
        barrier.abort()
    finally:
        connection.close()


@dataclass
class Case:
    rate: float  # sales per second
    latencies: list[float]
    errors: list[str]
    client_ms: float  # Python CPU per sale, in the workers
    server_ms: float | None  # PostgreSQL backend CPU per sale, when /proc tells


def run_case(prepared: list[dict[str, Any]], workers: int, seconds: float, mode: str) -> Case:
    from django.db import connections

    connections.close_all()  # each child opens its own connection
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(workers)
    results: multiprocessing.Queue[Any] = context.Queue()
    processes = [
        context.Process(target=worker, args=(seed, prepared, mode, seconds, barrier, results))
        for seed in range(workers)
    ]
    for process in processes:
        process.start()
    latencies: list[float] = []
    errors: list[str] = []
    client, server = 0.0, 0.0
    server_known = True
    for _ in processes:
        found, failed, cpu, problem = results.get()
        if problem:
            raise SystemExit(f"A worker failed: {problem}")
        latencies += found
        errors += failed
        client += cpu[0]
        server_known = server_known and cpu[1] is not None
        server += cpu[1] or 0.0
    for process in processes:
        process.join()
    done = max(1, len(latencies))
    return Case(
        len(latencies) / seconds,
        latencies,
        errors,
        client * 1000 / done,
        server * 1000 / done if server_known else None,
    )


def sales_history(prepared: list[dict[str, Any]], per_cooperative: int) -> None:
    """Some sales already in every mart before the clock starts, as a live shop has: statistics taken over empty
    sales and journal tables make the planner scan them whole (a lookup by client id read every sale, and the
    foreign-key checks every entry), which no live system does once autovacuum has looked at them."""
    from simpul.coops.models import Cooperative
    from simpul.core.models import User

    rng = random.Random(0)
    for item in prepared:
        books = [(Cooperative.objects.get(pk=item["cooperative"]), User.objects.get(pk=item["cashiers"][0]), item)]
        for _ in range(per_cooperative):
            _sell_service(rng, books)


def statements_per_sale(prepared: list[dict[str, Any]]) -> dict[str, int]:
    """How many statements one sale sends, in all and by kind (SELECT, INSERT, UPDATE, …)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from simpul.coops.models import Cooperative
    from simpul.core.models import User

    item = prepared[0]
    books = [(Cooperative.objects.get(pk=item["cooperative"]), User.objects.get(pk=item["cashiers"][0]), item)]
    rng = random.Random(1)
    _sell_service(rng, books)
    with CaptureQueriesContext(connection) as captured:
        _sell_service(rng, books)
    kinds: dict[str, int] = {"all": len(captured.captured_queries)}
    for query in captured.captured_queries:
        word = query["sql"].lstrip().split(" ", 1)[0].upper()
        kinds[word] = kinds.get(word, 0) + 1
    return kinds


def main() -> None:
    args = arguments(__doc__ or "")
    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic for a bench
    seconds = QUICK_SECONDS if args.quick else SECONDS
    print(f"bench.pos_sale: {WORKERS} workers, {seconds} s per case ({machine()})", flush=True)
    vendor = setup_django("pos_sale")
    version = database_version()
    print(f"  database: {version}")
    with timed(f"{COOPERATIVES} cooperatives with {PRODUCTS} products in stock, {MEMBERS} members, open shifts"):
        prepared = prepare(COOPERATIVES, WORKERS)
    statements = statements_per_sale(prepared)
    print(f"  one sale: {statements['all']} statements ({statements})")

    if vendor != "postgresql":
        case = run_case(prepared, 1, seconds, "service")
        print_table("sales on sqlite, 1 worker", {"sale_record": case.latencies})
        print(f"  {case.rate:.0f} sales/s, {len(case.errors)} errors, {case.client_ms:.1f} ms Python CPU per sale")
        print_result({"bench": "pos_sale", "db": vendor, "workers": 1, "sales_per_s": round(case.rate, 1)})
        return

    from bench._common import analyze

    with timed(f"{HISTORY} sales in every mart's history"):
        sales_history(prepared, HISTORY)
    analyze()
    pgbench = PgBench(os.environ["DATABASE_URL"], version)
    with timed("pgbench -i -s 8"):
        pgbench.initialise()
    try:
        # Each case starts from a checkpoint: none pays for the writes of the one before it.
        pgbench.checkpoint()
        print(f"  pgbench before ({_load()}) …", flush=True)
        tps_before = pgbench.run(seconds)
        print(f"  pgbench TPC-B, {WORKERS} clients: {tps_before:.0f} tps")
        pgbench.checkpoint()
        print(f"  sale_record, {WORKERS} workers ({_load()}) …", flush=True)
        service = run_case(prepared, WORKERS, seconds, "service")
        pgbench.checkpoint()
        print(f"  HTTP, {WORKERS} cashiers ({_load()}) …", flush=True)
        http = run_case(prepared, WORKERS, seconds, "http")
        pgbench.checkpoint()
        print(f"  pgbench after ({_load()}) …", flush=True)
        tps_after = pgbench.run(seconds)
        print(f"  pgbench TPC-B, {WORKERS} clients: {tps_after:.0f} tps ({_load()})")
    finally:
        pgbench.drop()
    tps = (tps_before + tps_after) / 2
    print_table(
        f"five-line member sale, {WORKERS} workers over {COOPERATIVES} cooperatives on {vendor}",
        {"sale_record": service.latencies, "POST …/mart/sales (HTTP)": http.latencies},
    )
    ratio = service.rate / tps
    p95 = percentile(http.latencies, 0.95) if http.latencies else float("inf")
    for label, case in (("sale_record", service), ("HTTP", http)):
        server = f"{case.server_ms:.1f} ms" if case.server_ms is not None else "unknown"
        print(
            f"  {label}: {case.rate:.0f} sales/s ({len(case.errors)} errors); CPU per sale: {case.client_ms:.1f} ms "
            f"Python, {server} PostgreSQL backend"
        )
        for error in sorted(set(case.errors))[:3]:
            print(f"    error: {error}")
    print(
        f"  ratio {ratio:.3f} of pgbench's {tps:.0f} tps (target {TARGET_RATIO}: "
        f"{'met' if ratio >= TARGET_RATIO else 'MISSED'}); HTTP p95 {p95:.1f} ms (target < {TARGET_P95_MS:.0f} ms: "
        f"{'met' if p95 < TARGET_P95_MS else 'MISSED'})"
    )
    print_result(
        {
            "bench": "pos_sale",
            "db": vendor,
            "workers": WORKERS,
            "seconds": seconds,
            "cooperatives": COOPERATIVES,
            "statements_per_sale": statements["all"],
            "sales_per_s": round(service.rate, 1),
            "baseline_tps": round(tps, 1),
            "pgbench_tps_before": round(tps_before, 1),
            "pgbench_tps_after": round(tps_after, 1),
            "ratio": round(ratio, 3),
            "service_p95_ms": round(percentile(service.latencies, 0.95), 1) if service.latencies else None,
            "service_errors": len(service.errors),
            "http_sales_per_s": round(http.rate, 1),
            "p95_ms": round(p95, 1),
            "http_errors": len(http.errors),
            "client_cpu_ms": round(service.client_ms, 2),
            "server_cpu_ms": round(service.server_ms, 2) if service.server_ms is not None else None,
        }
    )


if __name__ == "__main__":
    main()
