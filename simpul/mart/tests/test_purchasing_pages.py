"""The purchasing and stock pages: a manager orders, receives and counts in the browser's forms; a supervisor reads
and may not write; another cooperative's order, supplier or count is 404."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import person_with_role
from simpul.ledger import chart
from simpul.mart.models import GoodsReceipt, MartSupplier, PurchaseOrder, StockCount, StockLevel
from simpul.mart.stock.checks import stock_problems
from simpul.mart.tests.stock_factories import balance, mart_cooperative, product, supplier, unit

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    cooperative, outlet, manager = mart_cooperative()
    noodles = product(cooperative)
    carton = unit(noodles, "dus", "40")
    vendor = supplier(cooperative)
    client = Client()
    client.force_login(manager)
    return cooperative, outlet, noodles, carton, vendor, client


def test_order_send_receive_partly_with_damage_and_see_the_stock(shop):
    cooperative, outlet, noodles, carton, vendor, client = shop
    slug = cooperative.slug
    response = client.post(
        reverse("mart:purchase_order_new", args=[slug]),
        {
            "supplier_id": vendor.pk,
            "outlet_id": outlet.pk,
            "product_0": f"{noodles.pk}:{carton.pk}",
            "quantity_0": "5",
            "unit_cost_0": "100.000,5x",
        },
    )
    assert response.status_code == 400  # no amount: refused, nothing saved
    assert not PurchaseOrder.objects.exists()
    response = client.post(
        reverse("mart:purchase_order_new", args=[slug]),
        {
            "supplier_id": vendor.pk,
            "outlet_id": outlet.pk,
            "product_0": f"{noodles.pk}:{carton.pk}",
            "quantity_0": "5",
            "unit_cost_0": "100.000",
        },
    )
    order = PurchaseOrder.objects.get()
    assert response.status_code == 302
    assert client.post(reverse("mart:purchase_order", args=[slug, order.pk]), {"status": "sent"}).status_code == 302
    page = client.get(reverse("mart:goods_receipt_new", args=[slug]) + f"?pesanan={order.pk}")
    assert page.status_code == 200
    line = order.lines.get()
    response = client.post(
        reverse("mart:goods_receipt_new", args=[slug]) + f"?pesanan={order.pk}",
        {f"received_{line.pk}": "3", f"damaged_{line.pk}": "1", f"unit_cost_{line.pk}": "100000"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    receipt = GoodsReceipt.objects.get()
    order.refresh_from_db()
    assert order.status == "partly_received"
    detail = client.get(reverse("mart:purchase_order", args=[slug, order.pk])).content.decode()
    assert 'data-testid="order-line-short">2<' in detail
    assert client.get(reverse("mart:goods_receipt", args=[slug, receipt.pk])).status_code == 200
    assert client.get(reverse("mart:purchase_order_pdf", args=[slug, order.pk]))["Content-Type"] == "application/pdf"
    stock = client.get(reverse("mart:stock_list", args=[slug])).content.decode()
    assert "120 pcs" in stock
    card = client.get(reverse("mart:stock_card", args=[slug]) + f"?gerai={outlet.pk}&produk={noodles.pk}")
    assert card.status_code == 200 and receipt.number in card.content.decode()
    assert StockLevel.objects.get(product=noodles).quantity == D("120")
    assert balance(cooperative, chart.MART_PAYABLES) == D("-300000")
    assert client.get(reverse("mart:supplier", args=[slug, vendor.pk])).status_code == 200
    response = client.post(
        reverse("mart:supplier", args=[slug, vendor.pk]),
        {"action": "payment", "amount": "300000.01", "from_account": chart.CASH},
    )
    assert response.status_code == 400 and "Rp300.000" in response.content.decode()
    response = client.post(
        reverse("mart:supplier", args=[slug, vendor.pk]),
        {"action": "payment", "amount": "300000", "from_account": chart.CASH},
    )
    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.balance == 0
    assert stock_problems(cooperative) == []
    for name in ("suppliers", "purchase_orders", "goods_receipts", "stock_reorder", "stock_transfers", "stock_counts"):
        assert client.get(reverse(f"mart:{name}", args=[slug])).status_code == 200, name


def test_count_on_the_page_then_post(shop):
    cooperative, outlet, noodles, _carton, _vendor, client = shop
    slug = cooperative.slug
    response = client.post(reverse("mart:stock_counts", args=[slug]), {"outlet_id": outlet.pk})
    count = StockCount.objects.get()
    assert response.status_code == 302
    url = reverse("mart:stock_count", args=[slug, count.pk])
    assert client.post(url, {"action": "count", "code": "tidak-ada", "counted": "3"}).status_code == 400
    assert client.post(url, {"action": "count", "product_id": noodles.pk, "counted": "-3"}).status_code == 400
    assert client.post(url, {"action": "count", "product_id": noodles.pk, "counted": "4"}).status_code == 200
    assert client.post(url, {"action": "post"}).status_code == 302
    assert StockLevel.objects.get(product=noodles).quantity == D("4")
    assert "Produk yang tidak dihitung" in client.get(url).content.decode()


def test_supervisor_reads_but_may_not_write_and_foreign_objects_are_404(shop):
    cooperative, _outlet, _noodles, _carton, vendor, _client = shop
    supervisor = Client()
    supervisor.force_login(person_with_role(RoleKind.SUPERVISOR, cooperative))
    slug = cooperative.slug
    assert supervisor.get(reverse("mart:supplier", args=[slug, vendor.pk])).status_code == 200
    assert supervisor.post(reverse("mart:suppliers", args=[slug]), {"name": "UD Baru"}).status_code == 403
    assert not MartSupplier.objects.filter(name="UD Baru").exists()
    other, _other_outlet, _other_manager = mart_cooperative()
    theirs = supplier(other, "UD Lain")
    manager = Client()
    manager.force_login(person_with_role(RoleKind.MANAGER, cooperative))
    assert manager.get(reverse("mart:supplier", args=[slug, theirs.pk])).status_code == 404
    response = manager.post(reverse("mart:supplier", args=[slug, theirs.pk]), {"action": "payment", "amount": "1"})
    assert response.status_code == 404
