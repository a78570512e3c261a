"""Savings deposits per second with 8 concurrent workers, each deposit a savings row plus its journal entry.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/simpul_bench python -m bench.savings_post [--quick]

Every deposit goes through the real service, `simpul.members.savings.services.savings_deposit`, as the cashier's
page calls it: the savings account row locked, its balance moved, a balanced journal entry posted by `journal_post` (the
cooperative's journal sequence row locked, the entry hash-chained, the month totals added to), the savings
transaction row and its audit row written, one commit. Workers are processes (as gunicorn's are), each with its
own database connection. The members' wajib and sukarela accounts are open beforehand, as they are for members
who save every month.

Two cases, each for 20 s (--quick: 5 s):
- **many cooperatives** (the target): 8 workers, each deposit for a random member of one of 32 cooperatives, as a
  shared server sees it; two deposits wait on each other only when they hit the same cooperative at once.
- **one cooperative**: 8 workers all depositing into one cooperative. Its journal sequence row is a lock every
  posting takes until commit (numbers and the hash chain must not fork), so these deposits run one at a time.

Baseline in the same run: pgbench's built-in TPC-B-like script with 8 clients (`pgbench -i -s 8`, then
`-c 8 -j 2 -T 20`) on a scratch database of the same server, run before and after the deposits; the ratio is
deposits per second over the mean of the two tps figures. Target on PostgreSQL: at least 0.15 for many
cooperatives. On SQLite (no row locks, one writer) it times one worker and has no baseline.
"""

import datetime as dt
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from decimal import Decimal
from glob import glob
from typing import Any
from urllib.parse import urlsplit, urlunsplit

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

WORKERS = 8
COOPERATIVES = 32
MEMBERS = 200  # per cooperative
SECONDS = 20
QUICK_SECONDS = 5
WARM_UP = 5  # deposits per worker before the clock starts
PGBENCH_SCALE = 8
TARGET_RATIO = 0.15
WAJIB = Decimal(25_000)


# --- the data: cooperatives with their products, a manager and members --------------------------------------


def prepare(count: int) -> list[dict[str, Any]]:
    """`count` cooperatives ready to take deposits: (cooperative id, manager id, member ids)."""
    from simpul.core.models import User
    from simpul.members.models import Gender, Member, MemberCounter, SavingsAccount, SavingsProduct
    from simpul.members.savings.services import savings_products_setup

    prepared = []
    for cooperative in make_cooperatives(count, prefix="savings"):
        savings_products_setup(cooperative=cooperative, actor=None, pokok_amount=100_000, wajib_amount=WAJIB)
        manager = User.objects.create(
            full_name=f"Pengurus {cooperative.pk}", email=f"pengurus{cooperative.pk}@bench.invalid"
        )
        district = cooperative.district_code.replace(".", "")
        Member.objects.bulk_create(
            Member(
                cooperative=cooperative,
                number=n,
                # A valid NIK: the district, the birth date (1 Jan 1980 + n days) and a serial.
                nik=f"{district}{birth.day:02d}{birth.month:02d}{birth.year % 100:02d}{n:04d}",
                name=f"Anggota {n}",
                gender=Gender.MALE,
                birth_date=birth,
                village_id=cooperative.village_id,
                join_date=dt.date(2020, 1, 6),
            )
            for n in range(1, MEMBERS + 1)
            for birth in [dt.date(1980, 1, 1) + dt.timedelta(days=n)]
        )
        MemberCounter.objects.create(cooperative=cooperative, last_number=MEMBERS)
        members = list(Member.objects.filter(cooperative=cooperative).values_list("pk", flat=True))
        # Members save month after month: their wajib and sukarela accounts are open (a member's very first
        # deposit in a product opens the account first, once in the member's life).
        products = SavingsProduct.objects.filter(cooperative=cooperative, kind__in=["wajib", "sukarela"])
        SavingsAccount.objects.bulk_create(
            SavingsAccount(cooperative=cooperative, member_id=member, product=product)
            for member in members
            for product in products
        )
        prepared.append({"cooperative": cooperative.pk, "manager": manager.pk, "members": members})
    return prepared


# --- the workers -----------------------------------------------------------------------------------------------


def _deposit(rng: random.Random, books: dict[int, tuple[Any, Any, list[int], dt.date]]) -> None:
    from simpul.members.savings.services import savings_deposit

    cooperative, manager, members, today = books[rng.choice(list(books))]
    if rng.random() < 0.3:
        kind, amount = "wajib", WAJIB * rng.randint(1, 3)
    else:
        kind, amount = "sukarela", Decimal(rng.randint(1, 200) * 5_000)
    savings_deposit(
        cooperative=cooperative, actor=manager, member_id=rng.choice(members), kind=kind, amount=amount, date=today
    )


