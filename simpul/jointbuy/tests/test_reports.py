"""Belanja Bareng reports (issue 13 §5): per round the volumes, tiers, savings against buying alone and deliveries
on time, for the coordinator and for each member cooperative (its own lines only); across rounds the price
history per supplier and item beside the HET. Figures come from rounds run through the services."""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from simpul.coops.models import Outlet, RoleKind
from simpul.coops.tests.factories import NetworkFactory, OutletFactory, person_with_role
from simpul.jointbuy.models import Round, RoundItem, RoundReceipt, RoundSupplier
from simpul.jointbuy.reports import price_history, round_report
from simpul.jointbuy.services.receipts import round_receipt_record
from simpul.jointbuy.services.suppliers import supplier_order_confirm
from simpul.jointbuy.tests.factories import (
    World,
    close_round,
    commit,
    jointbuy_world,
    member_add,
    open_round,
    rice_item,
    round_items,
    sugar_item,
    supplier_with_staff,
)
from simpul.ledger.services import chart_of_accounts_create
from simpul.mart.models import PriceCeiling, StandardProduct
from simpul.mart.network.services import standard_adopt, standard_product_save

D = Decimal
pytestmark = pytest.mark.django_db


@dataclass
class Bought:
    """A round of rice (the world's supplier) and sugar (a second supplier), closed, confirmed and partly
    received."""

    world: World
    round: Round
    rice: RoundItem
    sugar: RoundItem
    rice_order: RoundSupplier
    sugar_order: RoundSupplier
    outlets: list[Outlet]


def _standards(world: World) -> tuple[StandardProduct, StandardProduct]:
    rice = standard_product_save(
        network=world.network,
        actor=world.coordinator,
        name="Beras medium 5 kg",
        recommended_price=D(74000),
        base_unit="pcs",
        staple="rice",
    )
    sugar = standard_product_save(
        network=world.network,
        actor=world.coordinator,
        name="Gula pasir",
        recommended_price=D(18000),
        base_unit="kg",
        fractional=True,
        staple="sugar",
    )
    return rice, sugar


def _receive(bought: Bought, member: int, order: RoundSupplier, item: RoundItem, cases: int) -> RoundReceipt:
    world = bought.world
    return round_receipt_record(
        cooperative=world.cooperatives[member],
        actor=world.managers[member],
        round_id=bought.round.pk,
        round_supplier_id=order.pk,
        outlet_id=bought.outlets[member].pk,
        lines=[{"item_id": item.pk, "received_cases": cases}],
    )


@pytest.fixture
def bought() -> Bought:
    """Three members. Rice (10 sacks a case, Rp72,000 a sack alone; Rp70,000 for 1–9 cases, Rp68,000 from 10):
    member 0 asks 6 cases, member 1 45 sacks with 5 of tolerance (5 cases): 11 cases, the second tier; the
    supplier confirms 9, shared 5 and 4, back to the first tier. Sugar (50 kg a case, Rp17,500 a kg alone;
    Rp16,500 for 1–4 cases, Rp16,000 from 5) from a second supplier: member 0 100 kg, member 2 150 kg, 5 cases,
    all confirmed. Member 0 receives its rice on time, member 1 late; member 2 its sugar on time."""
    world = jointbuy_world(members=3)
    rice_standard, sugar_standard = _standards(world)
    outlets = []
    for cooperative, manager in zip(world.cooperatives, world.managers, strict=True):
        chart_of_accounts_create(cooperative=cooperative)
        standard_adopt(cooperative=cooperative, actor=manager, network_id=world.network.pk)
        outlets.append(OutletFactory.create(cooperative=cooperative))
    sugar_supplier, sugar_staff, sugar_agreement = supplier_with_staff(world.network)
    assert sugar_agreement is not None
    round_ = open_round(
        world,
        [
            rice_item(world.supplier, standard_product_id=rice_standard.pk),
            sugar_item(sugar_supplier, standard_product_id=sugar_standard.pk),
        ],
        suppliers=[
            {"supplier_id": world.supplier.pk, "agreement_id": world.agreement.pk},
            {"supplier_id": sugar_supplier.pk, "agreement_id": sugar_agreement.pk},
        ],
    )
    rice, sugar = round_items(round_)
    commit(world, 0, round_, {rice: 60, sugar: 100})
    commit(world, 1, round_, {rice: 45}, {rice: 5})
    commit(world, 2, round_, {sugar: 150})
    close_round(world, round_)
    rice_order = RoundSupplier.objects.get(round=round_, supplier=world.supplier)
    sugar_order = RoundSupplier.objects.get(round=round_, supplier=sugar_supplier)
    delivery = timezone.localdate() + dt.timedelta(days=2)
    supplier_order_confirm(
        supplier=world.supplier,
        actor=world.supplier_staff,
        round_supplier_id=rice_order.pk,
        confirmed={rice.pk: 9},
        delivery_date=delivery.isoformat(),
    )
    supplier_order_confirm(
        supplier=sugar_supplier,
        actor=sugar_staff,
        round_supplier_id=sugar_order.pk,
        confirmed={},
        delivery_date=delivery.isoformat(),
    )
    done = Bought(world, round_, rice, sugar, rice_order, sugar_order, outlets)
    _receive(done, 0, rice_order, rice, 5)
    _receive(done, 2, sugar_order, sugar, 3)
    with time_machine.travel(timezone.now() + dt.timedelta(days=3), tick=False):
        _receive(done, 1, rice_order, rice, 4)
    rice.refresh_from_db()
    sugar.refresh_from_db()
    return done


