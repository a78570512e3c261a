"""The catalog's services: products, units, barcodes, prices and the HET of staples."""

import datetime
from decimal import Decimal

import pytest

from simpul.coops.models import MembershipStatus, RoleKind
from simpul.coops.tests.factories import CooperativeFactory, MembershipFactory, NetworkFactory, person_with_role
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import AuditLog
from simpul.ledger.models import Account
from simpul.mart.catalog.selectors import above_het_in_region, het_for, product_search, products_above_het
from simpul.mart.catalog.services import barcode_next_in_store, category_create, product_create, product_update
from simpul.mart.models import Barcode, PriceCeiling, Product, ProductUnit
from simpul.members.tests.factories import MemberFactory
from simpul.regions.models import Region

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def coop():
    return CooperativeFactory.create()


@pytest.fixture
def manager(coop):
    return person_with_role(RoleKind.MANAGER, coop)


def make(coop, manager, **kw):
    kw.setdefault("sku", "MIE-01")
    kw.setdefault("name", "Mie Goreng")
    kw.setdefault("price", D("3500"))
    return product_create(cooperative=coop, actor=manager, **kw)


def test_create_with_units_barcodes_and_books(coop, manager):
    product = make(
        coop,
        manager,
        member_price="3300",
        category_name="Makanan",
        barcodes=["8992761111113", ("8992761111120", "dus")],
        units=[("dus", "40", "130000")],
        min_stock="10",
        taxed=True,
    )
    assert product.member_price == D("3300") and product.category.name == "Makanan"
    unit = ProductUnit.objects.get(product=product)
    assert (unit.name, unit.factor, unit.price) == ("dus", D("40"), D("130000"))
    codes = {b.code: b.unit_id for b in Barcode.objects.filter(product=product)}
    assert codes == {"8992761111113": None, "8992761111120": unit.pk}
    assert Account.objects.filter(cooperative=coop, code="1302").exists()
    log = AuditLog.objects.get(event="mart.product_created")
    assert log.changes["units"] == [None, ["1 dus = 40"]]
    assert AuditLog.objects.filter(event="mart.category_created").count() == 1


def test_member_price_defaults_to_price(coop, manager):
    assert make(coop, manager).member_price == D("3500")


@pytest.mark.parametrize(
    ("kw", "code", "field"),
    [
        ({"price": "abc"}, "invalid_price", "price"),
        ({"price": "-1"}, "invalid_price", "price"),
        ({"price": "10.005"}, "invalid_price", "price"),
        ({"member_price": "4000"}, "invalid_price", "member_price"),
        ({"sku": " "}, "required", "sku"),
        ({"name": ""}, "required", "name"),
        ({"barcodes": ["8992761111112"]}, "invalid_barcode", "barcodes"),
        ({"units": [("dus", "0")]}, "invalid_quantity", "units"),
        ({"units": [("dus", "2.5")]}, "invalid_quantity", "units"),
        ({"units": [("pcs", "2")]}, "invalid_quantity", "units"),
        ({"min_stock": "1.5"}, "invalid_quantity", "min_stock"),
        ({"staple": "gold"}, "invalid_staple", "staple"),
        ({"barcodes": [("8992761111113", "karung")]}, "invalid_barcode", "barcodes"),
    ],
)
def test_bad_input_saves_nothing(coop, manager, kw, code, field):
    with pytest.raises(ApplicationError) as refused:
        make(coop, manager, **kw)
    assert refused.value.code == code and refused.value.extra["field"] == field
    assert not Product.objects.filter(cooperative=coop).exists()
    assert not AuditLog.objects.filter(event__startswith="mart.").exists()


def test_fractional_product_takes_fractions(coop, manager):
    rice = make(coop, manager, sku="BERAS", name="Beras", base_unit="kg", fractional=True, units=[("karung", "25")])
    assert ProductUnit.objects.get(product=rice).factor == D("25")
    product_update(cooperative=coop, actor=manager, product_id=rice.pk, data={"min_stock": "2.5"})
    rice.refresh_from_db()
    assert rice.min_stock == D("2.5")


def test_duplicate_barcode_names_the_product(coop, manager):
    make(coop, manager, barcodes=["8992761111113"])
    with pytest.raises(ApplicationError) as refused:
        make(coop, manager, sku="MIE-02", name="Mie Kuah", barcodes=["8992761111113"])
    assert refused.value.code == "duplicate_barcode"
    assert "Mie Goreng" in refused.value.message and "MIE-01" in refused.value.message
    # another cooperative may use the same code
    other = CooperativeFactory.create()
    make(other, manager, barcodes=["8992761111113"])


def test_duplicate_sku(coop, manager):
    make(coop, manager)
    with pytest.raises(ApplicationError) as refused:
        make(coop, manager, name="Lain")
    assert refused.value.code == "duplicate_sku" and "Mie Goreng" in refused.value.message


def test_update_prices_units_barcodes_and_retire(coop, manager):
    product = make(coop, manager, barcodes=["ABC123"], units=[("dus", "40")])
    product_update(
        cooperative=coop,
        actor=manager,
        product_id=product.pk,
        data={"price": "4000", "units": [("dus", "24"), ("pak", "5")], "barcodes": ["XYZ999"], "is_active": False},
    )
    product.refresh_from_db()
    assert product.price == D("4000") and product.member_price == D("4000") and not product.is_active
    assert sorted(ProductUnit.objects.filter(product=product).values_list("name", "factor")) == [
        ("dus", D("24")),
        ("pak", D("5")),
    ]
    assert list(Barcode.objects.filter(product=product).values_list("code", flat=True)) == ["XYZ999"]
    log = AuditLog.objects.get(event="mart.product_updated")
    assert log.changes["price"] == ["3500.00", "4000.00"] and "units" in log.changes and "barcodes" in log.changes


