"""The supplier's Belanja Bareng pages: its purchase orders, one order with what goes to which cooperative and where,
confirming all or part with the delivery date, and the order as PDF and Excel."""

import datetime as dt
import io
from decimal import Decimal
from typing import Any
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from simpul.jointbuy.models import Commitment, EventKind, RoundEvent, RoundItem, RoundStatus, RoundSupplier
from simpul.jointbuy.tests.factories import (
    World,
    close_round,
    commit,
    jointbuy_world,
    open_round,
    rice_item,
    round_items,
    sugar_item,
    supplier_order,
    supplier_with_staff,
)

pytestmark = pytest.mark.django_db


def _client(user: Any, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def world() -> World:
    world = jointbuy_world(members=3)
    for number, cooperative in enumerate(world.cooperatives, start=1):
        cooperative.address = f"Jl. Koperasi No. {number}"
        cooperative.save(update_fields=["address"])
    return world


def _closed(world: World, **overrides: Any) -> tuple[RoundSupplier, RoundItem, RoundItem]:
    """Rice (10 sacks a case) and sugar (50 kg a case) committed by the first two cooperatives, closed."""
    round_ = open_round(world, items=[rice_item(world.supplier), sugar_item(world.supplier)], **overrides)
    rice, sugar = round_items(round_)
    commit(world, 0, round_, {rice: 60, sugar: "100"})
    commit(world, 1, round_, {rice: 40})
    close_round(world, round_)
    rice.refresh_from_db()
    sugar.refresh_from_db()
    return supplier_order(world, round_), rice, sugar


def _url(name: str, *args: Any) -> str:
    return reverse(f"jointbuy:{name}", args=args)


def test_the_supplier_sees_its_orders_and_only_its_own(world, django_assert_max_num_queries):
    order, _rice, _sugar = _closed(world)
    client = _client(world.supplier_staff)
    with django_assert_max_num_queries(10):
        response = client.get(_url("supplier_orders"))
    assert response.status_code == 200
    page = response.content.decode()
    assert order.order_number in page and world.network.name in page
    # Rice 10 cases at Rp68,000 × 10 sacks, sugar 2 cases of 50 kg at Rp16,500.
    assert "Rp8.450.000" in page
    assert "Orders waiting for your confirmation: 1." in page
    _other, staff, _agreement = supplier_with_staff(world.network)
    other_page = _client(staff).get(_url("supplier_orders")).content.decode()
    assert order.order_number not in other_page and 'data-testid="no-orders"' in other_page


def test_the_orders_page_reads_the_same_queries_for_more_orders(world, django_assert_max_num_queries):
    _closed(world)
    client = _client(world.supplier_staff)
    with django_assert_max_num_queries(10) as few:
        client.get(_url("supplier_orders"))
    _closed(world)
    _closed(world)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_url("supplier_orders"))
    assert len(response.context["orders"]) == 3


def test_another_suppliers_order_and_an_open_rounds_order_are_404(world):
    order, _rice, _sugar = _closed(world)
    _other, staff, _agreement = supplier_with_staff(world.network)
    client = _client(staff)
    for name in ("supplier_order", "supplier_order_pdf", "supplier_order_xlsx"):
        assert client.get(_url(name, order.pk)).status_code == 404
    assert client.post(_url("supplier_order", order.pk), {"delivery_date": "2099-01-01"}).status_code == 404
    assert RoundSupplier.objects.get(pk=order.pk).confirmed_at is None
    # Before the round closes there is no purchase order to see.
    still_open = open_round(world)
    waiting = supplier_order(world, still_open)
    assert _client(world.supplier_staff).get(_url("supplier_order", waiting.pk)).status_code == 404
    # The coordinator and a member's manager have no supplier pages.
    assert _client(world.coordinator).get(_url("supplier_orders")).status_code == 404
    assert _client(world.managers[0]).get(_url("supplier_order", order.pk)).status_code == 404