def worker(
    seed: int, prepared: list[dict[str, Any]], seconds: float, barrier: Any, results: "multiprocessing.Queue[Any]"
) -> None:
    """Deposit as fast as one connection can for `seconds` after the start; report count and latencies."""
    from django.db import connection

    from simpul.coops.models import Cooperative
    from simpul.core.models import User

    try:
        rng = random.Random(seed)
        books = {}
        for item in prepared:
            cooperative = Cooperative.objects.get(pk=item["cooperative"])
            manager = User.objects.get(pk=item["manager"])
            books[cooperative.pk] = (cooperative, manager, item["members"], cooperative.today())
        for _ in range(WARM_UP):
            _deposit(rng, books)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()" if connection.vendor == "postgresql" else "SELECT 0")
            backend = int(cursor.fetchone()[0])
        barrier.wait()
        started = time.perf_counter()
        cpu, server_cpu = time.process_time(), _cpu_seconds(backend)
        deadline = started + seconds
        latencies: list[float] = []
        errors = 0
        while True:
            before = time.perf_counter()
            if before >= deadline:
                break
            try:
                _deposit(rng, books)
            except Exception:
                errors += 1
                continue
            after = time.perf_counter()
            if after <= deadline:
                latencies.append((after - before) * 1000)
        cpu = time.process_time() - cpu
        server_end = _cpu_seconds(backend)
        server = server_end - server_cpu if server_end is not None and server_cpu is not None else None
        results.put((latencies, errors, (cpu, server), None))
    except Exception as error:
        results.put(([], 0, None, repr(error)))
        barrier.abort()
    finally:
        connection.close()


def _cpu_seconds(pid: int) -> float | None:
    """CPU time a process has used (its /proc entry: readable when PostgreSQL runs on this machine as us or root)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


@dataclass
class Case:
    rate: float  # deposits per second
    latencies: list[float]
    errors: int
    client_ms: float  # Python CPU per deposit, in the workers
    server_ms: float | None  # PostgreSQL backend CPU per deposit, when /proc tells


def run_case(prepared: list[dict[str, Any]], workers: int, seconds: float) -> Case:
    """Deposits per second of `workers` processes over these cooperatives, with latencies, errors and CPU."""
    from django.db import connections

    connections.close_all()  # each child opens its own connection
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(workers)
    results: multiprocessing.Queue[Any] = context.Queue()
    processes = [
        context.Process(target=worker, args=(seed, prepared, seconds, barrier, results)) for seed in range(workers)
    ]
    for process in processes:
        process.start()
    latencies: list[float] = []
    errors = 0
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


def queries_per_deposit(prepared: list[dict[str, Any]]) -> int:
    """How many statements one deposit sends into an open account."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from simpul.coops.models import Cooperative
    from simpul.core.models import User

    item = prepared[0]
    cooperative = Cooperative.objects.get(pk=item["cooperative"])
    manager = User.objects.get(pk=item["manager"])
    books = {cooperative.pk: (cooperative, manager, item["members"][:1], cooperative.today())}
    _deposit(random.Random(1), books)
    with CaptureQueriesContext(connection) as captured:
        _deposit(random.Random(1), books)
    return len(captured.captured_queries)


# --- the baseline ------------------------------------------------------------------------------------------------


def _pgbench_binary(server_version: str) -> str:
    major = server_version.split()[-1].split(".")[0]
    candidates = [f"/usr/lib/postgresql/{major}/bin/pgbench", *sorted(glob("/usr/lib/postgresql/*/bin/pgbench"))]
    for candidate in [*candidates, shutil.which("pgbench") or ""]:
        if candidate and os.path.exists(candidate):
            return candidate
    raise SystemExit("pgbench not found (Debian: apt-get install postgresql-contrib or postgresql-<version>)")


