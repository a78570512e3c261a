"""The Koperasi Mart's demo: what `seed_demo` leaves for a newcomer who logs in as the kasir or the manager.

The demo is seeded once for this module (inside a transaction rolled back at the end), with the mart's hook
registered as MartConfig.ready() registers it; each test runs in its own savepoint on top of it."""

import datetime
import zoneinfo
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.db.models import Count, Min, Q, Sum
from django.test import override_settings

from simpul.coops.demo.logins import DEMO_LOGINS
from simpul.coops.demo.plan import DEMO_COOPERATIVE_SLUG, demo_plan
from simpul.coops.models import Cooperative, OutletKind
from simpul.coops.tests.demo_seeding import demo_seeded
from simpul.ledger import chart
from simpul.ledger.models import JournalEntry, JournalLine
from simpul.mart.demo import register_demo
from simpul.mart.demo.catalogue import HET, demo_catalogue, ean13_check_digit, in_store_ean13
from simpul.mart.demo.seed import SALES_DAYS, crc16_ccitt_false, demo_mart_scopes, demo_qris_payload
from simpul.mart.models import (
    Barcode,
    MartSettings,
    MartSupplier,
    MoveKind,
    PriceCeiling,
    Product,
    ProductUnit,
    Sale,
    SaleLine,
    Shift,
    ShiftStatus,
    StockLevel,
    StockMove,
    SupplierProduct,
)
from simpul.mart.stock.checks import stock_problems

KASIR = next(login for login in DEMO_LOGINS if login.key == "cashier")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    register_demo()
    with demo_seeded(django_db_blocker):
        yield


def _mart_cooperatives() -> list[Cooperative]:
    return list(Cooperative.objects.filter(slug__in=demo_mart_scopes(demo_plan())))


# --- the plan, without the database ---------------------------------------------------------------------------------


def test_ean13_check_digits():
    assert ean13_check_digit("400638133393") == "1"  # 4006381333931, a published example
    assert ean13_check_digit("899999909999") == "2"  # 8999999099992
    for serial in (1, 2, 57, 1234):
        for number in (1, 99, 300):
            code = in_store_ean13(serial, number)
            assert len(code) == 13 and code.isdigit() and code[0] == "2"
            assert ean13_check_digit(code[:12]) == code[12]


def test_catalogue_is_planned_and_its_staples_respect_the_het():
    first = demo_catalogue(7, 260)
    assert first == demo_catalogue(7, 260)
    assert len(first) >= 250
    assert len({spec.sku for spec in first}) == len(first)
    assert len({code for spec in first for code in spec.barcodes}) == len(first)
    above = []
    for spec in first:
        if spec.staple:
            het = HET["32"][(spec.staple, spec.base_unit)]
            if max(spec.price, spec.member_price) > het:
                above.append(spec)
        assert spec.member_price <= spec.price and spec.cost < spec.member_price
    assert [spec.het_reason != "" for spec in above] == [True]


def test_the_demo_qris_payload_carries_a_correct_crc():
    payload = demo_qris_payload()
    assert payload.startswith("000201010211") and payload[-8:-4] == "6304"
    assert crc16_ccitt_false("123456789") == "29B1"  # the CRC-16/CCITT-FALSE check value
    assert payload[-4:] == crc16_ccitt_false(payload[:-4])


