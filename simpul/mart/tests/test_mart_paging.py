"""The mart's lists that grow without bound page with LookaheadPaginator (`?halaman=`, the shared previous/next links):
sales, shifts, purchase orders, goods receipts, suppliers, stock counts, transfers, a product's stock card, the
members' kasbon and the outlet's stock list; the reorder suggestions, computed whole, page with the same links. Page 2
shows the rows after page 1's, and a page runs the same queries however many rows there are.

The page sizes are made small here (3 rows) so a few rows fill several pages."""

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from simpul.coops.models import Outlet
from simpul.ledger.models import JournalEntry
from simpul.mart.models import (
    Barcode,
    GoodsReceipt,
    Kasbon,
    MartSupplier,
    Product,
    PurchaseOrder,
    Sale,
    Shift,
    ShiftStatus,
    StockCount,
    StockCountStatus,
    StockMove,
    StockTransfer,
)
from simpul.mart.sales.services import sale_record
from simpul.mart.stock.locks import lock_stock_levels
from simpul.mart.stock.services import Change, stock_moves_apply
from simpul.mart.tests.sale_world import Mart, make_mart
from simpul.members.tests.factories import MemberFactory

D = Decimal
SIZE = 3
pytestmark = [pytest.mark.django_db]


@pytest.fixture
def mart() -> Mart:
    return make_mart()


@dataclass(frozen=True)
class Listing:
    """A list page: its page-size constant, its address, how to add n rows, and each row's mark in the page, in the
    order the page shows them."""

    size_setting: str
    url: Callable[[Mart], str]
    add: Callable[[Mart, int], None]
    marks: Callable[[Mart], list[str]]


def _sales(mart: Mart, n: int) -> None:
    for _ in range(n):
        sale_record(
            cooperative=mart.cooperative,
            actor=mart.cashier,
            outlet_id=mart.outlet.pk,
            client_id=uuid.uuid4(),
            lines=[{"product_id": mart.noodles.pk, "quantity": "1"}],
            payments=[{"method": "cash", "amount": "3500"}],
        )


def _sale_marks(mart: Mart) -> list[str]:
    return [
        f">{n}<"
        for n in Sale.objects.filter(cooperative=mart.cooperative)
        .order_by("-sold_at", "-id")
        .values_list("number", flat=True)
    ]


def _shifts(mart: Mart, n: int) -> None:
    first = Shift.objects.filter(cooperative=mart.cooperative).order_by("opened_at").first()
    start = first.opened_at if first else timezone.now()
    Shift.objects.bulk_create(
        Shift(
            cooperative=mart.cooperative,
            outlet=mart.outlet,
            cashier=mart.cashier,
            status=ShiftStatus.CLOSED,
            opened_at=start - dt.timedelta(hours=1 + i),
            closed_at=start - dt.timedelta(hours=i),
            opening_cash=D(100000),
            expected_cash=D(100000),
            counted_cash=D(100000),
            cash_variance=D(0),
        )
        for i in range(n)
    )


def _shift_marks(mart: Mart) -> list[str]:
    ids = Shift.objects.filter(cooperative=mart.cooperative).order_by("-opened_at", "-id").values_list("pk", flat=True)
    return [reverse("mart:shift_z", args=[mart.cooperative.slug, pk]) + '"' for pk in ids]


def _supplier(mart: Mart) -> MartSupplier:
    return MartSupplier.objects.get_or_create(cooperative=mart.cooperative, name="CV Sumber Rejeki")[0]


def _orders(mart: Mart, n: int) -> None:
    made = PurchaseOrder.objects.filter(cooperative=mart.cooperative).count()
    for i in range(made, made + n):
        PurchaseOrder.objects.create(
            cooperative=mart.cooperative, outlet=mart.outlet, supplier=_supplier(mart), number=f"PO-UJI-{i:04}"
        )


def _order_marks(mart: Mart) -> list[str]:
    numbers = PurchaseOrder.objects.filter(cooperative=mart.cooperative).order_by("-created_at", "-id")
    return [f">{n}<" for n in numbers.values_list("number", flat=True)]