class PgBench:
    """TPC-B-like pgbench on a scratch database beside the bench database, dropped afterwards."""

    def __init__(self, url: str, server_version: str) -> None:
        parts = urlsplit(url)
        self.name = parts.path.lstrip("/") + "_pgbench"
        self.admin_url = urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))
        self.binary = _pgbench_binary(server_version)
        self.env = {
            **os.environ,
            "PGHOST": parts.hostname or "localhost",
            "PGPORT": str(parts.port or 5432),
            "PGUSER": parts.username or "postgres",
        }
        if parts.password:
            self.env["PGPASSWORD"] = parts.password

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(statement)

    def initialise(self) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{self.name}"')
        subprocess.run(
            [self.binary, "-i", "-q", "-s", str(PGBENCH_SCALE), self.name],
            env=self.env,
            check=True,
            capture_output=True,
        )

    def run(self, seconds: int) -> float:
        done = subprocess.run(
            [self.binary, "-c", str(WORKERS), "-j", "2", "-T", str(seconds), self.name],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        found = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", done.stdout)
        if not found:
            raise SystemExit(f"Could not read pgbench's tps:\n{done.stdout}\n{done.stderr}")
        return float(found.group(1))

    def checkpoint(self) -> None:
        """Flush what the last case wrote, so the next one does not pay for its checkpoint (pgbench's 20 s leave
        about a gigabyte of dirty pages behind)."""
        self._admin("CHECKPOINT")

    def drop(self) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _load() -> str:
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    args = arguments(__doc__ or "")
    seconds = QUICK_SECONDS if args.quick else SECONDS
    print(f"bench.savings_post: {WORKERS} workers, {seconds} s per case ({machine()})", flush=True)
    vendor = setup_django("savings_post")
    version = database_version()
    print(f"  database: {version}")
    with timed(f"{COOPERATIVES + 1} cooperatives with products and {MEMBERS} members each"):
        many = prepare(COOPERATIVES + 1)
        one = [many.pop()]
    per_deposit = queries_per_deposit(one)
    print(f"  one deposit: {per_deposit} queries")

    if vendor != "postgresql":
        # SQLite has one writer at a time: one worker, no baseline.
        case = run_case(many, 1, seconds)
        print_table("deposits on sqlite, 1 worker", {"savings_deposit": case.latencies})
        print(f"  {case.rate:.0f} deposits/s, {case.errors} errors, {case.client_ms:.1f} ms Python CPU per deposit")
        print_result({"bench": "savings_post", "db": vendor, "workers": 1, "deposits_per_s": round(case.rate, 1)})
        return

    pgbench = PgBench(os.environ["DATABASE_URL"], version)
    with timed(f"pgbench -i -s {PGBENCH_SCALE}"):
        pgbench.initialise()
    try:
        print(f"  pgbench before ({_load()}) …", flush=True)
        tps_before = pgbench.run(seconds)
        print(f"  pgbench TPC-B, {WORKERS} clients: {tps_before:.0f} tps")
        print(f"  {COOPERATIVES} cooperatives ({_load()}) …", flush=True)
        many_case = run_case(many, WORKERS, seconds)
        print(f"  one cooperative ({_load()}) …", flush=True)
        one_case = run_case(one, WORKERS, seconds)
        print(f"  pgbench after ({_load()}) …", flush=True)
        tps_after = pgbench.run(seconds)
        print(f"  pgbench TPC-B, {WORKERS} clients: {tps_after:.0f} tps ({_load()})")
    finally:
        pgbench.drop()
    tps = (tps_before + tps_after) / 2
    print_table(
        f"savings_deposit latency, {WORKERS} workers on {vendor}",
        {f"over {COOPERATIVES} cooperatives": many_case.latencies, "all in one cooperative": one_case.latencies},
    )
    figures: dict[str, Any] = {
        "bench": "savings_post",
        "db": vendor,
        "workers": WORKERS,
        "seconds": seconds,
        "queries_per_deposit": per_deposit,
        "pgbench_tps": round(tps, 1),
        "pgbench_tps_before": round(tps_before, 1),
        "pgbench_tps_after": round(tps_after, 1),
        "many_cooperatives": COOPERATIVES,
    }
    for key, label, case in (("many", f"{COOPERATIVES} cooperatives", many_case), ("one", "one cooperative", one_case)):
        server = f"{case.server_ms:.1f} ms" if case.server_ms is not None else "unknown"
        verdict = f" (target {TARGET_RATIO}: {'met' if case.rate / tps >= TARGET_RATIO else 'MISSED'})"
        print(
            f"  {label}: {case.rate:.0f} deposits/s ({case.errors} errors), {case.rate / tps:.3f}× pgbench's "
            f"{tps:.0f} tps{verdict if key == 'many' else ''}; CPU per deposit: {case.client_ms:.1f} ms Python, "
            f"{server} PostgreSQL backend"
        )
        figures.update(
            {
                f"{key}_deposits_per_s": round(case.rate, 1),
                f"{key}_p95_ms": round(percentile(case.latencies, 0.95), 1),
                f"{key}_ratio": round(case.rate / tps, 3),
                f"{key}_client_cpu_ms": round(case.client_ms, 2),
                f"{key}_server_cpu_ms": round(case.server_ms, 2) if case.server_ms is not None else None,
                f"{key}_errors": case.errors,
            }
        )
    print_result(figures)


if __name__ == "__main__":
    main()