# --- what seed_demo leaves --------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
@pytest.mark.calendar
def test_products_with_barcodes_units_and_suppliers():
    for cooperative in _mart_cooperatives():
        products = Product.objects.filter(cooperative=cooperative)
        assert products.count() >= 100
        codes = list(Barcode.objects.filter(cooperative=cooperative).values_list("code", flat=True))
        assert len(codes) == products.count()
        assert all(len(code) == 13 and code[0] == "2" and ean13_check_digit(code[:12]) == code[12] for code in codes)
        assert products.filter(category__isnull=True).count() == 0
        names = set(ProductUnit.objects.filter(cooperative=cooperative).values_list("name", flat=True))
        assert {"dus", "karung"} <= names
        assert ProductUnit.objects.get(cooperative=cooperative, product__sku="STP-001").factor == 25
        # The mart's three, and for the network's members the coordinator that bills Belanja Bareng's goods on.
        own = MartSupplier.objects.filter(cooperative=cooperative).exclude(name__startswith="Pusat Koperasi")
        assert own.count() == 3
        assert SupplierProduct.objects.filter(cooperative=cooperative, supplier__in=own).count() == products.count()


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
@pytest.mark.calendar
def test_staples_are_priced_within_the_het_but_one_with_its_reason():
    for province, prices in HET.items():
        for (staple, unit), price in prices.items():
            assert PriceCeiling.objects.get(region_id=province, staple=staple, unit=unit, network=None).price == price
    for cooperative in _mart_cooperatives():
        staples = Product.objects.filter(cooperative=cooperative).exclude(staple="")
        assert {p.staple for p in staples} == {"rice", "cooking_oil", "sugar", "lpg"}
        above = [
            p for p in staples if max(p.price, p.member_price) > HET[cooperative.province_code][(p.staple, p.base_unit)]
        ]
        assert [p.sku for p in above] == ["STP-003"]
        assert above[0].het_reason


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
@pytest.mark.calendar
def test_opening_stock_less_a_month_of_sales_is_on_the_shelves_and_in_1302():
    for cooperative in _mart_cooperatives():
        outlet_kinds = set(
            StockLevel.objects.filter(cooperative=cooperative).values_list("outlet__kind", flat=True).distinct()
        )
        assert outlet_kinds == {OutletKind.MART}
        assert StockMove.objects.filter(cooperative=cooperative, kind="opening").count() >= 100
        assert not StockLevel.objects.filter(cooperative=cooperative, quantity__lt=0).exists()
        assert stock_problems(cooperative) == []
        value = StockLevel.objects.filter(cooperative=cooperative).aggregate(total=Sum("value"))["total"]
        books = JournalLine.objects.filter(cooperative=cooperative, account__code=chart.MART_INVENTORY).aggregate(
            debit=Sum("debit"), credit=Sum("credit")
        )
        assert value > 0 and books["debit"] - books["credit"] == value
        # What was on the shelves came out of 1301, which never went below zero.
        old = JournalLine.objects.filter(cooperative=cooperative, account__code=chart.INVENTORY).aggregate(
            debit=Sum("debit"), credit=Sum("credit")
        )
        assert old["debit"] - old["credit"] >= 0


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
@pytest.mark.calendar
def test_a_month_of_sales_by_members_and_non_members_in_daily_shifts():
    for cooperative in _mart_cooperatives():
        today = cooperative.today()
        sales = Sale.objects.filter(cooperative=cooperative)
        figures = sales.aggregate(
            count=Count("id"),
            members=Count("id", filter=Q(member__isnull=False)),
            first=Min("business_date"),
            problems=Count("id", filter=~Q(problems=[])),
        )
        assert figures["count"] >= 100
        assert 0.3 * figures["count"] < figures["members"] < 0.8 * figures["count"]
        assert figures["first"] == today - datetime.timedelta(days=30)
        assert figures["problems"] == 0
        assert not sales.filter(business_date__gte=today).exists()
        assert sales.values("business_date").distinct().count() == 30
        assert SaleLine.objects.filter(cooperative=cooperative, unit__isnull=False).exists()  # a dus or karung
        methods = set(sales.values_list("payments__method", flat=True))
        assert {"cash", "qris"} <= methods
        closed = Shift.objects.filter(cooperative=cooperative, status=ShiftStatus.CLOSED)
        assert closed.count() == 30
        assert not closed.exclude(cash_variance=0).exists()
        # The takings went to the bank each evening: the QRIS clearing account is empty.
        qris = JournalLine.objects.filter(cooperative=cooperative, account__code=chart.QRIS_CLEARING).aggregate(
            debit=Sum("debit"), credit=Sum("credit")
        )
        assert qris["debit"] == qris["credit"]


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
@pytest.mark.calendar
def test_the_kasir_finds_an_open_shift_and_the_manager_a_pin_and_a_qris():
    demo = Cooperative.objects.get(slug=DEMO_COOPERATIVE_SLUG)
    shift = Shift.objects.get(cooperative=demo, status=ShiftStatus.OPEN)
    assert shift.cashier.email == KASIR.email
    assert shift.outlet.kind == OutletKind.MART and shift.opening_cash == Decimal(200_000)
    for cooperative in _mart_cooperatives():
        settings = MartSettings.objects.get(cooperative=cooperative)
        assert check_password("1234", settings.manager_pin_hash)
        assert settings.qris_payload == demo_qris_payload()
        assert settings.kasbon_default_limit > 0
        assert Shift.objects.filter(cooperative=cooperative, status=ShiftStatus.OPEN).count() == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
