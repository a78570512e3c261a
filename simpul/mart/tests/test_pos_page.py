"""The kasir's POS page, its service worker and the till's snapshot: who may open them, what the snapshot holds
(prices, units, barcodes, stock, HET; members without NIK and with the phone's last digits only), its query count."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import CooperativeFactory, OutletFactory, person_with_role
from simpul.mart.models import Barcode, PriceCeiling
from simpul.mart.tests.sale_world import Mart, make_mart
from simpul.members.tests.factories import MemberFactory

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def mart() -> Mart:
    return make_mart()


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_cashier_opens_the_till_with_its_config_and_worker(mart):
    response = _client(mart.cashier).get(reverse("mart:pos", args=[mart.cooperative.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="pos-scan"' in html and "autofocus" in html
    assert "Kasir mart" in html
    assert response["Cache-Control"] == "private, no-cache"
    config = json.loads(html.split('id="pos-config" type="application/json">')[1].split("</script>")[0])
    assert config["outlets"] == [{"id": mart.outlet.pk, "name": "Mart Utama"}]
    assert config["sync"] == f"/api/v1/cooperatives/{mart.cooperative.slug}/mart/sync"
    texts = json.loads(html.split('id="pos-text" type="application/json">')[1].split("</script>")[0])
    assert texts["waiting"] == "{count} penjualan menunggu dikirim"

    worker = _client(mart.cashier).get(config["worker"])
    assert worker.status_code == 200
    assert worker["Content-Type"].startswith("text/javascript")
    assert worker["Cache-Control"] == "no-cache"
    body = worker.content.decode()
    assert f'"/k/{mart.cooperative.slug}/mart/kasir/"' in body and "mart/pos/pos.js" in body


def test_a_supervisor_is_refused_and_another_cooperatives_cashier_sees_nothing(mart):
    supervisor = person_with_role(RoleKind.SUPERVISOR, mart.cooperative)
    url = reverse("mart:pos", args=[mart.cooperative.slug])
    assert _client(supervisor).get(url).status_code == 403
    stranger = person_with_role(RoleKind.CASHIER, CooperativeFactory.create())
    assert _client(stranger).get(url).status_code == 404
    assert _client(stranger).get(f"/api/v1/cooperatives/{mart.cooperative.slug}/mart/pos/snapshot").status_code == 404


def test_the_snapshot_holds_what_the_till_sells_with_and_no_personal_data(mart):
    Barcode.objects.create(cooperative=mart.cooperative, product=mart.noodles, code="8991234567895")
    Barcode.objects.create(cooperative=mart.cooperative, product=mart.noodles, unit=mart.dus, code="18991234567892")
    mart.member.phone = "+6281234567890"
    mart.member.save(update_fields=["phone"])
    PriceCeiling.objects.create(
        region_id=mart.cooperative.province_code,
        staple="rice",
        unit="kg",
        price=D(14900),
        valid_from=dt.date(2024, 1, 1),
    )
    response = _client(mart.cashier).get(f"/api/v1/cooperatives/{mart.cooperative.slug}/mart/pos/snapshot")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["outlet"] == {"id": mart.outlet.pk, "name": "Mart Utama"}
    products = {p["sku"]: p for p in data["products"]}
    noodles = products["MIE-1"]
    assert noodles["price"] == "3500" and noodles["member_price"] == "3300" and noodles["stock"] == "100"
    assert noodles["units"] == [{"id": mart.dus.pk, "name": "dus", "factor": "40", "price": "0"}]
    assert {"code": "18991234567892", "unit": mart.dus.pk} in noodles["barcodes"]
    assert products["BERAS-1"]["het"] == "14900" and products["BERAS-1"]["fractional"] is True
    assert noodles["het"] is None
    member = next(m for m in data["members"] if m["id"] == mart.member.pk)
    assert member["phone"] == "7890"
    assert set(member) == {"id", "number", "name", "phone"}
    assert mart.member.nik not in response.content.decode()


def test_the_snapshot_reads_a_fixed_few_queries(mart, django_assert_max_num_queries):
    for _i in range(30):
        MemberFactory.create(cooperative=mart.cooperative)
    client = _client(mart.cashier)
    url = f"/api/v1/cooperatives/{mart.cooperative.slug}/mart/pos/snapshot"
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200


def test_several_outlets_are_chosen_in_the_page_and_named_in_the_snapshot(mart):
    second = OutletFactory.create(cooperative=mart.cooperative, name="Mart Pasar")
    html = _client(mart.cashier).get(reverse("mart:pos", args=[mart.cooperative.slug])).content.decode()
    assert f'data-outlet="{second.pk}"' in html and f'data-outlet="{mart.outlet.pk}"' in html
    client = _client(mart.cashier)
    url = f"/api/v1/cooperatives/{mart.cooperative.slug}/mart/pos/snapshot?outlet={second.pk}"
    assert client.get(url).json()["outlet"]["name"] == "Mart Pasar"
    foreign = make_mart()
    url = f"/api/v1/cooperatives/{mart.cooperative.slug}/mart/pos/snapshot?outlet={foreign.outlet.pk}"
    assert client.get(url).status_code == 404
