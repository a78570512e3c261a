"""The synced batch path (sales/batch.py, PostgreSQL) records exactly what the one-sale path records.

The same outbox — members and non-members, units, discounts, a price changed since, a sale beyond the stock, a sale
paid by kasbon and one from savings in the middle (the one-sale path's), a malformed one, the same client id twice,
a replay of a sale already recorded — is synced into one mart through the batch and into a twin mart one sale at a
time. Answers, sales, lines, payments, stock moves and levels, entries and their lines, month totals and audit rows
must agree, and both marts' books must pass every check."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from simpul.core.models import AuditLog
from simpul.ledger.integrity import verify_chain
from simpul.ledger.models import AccountMonth, JournalEntry, JournalLine
from simpul.ledger.month_totals import mismatches
from simpul.mart.models import Sale, SaleLine, SalePayment, StockLevel, StockMove
from simpul.mart.sales import sync
from simpul.mart.sales.kasbon import kasbon_problems
from simpul.mart.stock.checks import stock_problems
from simpul.mart.tests.sale_world import Mart, make_mart

D = Decimal
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the batch path is PostgreSQL's"),
]


def _outbox(mart: Mart, seed: str) -> list[Any]:
    """About thirty sales, the same for any mart (ids are the mart's; client ids repeatable from the seed)."""
    start = timezone.now() - dt.timedelta(hours=3)

    def cid(number: int) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{seed}/{number}"))

    def sale(number: int, lines: list[dict[str, Any]], payments: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
        return {
            "client_id": cid(number),
            "outlet_id": mart.outlet.pk,
            "sold_at": (start + dt.timedelta(minutes=number)).isoformat(),
            "lines": lines,
            "payments": payments,
            **extra,
        }

    noodles, rice = mart.noodles.pk, mart.rice.pk
    sales: list[Any] = []
    for number in range(24):
        member = {"member_id": mart.member.pk} if number % 3 == 0 else {}
        price = "3300" if member else "3500"
        lines = [{"product_id": noodles, "quantity": str(1 + number % 4), "unit_price": price}]
        if number % 2:
            lines.append({"product_id": rice, "quantity": "1.5", "unit_price": "13500" if member else "14000"})
        if number % 5 == 0:
            lines[0]["discount"] = "100"
        method = ["cash", "qris", "transfer"][number % 3]
        sales.append(
            sale(number, lines, [{"method": method, "amount": "60000" if method == "cash" else "0"}], **member)
        )
    # Non-cash payments pay exactly the total: fill them in from the one-sale path's own arithmetic.
    for body in sales:
        payment = body["payments"][0]
        if payment["method"] != "cash":
            total = sum(
                (D(line["unit_price"]) * D(line["quantity"]) - D(line.get("discount", "0")) for line in body["lines"]),
                D(0),
            )
            payment["amount"] = str(total.quantize(D("0.01")))
    sales.insert(
        5,
        sale(
            100,
            [{"product_id": noodles, "quantity": "1", "unit_price": "3000"}],
            [{"method": "cash", "amount": "5000"}],
        ),
    )  # price changed since
    sales.insert(
        9,
        sale(
            101,
            [{"product_id": noodles, "quantity": "1", "unit_price": "3300"}],
            [{"method": "kasbon", "amount": "3300"}],
            member_id=mart.member.pk,
        ),
    )
    sales.insert(
        12,
        sale(
            102,
            [{"product_id": noodles, "quantity": "2", "unit_price": "3300"}],
            [{"method": "savings", "amount": "6600"}],
            member_id=mart.member.pk,
        ),
    )
    sales.insert(14, {"client_id": cid(103), "outlet_id": mart.outlet.pk, "lines": [], "payments": []})  # malformed
    sales.insert(
        16, sale(104, [{"product_id": 987654321, "quantity": "1"}], [{"method": "cash", "amount": "5000"}])
    )  # unknown product
    sales.insert(18, dict(sales[2]))  # the same client id twice in one batch
    sales.append(
        sale(
            105,
            [{"product_id": rice, "quantity": "60", "unit_price": "14000"}],
            [{"method": "cash", "amount": "840000"}],
        )
    )  # beyond the stock
    sales.append(
        sale(
            106,
            [{"product_id": noodles, "quantity": "1", "unit_price": "3500"}],
            [{"method": "cash", "amount": "3500"}],
            discount="9999",
        )
    )  # discount over the sale
    return sales


def _one_by_one(mart: Mart, sales: list[Any]) -> list[sync.SyncAnswer]:
    return [
        sync._one(cooperative=mart.cooperative, actor=mart.cashier, index=index, raw=raw, ip_address=None)
        for index, raw in enumerate(sales)
    ]


def _answers(answers: list[sync.SyncAnswer]) -> list[tuple[Any, ...]]:
    # Sale numbers carry the entry number, which differs between the marts only by the entries before the sync.
    return [(a.index, a.status, a.message, a.problems) for a in answers]


def _books(mart: Mart) -> dict[str, Any]:
    coop = mart.cooperative
    first_entry = JournalEntry.objects.filter(cooperative=coop, source="mart").order_by("number").first()
    offset = first_entry.number if first_entry else 0
    sales = list(
        Sale.objects.filter(cooperative=coop)
        .order_by("id")
        .values_list(
            "number",
            "member_id",
            "business_date",
            "offline",
            "subtotal",
            "discount",
            "total",
            "tax",
            "cost",
            "paid",
            "change",
            "problems",
            "shift_id",
            "cashier_id",
            "journal_entry__number",
            "status",
        )
    )
    return {
        "sales": [
            (
                row[1] == mart.member.pk,
                *row[2:12],
                row[12] == mart.shift.pk,
                row[13] == mart.cashier.pk,
                row[14] - offset,
                row[15],
                row[0].split("-")[0],
            )
            for row in sales
        ],
        "lines": list(
            SaleLine.objects.filter(cooperative=coop)
            .order_by("id")
            .values_list(
                "sale__client_id",
                "product__sku",
                "unit__name",
                "quantity",
                "base_quantity",
                "unit_price",
                "discount",
                "total",
                "cost",
                "returned_quantity",
            )
        ),
        "payments": list(
            SalePayment.objects.filter(cooperative=coop)
            .order_by("id")
            .values_list("sale__client_id", "method", "amount", "tendered", "reference")
        ),
        "moves": list(
            StockMove.objects.filter(cooperative=coop, kind="sale")
            .order_by("id")
            .values_list("product__sku", "quantity", "value", "unit_cost", "quantity_after", "value_after", "document")
        ),
        "levels": sorted(
            StockLevel.objects.filter(cooperative=coop).values_list("product__sku", "quantity", "value", "average_cost")
        ),
        "entries": [
            (
                number - offset,
                date,
                description.replace(str(mart.member.name), "M").replace(str(mart.member.number), "N"),
                source,
            )
            for number, date, description, source in JournalEntry.objects.filter(cooperative=coop, source="mart")
            .order_by("number")
            .values_list("number", "date", "description", "source")
        ],
        "entry_lines": list(
            JournalLine.objects.filter(cooperative=coop, entry__source="mart")
            .order_by("entry__number", "id")
            .values_list("account__code", "date", "debit", "credit")
        ),
        "months": sorted(
            AccountMonth.objects.filter(cooperative=coop).values_list("account__code", "month", "debit", "credit")
        ),
        "audit": sorted(
            (changes.get("total"), changes.get("offline"), changes.get("problems"), label.split("-")[0])
            for changes, label in AuditLog.objects.filter(cooperative=coop, event="mart.sale").values_list(
                "changes", "target_label"
            )
        ),
    }


def _intact(mart: Mart) -> None:
    assert verify_chain(mart.cooperative).intact
    assert mismatches(mart.cooperative.pk) == []
    assert stock_problems(mart.cooperative) == []
    assert kasbon_problems(mart.cooperative) == []


def test_the_batch_records_what_the_one_sale_path_records():
    batched, single = make_mart(), make_mart()
    # One sale each marts already had before the sync: its replay is answered 'duplicate'.
    outboxes = {}
    for mart in (batched, single):
        earlier = _outbox(mart, "earlier")[0]
        answer = sync._one(cooperative=mart.cooperative, actor=mart.cashier, index=0, raw=earlier, ip_address=None)
        assert answer.status == "accepted", answer
        sales = _outbox(mart, "outbox")
        sales.insert(3, earlier)
        outboxes[mart.cooperative.pk] = sales

    with CaptureQueriesContext(connection) as queries:
        answers = sync.sales_sync(
            cooperative=batched.cooperative, actor=batched.cashier, sales=outboxes[batched.cooperative.pk]
        )
    # One sale at a time costs about nine statements; the batch reads once and writes each run of plain sales in
    # about seven (68 for these 32 sales, the kasbon, savings and repeated sales among them one by one).
    assert len(queries) <= 80, len(queries)
    expected = _one_by_one(single, outboxes[single.cooperative.pk])

    statuses = [a.status for a in answers]
    assert statuses.count("accepted") >= 20 and "accepted_with_problems" in statuses
    assert statuses.count("rejected") == 3 and statuses.count("duplicate") == 2
    assert _answers(answers) == _answers(expected)
    assert _books(batched) == _books(single)
    for mart in (batched, single):
        _intact(mart)


def test_replaying_the_batch_adds_nothing_and_answers_each_sale_as_before():
    mart = make_mart()
    sales = _outbox(mart, "replay")
    first = sync.sales_sync(cooperative=mart.cooperative, actor=mart.cashier, sales=sales)
    counts = {
        model: model.objects.count()
        for model in (Sale, SaleLine, SalePayment, StockMove, JournalEntry, JournalLine, AuditLog)
    }
    again = sync.sales_sync(cooperative=mart.cooperative, actor=mart.cashier, sales=sales)
    assert {model: model.objects.count() for model in counts} == counts
    for before, after in zip(first, again, strict=True):
        if before.status in ("accepted", "accepted_with_problems", "duplicate"):
            assert after.status == "duplicate" and after.number == before.number and after.problems == before.problems
        else:
            assert after.status == before.status == "rejected"
    _intact(mart)
