"""Staples exchanged between cooperatives of a network (issue 12 §5): a short mart asks a member mart that holds the
staple; the seller's manager accepts (a sale in its books) and the buyer's goods receipt is recorded in the same
transaction, or refuses with a reason. Access, bad input, both books."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.urls import reverse

from simpul.coops.models import Cooperative, MembershipStatus, Outlet, RoleKind
from simpul.coops.tests.factories import (
    CooperativeFactory,
    MembershipFactory,
    NetworkFactory,
    OutletFactory,
    person_with_role,
)
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import AuditLog, User
from simpul.ledger import chart
from simpul.ledger.models import JournalEntry, Subledger
from simpul.ledger.services import chart_of_accounts_create, journal_post
from simpul.ledger.subledgers import problems
from simpul.mart.models import (
    ExchangeStatus,
    GoodsReceipt,
    MartSupplier,
    Product,
    Sale,
    StapleExchange,
    StockLevel,
)
from simpul.mart.network.exchange import exchange_accept, exchange_refuse, exchange_request
from simpul.mart.stock.locks import lock_stock_levels
from simpul.mart.stock.services import Change, stock_moves_apply
from simpul.mart.tests.stock_factories import balance

D = Decimal
pytestmark = pytest.mark.django_db


@dataclass
class Side:
    cooperative: Cooperative
    outlet: Outlet
    manager: User
    rice: Product


@dataclass
class World:
    buyer: Side
    seller: Side


def _side(name: str, village: str | None = None) -> Side:
    fields = {"name": name}
    if village:
        fields["village_code"] = village
    cooperative = CooperativeFactory.create(**fields)
    chart_of_accounts_create(cooperative=cooperative)
    outlet = OutletFactory.create(cooperative=cooperative, name="Mart Utama")
    manager = person_with_role(RoleKind.MANAGER, cooperative)
    rice = Product.objects.create(
        cooperative=cooperative,
        sku="BERAS-1",
        name="Beras Medium",
        base_unit="kg",
        fractional=True,
        staple="rice",
        price=D(14000),
        member_price=D(13500),
    )
    return Side(cooperative, outlet, manager, rice)


def stock(side: Side, quantity: str, cost: str) -> None:
    from django.db import transaction

    with transaction.atomic():
        levels = lock_stock_levels(side.cooperative, side.outlet.pk, [side.rice.pk])
        moves = stock_moves_apply(
            cooperative=side.cooperative,
            outlet_id=side.outlet.pk,
            levels=levels,
            changes=[Change(side.rice.pk, D(quantity), "opening", unit_cost=D(cost))],
            actor=side.manager,
        )
        value = sum((move.value for move in moves), D(0))
        journal_post(
            cooperative=side.cooperative,
            actor=side.manager,
            date=side.cooperative.today(),
            description="Stok awal",
            lines=[(chart.MART_INVENTORY, value, D(0)), (chart.INVENTORY, D(0), value)],
            source="mart",
            subledger=Subledger.INVENTORY,
        )


def make_world() -> World:
    network = NetworkFactory.create()
    buyer = _side("Koperasi Pembeli")
    seller = _side("Koperasi Penjual", village=buyer.cooperative.village_id)
    for side in (buyer, seller):
        MembershipFactory.create(network=network, cooperative=side.cooperative, status=MembershipStatus.ACTIVE)
    stock(seller, "50", "12000")
    return World(buyer, seller)


@pytest.fixture
def world() -> World:
    return make_world()


def ask(world: World, quantity: object = "20", price: object = "13000") -> StapleExchange:
    return exchange_request(
        cooperative=world.buyer.cooperative,
        actor=world.buyer.manager,
        seller_id=world.seller.cooperative.pk,
        product_id=world.buyer.rice.pk,
        quantity=quantity,
        unit_price=price,
    )


def on_hand(side: Side) -> Decimal:
    level = StockLevel.objects.filter(outlet=side.outlet, product=side.rice).first()
    return level.quantity if level else D(0)


# --- services


def test_accepting_records_the_sellers_sale_and_the_buyers_receipt_and_both_books_balance(world):
    exchange = ask(world)
    assert exchange.status == ExchangeStatus.REQUESTED and exchange.unit == "kg"
    done = exchange_accept(
        cooperative=world.seller.cooperative, actor=world.seller.manager, exchange_id=exchange.pk, quantity="15"
    )
    assert done.status == ExchangeStatus.ACCEPTED and done.accepted_quantity == D(15)
    assert done.sale is not None and done.receipt is not None and done.supplier is not None
    sale = done.sale
    assert sale.cooperative_id == world.seller.cooperative.pk and sale.member_id is None and sale.shift_id is None
    assert sale.total == D(195000) and sale.cost == D(180000) and not sale.problems
    assert [(p.method, p.amount) for p in sale.payments.all()] == [("receivable", D(195000))]
    receipt = done.receipt
    assert receipt.cooperative_id == world.buyer.cooperative.pk and receipt.total == D(195000)
    assert receipt.outlet_id == world.buyer.outlet.pk
    supplier = MartSupplier.objects.get(pk=done.supplier.pk)
    assert supplier.cooperative_id == world.buyer.cooperative.pk and supplier.name == "Koperasi Penjual"
    assert supplier.balance == D(195000)
    assert on_hand(world.seller) == D(35) and on_hand(world.buyer) == D(15)
    # Each cooperative's books: the seller sold to a non-member on credit (its bank untouched until the buyer pays),
    # the buyer owes the seller as much.
    assert balance(world.seller.cooperative, chart.NON_MEMBER_RECEIVABLES) == D(195000)
    assert balance(world.seller.cooperative, chart.BANK) == D(0)
    assert balance(world.seller.cooperative, chart.SALES_TO_NON_MEMBERS) == D(-195000)
    assert balance(world.seller.cooperative, chart.MART_INVENTORY) == D(420000)
    assert balance(world.buyer.cooperative, chart.MART_INVENTORY) == D(195000)
    assert balance(world.buyer.cooperative, chart.MART_PAYABLES) == D(-195000)
    for side in (world.buyer, world.seller):
        assert problems(side.cooperative) == []
        for entry in JournalEntry.objects.filter(cooperative=side.cooperative):
            lines = list(entry.lines.all())
            assert {line.account.cooperative_id for line in lines} == {side.cooperative.pk}
            assert sum(line.debit for line in lines) == sum(line.credit for line in lines)
    events = set(AuditLog.objects.filter(target_id=str(exchange.pk)).values_list("event", "cooperative_id"))
    assert ("mart.exchange_accepted", world.buyer.cooperative.pk) in events
    assert ("mart.exchange_accepted", world.seller.cooperative.pk) in events


def test_the_supplier_for_the_seller_is_created_once(world):
    for _ in range(2):
        exchange_accept(
            cooperative=world.seller.cooperative, actor=world.seller.manager, exchange_id=ask(world, "5").pk
        )
    assert MartSupplier.objects.filter(cooperative=world.buyer.cooperative).count() == 1
    assert on_hand(world.buyer) == D(10)


def test_refusing_keeps_the_reason_and_writes_no_document(world):
    exchange = ask(world)
    with pytest.raises(ApplicationError) as empty:
        exchange_refuse(
            cooperative=world.seller.cooperative, actor=world.seller.manager, exchange_id=exchange.pk, reason=" "
        )
    assert empty.value.code == "required"
    exchange_refuse(
        cooperative=world.seller.cooperative,
        actor=world.seller.manager,
        exchange_id=exchange.pk,
        reason="Stok untuk anggota",
    )
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.REFUSED and exchange.refusal_reason == "Stok untuk anggota"
    with pytest.raises(ApplicationError) as late:
        exchange_accept(cooperative=world.seller.cooperative, actor=world.seller.manager, exchange_id=exchange.pk)
    assert late.value.code == "exchange_decided" and "ditolak" in late.value.message
    assert not Sale.objects.exists() and not GoodsReceipt.objects.exists()


def test_accepting_twice_is_refused_and_writes_one_sale(world):
    exchange = ask(world)
    exchange_accept(cooperative=world.seller.cooperative, actor=world.seller.manager, exchange_id=exchange.pk)
    with pytest.raises(ApplicationError) as twice:
        exchange_accept(cooperative=world.seller.cooperative, actor=world.seller.manager, exchange_id=exchange.pk)
    assert "sudah diterima" in twice.value.message
    assert Sale.objects.count() == 1 and GoodsReceipt.objects.count() == 1


@pytest.mark.parametrize(
    ("quantity", "price", "field", "words"),
    [
        ("0", "13000", "quantity", "lebih dari nol"),
        ("-3", "13000", "quantity", "lebih dari nol"),
        ("51", "13000", "quantity", "hanya punya 50 kg"),
        ("sepuluh", "13000", "quantity", "harus berupa angka"),
        ("10", "murah", "unit_price", "harus berupa angka"),
        ("10", "0", "unit_price", "lebih dari Rp0"),
    ],
)
def test_bad_requests_are_refused_in_indonesian_and_save_nothing(world, quantity, price, field, words):
    with pytest.raises(ApplicationError) as refused:
        ask(world, quantity, price)
    assert refused.value.extra["field"] == field
    assert words in refused.value.message, refused.value.message
    assert (
        not StapleExchange.objects.exists() and not AuditLog.objects.filter(event__startswith="mart.exchange").exists()
    )


def test_accepting_more_than_asked_or_than_is_left_is_refused_and_nothing_is_written(world):
    exchange = ask(world, "40")
    with pytest.raises(ApplicationError) as more:
        exchange_accept(
            cooperative=world.seller.cooperative, actor=world.seller.manager, exchange_id=exchange.pk, quantity="41"
        )
    assert "paling banyak" in more.value.message
    StockLevel.objects.filter(outlet=world.seller.outlet).update(quantity=D(30))  # sold meanwhile (not via services)
    with pytest.raises(ApplicationError) as short:
        exchange_accept(cooperative=world.seller.cooperative, actor=world.seller.manager, exchange_id=exchange.pk)
    assert short.value.code == "insufficient_stock"
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.REQUESTED
    assert not Sale.objects.exists() and not GoodsReceipt.objects.exists() and not MartSupplier.objects.exists()


def test_only_a_member_mart_of_the_same_network_can_be_asked_and_only_the_seller_decides(world):
    outsider = _side("Koperasi Luar")
    stock(outsider, "10", "12000")
    with pytest.raises(NotFoundError):
        exchange_request(
            cooperative=world.buyer.cooperative,
            actor=world.buyer.manager,
            seller_id=outsider.cooperative.pk,
            product_id=world.buyer.rice.pk,
            quantity="5",
            unit_price="13000",
        )
    exchange = ask(world)
    for cooperative, actor in (
        (world.buyer.cooperative, world.buyer.manager),
        (outsider.cooperative, outsider.manager),
    ):
        with pytest.raises(NotFoundError):
            exchange_accept(cooperative=cooperative, actor=actor, exchange_id=exchange.pk)
    # The seller's mart closed: it can no longer be asked.
    Outlet.objects.filter(cooperative=world.seller.cooperative).update(is_active=False)
    with pytest.raises(NotFoundError):
        ask(world)


# --- pages


def test_the_staples_page_offers_minta_and_the_form_sends_the_request(client, world):
    client.force_login(world.buyer.manager)
    page = client.get(reverse("mart:reports_staples", args=[world.buyer.cooperative.slug]))
    assert page.status_code == 200
    url = reverse("mart:exchange_new", args=[world.buyer.cooperative.slug])
    assert f"{url}?penjual={world.seller.cooperative.pk}&amp;pokok=rice" in page.content.decode()
    form = client.get(url, {"penjual": world.seller.cooperative.pk, "pokok": "rice"})
    assert form.status_code == 200 and "Minta bahan pokok" in form.content.decode()
    data = {"penjual": world.seller.cooperative.pk, "pokok": "rice", "product": world.buyer.rice.pk}
    bad = client.post(url, {**data, "quantity": "10", "unit_price": "abc"})
    assert bad.status_code == 400 and "harus berupa angka" in bad.content.decode()
    assert not StapleExchange.objects.exists()
    sent = client.post(url, {**data, "quantity": "10", "unit_price": "13.000"})
    exchange = StapleExchange.objects.get()
    assert sent.status_code == 302 and exchange.unit_price == D(13000)


def test_a_supervisor_reads_the_staples_page_without_the_button_to_ask(client, world):
    client.force_login(person_with_role(RoleKind.SUPERVISOR, world.buyer.cooperative))
    page = client.get(reverse("mart:reports_staples", args=[world.buyer.cooperative.slug]))
    assert page.status_code == 200 and 'data-testid="holder-row"' in page.content.decode()
    assert 'data-testid="holder-ask"' not in page.content.decode()
    asked = client.get(reverse("mart:exchange_new", args=[world.buyer.cooperative.slug]), {"pokok": "rice"})
    assert asked.status_code == 403


def test_the_seller_accepts_on_its_page_and_both_see_the_documents(client, world):
    exchange = ask(world)
    client.force_login(world.seller.manager)
    seller_slug = world.seller.cooperative.slug
    listing = client.get(reverse("mart:exchanges", args=[seller_slug]))
    assert listing.status_code == 200 and exchange.number in listing.content.decode()
    bad = client.post(reverse("mart:exchange_accept", args=[seller_slug, exchange.pk]), {"quantity": "0"})
    assert bad.status_code == 400 and "lebih dari nol" in bad.content.decode()
    ok = client.post(reverse("mart:exchange_accept", args=[seller_slug, exchange.pk]), {"quantity": "12"})
    assert ok.status_code == 302
    exchange.refresh_from_db()
    detail = client.get(reverse("mart:exchange", args=[seller_slug, exchange.pk])).content.decode()
    assert reverse("mart:sale", args=[seller_slug, exchange.sale_id]) in detail
    again = client.post(reverse("mart:exchange_accept", args=[seller_slug, exchange.pk]), {"quantity": "12"})
    assert again.status_code == 400 and "sudah diterima" in again.content.decode()
    client.force_login(world.buyer.manager)
    buyer_slug = world.buyer.cooperative.slug
    detail = client.get(reverse("mart:exchange", args=[buyer_slug, exchange.pk])).content.decode()
    assert reverse("mart:goods_receipt", args=[buyer_slug, exchange.receipt_id]) in detail and "Diterima" in detail


def test_access_third_cooperative_404_cashier_403_buyer_cannot_decide(client, world):
    exchange = ask(world)
    third = _side("Koperasi Ketiga")
    seller_slug = world.seller.cooperative.slug
    urls = [
        ("get", reverse("mart:exchanges", args=[seller_slug])),
        ("get", reverse("mart:exchange", args=[seller_slug, exchange.pk])),
        ("post", reverse("mart:exchange_accept", args=[seller_slug, exchange.pk])),
        ("post", reverse("mart:exchange_refuse", args=[seller_slug, exchange.pk])),
    ]
    client.force_login(third.manager)
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url
    # A third cooperative's manager, in its own workspace, cannot reach the exchange either.
    assert client.get(reverse("mart:exchange", args=[third.cooperative.slug, exchange.pk])).status_code == 404
    assert client.post(reverse("mart:exchange_accept", args=[third.cooperative.slug, exchange.pk])).status_code == 404
    client.force_login(person_with_role(RoleKind.CASHIER, world.seller.cooperative))
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 403, url
    client.force_login(world.buyer.manager)
    buyer_slug = world.buyer.cooperative.slug
    assert client.post(reverse("mart:exchange_accept", args=[buyer_slug, exchange.pk])).status_code == 404
    new = reverse("mart:exchange_new", args=[buyer_slug])
    assert client.get(new, {"penjual": third.cooperative.pk, "pokok": "rice"}).status_code == 404
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.REQUESTED and not Sale.objects.exists()


# --- API


def test_the_api_asks_accepts_and_refuses_with_the_same_rules(client, world):
    base = "/api/v1/cooperatives"
    client.force_login(world.buyer.manager)
    body = {"seller_id": world.seller.cooperative.pk, "product_id": world.buyer.rice.pk, "quantity": "10"}
    bad = client.post(
        f"{base}/{world.buyer.cooperative.slug}/mart/exchanges", {**body, "unit_price": "abc"}, "application/json"
    )
    assert bad.status_code == 400
    too_much = client.post(
        f"{base}/{world.buyer.cooperative.slug}/mart/exchanges",
        {**body, "quantity": "99", "unit_price": "13000"},
        "application/json",
    )
    assert too_much.status_code == 400 and too_much.json()["code"] == "insufficient_stock"
    made = client.post(
        f"{base}/{world.buyer.cooperative.slug}/mart/exchanges", {**body, "unit_price": "13000"}, "application/json"
    )
    assert made.status_code == 201 and made.json()["direction"] == "outgoing" and made.json()["status"] == "requested"
    pk = made.json()["id"]
    assert (
        client.post(
            f"{base}/{world.buyer.cooperative.slug}/mart/exchanges/{pk}/accept", {}, "application/json"
        ).status_code
        == 404
    )
    client.force_login(world.seller.manager)
    listed = client.get(f"{base}/{world.seller.cooperative.slug}/mart/exchanges").json()
    assert [(e["id"], e["direction"]) for e in listed] == [(pk, "incoming")]
    accepted = client.post(
        f"{base}/{world.seller.cooperative.slug}/mart/exchanges/{pk}/accept", {"quantity": "8"}, "application/json"
    )
    assert accepted.status_code == 200, accepted.content
    assert (
        accepted.json()["status"] == "accepted" and accepted.json()["sale_number"] and accepted.json()["receipt_number"]
    )
    refused = client.post(
        f"{base}/{world.seller.cooperative.slug}/mart/exchanges/{pk}/refuse", {"reason": "x"}, "application/json"
    )
    assert refused.status_code == 400 and refused.json()["code"] == "exchange_decided"


def test_the_exchanges_page_reads_a_fixed_number_of_queries_and_the_documents_open(
    client, world, django_assert_max_num_queries
):
    for _ in range(3):
        exchange_accept(
            cooperative=world.seller.cooperative, actor=world.seller.manager, exchange_id=ask(world, "2").pk
        )
    ask(world, "1")
    supervisor = person_with_role(RoleKind.SUPERVISOR, world.seller.cooperative)
    client.force_login(supervisor)
    url = reverse("mart:exchanges", args=[world.seller.cooperative.slug])
    client.get(url)
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert page.status_code == 200 and page.content.decode().count('data-testid="exchange-row"') == 4
    exchange = StapleExchange.objects.filter(status=ExchangeStatus.ACCEPTED).first()
    assert exchange is not None
    detail = client.get(reverse("mart:exchange", args=[world.seller.cooperative.slug, exchange.pk]))
    assert detail.status_code == 200 and 'data-testid="accept-form"' not in detail.content.decode()
    client.force_login(world.seller.manager)
    assert client.get(reverse("mart:sale", args=[world.seller.cooperative.slug, exchange.sale_id])).status_code == 200
    client.force_login(world.buyer.manager)
    receipt = reverse("mart:goods_receipt", args=[world.buyer.cooperative.slug, exchange.receipt_id])
    assert client.get(receipt).status_code == 200


def test_a_staple_below_its_minimum_offers_to_post_a_need(client, world):
    """The manager sees a short staple with a link to post a need for what brings it back to the minimum."""
    from simpul.mart.models import Product

    rice = world.buyer.rice
    Product.objects.filter(pk=rice.pk).update(min_stock=D(10_000))
    client.force_login(world.buyer.manager)
    page = client.get(reverse("mart:reports_staples", args=[world.buyer.cooperative.slug])).content.decode()
    assert 'data-testid="staple-post-need"' in page
    start = page.index(reverse("needs:cooperative_need_new", args=[world.buyer.cooperative.slug]))
    link = page[start : page.index('"', start)].replace("&amp;", "&")
    assert "kategori=stock" in link and "jumlah=" in link
    form = client.get(link).content.decode()
    assert rice.name in form and 'value="stock" selected' in form
