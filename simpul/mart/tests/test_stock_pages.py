"""Stock pages read in a fixed number of queries whatever the size of the shop, and another cooperative's count is
404 for a manager and a supervisor alike."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import person_with_role
from simpul.mart.purchasing.services import ReceiptLineInput, goods_receipt_record
from simpul.mart.stock.counts import stock_count_line_record, stock_count_start
from simpul.mart.tests.stock_factories import mart_cooperative, product, supplier

D = Decimal
pytestmark = pytest.mark.django_db


def _shop(products: int):
    cooperative, outlet, manager = mart_cooperative()
    vendor = supplier(cooperative)
    items = [product(cooperative, f"Produk {n:03d}") for n in range(products)]
    goods_receipt_record(
        cooperative=cooperative,
        actor=manager,
        outlet_id=outlet.pk,
        supplier_id=vendor.pk,
        lines=[ReceiptLineInput(product_id=p.pk, quantity="5", unit_cost="1000") for p in items],
    )
    count = stock_count_start(cooperative=cooperative, actor=manager, outlet_id=outlet.pk)
    for item in items:
        stock_count_line_record(
            cooperative=cooperative, actor=manager, count_id=count.pk, product_id=item.pk, counted=4
        )
    client = Client()
    client.force_login(manager)
    return cooperative, outlet, items, count, client


def _queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_list_pages_do_not_grow_with_the_shop(django_assert_max_num_queries):
    cooperative, outlet, items, count, client = _shop(12)
    slug = cooperative.slug
    pages = [
        reverse("mart:stock_list", args=[slug]),
        reverse("mart:stock_card", args=[slug]) + f"?gerai={outlet.pk}&produk={items[0].pk}",
        reverse("mart:stock_reorder", args=[slug]),
        reverse("mart:stock_count", args=[slug, count.pk]),
        reverse("mart:suppliers", args=[slug]),
        reverse("mart:purchase_orders", args=[slug]),
        reverse("mart:goods_receipts", args=[slug]),
    ]
    for url in pages:
        _queries(client, url, django_assert_max_num_queries, 25)
    listed = client.get(pages[0]).content.decode()
    assert listed.count('data-testid="stock-row"') == 12


def test_another_cooperatives_count_is_not_found():
    cooperative, _outlet, _items, _count, _client = _shop(1)
    _other, _o, _other_items, their_count, _c = _shop(1)
    for role in (RoleKind.MANAGER, RoleKind.SUPERVISOR):
        client = Client()
        client.force_login(person_with_role(role, cooperative))
        url = reverse("mart:stock_count", args=[cooperative.slug, their_count.pk])
        assert client.get(url).status_code == 404
    manager = Client()
    manager.force_login(person_with_role(RoleKind.MANAGER, cooperative))
    url = reverse("mart:stock_count", args=[cooperative.slug, their_count.pk])
    assert manager.post(url, {"action": "post"}).status_code == 404
    their_count.refresh_from_db()
    assert their_count.status == "open"
