"""The public directory search and the Dinas region listing over the national count of cooperatives.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/simpul_bench python -m bench.directory [--quick]

Generates 153,170 cooperatives (--quick: 15,000) spread over real villages, then times
`directory_search(query=…, region_code=…, type=…, page=…)` and `region_cooperatives(region_code=…, page=…)`
over many varied requests, each read as its page reads it (the rows, their village, the capped total).
The baseline is the same query written as plain SQL and run through a cursor in the same run.
Target on PostgreSQL: p95 under 50 ms for each.
"""

import random
import time
from collections.abc import Callable
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

NATIONAL_COUNT = 153_170
QUICK_COUNT = 15_000
SEED = 153170
DIRECTORY_PER_PAGE = 20  # as simpul.coops.views.public
DINAS_PER_PAGE = 50  # as simpul.coops.views.dinas
DIRECTORY_COUNT_CAP = 1_000  # as the selectors
DINAS_COUNT_CAP = 10_000
TARGET_P95_MS = 50

TYPE_WEIGHTS = {
    "ksp": 27,
    "ksu": 24,
    "karyawan": 12,
    "merah_putih": 10,
    "kud": 6,
    "kspps": 6,
    "produsen": 5,
    "pemasaran": 4,
    "kopontren": 4,
    "sekunder": 2,
}
STATUS_WEIGHTS = {"active": 84, "dormant": 12, "dissolved": 4}
TYPE_PREFIX = {
    "ksp": "Koperasi Simpan Pinjam",
    "ksu": "Koperasi Serba Usaha",
    "karyawan": "Koperasi Karyawan",
    "merah_putih": "Koperasi Desa Merah Putih",
    "kud": "KUD",
    "kspps": "KSPPS BMT",
    "produsen": "Koperasi Produsen",
    "pemasaran": "Koperasi Pemasaran",
    "kopontren": "Koperasi Pondok Pesantren",
    "sekunder": "Pusat Koperasi",
}
REGION_COLUMN = {1: "province_code", 2: "regency_code", 3: "district_code", 4: "village_id"}


def _words() -> list[str]:
    from simpul.coops.demo import names

    return [*names.GOOD_WORDS, *names.KUD_WORDS, *names.ISLAMIC_WORDS, *names.PRODUCTS]


def generate(count: int, rng: random.Random) -> None:
    """Bulk-insert `count` cooperatives over real villages (names built from invented words and the village)."""
    from simpul.coops.models import Cooperative
    from simpul.regions.models import Region

    villages = list(
        Region.objects.filter(level=4)
        .order_by("code")
        .values_list("code", "province_code", "regency_code", "district_code", "name")
    )
    words = _words()
    types, type_weights = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
    statuses, status_weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    batch: list[Cooperative] = []
    for serial in range(1, count + 1):
        code, province, regency, district, village_name = rng.choice(villages)
        type = rng.choices(types, type_weights)[0]
        word = rng.choice(words)
        name = f"{TYPE_PREFIX[type]} {word} {village_name}"[:200]
        batch.append(
            Cooperative(
                name=name,
                slug=f"koperasi-{serial}",
                nik_koperasi=f"{regency.replace('.', '')}{serial:012d}",
                type=type,
                is_sharia=type == "kspps",
                village_id=code,
                province_code=province,
                regency_code=regency,
                district_code=district,
                status=rng.choices(statuses, status_weights)[0],
                search_name=name.lower(),
            )
        )
        if len(batch) == 5000:
            Cooperative.objects.bulk_create(batch)
            batch = []
    if batch:
        Cooperative.objects.bulk_create(batch)


def _page_number(rng: random.Random) -> int:
    return rng.choices([1, 2, 3, 4, 5], [70, 15, 7, 4, 4])[0]