@pytest.mark.calendar
def test_books_verify_and_a_second_run_adds_nothing():
    out = StringIO()
    call_command("verify_books", stdout=out)
    assert "BROKEN" not in out.getvalue()
    models = [Product, Barcode, StockMove, Sale, Shift, PriceCeiling, MartSupplier, JournalLine]
    before = {model.__name__: model._default_manager.count() for model in models}
    out = StringIO()
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        call_command("seed_demo", stdout=out)
    assert "created nothing new" in out.getvalue()
    assert {model.__name__: model._default_manager.count() for model in models} == before


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
@pytest.mark.calendar
def test_the_demos_stock_card_starts_with_the_opening_before_every_sale():
    cooperatives = list(Cooperative.objects.filter(slug__in=demo_mart_scopes(demo_plan())))
    assert cooperatives
    for cooperative in cooperatives:
        first_day = cooperative.today() - datetime.timedelta(days=SALES_DAYS)
        opened_at = datetime.datetime.combine(
            first_day, datetime.time.min, tzinfo=zoneinfo.ZoneInfo(cooperative.timezone)
        )
        openings = StockMove.objects.filter(cooperative=cooperative, kind=MoveKind.OPENING)
        assert openings.exists()
        assert set(openings.values_list("created_at", flat=True)) == {opened_at}
        first_sale = Sale.objects.filter(cooperative=cooperative).aggregate(first=Min("sold_at"))["first"]
        assert first_sale is not None and opened_at < first_sale
        assert Sale.objects.filter(cooperative=cooperative).aggregate(day=Min("business_date"))["day"] >= first_day
        # Per product: the earliest move is the opening, and no other move of it is as early.
        for product_id, outlet_id in openings.values_list("product_id", "outlet_id"):
            card = StockMove.objects.filter(cooperative=cooperative, outlet_id=outlet_id, product_id=product_id)
            first = card.order_by("created_at", "id").first()
            assert first is not None and first.kind == MoveKind.OPENING
            assert not card.exclude(kind=MoveKind.OPENING).filter(created_at__lte=opened_at).exists()
        sold_first = (
            SaleLine.objects.filter(cooperative=cooperative)
            .values("product_id")
            .annotate(first=Min("sale__sold_at"))
            .values_list("product_id", "first")
        )
        opened_products = set(openings.values_list("product_id", flat=True))
        for product_id, first in sold_first:
            assert product_id in opened_products and first > opened_at
        # The opening's journal entry is dated on that first day, before the first sale's.
        entry_ids = JournalLine.objects.filter(
            cooperative=cooperative, account__code=chart.MART_INVENTORY, entry__description__startswith="Stok awal"
        ).values("entry_id")
        dates = set(JournalEntry.objects.filter(pk__in=entry_ids).values_list("date", flat=True))
        assert dates == {first_day}
