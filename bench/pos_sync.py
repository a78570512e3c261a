"""Koperasi Mart offline sync: 10,000 offline sales sent in batches of 100, then every batch sent again.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/simpul_bench_mart python -m bench.pos_sync [--quick]

Eight tills come back online at once, each at its own cooperative's mart (8 cooperatives), each with 1,250 sales in
its outbox (--quick: 125): five-line sales by members and non-members, sold over the last hours, paid in cash. Each
till posts its outbox in batches of 100 to POST /api/v1/cooperatives/{slug}/mart/sync through Django's test client
(session authentication, schema validation, the JSON answer per sale; no network or gunicorn), one batch after
another. On PostgreSQL the server writes a batch's sales together (`simpul/mart/sales/batch.py`: stock moves,
journal entries, the sales, their lines and payments, the audit rows, in one transaction of a few statements), each
still checked and answered on its own. Target on PostgreSQL: at least 1,000 sales per second.

Then every till replays every batch (the answers lost on the way, say): each sale must be answered "duplicate" and
no row may be added anywhere (sales, lines, payments, stock moves, journal entries and lines, audit rows). Without the
sync endpoint (an older tree) the tills call `sale_record` the way the endpoint does, and the JSON says so.
"""

import datetime as dt
import json
import multiprocessing
import random
import threading
import time
import warnings
from typing import Any

from bench._common import arguments, database_version, machine, print_result, setup_django, timed
from bench.pos_sale import prepare, sale_request
from bench.savings_post import _load

TILLS = 8
SALES = 10_000
QUICK_SALES = 1_000
BATCH = 100
TARGET_RATE = 1_000.0