def test_update_other_cooperatives_product_is_404(coop, manager):
    product = make(coop, manager)
    with pytest.raises(NotFoundError):
        product_update(cooperative=CooperativeFactory.create(), actor=manager, product_id=product.pk, data={})


def test_update_refuses_unknown_fields(coop, manager):
    product = make(coop, manager)
    with pytest.raises(ApplicationError):
        product_update(cooperative=coop, actor=manager, product_id=product.pk, data={"cooperative_id": 1})


def test_producer_member_or_name(coop, manager):
    member = MemberFactory.create(cooperative=coop)
    product = make(coop, manager, producer_id=member.pk)
    assert product.producer_id == member.pk and product.producer_name == ""
    named = make(coop, manager, sku="K2", name="Keripik", producer_name="Bu Sri")
    assert named.producer_name == "Bu Sri"
    foreign = MemberFactory.create(cooperative=CooperativeFactory.create())
    with pytest.raises(ApplicationError):
        make(coop, manager, sku="K3", producer_id=foreign.pk)


def test_category_unique(coop, manager):
    category_create(cooperative=coop, actor=manager, name="Minuman")
    with pytest.raises(ApplicationError):
        category_create(cooperative=coop, actor=manager, name="minuman")


def test_in_store_barcodes_follow_each_other(coop, manager):
    first = barcode_next_in_store(coop)
    make(coop, manager, barcodes=[first])
    second = barcode_next_in_store(coop)
    assert first.startswith("20") and second != first and int(second[2:12]) == int(first[2:12]) + 1


def test_search_by_name_sku_and_barcode(coop, manager, django_assert_max_num_queries):
    make(coop, manager, barcodes=["8992761111113"])
    make(coop, manager, sku="GULA", name="Gula Pasir")
    assert [p.name for p in product_search(coop, q="goreng")] == ["Mie Goreng"]
    assert [p.name for p in product_search(coop, q="gula")] == ["Gula Pasir"]
    assert [p.name for p in product_search(coop, q="8992761111113")] == ["Mie Goreng"]
    with django_assert_max_num_queries(3):
        assert len([p.barcodes.all() for p in product_search(coop)]) == 2


# --- HET ---------------------------------------------------------------------------------------------------


def ceiling(code, price, valid_from=datetime.date(2026, 1, 1), staple="rice", unit="kg", network=None):
    return PriceCeiling.objects.create(
        region=Region.objects.get(code=code),
        staple=staple,
        unit=unit,
        price=D(price),
        valid_from=valid_from,
        network=network,
    )


def test_het_is_the_lowest_of_regency_and_province_valid_that_day(coop):
    ceiling(coop.province_code, "14900")
    ceiling(coop.regency_code, "15500")
    ceiling(coop.regency_code, "14000", valid_from=datetime.date(2026, 6, 1))
    assert het_for(coop, "rice", "kg", on=datetime.date(2026, 3, 1)) == D("14900")
    assert het_for(coop, "rice", "kg", on=datetime.date(2026, 6, 1)) == D("14000")
    assert het_for(coop, "rice", "kg", on=datetime.date(2025, 12, 31)) is None
    assert het_for(coop, "sugar", "kg", on=datetime.date(2026, 6, 1)) is None
    ceiling("11", "1000")  # another province
    assert het_for(coop, "rice", "kg", on=datetime.date(2026, 3, 1)) == D("14900")


def test_network_het_applies_to_its_members_only(coop):
    network = NetworkFactory.create()
    ceiling(coop.regency_code, "13000", network=network)
    assert het_for(coop, "rice", "kg", on=datetime.date(2026, 3, 1)) is None
    MembershipFactory.create(cooperative=coop, network=network, status=MembershipStatus.ACTIVE)
    assert het_for(coop, "rice", "kg", on=datetime.date(2026, 3, 1)) == D("13000")


def test_price_above_het_needs_a_reason(coop, manager):
    ceiling(coop.province_code, "14900", valid_from=datetime.date(2000, 1, 1))
    kw = {"sku": "BERAS", "name": "Beras Medium", "base_unit": "kg", "fractional": True, "staple": "rice"}
    with pytest.raises(ApplicationError) as refused:
        make(coop, manager, price="15500", **kw)
    assert refused.value.code == "above_het" and "14.900" in refused.value.message
    assert not Product.objects.exists()
    product = make(coop, manager, price="15500", het_reason="Ongkos kirim ke pulau", **kw)
    assert product.het_reason == "Ongkos kirim ke pulau"
    assert AuditLog.objects.filter(event="mart.price_above_het").count() == 1
    assert [row.product.pk for row in products_above_het(coop)] == [product.pk]
    assert [row["product_id"] for row in above_het_in_region(coop.regency_code)] == [product.pk]
    assert above_het_in_region("11") == []
    # back within the HET: the reason goes, the product leaves the list
    product_update(cooperative=coop, actor=manager, product_id=product.pk, data={"price": "14500"})
    product.refresh_from_db()
    assert product.het_reason == "" and products_above_het(coop) == []


def test_pack_price_above_het(coop, manager):
    ceiling(coop.province_code, "14900", valid_from=datetime.date(2000, 1, 1))
    with pytest.raises(ApplicationError) as refused:
        make(
            coop,
            manager,
            sku="B5",
            name="Beras",
            base_unit="kg",
            staple="rice",
            price="14000",
            units=[("karung", "25", "400000")],
        )
    assert refused.value.code == "above_het" and refused.value.extra["field"] == "units"
