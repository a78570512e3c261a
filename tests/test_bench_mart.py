"""Smoke tests of the Koperasi Mart benchmarks' machinery, at a tiny size inside the test database: the prepared
cooperatives sell a five-line member sale through the service (and through the API when it is there), and an
offline outbox sent twice records each sale once."""

import datetime as dt
import json
import random

import pytest

from bench import pos_sale, pos_sync
from simpul.coops.models import Cooperative
from simpul.core.models import User
from simpul.ledger.models import JournalEntry
from simpul.mart.models import Sale, SaleLine, StockMove
from simpul.mart.stock.checks import stock_problems

pytestmark = pytest.mark.django_db


def _books(item):
    cooperative = Cooperative.objects.get(pk=item["cooperative"])
    return [(cooperative, User.objects.get(pk=item["cashiers"][0]), item)]


def test_pos_sale_bench_sells_five_line_member_sales_through_the_service():
    (item,) = pos_sale.prepare(1, 2, prefix="tpos")
    books = _books(item)
    rng = random.Random(3)

    for _ in range(3):
        pos_sale._sell_service(rng, books)

    cooperative = books[0][0]
    sales = Sale.objects.filter(cooperative=cooperative)
    assert sales.count() == 3
    assert all(sale.member_id is not None and sale.problems == [] for sale in sales)
    assert SaleLine.objects.filter(cooperative=cooperative).count() == 3 * pos_sale.LINES
    assert StockMove.objects.filter(cooperative=cooperative, kind="sale").count() == 3 * pos_sale.LINES
    assert JournalEntry.objects.filter(cooperative=cooperative, source="mart").count() == 1 + 3  # opening + sales
    assert stock_problems(cooperative) == []
    assert pos_sale.statements_per_sale([item])["all"] > 0


def test_pos_sale_bench_sells_through_the_api_when_it_is_there():
    if not pos_sync._endpoint_exists():
        pytest.skip("the till's API is not in this tree")
    (item,) = pos_sale.prepare(1, 1, prefix="thttp")
    books = _books(item)

    pos_sale._Http(books[0][1]).sell(random.Random(4), books)

    assert Sale.objects.filter(cooperative=books[0][0], offline=False).count() == 1


def test_pos_sync_outbox_sent_twice_records_each_sale_once():
    prepared = pos_sale.prepare(2, 1, prefix="tsync")
    boxes = pos_sync.outboxes(prepared, 10)
    assert [len(batch) for box in boxes for batch in box] == [5, 5]
    (batch,) = boxes[0]
    assert all(dt.datetime.fromisoformat(sale["sold_at"]) < dt.datetime.now(dt.UTC) for sale in batch)
    json.dumps(batch)  # what the till posts
    cooperative, cashier, _item = _books(prepared[0])[0]

    assert pos_sync._send_service(cooperative, cashier, batch) == ["accepted"] * 5
    rows = pos_sync._rows()
    assert pos_sync._send_service(cooperative, cashier, batch) == ["duplicate"] * 5
    assert pos_sync._rows() == rows
    assert Sale.objects.filter(cooperative=cooperative, offline=True).count() == 5
    assert stock_problems(cooperative) == []
