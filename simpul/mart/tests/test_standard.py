"""The network's Koperasi Mart standard: the coordinator's product list, checklists and HET list; adoption by a
member mart (prices and stock never overwritten, idempotent); checklist_for."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from simpul.coops.models import MembershipStatus, RoleKind
from simpul.coops.tests.factories import CooperativeFactory, MembershipFactory, NetworkFactory, person_with_role
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import AuditLog
from simpul.mart.catalog.selectors import het_for
from simpul.mart.catalog.services import product_create
from simpul.mart.models import PriceCeiling, Product, StandardProduct
from simpul.mart.network.services import checklist_set, het_publish, standard_adopt, standard_product_save
from simpul.mart.shifts.selectors import checklist_for

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def network():
    return NetworkFactory.create()


@pytest.fixture
def coordinator(network):
    return person_with_role(RoleKind.COORDINATOR, network)


@pytest.fixture
def coop(network):
    cooperative = CooperativeFactory.create()
    MembershipFactory.create(cooperative=cooperative, network=network, status=MembershipStatus.ACTIVE)
    return cooperative


@pytest.fixture
def manager(coop):
    return person_with_role(RoleKind.MANAGER, coop)


def standard(network, coordinator, name, price, **kw):
    return standard_product_save(network=network, actor=coordinator, name=name, recommended_price=price, **kw)


def test_adopting_creates_missing_products_links_existing_and_is_idempotent(network, coordinator, coop, manager):
    rice = standard(network, coordinator, "Beras Medium 5 kg", "68000", category="Sembako", barcode="8992761111113")
    oil = standard(network, coordinator, "Minyak Goreng 1 L", "17000", category="Sembako", base_unit="liter")
    own = product_create(
        cooperative=coop, actor=manager, sku="BRS", name="Beras Kita", price="70000", barcodes=["8992761111113"]
    )
    result = standard_adopt(cooperative=coop, actor=manager, network_id=network.pk)
    assert result.created == ["Minyak Goreng 1 L"] and result.linked == ["Beras Kita"]
    own.refresh_from_db()
    assert own.standard_id == rice.pk and own.price == D("70000") and own.name == "Beras Kita"  # never overwritten
    made = Product.objects.get(cooperative=coop, standard=oil)
    assert made.price == D("17000") and made.base_unit == "liter"
    assert made.category is not None and made.category.name == "Sembako"
    again = standard_adopt(cooperative=coop, actor=manager, network_id=network.pk)
    assert again.created == [] and again.linked == []
    assert Product.objects.filter(cooperative=coop).count() == 2
    assert AuditLog.objects.filter(event="mart.standard_adopted").count() == 1
    # a product added to the list later comes with the next adoption
    standard(network, coordinator, "Gula Pasir 1 kg", "18000")
    assert standard_adopt(cooperative=coop, actor=manager, network_id=network.pk).created == ["Gula Pasir 1 kg"]


def test_a_product_above_the_het_is_skipped_with_the_reason(network, coordinator, coop, manager):
    PriceCeiling.objects.create(
        region_id=coop.province_code, staple="rice", unit="kg", price=D("14900"), valid_from=datetime.date(2000, 1, 1)
    )
    standard(network, coordinator, "Beras Curah", "15500", base_unit="kg", fractional=True, staple="rice")
    standard(network, coordinator, "Teh Celup", "5000")
    result = standard_adopt(cooperative=coop, actor=manager, network_id=network.pk)
    assert result.created == ["Teh Celup"]
    assert result.skipped and result.skipped[0][0] == "Beras Curah" and "HET" in result.skipped[0][1]


def test_only_members_adopt(network, coordinator):
    stranger = CooperativeFactory.create()
    MembershipFactory.create(cooperative=stranger, network=network, status=MembershipStatus.INVITED)
    with pytest.raises(NotFoundError):
        standard_adopt(cooperative=stranger, actor=None, network_id=network.pk)


def test_standard_product_rules(network, coordinator):
    item = standard(network, coordinator, "Teh Celup", "5000", barcode="8992761111113")
    with pytest.raises(ApplicationError) as refused:
        standard(network, coordinator, "teh celup", "5000")
    assert refused.value.code == "duplicate_standard_product"
    with pytest.raises(ApplicationError):
        standard(network, coordinator, "Kopi", "5000", barcode="8992761111112")
    with pytest.raises(ApplicationError):
        standard(network, coordinator, "Kopi", "5000", barcode="8992761111113")
    changed = standard(network, coordinator, "Teh Celup Kotak", "5500", standard_id=item.pk)
    assert changed.pk == item.pk and StandardProduct.objects.count() == 1
    other = NetworkFactory.create()
    with pytest.raises(NotFoundError):
        standard(other, coordinator, "X", "1", standard_id=item.pk)


def test_checklist_for_reads_the_networks_of_the_cooperative(network, coordinator, coop):
    checklist_set(network=network, actor=coordinator, phase="opening", texts=["Hitung kas awal", "", "Cek kebersihan"])
    checklist_set(network=network, actor=coordinator, phase="closing", texts=["Hitung kas akhir"])
    second = NetworkFactory.create()
    MembershipFactory.create(cooperative=coop, network=second, status=MembershipStatus.ACTIVE)
    checklist_set(network=second, actor=None, phase="opening", texts=["Cek kebersihan", "Nyalakan lampu"])
    left = NetworkFactory.create()
    MembershipFactory.create(cooperative=coop, network=left, status=MembershipStatus.LEFT)
    checklist_set(network=left, actor=None, phase="opening", texts=["Bukan untuk kita"])
    opening = checklist_for(coop, "opening")
    assert [item.text for item in opening] == ["Hitung kas awal", "Cek kebersihan", "Nyalakan lampu"]
    # The shared text keeps the first network's item, so ticking it in the shift form ticks that one.
    assert opening[1].id < opening[2].id and len({item.id for item in opening}) == 3
    assert [item.text for item in checklist_for(coop, "closing")] == ["Hitung kas akhir"]
    assert checklist_for(CooperativeFactory.create(), "opening") == []
    with pytest.raises(ApplicationError):
        checklist_set(network=network, actor=None, phase="lunch", texts=["x"])


def test_het_published_by_the_network_applies_to_its_members(network, coordinator, coop):
    row = het_publish(
        network=network,
        actor=coordinator,
        region_code=coop.regency_code,
        staple="sugar",
        unit="kg",
        price="17500",
        valid_from=datetime.date(2026, 1, 1),
    )
    assert row.network_id == network.pk
    assert het_for(coop, "sugar", "kg", on=datetime.date(2026, 2, 1)) == D("17500")
    assert het_for(CooperativeFactory.create(), "sugar", "kg", on=datetime.date(2026, 2, 1)) is None
    again = het_publish(
        network=network,
        actor=coordinator,
        region_code=coop.regency_code,
        staple="sugar",
        unit="kg",
        price="17000",
        valid_from=datetime.date(2026, 1, 1),
    )
    assert again.pk == row.pk and again.price == D("17000")
    with pytest.raises(ApplicationError) as refused:
        het_publish(
            network=network,
            actor=coordinator,
            region_code="11.01",
            staple="sugar",
            unit="kg",
            price="1",
            valid_from=datetime.date(2026, 1, 1),
        )
    assert refused.value.code == "invalid_region"


def test_pages_coordinator_and_manager(client, network, coordinator, coop, manager):
    client.force_login(coordinator)
    url = reverse("mart:network_standard_product", args=[network.slug])
    response = client.post(url, {"name": "Teh Celup", "recommended_price": "5.000", "base_unit": "pcs"})
    assert response.status_code == 302
    response = client.post(
        reverse("mart:network_checklist", args=[network.slug]), {"phase": "opening", "opening-texts": "Buka\nSapu"}
    )
    assert response.status_code == 302 and [item.text for item in checklist_for(coop, "opening")] == ["Buka", "Sapu"]
    page = client.get(reverse("mart:network_standard", args=[network.slug])).content.decode()
    assert "Teh Celup" in page and "Sapu" in page
    bad = client.post(url, {"name": "", "recommended_price": "abc"})
    assert bad.status_code == 400
    client.force_login(manager)
    assert client.get(reverse("mart:network_standard", args=[network.slug])).status_code == 404
    response = client.post(reverse("mart:standard_adopt_post", args=[coop.slug]), {"network": network.pk})
    assert response.status_code == 302
    assert Product.objects.filter(cooperative=coop, name="Teh Celup").exists()
    other = NetworkFactory.create()
    assert client.post(reverse("mart:standard_adopt_post", args=[coop.slug]), {"network": other.pk}).status_code == 404


def test_api(client, network, coordinator, coop, manager):
    client.force_login(coordinator)
    base = f"/api/v1/networks/{network.slug}/mart"
    created = client.post(
        f"{base}/standard-products",
        json.dumps({"name": "Kopi Bubuk", "recommended_price": "2500", "barcode": "8992761111113"}),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    put = client.put(
        f"{base}/checklists", json.dumps({"phase": "closing", "texts": ["Tutup"]}), content_type="application/json"
    )
    assert put.status_code == 200 and put.json()["closing"] == ["Tutup"]
    client.force_login(manager)
    coop_base = f"/api/v1/cooperatives/{coop.slug}/mart"
    offers = client.get(f"{coop_base}/standards").json()
    assert offers == [{"network": network.slug, "network_name": network.name, "products": 1, "adopted": 0}]
    adopted = client.post(
        f"{coop_base}/standards/adopt", json.dumps({"network": network.slug}), content_type="application/json"
    )
    assert adopted.status_code == 200 and adopted.json()["created"] == ["Kopi Bubuk"]
    assert client.get(f"{coop_base}/checklists", {"phase": "closing"}).json() == ["Tutup"]