def _receipts(mart: Mart, n: int) -> None:
    entry = JournalEntry.objects.filter(cooperative=mart.cooperative).first()
    assert entry is not None
    made = GoodsReceipt.objects.filter(cooperative=mart.cooperative).count()
    for i in range(made, made + n):
        GoodsReceipt.objects.create(
            cooperative=mart.cooperative,
            outlet=mart.outlet,
            supplier=_supplier(mart),
            number=f"GR-UJI-{i:04}",
            total=D(1000),
            journal_entry=entry,
        )


def _receipt_marks(mart: Mart) -> list[str]:
    numbers = GoodsReceipt.objects.filter(cooperative=mart.cooperative).order_by("-created_at", "-id")
    return [f">{n}<" for n in numbers.values_list("number", flat=True)]


def _suppliers(mart: Mart, n: int) -> None:
    made = MartSupplier.objects.filter(cooperative=mart.cooperative).count()
    MartSupplier.objects.bulk_create(
        MartSupplier(cooperative=mart.cooperative, name=f"Pemasok {i:04}") for i in range(made, made + n)
    )


def _supplier_marks(mart: Mart) -> list[str]:
    names = MartSupplier.objects.filter(cooperative=mart.cooperative).order_by("name", "id")
    return [f">{name}<" for name in names.values_list("name", flat=True)]


def _counts(mart: Mart, n: int) -> None:
    StockCount.objects.bulk_create(
        StockCount(
            cooperative=mart.cooperative,
            outlet=mart.outlet,
            status=StockCountStatus.CANCELLED,
            started_at=timezone.now() - dt.timedelta(minutes=i),
        )
        for i in range(n)
    )


def _count_marks(mart: Mart) -> list[str]:
    ids = StockCount.objects.filter(cooperative=mart.cooperative).order_by("-started_at", "-id")
    return [
        reverse("mart:stock_count", args=[mart.cooperative.slug, pk]) + '"' for pk in ids.values_list("pk", flat=True)
    ]


def _transfers(mart: Mart, n: int) -> None:
    branch = Outlet.objects.get_or_create(cooperative=mart.cooperative, name="Warung Cabang")[0]
    StockTransfer.objects.bulk_create(
        StockTransfer(cooperative=mart.cooperative, from_outlet=mart.outlet, to_outlet=branch) for _ in range(n)
    )


def _transfer_marks(mart: Mart) -> list[str]:
    ids = StockTransfer.objects.filter(cooperative=mart.cooperative).order_by("-created_at", "-id")
    return [f'id="transfer-{pk}"' for pk in ids.values_list("pk", flat=True)]


def _moves(mart: Mart, n: int) -> None:
    made = StockMove.objects.filter(cooperative=mart.cooperative, product=mart.noodles).count()
    for i in range(made, made + n):
        with transaction.atomic():
            levels = lock_stock_levels(mart.cooperative, mart.outlet.pk, [mart.noodles.pk])
            stock_moves_apply(
                cooperative=mart.cooperative,
                outlet_id=mart.outlet.pk,
                levels=levels,
                changes=[Change(mart.noodles.pk, D(1), "adjustment", note=f"Koreksi {i:04}")],
                actor=mart.manager,
            )


def _move_marks(mart: Mart) -> list[str]:
    moves = StockMove.objects.filter(cooperative=mart.cooperative, outlet=mart.outlet, product=mart.noodles)
    return [f"{note or document}<" for note, document in moves.order_by("-id").values_list("note", "document")]


def _kasbon(mart: Mart, n: int) -> None:
    made = Kasbon.objects.filter(cooperative=mart.cooperative).count()
    for i in range(made, made + n):
        member = MemberFactory.create(cooperative=mart.cooperative)
        Kasbon.objects.create(cooperative=mart.cooperative, member=member, limit=D(500000), balance=D(100000 - i))


def _kasbon_marks(mart: Mart) -> list[str]:
    rows = Kasbon.objects.filter(cooperative=mart.cooperative).order_by("-balance", "member__number", "id")
    return [
        reverse("mart:kasbon_member", args=[mart.cooperative.slug, member_id]) + '"'
        for member_id in rows.values_list("member_id", flat=True)
    ]


def _products(mart: Mart, n: int) -> None:
    made = Product.objects.filter(cooperative=mart.cooperative).count()
    Product.objects.bulk_create(
        Product(cooperative=mart.cooperative, sku=f"UJI-{i:04}", name=f"Produk Uji {i:04}", min_stock=D(i % 3))
        for i in range(made, made + n)
    )


