"""The stock and purchasing API: an order received in two deliveries, a count, and bad input answered with 4xx and
nothing written."""

from decimal import Decimal

import pytest
from django.test import Client

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import person_with_role
from simpul.core.tokens import api_token_create
from simpul.mart.models import GoodsReceipt, StockLevel, StockMove
from simpul.mart.stock.checks import stock_problems
from simpul.mart.tests.stock_factories import mart_cooperative, product, supplier, unit

D = Decimal
pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    _token, key = api_token_create(user=user, name="skrip")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture
def shop():
    cooperative, outlet, manager = mart_cooperative()
    noodles = product(cooperative)
    carton = unit(noodles, "dus", "40")
    vendor = supplier(cooperative)
    return cooperative, outlet, noodles, carton, vendor, _client(manager)


def test_order_receive_count_over_the_api(shop):
    cooperative, outlet, noodles, carton, vendor, api = shop
    base = f"/api/v1/cooperatives/{cooperative.slug}/mart"
    order = api.post(
        f"{base}/purchase-orders",
        {
            "outlet_id": outlet.pk,
            "supplier_id": vendor.pk,
            "lines": [{"product_id": noodles.pk, "unit_id": carton.pk, "quantity": "3", "unit_cost": "96000"}],
        },
        content_type="application/json",
    )
    assert order.status_code == 201, order.content
    order_id, line_id = order.json()["id"], order.json()["lines"][0]["id"]
    sent = api.post(
        f"{base}/purchase-orders/{order_id}/transition", {"status": "sent"}, content_type="application/json"
    )
    assert sent.json()["status"] == "sent"
    receipt = api.post(
        f"{base}/goods-receipts",
        {"outlet_id": outlet.pk, "order_id": order_id, "lines": [{"order_line_id": line_id, "quantity": "2"}]},
        content_type="application/json",
    )
    assert receipt.status_code == 201, receipt.content
    assert receipt.json()["total"] == "192000.00"
    assert api.get(f"{base}/purchase-orders/{order_id}").json()["lines"][0]["short"] == "1.000"
    stock = api.get(f"{base}/stock", {"outlet_id": outlet.pk}).json()
    assert stock[0]["quantity"] == "80.000" and stock[0]["average_cost"] == "2400.0000"
    card = api.get(f"{base}/stock/card", {"outlet_id": outlet.pk, "product_id": noodles.pk}).json()
    assert card[0]["document"] == f"receipt:{receipt.json()['id']}"
    count = api.post(f"{base}/stock/counts", {"outlet_id": outlet.pk}, content_type="application/json")
    assert count.status_code == 201
    count_id = count.json()["id"]
    line = api.post(
        f"{base}/stock/counts/{count_id}/lines",
        {"product_id": noodles.pk, "counted": "78"},
        content_type="application/json",
    )
    assert line.json()["lines"][0]["difference"] == "-2.000"
    posted = api.post(f"{base}/stock/counts/{count_id}/post", content_type="application/json")
    assert posted.json()["status"] == "posted" and posted.json()["lines"][0]["value"] == "-4800.00"
    paid = api.post(f"{base}/suppliers/{vendor.pk}/payments", {"amount": "192000.01"}, content_type="application/json")
    assert paid.status_code == 400 and paid.json()["code"] == "overpayment"
    assert stock_problems(cooperative) == []


@pytest.mark.parametrize(
    ("line", "status"),
    [
        ({"quantity": "-1", "unit_cost": "100"}, 400),
        ({"quantity": "1.5", "unit_cost": "100"}, 400),
        ({"quantity": "1", "unit_cost": "1O0"}, 400),
        ({"quantity": "dua", "unit_cost": "100"}, 400),
        ({"quantity": "1", "unit_cost": "100", "product_id": 99999999}, 404),
    ],
)
def test_bad_receipts_are_refused_and_write_nothing(shop, line, status):
    cooperative, outlet, noodles, _carton, vendor, api = shop
    body = {"outlet_id": outlet.pk, "supplier_id": vendor.pk, "lines": [{"product_id": noodles.pk, **line}]}
    response = api.post(
        f"/api/v1/cooperatives/{cooperative.slug}/mart/goods-receipts", body, content_type="application/json"
    )
    assert response.status_code == status, response.content
    assert not GoodsReceipt.objects.exists() and not StockMove.objects.exists()


def test_another_cooperatives_product_and_outlet_are_404_and_a_supervisor_may_not_write(shop):
    cooperative, outlet, noodles, _carton, vendor, api = shop
    other, other_outlet, _m = mart_cooperative()
    theirs = product(other, "Produk Lain")
    url = f"/api/v1/cooperatives/{cooperative.slug}/mart/goods-receipts"
    for outlet_id, product_id in ((outlet.pk, theirs.pk), (other_outlet.pk, noodles.pk)):
        body = {
            "outlet_id": outlet_id,
            "supplier_id": vendor.pk,
            "lines": [{"product_id": product_id, "quantity": "1", "unit_cost": "100"}],
        }
        assert api.post(url, body, content_type="application/json").status_code == 404
    supervisor = _client(person_with_role(RoleKind.SUPERVISOR, cooperative))
    body = {
        "outlet_id": outlet.pk,
        "supplier_id": vendor.pk,
        "lines": [{"product_id": noodles.pk, "quantity": "1", "unit_cost": "100"}],
    }
    assert supervisor.post(url, body, content_type="application/json").status_code == 403
    assert (
        supervisor.get(f"/api/v1/cooperatives/{cooperative.slug}/mart/stock", {"outlet_id": outlet.pk}).status_code
        == 200
    )
    assert not StockLevel.objects.filter(quantity__gt=0).exists()