def outboxes(prepared: list[dict[str, Any]], total: int) -> list[list[list[dict[str, Any]]]]:
    """Per till, its outbox in batches of BATCH sales (JSON-ready, sold_at in the last hours, member or not)."""
    now = dt.datetime.now(dt.UTC)
    boxes = []
    for till, item in enumerate(prepared):
        rng = random.Random(f"sync:{till}")
        sales = []
        for n in range(total // len(prepared)):
            sale = sale_request(rng, item)
            if rng.random() < 0.4:
                sale["member_id"] = None
            sale["sold_at"] = (now - dt.timedelta(hours=6) + dt.timedelta(seconds=2 * n)).isoformat()
            sales.append(sale)
        boxes.append([sales[start : start + BATCH] for start in range(0, len(sales), BATCH)])
    return boxes


def _endpoint_exists() -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve("/api/v1/cooperatives/any/mart/sync")
    except Resolver404:
        return False
    return True


def _send_service(cooperative: Any, cashier: Any, batch: list[dict[str, Any]]) -> list[str]:
    """What the endpoint does with a batch, without HTTP: each sale in its own transaction."""
    from django.db import transaction

    from simpul.mart.sales.services import sale_record

    statuses = []
    for sale in batch:
        with transaction.atomic():
            result = sale_record(
                cooperative=cooperative,
                actor=cashier,
                offline=True,
                **{**sale, "sold_at": dt.datetime.fromisoformat(sale["sold_at"])},
            )
        statuses.append("duplicate" if result.replayed else "accepted")
    return statuses


def till(
    index: int, item: dict[str, Any], batches: list[list[dict[str, Any]]], http: bool, barrier: Any, results: Any
) -> None:
    """Send the outbox batch by batch, then all of it again; report the answers and the times."""
    from django.db import connection
    from django.test import Client

    from simpul.coops.models import Cooperative
    from simpul.core.models import User

    try:
        cooperative = Cooperative.objects.get(pk=item["cooperative"])
        cashier = User.objects.get(pk=item["cashiers"][0])
        client = Client()
        client.force_login(cashier)

        def send(batch: list[dict[str, Any]]) -> list[str]:
            if not http:
                return _send_service(cooperative, cashier, batch)
            response = client.post(
                f"/api/v1/cooperatives/{item['slug']}/mart/sync",
                data=json.dumps({"sales": batch}),
                content_type="application/json",
            )
            if response.status_code != 200:
                raise RuntimeError(f"{response.status_code}: {response.content[:300]!r}")
            return [answer["status"] for answer in response.json()["results"]]

        timings = {}
        answers: dict[str, dict[str, int]] = {}
        for phase in ("first", "replay"):
            barrier.wait()  # all start together (the parent counts the rows between the first sync and the replay)
            started = time.perf_counter()
            counted: dict[str, int] = {}
            for batch in batches:
                for status in send(batch):
                    counted[status] = counted.get(status, 0) + 1
            timings[phase] = time.perf_counter() - started
            answers[phase] = counted
            if phase == "first":
                barrier.wait()
        results.put((index, timings, answers, None))
    except Exception as error:
        results.put((index, {}, {}, repr(error)))
        barrier.abort()
    finally:
        connection.close()


def _rows() -> dict[str, int]:
    from simpul.core.models import AuditLog
    from simpul.ledger.models import JournalEntry, JournalLine
    from simpul.mart.models import Sale, SaleLine, SalePayment, StockMove

    models = [Sale, SaleLine, SalePayment, StockMove, JournalEntry, JournalLine, AuditLog]
    return {model.__name__: model._default_manager.count() for model in models}


def main() -> None:
    args = arguments(__doc__ or "")
    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic for a bench
    total = QUICK_SALES if args.quick else SALES
    print(f"bench.pos_sync: {total} offline sales from {TILLS} tills in batches of {BATCH} ({machine()})", flush=True)
    vendor = setup_django("pos_sync")
    print(f"  database: {database_version()}")
    with timed(f"{TILLS} cooperatives with a mart, products in stock, members, an open shift"):
        prepared = prepare(TILLS, 1, prefix="sync")
    boxes = outboxes(prepared, total)
    http = _endpoint_exists()
    print(f"  through {'POST …/mart/sync' if http else 'sale_record (no sync endpoint in this tree)'}")
    tills = TILLS if vendor == "postgresql" else 1  # SQLite: one writer
    if tills == 1:
        prepared, boxes = prepared[:1], boxes[:1]

    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(tills + 1)  # the tills and this process, which counts rows between the phases
    results: multiprocessing.Queue[Any] = context.Queue()
    processes = [
        context.Process(target=till, args=(index, prepared[index], boxes[index], http, barrier, results))
        for index in range(tills)
    ]
    print(f"  {tills} tills syncing ({_load()}) …", flush=True)
    for process in processes:
        process.start()
    try:
        barrier.wait()  # the first sync starts
        barrier.wait()  # every till has sent its outbox once
        before_replay = _rows()
        barrier.wait()  # the replay starts
    except threading.BrokenBarrierError:
        _index, _timings, _counted, problem = results.get()
        raise SystemExit(f"A till failed: {problem}") from None
    first = replay = 0.0
    answers: dict[str, dict[str, int]] = {"first": {}, "replay": {}}
    for _ in processes:
        _index, timings, counted, problem = results.get()
        if problem:
            raise SystemExit(f"A till failed: {problem}")
        first, replay = max(first, timings["first"]), max(replay, timings["replay"])
        for phase, by_status in counted.items():
            for status, count in by_status.items():
                answers[phase][status] = answers[phase].get(status, 0) + count
    for process in processes:
        process.join()
    after_replay = _rows()
    sent = sum(answers["first"].values())
    accepted = answers["first"].get("accepted", 0)
    rate = sent / first if first else 0.0
    replayed_duplicates = answers["replay"].get("duplicate", 0)
    print(f"  first sync: {sent} sales in {first:.1f} s = {rate:.0f} sales/s; answers {answers['first']}")
    print(f"  replay: {replay:.1f} s ({sent / replay if replay else 0:.0f} sales/s); answers {answers['replay']}")
    # The replay added nothing: every table holds what it held after the first sync.
    adds_nothing = after_replay == before_replay and replayed_duplicates == sent
    print(f"  rows before the replay: {before_replay}")
    print(f"  rows after the replay:  {after_replay}")
    print(
        f"  {after_replay['Sale']} sales stored for {sent} sent "
        f"(replay {'added nothing' if adds_nothing else 'ADDED ROWS'}); "
        f"target {TARGET_RATE:.0f} sales/s: {'met' if rate >= TARGET_RATE else 'MISSED'}"
    )
    print_result(
        {
            "bench": "pos_sync",
            "db": vendor,
            "path": "http" if http else "service",
            "tills": tills,
            "batch": BATCH,
            "sales": sent,
            "accepted": accepted,
            "seconds": round(first, 1),
            "sales_per_s": round(rate, 1),
            "replay_seconds": round(replay, 1),
            "replay_sales_per_s": round(sent / replay, 1) if replay else None,
            "replay_duplicates": replayed_duplicates,
            "replay_adds_nothing": adds_nothing,
            "rows_added_by_replay": {k: after_replay[k] - before_replay[k] for k in after_replay},
        }
    )


if __name__ == "__main__":
    main()