# --- the selectors


def test_the_coordinators_report_has_every_items_volumes_tier_and_saving(bought):
    report = round_report(bought.round)

    rice, sugar = report.items
    assert (rice.asked_cases, rice.item.ordered_cases, rice.item.confirmed_cases) == (11, 11, 9)
    assert (rice.allocated_cases, rice.received_cases) == (9, D(9))
    assert rice.tier is not None and (rice.tier.min_cases, rice.tier.max_cases, rice.tier.price) == (1, 9, D(70000))
    assert rice.item.price == D(70000) and rice.item.list_price == D(72000)
    # (72,000 − 70,000) × 90 sacks
    assert rice.network.saving == D(180000) and rice.network.cost == D(6300000)
    assert (sugar.allocated_cases, sugar.received_cases, sugar.item.confirmed_cases) == (5, D(3), 5)
    assert sugar.tier is not None and sugar.tier.price == D(16000)
    # (17,500 − 16,000) × 250 kg
    assert sugar.network.saving == D(375000)
    assert report.total.saving == D(555000) and report.total.cases == 14

    assert report.cooperatives is not None
    by_name = {line.name: line for line in report.cooperatives}
    first, second, third = (by_name[c.name] for c in bought.world.cooperatives)
    # rice 5 cases (50 sacks: 100,000) and sugar 2 cases (100 kg: 150,000)
    assert (first.figures.cases, first.figures.saving) == (7, D(250000))
    assert first.figures.cost == D(50 * 70000 + 100 * 16000) and first.figures.alone == D(50 * 72000 + 100 * 17500)
    assert (second.figures.cases, second.figures.saving) == (4, D(80000))
    assert (third.figures.cases, third.figures.saving) == (3, D(225000))
    assert sum((line.figures.saving for line in report.cooperatives), D(0)) == report.total.saving
    assert report.own_total is None


def test_deliveries_on_time_are_counted_per_supplier_against_its_delivery_date(bought):
    report = round_report(bought.round)

    rice, sugar = report.suppliers
    assert rice.name == bought.world.supplier.name
    assert (rice.due, rice.receipts, rice.on_time, rice.late) == (2, 2, 1, 1)
    assert rice.on_time_percent == D("50.0")
    assert (sugar.due, sugar.receipts, sugar.on_time, sugar.late) == (2, 1, 1, 0)
    assert sugar.on_time_percent == D("100.0")


