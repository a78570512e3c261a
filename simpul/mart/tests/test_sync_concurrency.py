"""Two tabs (or a retry racing its first try) sending the same offline batch at once, on PostgreSQL: each sale is
recorded once, the other answer is 'duplicate', and stock and the books moved once per sale."""

import datetime as dt
import functools
import uuid
from decimal import Decimal
from typing import Any, cast

import pytest
from django.db import connection
from django.utils import timezone

from simpul.ledger import chart
from simpul.ledger.subledgers import problems
from simpul.mart.models import Sale, StockLevel, StockMove
from simpul.mart.sales.sync import ACCEPTED, DUPLICATE, SyncAnswer, sales_sync
from simpul.mart.tests.sale_world import balance, make_mart
from simpul.members.tests.test_concurrency import KEEP_REGIONS, _run_at_once

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(transaction=True, available_apps=[*KEEP_REGIONS, "simpul.mart"]),
]

D = Decimal
SALES = 12
SENDERS = 3


def test_the_same_batch_sent_three_times_at_once_records_each_sale_once():
    mart = make_mart()
    sold_at = (timezone.now() - dt.timedelta(minutes=20)).isoformat()
    batch: list[dict[str, Any]] = [
        {
            "client_id": str(uuid.uuid4()),
            "outlet_id": mart.outlet.pk,
            "sold_at": sold_at,
            "lines": [{"product_id": mart.noodles.pk, "quantity": "2", "unit_price": "3500"}],
            "payments": [{"method": "cash", "amount": "10000"}],
        }
        for _ in range(SALES)
    ]
    cash_before = balance(mart.cooperative, chart.CASH)

    def send() -> list[SyncAnswer]:
        return sales_sync(cooperative=mart.cooperative, actor=mart.cashier, sales=batch)

    runs = _run_at_once([functools.partial(send) for _ in range(SENDERS)])
    assert all(isinstance(run, list) for run in runs), runs
    answers = [a for run in runs for a in cast(list[SyncAnswer], run)]
    by_sale: dict[str, list[str]] = {}
    for answer in answers:
        by_sale.setdefault(answer.client_id, []).append(answer.status)
    for statuses in by_sale.values():
        assert sorted(statuses) == sorted([ACCEPTED] + [DUPLICATE] * (SENDERS - 1)), statuses
    assert Sale.objects.filter(cooperative=mart.cooperative).count() == SALES
    assert StockLevel.objects.get(outlet=mart.outlet, product=mart.noodles).quantity == D(100 - 2 * SALES)
    assert StockMove.objects.filter(cooperative=mart.cooperative, kind="sale").count() == SALES
    assert balance(mart.cooperative, chart.CASH) - cash_before == D(7000 * SALES)
    assert not problems(mart.cooperative)