def _stock_marks(mart: Mart) -> list[str]:
    names = Product.objects.filter(cooperative=mart.cooperative, is_active=True).order_by("name", "id")
    return [f">{name}</a>" for name in names.values_list("name", flat=True)]


def _needed(mart: Mart, n: int) -> None:
    """Products with a minimum and no stock: each is a reorder suggestion."""
    made = Product.objects.filter(cooperative=mart.cooperative).count()
    Product.objects.bulk_create(
        Product(cooperative=mart.cooperative, sku=f"PERLU-{i:04}", name=f"Perlu Dipesan {i:04}", min_stock=D(5))
        for i in range(made, made + n)
    )


def _reorder_marks(mart: Mart) -> list[str]:
    names = Product.objects.filter(cooperative=mart.cooperative, min_stock__gt=0).order_by("name")
    return [f'"money-title">{name}<br>' for name in names.values_list("name", flat=True)]


def _card_url(mart: Mart) -> str:
    url = reverse("mart:stock_card", args=[mart.cooperative.slug])
    return f"{url}?gerai={mart.outlet.pk}&produk={mart.noodles.pk}"


LISTINGS = {
    "sales": Listing(
        "simpul.mart.sales.views.PAGE_SIZE",
        lambda m: reverse("mart:sales", args=[m.cooperative.slug]),
        _sales,
        _sale_marks,
    ),
    "shifts": Listing(
        "simpul.mart.shifts.views.LIST_PAGE_SIZE",
        lambda m: reverse("mart:shifts", args=[m.cooperative.slug]),
        _shifts,
        _shift_marks,
    ),
    "orders": Listing(
        "simpul.mart.purchasing.views.LIST_PAGE_SIZE",
        lambda m: reverse("mart:purchase_orders", args=[m.cooperative.slug]),
        _orders,
        _order_marks,
    ),
    "receipts": Listing(
        "simpul.mart.purchasing.views.LIST_PAGE_SIZE",
        lambda m: reverse("mart:goods_receipts", args=[m.cooperative.slug]),
        _receipts,
        _receipt_marks,
    ),
    "suppliers": Listing(
        "simpul.mart.purchasing.views.LIST_PAGE_SIZE",
        lambda m: reverse("mart:suppliers", args=[m.cooperative.slug]),
        _suppliers,
        _supplier_marks,
    ),
    "counts": Listing(
        "simpul.mart.stock.views.LIST_PAGE_SIZE",
        lambda m: reverse("mart:stock_counts", args=[m.cooperative.slug]),
        _counts,
        _count_marks,
    ),
    "transfers": Listing(
        "simpul.mart.stock.views.LIST_PAGE_SIZE",
        lambda m: reverse("mart:stock_transfers", args=[m.cooperative.slug]),
        _transfers,
        _transfer_marks,
    ),
    "stock_card": Listing("simpul.mart.stock.views.LIST_PAGE_SIZE", _card_url, _moves, _move_marks),
    "kasbon": Listing(
        "simpul.mart.settings.views.LIST_PAGE_SIZE",
        lambda m: reverse("mart:kasbon", args=[m.cooperative.slug]),
        _kasbon,
        _kasbon_marks,
    ),
    "reorder": Listing(
        "simpul.mart.stock.views.LIST_PAGE_SIZE",
        lambda m: reverse("mart:stock_reorder", args=[m.cooperative.slug]),
        _needed,
        _reorder_marks,
    ),
    "stock": Listing(
        "simpul.mart.stock.views.LIST_PAGE_SIZE",
        lambda m: reverse("mart:stock_list", args=[m.cooperative.slug]),
        _products,
        _stock_marks,
    ),
}


def _page(client, url: str, number: int) -> str:  # type: ignore[no-untyped-def]
    joiner = "&" if "?" in url else "?"
    response = client.get(f"{url}{joiner}halaman={number}")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("name", list(LISTINGS))