def directory_requests(n: int, rng: random.Random) -> list[dict[str, Any]]:
    """A mix of what people type: a name word, a place, a region filter, a type, or nothing at all."""
    from simpul.regions.models import Region

    codes = {level: list(Region.objects.filter(level=level).values_list("code", flat=True)) for level in (1, 2, 3)}
    village_names = list(Region.objects.filter(level=4).values_list("name", flat=True)[:5000])
    words = [w.lower() for w in _words()]
    requests = []
    for _ in range(n):
        kind = rng.choices(
            ["word", "word_regency", "place", "region", "type_province", "everything", "no_match", "prefix"],
            [25, 20, 12, 15, 10, 6, 4, 8],
        )[0]
        query, region, type = "", "", ""
        if kind in ("word", "word_regency"):
            query = rng.choice(words)
        if kind == "word_regency":
            region = rng.choice(codes[2])
        if kind == "place":
            query = rng.choice(village_names).lower()
        if kind == "region":
            region = rng.choice(codes[rng.choices([1, 2, 3], [2, 5, 3])[0]])
        if kind == "type_province":
            type, region = rng.choice(list(TYPE_WEIGHTS)), rng.choice(codes[1])
        if kind == "no_match":
            query = "koperasi tidak ada " + str(rng.randint(1, 999))
        if kind == "prefix":
            query = rng.choice(words)[:4]
        requests.append({"query": query, "region_code": region, "type": type, "page": _page_number(rng)})
    return requests


def dinas_requests(n: int, rng: random.Random) -> list[dict[str, Any]]:
    """An officer's region: a province, a regency/city or a district, mostly the first page."""
    from simpul.regions.models import Region

    codes = {level: list(Region.objects.filter(level=level).values_list("code", flat=True)) for level in (1, 2, 3)}
    return [
        {"region_code": rng.choice(codes[rng.choices([1, 2, 3], [2, 6, 2])[0]]), "page": _page_number(rng)}
        for _ in range(n)
    ]


# --- the selectors, read the way their pages read them ---------------------------------------------------


def run_directory(request: dict[str, Any]) -> list[int]:
    from simpul.coops.selectors.public import directory_search

    page = directory_search(**request, per_page=DIRECTORY_PER_PAGE)
    ids = [c.pk for c in page.object_list if c.village.path]
    page.paginator.count  # noqa: B018 - the page shows the (capped) total
    return ids


def run_dinas(request: dict[str, Any]) -> list[int]:
    from simpul.coops.selectors.dinas import region_cooperatives

    page = region_cooperatives(**request, per_page=DINAS_PER_PAGE)
    ids = [c.pk for c in page.object_list if c.village.path]
    page.paginator.count  # noqa: B018
    return ids


# --- the baseline: the same queries as plain SQL through a cursor -----------------------------------------


def _sql_page(where: list[str], params: list[Any], columns: str, page: int, per_page: int, cap: int) -> list[int]:
    """One page (one row of look-ahead) and, unless the page is the last, the total counted up to `cap`."""
    from django.db import connection

    condition = " AND ".join(where) or "TRUE"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM coops_cooperative c INNER JOIN regions_region r ON r.code = c.village_id "
            f"WHERE {condition} ORDER BY c.search_name, c.id LIMIT %s OFFSET %s",
            [*params, per_page + 1, (page - 1) * per_page],
        )
        rows = cursor.fetchall()
        if len(rows) > per_page or (not rows and page > 1):
            cursor.execute(
                f"SELECT COUNT(*) FROM (SELECT c.id FROM coops_cooperative c WHERE {condition} LIMIT %s) t",
                [*params, cap + 1],
            )
            cursor.fetchone()
    return [row[0] for row in rows[:per_page]]


def _region_condition(region_code: str, where: list[str], params: list[Any]) -> None:
    if region_code:
        where.append(f"c.{REGION_COLUMN[region_code.count('.') + 1]} = %s")
        params.append(region_code)


