"""The coordinator's Belanja Bareng pages: the rounds, the agreements with suppliers, opening a round from the page's
rows, a round with its totals, commitments, allocations, deliveries and events, closing and cancelling, and the
purchase order as PDF and Excel."""

import datetime as dt
import io
import zoneinfo
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import NetworkFactory, SupplierFactory, person_with_role
from simpul.core.models import AuditLog
from simpul.jointbuy.models import (
    Commitment,
    EventKind,
    PriceTier,
    Round,
    RoundEvent,
    RoundItem,
    RoundStatus,
    SupplierAgreement,
)
from simpul.jointbuy.tests.factories import (
    World,
    agreement_for,
    close_round,
    commit,
    jointbuy_world,
    open_round,
    rice_item,
    round_items,
    sugar_item,
    supplier_order,
)

pytestmark = pytest.mark.django_db


def _client(user: Any, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def world() -> World:
    return jointbuy_world(members=3)


def _url(name: str, world: World, *args: Any) -> str:
    return reverse(f"jointbuy:{name}", args=[world.network.slug, *args])


# --- the rounds -------------------------------------------------------------------------------------------------


def test_the_rounds_page_groups_open_waiting_and_past_rounds_with_their_totals(world, django_assert_max_num_queries):
    rice = open_round(world, title="Beras Desember")
    commit(world, 0, rice, {round_items(rice)[0]: 20})
    commit(world, 1, rice, {round_items(rice)[0]: 10})
    closed = open_round(world, title="Gula November", items=[sugar_item(world.supplier)])
    commit(world, 0, closed, {round_items(closed)[0]: "100"})
    close_round(world, closed)
    client = _client(world.coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(_url("network_rounds", world))
    assert response.status_code == 200
    page = response.content.decode()
    open_part, rest = page.split('id="waiting-heading"')
    assert "Beras Desember" in open_part and "Gula November" not in open_part
    assert "Gula November" in rest
    # 100 kg of sugar: 2 cases of 50 kg at Rp16,500 a kg.
    assert "Rp1.650.000" in rest
    assert response.context["open_rounds"][0].cooperative_count == 2


def test_the_rounds_page_reads_the_same_number_of_queries_for_many_rounds(world, django_assert_max_num_queries):
    client = _client(world.coordinator)
    open_round(world)
    with django_assert_max_num_queries(12) as few:
        client.get(_url("network_rounds", world))
    for _n in range(4):
        open_round(world)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_url("network_rounds", world))
    assert len(response.context["open_rounds"]) == 5


def test_another_networks_coordinator_and_a_member_manager_get_404(world):
    round_ = open_round(world)
    other = NetworkFactory.create()
    stranger = person_with_role(RoleKind.COORDINATOR, other)
    client = _client(stranger)
    assert client.get(_url("network_rounds", world)).status_code == 404
    assert client.get(_url("network_round", world, round_.pk)).status_code == 404
    # Under its own network's address, a round of another network does not exist either.
    assert client.get(reverse("jointbuy:network_round", args=[other.slug, round_.pk])).status_code == 404
    assert client.post(reverse("jointbuy:network_round_close", args=[other.slug, round_.pk])).status_code == 404
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.OPEN
    assert _client(world.managers[0]).get(_url("network_round", world, round_.pk)).status_code == 404


# --- agreements -------------------------------------------------------------------------------------------------


def test_an_agreement_is_recorded_with_its_document_and_an_audit_row(world):
    supplier = SupplierFactory.create(name="PT Sumber Pangan")
    client = _client(world.coordinator)
    document = SimpleUploadedFile("mou.pdf", b"%PDF-1.4 perjanjian", content_type="application/pdf")
    today = timezone.localdate()
    response = client.post(
        _url("network_agreements", world),
        {
            "supplier": supplier.pk,
            "number": "MoU/JUK/2026/07",
            "signed_on": (today - dt.timedelta(days=2)).isoformat(),
            "valid_until": (today + dt.timedelta(days=365)).isoformat(),
            "scope": "Minyak goreng untuk anggota",
            "document": document,
        },
    )
    assert response.status_code == 302
    agreement = SupplierAgreement.objects.get(network=world.network, supplier=supplier)
    assert agreement.number == "MoU/JUK/2026/07" and agreement.created_by == world.coordinator
    stored = str(agreement.document.name)
    assert stored.endswith(".pdf") and "mou" not in stored
    log = AuditLog.objects.get(event="jointbuy.agreement_created")
    assert log.changes["number"] == "MoU/JUK/2026/07"
    page = client.get(_url("network_agreements", world)).content.decode()
    assert "MoU/JUK/2026/07" in page and "PT Sumber Pangan" in page
    download = client.get(_url("network_agreement_document", world, agreement.pk))
    assert download.status_code == 200
    assert download.getvalue().startswith(b"%PDF")
    # Another network's coordinator cannot fetch it, even by its id.
    other = NetworkFactory.create()
    stranger = _client(person_with_role(RoleKind.COORDINATOR, other))
    assert (
        stranger.get(reverse("jointbuy:network_agreement_document", args=[other.slug, agreement.pk])).status_code == 404
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"document": "text"}, "The document must be a PDF, JPEG or PNG file."),
        ({"signed_on": "future"}, "The agreement cannot be signed in the future."),
        ({"valid_until": "before"}, "The agreement cannot end before it was signed."),
        ({"number": "taken"}, "The network already has agreement"),
        ({"number": ""}, "This field is required."),
    ],
)
def test_a_bad_agreement_is_refused_with_its_message_and_nothing_is_written(world, change, message):
    today = timezone.localdate()
    data: dict[str, Any] = {
        "supplier": world.supplier.pk,
        "number": "MoU/BARU/1",
        "signed_on": (today - dt.timedelta(days=10)).isoformat(),
        "valid_until": "",
        "scope": "",
    }
    if change.get("document") == "text":
        data["document"] = SimpleUploadedFile("mou.pdf", b"just text, not a pdf", content_type="application/pdf")
    if change.get("signed_on") == "future":
        data["signed_on"] = (today + dt.timedelta(days=3)).isoformat()
    if change.get("valid_until") == "before":
        data["valid_until"] = (today - dt.timedelta(days=20)).isoformat()
    if change.get("number") == "taken":
        data["number"] = world.agreement.number
    elif "number" in change:
        data["number"] = change["number"]
    before = SupplierAgreement.objects.count()
    response = _client(world.coordinator).post(_url("network_agreements", world), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert SupplierAgreement.objects.count() == before
    assert not AuditLog.objects.filter(event="jointbuy.agreement_created").exists()


# --- opening a round --------------------------------------------------------------------------------------------


def _round_post(world: World, **overrides: Any) -> dict[str, Any]:
    closes = timezone.localtime(timezone.now() + dt.timedelta(days=5), zoneinfo.ZoneInfo("Asia/Jakarta"))
    data: dict[str, Any] = {
        "title": "Beras dan gula Januari",
        "opens_at": "",
        "closes_at": closes.strftime("%Y-%m-%dT17:00"),
        "delivery_mode": "hub",
        "hub_address": "Gudang KUD Sukamaju, Jl. Raya 1",
        "payment_terms": "deposit",
        "deposit_percent": "30",
        "payment_route": "direct",
        "allocation_rule": "first_come",
        "default_limit": "25.000.000",
        "suppliers-0-agreement_id": str(world.agreement.pk),
        "items-1-supplier_id": str(world.supplier.pk),
        "items-1-name": "Beras medium 5 kg",
        "items-1-supplier_code": "BRS-5",
        "items-1-unit": "pcs",
        "items-1-case_size": "10",
        "items-1-min_cases": "2",
        "items-1-max_cases": "",
        "items-1-list_price": "72.000",
        "items-1-tiers-0-min_cases": "1",
        "items-1-tiers-0-max_cases": "9",
        "items-1-tiers-0-price": "70.000",
        "items-1-tiers-1-min_cases": "10",
        "items-1-tiers-1-max_cases": "",
        "items-1-tiers-1-price": "68.000",
        # A row added in the page and left empty is no item.
        "items-2-supplier_id": str(world.supplier.pk),
        "items-2-unit": "pcs",
        "items-2-min_cases": "1",
        "items-2-tiers-0-min_cases": "",
        "items-2-tiers-0-price": "",
        # The page numbers new rows on from the last: a gap in the numbers is no gap in the items.
        "items-5-supplier_id": str(world.supplier.pk),
        "items-5-name": "Gula pasir",
        "items-5-unit": "kg",
        "items-5-fractional": "on",
        "items-5-case_size": "50",
        "items-5-min_cases": "1",
        "items-5-max_cases": "40",
        "items-5-list_price": "17500",
        "items-5-tiers-0-min_cases": "1",
        "items-5-tiers-0-max_cases": "",
        "items-5-tiers-0-price": "16.500,50",
    }
    data.update(overrides)
    return data


def test_the_new_round_page_offers_the_networks_valid_agreements(world):
    ended = agreement_for(world.network, world.supplier, valid_until=timezone.localdate() - dt.timedelta(days=1))
    elsewhere = agreement_for(NetworkFactory.create(), world.supplier)
    response = _client(world.coordinator).get(_url("network_round_new", world))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'value="{world.agreement.pk}"' in page
    assert f'<option value="{ended.pk}"' not in page and f'<option value="{elsewhere.pk}"' not in page
    # Rows are added in the page from these templates, without a reload.
    assert 'id="item-template"' in page and 'id="tier-template"' in page and "items-__i__-tiers-__t__-price" in page


def test_a_round_is_opened_from_the_page_with_its_items_tiers_and_terms(world):
    client = _client(world.coordinator)
    data = _round_post(world)
    response = client.post(_url("network_round_new", world), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    round_ = Round.objects.get(network=world.network)
    assert response["Location"] == _url("network_round", world, round_.pk)
    assert round_.status == RoundStatus.OPEN and round_.created_by == world.coordinator
    # Typed in the network's zone (WIB): 17:00 WIB is 10:00 UTC.
    local = timezone.localtime(round_.closes_at, zoneinfo.ZoneInfo("Asia/Jakarta"))
    assert local.strftime("%Y-%m-%dT%H:%M") == data["closes_at"]
    assert round_.closes_at.astimezone(dt.UTC).hour == 10
    assert round_.delivery_mode == "hub" and round_.hub_address == "Gudang KUD Sukamaju, Jl. Raya 1"
    assert round_.deposit_percent == Decimal("30") and round_.allocation_rule == "first_come"
    assert round_.default_limit == Decimal("25000000")
    rice, sugar = round_items(round_)
    assert (rice.name, rice.case_size, rice.min_cases, rice.max_cases) == ("Beras medium 5 kg", 10, 2, None)
    assert rice.list_price == Decimal("72000")
    assert [(t.min_cases, t.max_cases, t.price) for t in PriceTier.objects.filter(item=rice)] == [
        (1, 9, Decimal("70000")),
        (10, None, Decimal("68000")),
    ]
    assert sugar.fractional and sugar.unit == "kg" and sugar.max_cases == 40
    assert PriceTier.objects.get(item=sugar).price == Decimal("16500.50")


@pytest.mark.parametrize(
    ("overrides", "message", "kept"),
    [
        (
            {"items-1-tiers-1-min_cases": "12"},
            "Item 1: the tiers leave a gap.",
            'name="items-1-tiers-1-min_cases" value="12"',
        ),
        ({"items-5-case_size": "0"}, "Item 2: a case holds at least one unit.", 'value="Gula pasir"'),
        ({"items-1-case_size": "2,5"}, "Item 1 must be a whole number of pcs.", 'value="2,5"'),
        ({"title": ""}, "Title is required.", 'value="Gudang KUD Sukamaju, Jl. Raya 1"'),
        ({"closes_at": "besok"}, "Closing time is not a valid date and time.", 'value="Beras medium 5 kg"'),
        ({"hub_address": ""}, "Hub address is required.", 'value="Beras medium 5 kg"'),
        ({"suppliers-0-agreement_id": "999999"}, "Choose each supplier", 'value="Beras medium 5 kg"'),
        ({"items-1-supplier_id": ""}, "Item 1: choose one of the round", 'value="BRS-5"'),
    ],
)
def test_a_refused_round_shows_the_message_by_its_field_keeps_what_was_typed_and_writes_nothing(
    world, overrides, message, kept
):
    response = _client(world.coordinator).post(_url("network_round_new", world), _round_post(world, **overrides))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert kept in page
    assert not Round.objects.exists() and not RoundItem.objects.exists()
    assert not AuditLog.objects.filter(event="jointbuy.round_opened").exists()


def test_a_round_without_items_is_refused(world):
    data = {k: v for k, v in _round_post(world).items() if not k.startswith("items-")}
    response = _client(world.coordinator).post(_url("network_round_new", world), data)
    assert response.status_code == 400
    assert "A round needs at least one item." in response.content.decode()
    assert not Round.objects.exists()


def test_an_agreement_of_another_network_cannot_be_chosen(world):
    elsewhere = agreement_for(NetworkFactory.create(), world.supplier)
    data = _round_post(world, **{"suppliers-0-agreement_id": str(elsewhere.pk)})
    response = _client(world.coordinator).post(_url("network_round_new", world), data)
    assert response.status_code == 400
    assert 'data-testid="suppliers-error"' in response.content.decode()
    assert not Round.objects.exists()


# --- a round ----------------------------------------------------------------------------------------------------


def test_an_open_round_shows_live_totals_and_who_committed_what(world, django_assert_max_num_queries):
    round_ = open_round(world)
    rice = round_items(round_)[0]
    commit(world, 0, round_, {rice: 60})
    commit(world, 1, round_, {rice: 25}, {rice: 5})
    client = _client(world.coordinator)
    with django_assert_max_num_queries(20):
        response = client.get(_url("network_round", world, round_.pk))
    assert response.status_code == 200
    page = response.content.decode()
    # 6 cases and 3 cases (25 with 5 of tolerance fills the third): 9 cases, one case short of Rp68,000.
    (total,) = response.context["totals"]
    assert total.cases == 9 and total.cases_to_next == 1 and total.price == Decimal("70000")
    assert 'data-testid="cases-to-next">1<' in page and "Rp70.000" in page
    assert page.count('data-testid="commitment-row"') == 2
    assert world.cooperatives[0].name in page and world.cooperatives[1].name in page
    assert 'data-testid="close-button"' in page
    assert "The round opened with 1 items" in page


def test_the_round_page_reads_the_same_queries_for_more_cooperatives(world, django_assert_max_num_queries):
    round_ = open_round(world)
    rice = round_items(round_)[0]
    commit(world, 0, round_, {rice: 10})
    close_round(world, round_)
    client = _client(world.coordinator)
    with django_assert_max_num_queries(25) as few:
        client.get(_url("network_round", world, round_.pk))
    bigger = open_round(world)
    rice = round_items(bigger)[0]
    for member in range(3):
        commit(world, member, bigger, {rice: 10 * (member + 1)})
    close_round(world, bigger)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_url("network_round", world, bigger.pk))
    assert response.content.decode().count('data-testid="allocation-row"') == 3


def test_closing_from_the_page_shows_allocations_with_reasons_the_orders_and_the_events(world):
    round_ = open_round(world, items=[rice_item(world.supplier, max_cases=5)])
    rice = round_items(round_)[0]
    commit(world, 0, round_, {rice: 40})
    commit(world, 1, round_, {rice: 20})
    client = _client(world.coordinator)
    response = client.post(_url("network_round_close", world, round_.pk))
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    page = client.get(_url("network_round", world, round_.pk)).content.decode()
    # 6 cases asked for, the supplier delivers 5: proportional, largest remainders (4 → 3.33, 2 → 1.67).
    cases = dict(Commitment.objects.allocated().filter(round=round_).values_list("cooperative_id", "cases"))
    assert cases == {world.cooperatives[0].pk: 3, world.cooperatives[1].pk: 2}
    assert "3 of 4" in page and "2 of 2" in page
    assert "the supplier could not deliver all: shared by the round&#x27;s rule" in page
    assert "6 cases were asked for but the supplier delivers 5" in page
    order = supplier_order(world, round_)
    assert order.order_number in page and "Waiting for the supplier" in page
    assert _url("network_order_pdf", world, round_.pk, order.pk) in page
    assert f"Purchase order {order.order_number} was sent to {world.supplier.name}." in page
    assert "not received yet" in page
    # Closing again is refused on the page: 400 with the message, nothing changes.
    again = client.post(_url("network_round_close", world, round_.pk))
    assert again.status_code == 400
    assert "Only an open round can be closed" in again.content.decode()
    assert RoundEvent.objects.filter(round=round_, kind=EventKind.CLOSED).count() == 1


def test_cancelling_needs_a_reason(world):
    round_ = open_round(world)
    client = _client(world.coordinator)
    response = client.post(_url("network_round_cancel", world, round_.pk), {"reason": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.OPEN
    response = client.post(_url("network_round_cancel", world, round_.pk), {"reason": "Pemasok menaikkan harga"})
    assert response.status_code == 302
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.CANCELLED
    page = client.get(_url("network_round", world, round_.pk)).content.decode()
    assert "The round was cancelled: Pemasok menaikkan harga" in page
    assert 'data-testid="cancel-form"' not in page and 'data-testid="close-button"' not in page


def test_the_round_page_speaks_indonesian(world):
    round_ = open_round(world)
    page = _client(world.coordinator, "id").get(_url("network_round", world, round_.pk)).content.decode()
    assert "Tutup putaran sekarang" in page


# --- the purchase order as documents ----------------------------------------------------------------------------


def _closed_round(world: World) -> Round:
    round_ = open_round(world, items=[rice_item(world.supplier), sugar_item(world.supplier)])
    rice, sugar = round_items(round_)
    commit(world, 0, round_, {rice: 60, sugar: "120"})
    commit(world, 1, round_, {rice: 50})
    return close_round(world, round_)


def test_the_coordinator_downloads_the_purchase_order_as_pdf_and_excel(world):
    from openpyxl import load_workbook

    round_ = _closed_round(world)
    order = supplier_order(world, round_)
    client = _client(world.coordinator)
    pdf = client.get(_url("network_order_pdf", world, round_.pk, order.pk))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(_url("network_order_xlsx", world, round_.pk, order.pk))
    assert xlsx.status_code == 200
    workbook = load_workbook(io.BytesIO(xlsx.content))
    sheet = workbook.worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    lines = {row[0]: row for row in rows if row and row[0] in ("Beras medium 5 kg", "Gula pasir")}
    # Rice: 6 + 5 cases = 11 cases of 10 sacks at Rp68,000 (the tier from 10 cases). Sugar: 120 kg without tolerance
    # makes 2 whole cases of 50 kg, at Rp16,500 a kg.
    assert lines["Beras medium 5 kg"][3:9] == [10, 11, 11, 110, 68000, 7480000]
    assert lines["Gula pasir"][3:9] == [50, 2, 2, 100, 16500, 1650000]
    total = next(row for row in rows if row and row[0] == "Total")
    assert total[8] == 9130000
    deliveries = [[cell.value for cell in row] for row in workbook.worksheets[1].iter_rows()]
    mine = [row for row in deliveries if row[0] == world.cooperatives[0].name]
    assert sorted((row[2], row[3], row[4]) for row in mine) == [("Beras medium 5 kg", 6, 60), ("Gula pasir", 2, 100)]
    # Another round's order under this round's address does not exist.
    other = open_round(world)
    assert client.get(_url("network_order_pdf", world, other.pk, order.pk)).status_code == 404