def test_page_two_shows_the_rows_after_page_one(client, mart, monkeypatch, name):
    listing = LISTINGS[name]
    monkeypatch.setattr(listing.size_setting, SIZE)
    listing.add(mart, 2 * SIZE + 1)
    marks = listing.marks(mart)
    assert len(marks) >= 2 * SIZE + 1
    client.force_login(mart.manager)
    url = listing.url(mart)
    first, second = _page(client, url, 1), _page(client, url, 2)
    assert all(mark in first for mark in marks[:SIZE]), name
    assert not any(mark in first for mark in marks[SIZE : 2 * SIZE]), name
    assert all(mark in second for mark in marks[SIZE : 2 * SIZE]), name
    assert not any(mark in second for mark in marks[:SIZE]), name
    assert 'data-testid="page-next"' in first and "halaman=2" in first
    assert 'data-testid="page-previous"' in second and "halaman=1" in second
    # Filters stay in the page links (the stock card's outlet and product).
    if name == "stock_card":
        assert f"gerai={mart.outlet.pk}&amp;produk={mart.noodles.pk}&amp;halaman=2" in first
    # An unreadable page number is the first page.
    assert all(mark in _page(client, url, "x") for mark in marks[:SIZE])  # type: ignore[arg-type]


@pytest.mark.parametrize("name", list(LISTINGS))
def test_a_page_runs_the_same_queries_for_few_rows_or_many(client, mart, monkeypatch, name):
    listing = LISTINGS[name]
    monkeypatch.setattr(listing.size_setting, SIZE)
    client.force_login(mart.manager)
    url = listing.url(mart)

    def queries() -> int:
        _page(client, url, 1)  # warm: sessions, the role cache
        with CaptureQueriesContext(connection) as captured:
            _page(client, url, 2)
        return len(captured)

    listing.add(mart, 2 * SIZE + 1)
    few = queries()
    listing.add(mart, 6 * SIZE)
    assert queries() == few, name


def test_the_days_sales_total_counts_every_page(client, mart, monkeypatch):
    monkeypatch.setattr("simpul.mart.sales.views.PAGE_SIZE", SIZE)
    _sales(mart, 2 * SIZE + 1)
    client.force_login(mart.manager)
    html = _page(client, reverse("mart:sales", args=[mart.cooperative.slug]), 1)
    assert "Rp24.500" in html  # 7 × Rp3.500, not the 3 shown


def _stock_names(html: str) -> list[str]:
    return [part.split("</a>")[0] for part in html.split('data-testid="stock-card-link">')[1:]]


def test_the_stock_list_keeps_its_search_and_filter_in_the_page_links(client, mart, monkeypatch):
    monkeypatch.setattr("simpul.mart.stock.views.LIST_PAGE_SIZE", SIZE)
    _products(mart, 12)  # "Produk Uji 0002" … "0013", none in stock, minimum i % 3: those of i % 3 ≠ 0 are below it
    client.force_login(mart.manager)
    url = reverse("mart:stock_list", args=[mart.cooperative.slug])
    first = client.get(url, {"q": "uji", "minimum": "1"}).content.decode()
    assert _stock_names(first) == ["Produk Uji 0002", "Produk Uji 0004", "Produk Uji 0005"]
    assert "q=uji&amp;minimum=1&amp;halaman=2" in first
    second = client.get(url, {"q": "uji", "minimum": "1", "halaman": "2"}).content.decode()
    assert _stock_names(second) == ["Produk Uji 0007", "Produk Uji 0008", "Produk Uji 0010"]
    assert "q=uji&amp;minimum=1&amp;halaman=1" in second
    # The stock value is the outlet's whole stock (100 × Rp2.800 + 50 × Rp12.000), whatever the page shows.
    assert 'data-testid="stock-total">Rp880.000<' in second
    last = client.get(url, {"q": "uji", "minimum": "1", "halaman": "3"}).content.decode()
    assert _stock_names(last) == ["Produk Uji 0011", "Produk Uji 0013"]
    assert 'data-testid="page-next"' not in last


def test_the_stock_list_finds_a_product_by_name_sku_or_barcode(client, mart):
    Barcode.objects.create(cooperative=mart.cooperative, product=mart.rice, code="8991234567895")
    client.force_login(mart.manager)
    url = reverse("mart:stock_list", args=[mart.cooperative.slug])
    for q, names in (
        ("mie", ["Mie Instan"]),
        ("beras-1", ["Beras Medium"]),
        ("8991234567895", ["Beras Medium"]),
        ("899123456789", []),  # a barcode is found whole, not by a part of it
        ("  ", ["Beras Medium", "Mie Instan"]),
    ):
        html = client.get(url, {"q": q}).content.decode()
        assert _stock_names(html) == names, q
    assert 'data-testid="no-stock"' in client.get(url, {"q": "tidak ada"}).content.decode()