def sql_directory(request: dict[str, Any]) -> list[int]:
    where, params = ["NOT (c.status = %s)"], ["dissolved"]
    _region_condition(request["region_code"], where, params)
    words = " ".join(request["query"].split()).lower()
    if words:
        where.append("c.search_name LIKE %s")
        params.append(f"%{words}%")
    if request["type"]:
        where.append("c.type = %s")
        params.append(request["type"])
    columns = "c.id, c.name, c.slug, c.type, c.is_sharia, c.status, c.village_id, r.name, r.path"
    return _sql_page(where, params, columns, request["page"], DIRECTORY_PER_PAGE, DIRECTORY_COUNT_CAP)


def sql_dinas(request: dict[str, Any]) -> list[int]:
    where: list[str] = []
    params: list[Any] = []
    _region_condition(request["region_code"], where, params)
    columns = "c.id, c.name, c.slug, c.type, c.is_sharia, c.status, c.village_id, c.nik_koperasi, r.name, r.path"
    return _sql_page(where, params, columns, request["page"], DINAS_PER_PAGE, DINAS_COUNT_CAP)


def compare(
    requests: list[dict[str, Any]], selector: Callable[[dict[str, Any]], list[int]], sql: Callable[..., list[int]]
) -> tuple[list[float], list[float]]:
    """Time each request through the selector and as plain SQL, alternating; both must return the same rows."""
    for request in requests[:25]:  # warm the caches, and check the baseline is the same query
        if selector(request) != sql(request):
            raise SystemExit(f"The SQL baseline disagrees with the selector for {request}")
    selector_ms, sql_ms = [], []
    for request in requests:
        selector_ms.append(measure(lambda r=request: selector(r)))  # type: ignore[misc]
        sql_ms.append(measure(lambda r=request: sql(r)))  # type: ignore[misc]
    return selector_ms, sql_ms


def main() -> None:
    args = arguments(__doc__ or "")
    count = QUICK_COUNT if args.quick else NATIONAL_COUNT
    requests_per_kind = 200 if args.quick else 600
    print(f"bench.directory: {count:,} cooperatives ({machine()})", flush=True)
    vendor = setup_django("directory")
    print(f"  database: {database_version()}")
    rng = random.Random(SEED)
    started = time.perf_counter()
    with timed(f"generate {count:,} cooperatives"):
        generate(count, rng)
    with timed("analyze"):
        analyze()
    generate_s = time.perf_counter() - started

    directory_ms, directory_sql_ms = compare(directory_requests(requests_per_kind, rng), run_directory, sql_directory)
    dinas_ms, dinas_sql_ms = compare(dinas_requests(requests_per_kind, rng), run_dinas, sql_dinas)
    print_table(
        f"{count:,} cooperatives on {vendor} (data built in {generate_s:.0f} s)",
        {
            "directory_search (selector)": directory_ms,
            "directory search as plain SQL": directory_sql_ms,
            "region_cooperatives (selector)": dinas_ms,
            "Dinas region list as plain SQL": dinas_sql_ms,
        },
    )
    figures: dict[str, Any] = {"bench": "directory", "db": vendor, "cooperatives": count}
    for name, selector_ms, sql_ms in (
        ("directory", directory_ms, directory_sql_ms),
        ("dinas", dinas_ms, dinas_sql_ms),
    ):
        p95, sql_p95 = percentile(selector_ms, 0.95), percentile(sql_ms, 0.95)
        figures.update(
            {
                f"{name}_p95_ms": round(p95, 2),
                f"{name}_sql_p95_ms": round(sql_p95, 2),
                f"{name}_ratio": round(p95 / sql_p95, 2),
            }
        )
        verdict = "met" if p95 < TARGET_P95_MS else "MISSED"
        print(f"  {name}: p95 {p95:.1f} ms (target {TARGET_P95_MS} ms: {verdict}), {p95 / sql_p95:.2f}× plain SQL")
    print_result(figures)


if __name__ == "__main__":
    main()