def test_the_order_shows_items_deliveries_with_addresses_and_a_whatsapp_link(world, django_assert_max_num_queries):
    order, _rice, _sugar = _closed(world)
    client = _client(world.supplier_staff)
    with django_assert_max_num_queries(15):
        response = client.get(_url("supplier_order", order.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Beras medium 5 kg" in page and "Gula pasir" in page
    assert "Jl. Koperasi No. 1" in page and "Jl. Koperasi No. 2" in page and "Jl. Koperasi No. 3" not in page
    assert "Beras medium 5 kg × 6" in page and "Beras medium 5 kg × 4" in page and "Gula pasir × 2" in page
    assert "Rp8.450.000" in page
    link = response.context["whatsapp"]
    assert link.startswith("https://wa.me/?text=")
    assert f"{order.order_number}" in unquote(link) and "Beras medium 5 kg: 10" in unquote(link)
    assert 'data-testid="confirm-form"' in page


def test_a_hub_delivery_names_the_hub_not_the_cooperatives_addresses(world):
    order, _rice, _sugar = _closed(world, delivery_mode="hub", hub_address="Gudang Jaringan, Jl. Gudang 9")
    page = _client(world.supplier_staff).get(_url("supplier_order", order.pk)).content.decode()
    assert "Everything goes to the hub: Gudang Jaringan, Jl. Gudang 9" in page
    assert "Jl. Koperasi No. 1" not in page


def test_confirming_part_shares_the_item_again_and_sets_the_delivery_date(world):
    order, rice, sugar = _closed(world)
    delivery = timezone.localdate() + dt.timedelta(days=4)
    response = _client(world.supplier_staff).post(
        _url("supplier_order", order.pk),
        {f"item_{rice.pk}": "7", f"item_{sugar.pk}": "2", "delivery_date": delivery.isoformat()},
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.confirmed_at is not None and order.confirmed_by == world.supplier_staff
    assert order.delivery_date == delivery
    rice.refresh_from_db()
    sugar.refresh_from_db()
    assert (rice.confirmed_cases, sugar.confirmed_cases) == (7, 2)
    # 6 and 4 cases wanted, 7 delivered: proportional with largest remainders (4.2 and 2.8) gives 4 and 3.
    cases = dict(Commitment.objects.allocated().filter(item=rice).values_list("cooperative_id", "cases"))
    assert cases == {world.cooperatives[0].pk: 4, world.cooperatives[1].pk: 3}
    assert RoundSupplier.objects.get(pk=order.pk).round.status == RoundStatus.CONFIRMED
    assert RoundEvent.objects.filter(round=order.round, kind=EventKind.CONFIRMED).count() == 1
    page = _client(world.supplier_staff).get(_url("supplier_order", order.pk)).content.decode()
    assert 'data-testid="order-confirmed"' in page and 'data-testid="confirm-form"' not in page
    assert "7 of 10 ordered" in page


@pytest.mark.parametrize(
    ("cases", "delivery", "message"),
    [
        ("11", "ok", "Beras medium 5 kg: 11 cases is more than the 10 ordered."),
        ("-1", "ok", "Beras medium 5 kg cannot be negative."),
        ("3,5", "ok", "Beras medium 5 kg is not a valid number."),
        ("10", "", "Give a delivery date on or after the round&#x27;s closing day."),
        ("10", "past", "Give a delivery date on or after the round&#x27;s closing day."),
    ],
)
def test_a_bad_confirmation_is_refused_with_its_message_and_nothing_is_written(world, cases, delivery, message):
    order, rice, sugar = _closed(world)
    day = timezone.localdate()
    date = {"ok": (day + dt.timedelta(days=3)).isoformat(), "past": (day - dt.timedelta(days=3)).isoformat()}
    response = _client(world.supplier_staff).post(
        _url("supplier_order", order.pk),
        {f"item_{rice.pk}": cases, f"item_{sugar.pk}": "2", "delivery_date": date.get(delivery, "")},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    order.refresh_from_db()
    rice.refresh_from_db()
    assert order.confirmed_at is None and order.delivery_date is None and rice.confirmed_cases is None
    assert not RoundEvent.objects.filter(round=order.round, kind=EventKind.CONFIRMED).exists()
    assert sorted(Commitment.objects.allocated().filter(item=rice).values_list("cases", flat=True)) == [4, 6]


def test_the_order_as_pdf_and_excel(world):
    from openpyxl import load_workbook

    order, rice, sugar = _closed(world)
    client = _client(world.supplier_staff)
    pdf = client.get(_url("supplier_order_pdf", order.pk))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert f"{order.order_number.lower()}" in pdf["Content-Disposition"]
    xlsx = client.get(_url("supplier_order_xlsx", order.pk))
    assert xlsx.status_code == 200
    workbook = load_workbook(io.BytesIO(xlsx.content))
    rows = [[cell.value for cell in row] for row in workbook.worksheets[0].iter_rows()]
    lines = {row[0]: row for row in rows if row and row[0] in (rice.name, sugar.name)}
    assert lines[rice.name][1:9] == ["BRS-5", "pcs", 10, 10, 10, 100, 68000, 6800000]
    assert lines[sugar.name][3:9] == [50, 2, 2, 100, 16500, 1650000]
    assert next(row for row in rows if row and row[0] == "Total")[8] == 8450000
    deliveries = [[cell.value for cell in row] for row in workbook.worksheets[1].iter_rows()]
    second = [row for row in deliveries if row[0] == world.cooperatives[1].name]
    assert second == [[world.cooperatives[1].name, second[0][1], rice.name, 4, 40]]
    assert "Jl. Koperasi No. 2" in second[0][1]


def test_the_confirmed_figures_are_what_the_documents_show(world):
    from openpyxl import load_workbook

    order, rice, _sugar = _closed(world)
    client = _client(world.supplier_staff)
    delivery = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    client.post(_url("supplier_order", order.pk), {f"item_{rice.pk}": "5", "delivery_date": delivery})
    workbook = load_workbook(io.BytesIO(client.get(_url("supplier_order_xlsx", order.pk)).content))
    rows = [[cell.value for cell in row] for row in workbook.worksheets[0].iter_rows()]
    line = next(row for row in rows if row and row[0] == rice.name)
    # 5 of 10 cases: under 10 cases the tier price is Rp70,000 a sack again.
    assert line[4:9] == [10, 5, 50, 70000, 3500000]
    assert RoundItem.objects.get(pk=rice.pk).price == Decimal("70000")
