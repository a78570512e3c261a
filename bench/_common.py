"""What every benchmark shares: a database of its own, timing, percentiles, the table and the JSON line.

A benchmark never touches the demo database. With DATABASE_URL naming PostgreSQL it works in a database
of its own on that server (`simpul_bench`, or the URL's database when its name contains "bench"), dropped
and created afresh; otherwise in a temporary SQLite file.
"""

import argparse
import json
import math
import os
import platform
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
DEMO_SQLITE = REPO / "var" / "simpul.sqlite3"
BENCH_DATABASE = "simpul_bench"


def arguments(description: str, *, full: bool = False) -> argparse.Namespace:
    """--quick for every benchmark; --full (the size an issue names, when it takes hours) and --workers where asked."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="a size that finishes in about a minute")
    if full:
        parser.add_argument("--full", action="store_true", help="the size the issue names (hours)")
        parser.add_argument("--workers", type=int, default=1, help="processes for the bulk steps")
        parser.add_argument("--reuse", action="store_true", help="measure the database an earlier run left")
    return parser.parse_args()


def on_postgres() -> bool:
    """Whether DATABASE_URL names PostgreSQL (else the benchmarks work in a temporary SQLite file)."""
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://", "pgsql://"))


def _postgres_bench_url(url: str, *, fresh: bool = True) -> str:
    """The bench database on the server DATABASE_URL names, dropped and created empty (unless not `fresh`)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    bench_name = name if "bench" in name else BENCH_DATABASE
    if fresh:
        admin_url = urlunsplit((parts.scheme.replace("postgresql", "postgres"), parts.netloc, "/postgres", "", ""))
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{bench_name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{bench_name}"')
    return urlunsplit((parts.scheme, parts.netloc, "/" + bench_name, parts.query, ""))


def setup_django(name: str, *, reuse: bool = False) -> str:
    """Point Django at a fresh bench database, set it up, migrate it and load the regions. Returns the vendor.
    `reuse` (PostgreSQL): the bench database as an earlier run left it, neither dropped nor migrated."""
    url = os.environ.get("DATABASE_URL", "")
    if on_postgres():
        os.environ["DATABASE_URL"] = _postgres_bench_url(url, fresh=not reuse)
    elif reuse:
        raise SystemExit("--reuse needs the PostgreSQL database of an earlier run: DATABASE_URL=postgres://…")
    else:
        if url and Path(urlsplit(url).path).resolve() == DEMO_SQLITE.resolve():
            raise SystemExit("Refusing to run on the demo database; unset DATABASE_URL (a temporary file is used).")
        scratch = Path(tempfile.mkdtemp(prefix=f"simpul-bench-{name}-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
        os.environ["SIMPUL_VAR_DIR"] = str(scratch)
    os.environ["DEBUG"] = "0"  # no query log growing in memory while we measure
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "simpul.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if reuse:
        return connection.vendor
    with timed(f"migrate ({connection.vendor})"):
        call_command("migrate", verbosity=0)
    with timed("load_regions"):
        call_command("load_regions", verbosity=0)
    return connection.vendor


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return "PostgreSQL " + str(cursor.fetchone()[0]).split()[0]
        cursor.execute("SELECT sqlite_version()")
        return "SQLite " + str(cursor.fetchone()[0])


def analyze() -> None:
    """Fresh planner statistics after a bulk load, as autovacuum would give a live system."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@contextmanager
def timed(label: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    print(f"  {label}: {time.perf_counter() - started:.1f} s", flush=True)


def measure(call: Callable[[], Any]) -> float:
    """Milliseconds one call takes."""
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def print_table(title: str, rows: dict[str, list[float]]) -> None:
    print(f"\n{title}")
    print(f"  {'measurement':<34} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, samples in rows.items():
        print(
            f"  {label:<34} {len(samples):>5} {percentile(samples, 0.5):>8.2f} "
            f"{percentile(samples, 0.95):>8.2f} {max(samples):>8.2f}"
        )


def machine() -> str:
    return f"{os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}"


def print_result(figures: dict[str, Any]) -> None:
    """The last line of every benchmark: one JSON object."""
    print(json.dumps(figures), flush=True)


def make_cooperatives(count: int, *, prefix: str = "bench") -> list[Any]:
    """`count` active cooperatives in real villages, each with the standard chart of accounts (as registering gives)."""
    from simpul.coops.models import Cooperative, CooperativeType
    from simpul.ledger.services.accounts import chart_of_accounts_create
    from simpul.regions.models import Region

    villages = list(Region.objects.filter(level=4).order_by("code")[:count])
    cooperatives = []
    for serial, village in enumerate(villages, start=1):
        name = f"Koperasi Bench {prefix.title()} {serial}"
        cooperative = Cooperative.objects.create(
            name=name,
            slug=f"{prefix}-{serial}",
            type=CooperativeType.KSU,
            village=village,
            province_code=village.province_code,
            regency_code=village.regency_code,
            district_code=village.district_code,
            search_name=name.lower(),
        )
        chart_of_accounts_create(cooperative=cooperative)
        cooperatives.append(cooperative)
    return cooperatives