def test_a_member_cooperative_sees_the_networks_totals_and_only_its_own_lines(bought):
    report = round_report(bought.round, cooperative=bought.world.cooperatives[1])

    assert report.cooperatives is None
    assert report.total.saving == D(555000)
    rice, sugar = report.items
    assert rice.own is not None and (rice.own.cases, rice.own.saving, rice.own_received) == (4, D(80000), D(4))
    assert sugar.own is not None and (sugar.own.cases, sugar.own.saving) == (0, D(0))
    assert report.own_total is not None and report.own_total.saving == D(80000)
    assert report.own_total.cost == D(40 * 70000)
    supplier = report.suppliers[0]
    assert (supplier.own_receipts, supplier.own_on_time, supplier.own_late) == (1, 0, 1)


def test_the_round_report_reads_a_fixed_number_of_queries_whatever_its_size(bought, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as small:
        round_report(bought.round)
    # Three more cooperatives in another round of the same network: the count does not move.
    world = bought.world
    for _ in range(3):
        cooperative = member_add(world.network)
        world.cooperatives.append(cooperative)
        world.managers.append(person_with_role(RoleKind.MANAGER, cooperative))
    premium = rice_item(world.supplier, name="Beras premium 5 kg", supplier_code="BRS-P")
    bigger = open_round(world, [rice_item(world.supplier), sugar_item(world.supplier), premium])
    items = round_items(bigger)
    for member in range(len(world.cooperatives)):
        commit(world, member, bigger, {item: 30 for item in items})
    close_round(world, bigger)
    with django_assert_max_num_queries(len(small)):
        report = round_report(bigger)
    assert report.cooperatives is not None and len(report.cooperatives) == 6
    with django_assert_max_num_queries(len(small)):
        round_report(bigger, cooperative=world.cooperatives[0])
    assert len(small) <= 7


def test_the_report_pages_read_as_many_queries_for_a_bigger_round(bought, client):
    world = bought.world
    counts = []
    for size in (1, 4):
        round_ = open_round(
            world, [rice_item(world.supplier, name=f"Beras {n}", supplier_code=f"B{n}") for n in range(size)]
        )
        for member in range(len(world.cooperatives)):
            commit(world, member, round_, {item: 30 for item in round_items(round_)})
        close_round(world, round_)
        client.force_login(world.coordinator)
        with CaptureQueriesContext(connection) as network_page:
            assert (
                client.get(reverse("jointbuy:network_round_report", args=[world.network.slug, round_.pk])).status_code
                == 200
            )
        client.force_login(world.managers[0])
        with CaptureQueriesContext(connection) as member_page:
            url = reverse("jointbuy:member_round_report", args=[world.cooperatives[0].slug, round_.pk])
            assert client.get(url).status_code == 200
        counts.append((len(network_page), len(member_page)))
    assert counts[0] == counts[1]


# --- the pages


def test_the_coordinator_reads_the_round_report_as_a_page_a_pdf_and_a_workbook(bought, client):
    world = bought.world
    client.force_login(world.coordinator)
    args = [world.network.slug, bought.round.pk]

    page = client.get(reverse("jointbuy:network_round_report", args=args))

    assert page.status_code == 200
    text = page.content.decode()
    assert "hemat Rp555.000" in text
    for cooperative in world.cooperatives:
        assert cooperative.name in text
    assert 'data-testid="round-chart"' in text
    assert "Tepat waktu" in text

    pdf = client.get(reverse("jointbuy:network_round_report_pdf", args=args))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")

    xlsx = client.get(reverse("jointbuy:network_round_report_xlsx", args=args))
    assert xlsx.status_code == 200
    book = load_workbook(BytesIO(xlsx.content))
    assert len(book.sheetnames) == 3
    items = book[book.sheetnames[0]]
    rows = [row for row in items.iter_rows(values_only=True) if row and row[0] == "Beras medium 5 kg"]
    assert len(rows) == 1 and rows[0][12] == 180000


def test_the_coordinators_page_shows_the_cooperatives_a_page_at_a_time(bought, client, monkeypatch):
    from simpul.jointbuy.views import reports as report_views

    monkeypatch.setattr(report_views, "COOPERATIVES_PER_PAGE", 2)
    client.force_login(bought.world.coordinator)
    url = reverse("jointbuy:network_round_report", args=[bought.world.network.slug, bought.round.pk])
    names = sorted(c.name for c in bought.world.cooperatives)

    first, second = client.get(url), client.get(url, {"halaman": "2"})

    def rows(page):
        return re.findall(
            r'data-testid="cooperative-row"><th scope="row" class="money-title">([^<]+)</th>', page.content.decode()
        )

    assert rows(first) == names[:2] and 'data-testid="page-next"' in first.content.decode()
    assert rows(second) == names[2:] and 'data-testid="page-previous"' in second.content.decode()
    assert rows(client.get(url, {"halaman": "x"})) == names[:2]  # unreadable: the first page
    assert "hemat Rp555.000" in second.content.decode()  # the network's totals on every page


def test_a_member_page_shows_its_own_saving_and_no_other_cooperatives_money(bought, client):
    world = bought.world
    client.force_login(world.supervisors[0])  # supervisors read it too
    args = [world.cooperatives[0].slug, bought.round.pk]

    page = client.get(reverse("jointbuy:member_round_report", args=args))

    assert page.status_code == 200
    text = page.content.decode()
    assert "hemat Rp250.000" in text  # its own
    assert "hemat Rp555.000" in text  # the network's
    assert world.cooperatives[1].name not in text and world.cooperatives[2].name not in text
    assert "Rp80.000" not in text and "Rp225.000" not in text  # the others' savings

    xlsx = client.get(reverse("jointbuy:member_round_report_xlsx", args=args))
    book = load_workbook(BytesIO(xlsx.content))
    assert len(book.sheetnames) == 2  # items and deliveries: no sheet of cooperatives
    cells = [str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert not any(world.cooperatives[1].name in cell for cell in cells)

    pdf = client.get(reverse("jointbuy:member_round_report_pdf", args=args))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_who_may_read_a_rounds_report(bought, client):
    world = bought.world
    member_url = reverse("jointbuy:member_round_report", args=[world.cooperatives[0].slug, bought.round.pk])
    client.force_login(person_with_role(RoleKind.CASHIER, world.cooperatives[0]))
    assert client.get(member_url).status_code == 403
    # A cooperative outside the network: the round does not exist for it.
    outsider = jointbuy_world(members=1)
    client.force_login(outsider.managers[0])
    url = reverse("jointbuy:member_round_report", args=[outsider.cooperatives[0].slug, bought.round.pk])
    assert client.get(url).status_code == 404
    # Another network's coordinator: 404.
    client.force_login(outsider.coordinator)
    url = reverse("jointbuy:network_round_report", args=[outsider.network.slug, bought.round.pk])
    assert client.get(url).status_code == 404
    # A member's manager does not see a draft round.
    draft = Round.objects.filter(pk=bought.round.pk)
    draft.update(status="draft")
    client.force_login(world.managers[0])
    assert client.get(member_url).status_code == 404


def test_an_open_rounds_report_says_its_figures_are_not_final(client):
    world = jointbuy_world(members=2)
    round_ = open_round(world)
    commit(world, 0, round_, {round_items(round_)[0]: 20})
    client.force_login(world.managers[0])

    page = client.get(reverse("jointbuy:member_round_report", args=[world.cooperatives[0].slug, round_.pk]))

    assert page.status_code == 200
    assert 'data-testid="round-not-closed"' in page.content.decode()
    assert round_report(round_).total.saving == D(0)


# --- the price history


def _round_at(world: World, when: dt.datetime, sugar_kg: tuple[int, int]) -> Round:
    """A round of rice (member 0: 5 cases) and sugar (each member `sugar_kg`), opened and closed on `when`."""
    with time_machine.travel(when, tick=False):
        round_ = open_round(world, world.extra["lines"])
        rice, sugar = round_items(round_)
        commit(world, 0, round_, {rice: 50, sugar: sugar_kg[0]})
        commit(world, 1, round_, {sugar: sugar_kg[1]})
        close_round(world, round_)
    return round_


@pytest.fixture
def history() -> tuple[World, list[Round]]:
    """Sugar in two closed rounds (5 cases in March: Rp16,000 a kg; 2 cases in July: Rp16,500) and one still
    open; a HET of sugar for West Java (Rp17,500 a kg from January) and for Kota Bandung (Rp16,200 from June),
    and a lower one another network published (not ours)."""
    with time_machine.travel(dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC), tick=False):
        world = jointbuy_world(members=2)
        _rice, sugar = _standards(world)
    world.extra["lines"] = [rice_item(world.supplier), sugar_item(world.supplier, standard_product_id=sugar.pk)]
    PriceCeiling.objects.create(
        region_id="32", staple="sugar", unit="kg", price=D(17500), valid_from=dt.date(2026, 1, 1)
    )
    PriceCeiling.objects.create(
        region_id="32.73", staple="sugar", unit="kg", price=D(16200), valid_from=dt.date(2026, 6, 1)
    )
    other = NetworkFactory.create()
    PriceCeiling.objects.create(
        region_id="32.73", staple="sugar", unit="kg", price=D(9000), valid_from=dt.date(2026, 1, 1), network=other
    )
    march = _round_at(world, dt.datetime(2026, 3, 10, 3, tzinfo=dt.UTC), (150, 100))
    july = _round_at(world, dt.datetime(2026, 7, 10, 3, tzinfo=dt.UTC), (50, 50))
    with time_machine.travel(dt.datetime(2026, 8, 1, 3, tzinfo=dt.UTC), tick=False):
        still_open = open_round(world, world.extra["lines"][1:])
        commit(world, 0, still_open, {round_items(still_open)[0]: 500})
    return world, [march, july]


def test_the_price_history_puts_each_rounds_price_beside_the_het_of_its_closing_day(history):
    world, (march, july) = history

    series = price_history(world.network)

    by_name = {one.name: one for one in series}
    sugar = by_name["Gula pasir"]
    assert [(p.number, p.closed_on, p.price, p.het) for p in sugar.points] == [
        (march.number, dt.date(2026, 3, 10), D(16000), D(17500)),
        (july.number, dt.date(2026, 7, 10), D(16500), D(16200)),
    ]
    assert [p.above_het for p in sugar.points] == [False, True]
    assert sugar.above_het == 1 and sugar.change == D(500) and sugar.change_percent == D("3.1")
    # Rice names no standard product: no HET beside it.
    rice = by_name["Beras medium 5 kg"]
    assert [p.price for p in rice.points] == [D(70000), D(70000)] and all(p.het is None for p in rice.points)


def test_the_price_history_reads_a_fixed_number_of_queries(history, django_assert_max_num_queries):
    world, _rounds = history
    network = type(world.network).objects.select_related("region").get(pk=world.network.pk)
    with django_assert_max_num_queries(3):
        series = price_history(network)
    assert len(series) == 2


def test_the_coordinator_reads_the_price_history_as_a_page_a_pdf_and_a_workbook(history, client):
    world, (march, july) = history
    client.force_login(world.coordinator)
    args = [world.network.slug]

    page = client.get(reverse("jointbuy:network_price_report", args=args))

    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="price-chart"' in text and "Gula pasir" in text
    assert "di atas HET" in text  # July's sugar at Rp16,500 over a HET of Rp16,200
    assert "Rp16.200" in text

    book = load_workbook(BytesIO(client.get(reverse("jointbuy:network_price_report_xlsx", args=args)).content))
    rows = [row for row in book.active.iter_rows(values_only=True) if row and row[1] == "Gula pasir"]
    assert [(row[4], row[6], row[8]) for row in rows] == [
        (march.number, 16000, 17500),
        (july.number, 16500, 16200),
    ]

    pdf = client.get(reverse("jointbuy:network_price_report_pdf", args=args))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    rice = next(one for one in price_history(world.network) if one.name == "Beras medium 5 kg")
    chosen = client.get(reverse("jointbuy:network_price_report", args=args), {"barang": rice.key})
    section = chosen.content.decode().split('data-testid="price-chosen"')[1]
    assert "Beras medium 5 kg" in section and "Rp70.000" in section and 'data-testid="point-het"' not in section

    client.force_login(world.managers[0])  # a member's manager is not the coordinator
    assert client.get(reverse("jointbuy:network_price_report", args=args)).status_code == 404
