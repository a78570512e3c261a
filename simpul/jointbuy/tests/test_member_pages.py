"""A member cooperative's Belanja Bareng pages: its rounds, a round while open (commitments, the live estimate, a
draft from the mart's reorder suggestions), a round after closing (what it got and why), and receiving the goods.

Managers read and write, supervisors read (403 on a write), cashiers get 403; another network's round is 404."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import OutletFactory, person_with_role
from simpul.core.models import User
from simpul.jointbuy.models import (
    Commitment,
    CommitmentChange,
    Round,
    RoundItem,
    RoundLimit,
    RoundReceipt,
    RoundStatus,
)
from simpul.jointbuy.services.suppliers import supplier_order_confirm
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
)
from simpul.ledger.services import chart_of_accounts_create
from simpul.mart.models import Product, StockLevel
from simpul.mart.network.services import standard_adopt, standard_product_save

D = Decimal
pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rounds_url(world: World, member: int = 0) -> str:
    return reverse("jointbuy:member_rounds", args=[world.cooperatives[member].slug])


def round_url(world: World, round_: Round, member: int = 0, name: str = "member_round") -> str:
    return reverse(f"jointbuy:{name}", args=[world.cooperatives[member].slug, round_.pk])


def text(response) -> str:  # type: ignore[no-untyped-def]
    """The page's text without tags, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def cell(response, testid: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The text of every element carrying this data-testid, in order."""
    found = re.findall(rf'<(\w+)[^>]*data-testid="{testid}"[^>]*>(.*?)</\1>', response.content.decode(), flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", value)).strip() for _tag, value in found]


def post_lines(  # type: ignore[no-untyped-def]
    world: World,
    round_: Round,
    values: dict[RoundItem, tuple[str, str]],
    member: int = 0,
    user: User | None = None,
    client: Client | None = None,
):
    data = {}
    for item, (quantity, tolerance) in values.items():
        data[f"quantity_{item.pk}"] = quantity
        data[f"tolerance_{item.pk}"] = tolerance
    return (client or client_for(user or world.managers[member])).post(round_url(world, round_, member), data)


# --- the rounds list ---------------------------------------------------------------------------------------------


def test_the_rounds_list_shows_open_rounds_with_what_was_committed_and_past_ones_with_what_was_saved():
    world = jointbuy_world(members=2)
    past = open_round(world, title="Beras bulan lalu")
    rice = round_items(past)[0]
    commit(world, 0, past, {rice: 60})  # 6 cases
    commit(world, 1, past, {rice: 50})  # 11 cases in all: the Rp68,000 tier
    close_round(world, past)
    current = open_round(world, [rice_item(world.supplier), sugar_item(world.supplier)], title="Beras dan gula")
    rice_now, sugar_now = round_items(current)
    commit(world, 0, current, {rice_now: 25, sugar_now: "100"}, {rice_now: 5})  # 3 cases of rice, 2 of sugar

    for user in (world.managers[0], world.supervisors[0]):
        response = client_for(user).get(rounds_url(world))
        assert response.status_code == 200
        page = text(response)
        assert "Beras dan gula" in page and "Beras bulan lalu" in page
        assert "barang yang dikomitmenkan: 2" in page
        assert cell(response, "open-round-cases") == ["5"]
        # 6 cases of 10 sacks at Rp68,000 instead of Rp72,000 alone
        assert cell(response, "past-round-cost") == ["Rp4.080.000"]
        assert cell(response, "past-round-saving") == ["Rp240.000"]


def test_the_rounds_list_is_for_managers_and_supervisors_only():
    world = jointbuy_world(members=1)
    open_round(world)
    cashier = person_with_role(RoleKind.CASHIER, world.cooperatives[0])
    member = person_with_role(RoleKind.MEMBER, world.cooperatives[0])
    assert client_for(cashier).get(rounds_url(world)).status_code == 403
    assert client_for(member).get(rounds_url(world)).status_code == 403
    outsider = jointbuy_world(members=1)  # a manager of a cooperative of another network: not its page
    assert client_for(outsider.managers[0]).get(rounds_url(world)).status_code == 404


def test_another_networks_rounds_are_not_listed():
    world = jointbuy_world(members=1)
    other = jointbuy_world(members=1)
    open_round(other, title="Ronde jaringan lain")
    response = client_for(world.managers[0]).get(rounds_url(world))
    assert response.status_code == 200 and "Ronde jaringan lain" not in text(response)


def test_the_rounds_lists_queries_do_not_grow_with_the_rounds(django_assert_max_num_queries):
    world = jointbuy_world(members=2)
    for number in range(6):
        round_ = open_round(world, title=f"Ronde {number}")
        commit(world, 0, round_, {round_items(round_)[0]: 20})
        if number % 2:
            close_round(world, round_)
    client = client_for(world.managers[0])
    with django_assert_max_num_queries(14):
        response = client.get(rounds_url(world))
    assert response.status_code == 200
    assert len(cell(response, "open-round-cases")) == 3 and len(cell(response, "past-round-cost")) == 3


# --- a round while open ------------------------------------------------------------------------------------------


def test_the_open_round_shows_totals_tiers_and_the_cooperatives_estimate():
    world = jointbuy_world(members=2)
    round_ = open_round(world)
    rice = round_items(round_)[0]
    commit(world, 1, round_, {rice: 70})  # another cooperative: 7 cases
    commit(world, 0, round_, {rice: 20})  # 2 cases: 9 in all, the first tier (Rp70,000)

    response = client_for(world.managers[0]).get(round_url(world, round_))
    assert response.status_code == 200
    assert 'data-testid="commit-form"' in response.content.decode()
    assert cell(response, "estimate-round-cases") == ["9"]
    assert cell(response, "estimate-cases") == ["2"]
    assert cell(response, "estimate-price") == ["Rp70.000"]
    assert cell(response, "estimate-cost") == ["Rp1.400.000"]
    assert cell(response, "estimate-saving") == ["Rp40.000"]
    assert "Rp68.000 per satuan dengan 1 dus lagi" in text(response)
    # the page polls the totals and refreshes the estimate as the manager types
    assert 'hx-trigger="every 15s, input delay:400ms from:#commit-form"' in response.content.decode()
    assert 'value="20"' in response.content.decode()


def test_a_supervisor_reads_the_round_but_cannot_commit():
    world = jointbuy_world(members=1)
    round_ = open_round(world)
    rice = round_items(round_)[0]
    response = client_for(world.supervisors[0]).get(round_url(world, round_))
    assert response.status_code == 200
    assert 'data-testid="commit-form"' not in response.content.decode()
    assert 'data-testid="estimate"' in response.content.decode()
    refused = post_lines(world, round_, {rice: ("20", "0")}, user=world.supervisors[0])
    assert refused.status_code == 403
    assert not Commitment.objects.exists()


def test_cashiers_and_other_networks_get_no_round():
    world = jointbuy_world(members=1)
    round_ = open_round(world)
    rice = round_items(round_)[0]
    cashier = person_with_role(RoleKind.CASHIER, world.cooperatives[0])
    assert client_for(cashier).get(round_url(world, round_)).status_code == 403
    assert client_for(cashier).get(round_url(world, round_, name="member_round_estimate")).status_code == 403

    other = jointbuy_world(members=1)
    foreign = open_round(other)
    foreign_rice = round_items(foreign)[0]
    manager = client_for(world.managers[0])
    for name in ("member_round", "member_round_estimate", "member_receive"):
        assert manager.get(round_url(world, foreign, name=name)).status_code == 404
    posted = manager.post(round_url(world, foreign), {f"quantity_{foreign_rice.pk}": "20"})
    assert posted.status_code == 404
    assert manager.post(round_url(world, foreign, name="member_receive"), {}).status_code == 404
    assert not Commitment.objects.exists()
    # a draft is the coordinator's alone
    Round.objects.filter(pk=round_.pk).update(status=RoundStatus.DRAFT)
    assert manager.get(round_url(world, round_)).status_code == 404
    assert rice.pk  # the round's own item stays untouched


def test_a_manager_commits_every_line_at_once():
    world = jointbuy_world(members=1)
    round_ = open_round(world, [rice_item(world.supplier), sugar_item(world.supplier)])
    rice, sugar = round_items(round_)
    response = post_lines(world, round_, {rice: ("25", "5"), sugar: ("12,5", "")})
    assert response.status_code == 302 and response["Location"] == round_url(world, round_)
    saved = {c.item_id: (c.quantity, c.tolerance) for c in Commitment.objects.filter(round=round_)}
    assert saved == {rice.pk: (D(25), D(5)), sugar.pk: (D("12.5"), D(0))}

    # an empty quantity withdraws the item
    client = client_for(world.managers[0])
    response = post_lines(world, round_, {rice: ("25", "5"), sugar: ("", "")}, client=client)
    assert response.status_code == 302
    assert Commitment.objects.get(round=round_, item=sugar).quantity == 0
    follow = client.get(round_url(world, round_))
    assert "Komitmen Anda untuk" in text(follow)


@pytest.mark.parametrize(
    ("quantity", "tolerance", "field", "message"),
    [
        ("2.5", "0", "quantity", "harus bilangan bulat"),
        ("-3", "0", "quantity", "tidak boleh negatif"),
        ("sepuluh", "0", "quantity", "bukan angka yang sah"),
        ("25", "10", "tolerance", "satu dus penuh"),
    ],
)
def test_a_refused_line_is_shown_by_its_field_and_nothing_is_written(quantity, tolerance, field, message):
    world = jointbuy_world(members=1)
    round_ = open_round(world, [rice_item(world.supplier), sugar_item(world.supplier)])
    rice, sugar = round_items(round_)
    response = post_lines(world, round_, {rice: (quantity, tolerance), sugar: ("50", "")})
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="{field}_{rice.pk}-error"' in page
    assert message in cell(response, "field-error")[0]
    assert f'value="{quantity}"' in page  # what was typed stays
    assert not Commitment.objects.exists() and not CommitmentChange.objects.exists()


def test_commitments_over_the_limit_are_refused_with_nothing_written():
    world = jointbuy_world(members=1)
    round_ = open_round(world)
    rice = round_items(round_)[0]
    RoundLimit.objects.create(cooperative=world.cooperatives[0], round=round_, amount=D(1_000_000))
    response = post_lines(world, round_, {rice: ("20", "0")})  # up to 20 × Rp70,000
    assert response.status_code == 400
    assert "melebihi batas koperasi ini" in cell(response, "form-error")[0]
    assert not Commitment.objects.exists()


def test_committing_after_the_round_closed_is_refused():
    world = jointbuy_world(members=1)
    round_ = open_round(world)
    rice = round_items(round_)[0]
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
    response = post_lines(world, round_, {rice: ("20", "0")})
    assert response.status_code == 400
    assert "sudah ditutup" in cell(response, "form-error")[0]
    assert not Commitment.objects.exists()


def test_the_estimate_partial_counts_the_typed_quantities_without_saving(django_assert_max_num_queries):
    world = jointbuy_world(members=2)
    round_ = open_round(world)
    rice = round_items(round_)[0]
    commit(world, 1, round_, {rice: 80})  # 8 cases from another cooperative
    commit(world, 0, round_, {rice: 10})  # 1 case committed: 9 in all
    client = client_for(world.managers[0])
    url = round_url(world, round_, name="member_round_estimate")

    with django_assert_max_num_queries(12):
        typed = client.get(url, {f"quantity_{rice.pk}": "15", f"tolerance_{rice.pk}": "5"})
    assert typed.status_code == 200
    assert "<html" not in typed.content.decode()  # the partial alone
    # 15 + 5 make 2 cases: 10 in the round, the Rp68,000 tier
    assert cell(typed, "estimate-round-cases") == ["10"]
    assert cell(typed, "estimate-cases") == ["2"]
    assert cell(typed, "estimate-price") == ["Rp68.000"]
    assert cell(typed, "estimate-cost") == ["Rp1.360.000"]
    assert cell(typed, "estimate-saving") == ["Rp80.000"]
    assert "harga terendah tercapai" in text(typed)
    assert cell(typed, "estimate-tolerance-needed") == []  # 15 + 5 fill the second case already
    short = client.get(url, {f"quantity_{rice.pk}": "13", f"tolerance_{rice.pk}": "2"})
    assert cell(short, "estimate-cases") == ["1"]
    assert cell(short, "estimate-tolerance-needed") == ["Toleransi 7 pcs membuat satu dus lagi."]
    assert Commitment.objects.get(cooperative=world.cooperatives[0]).quantity == D(10)  # nothing saved

    # without typed quantities (the poll of a supervisor): what is committed
    saved = client_for(world.supervisors[0]).get(url)
    assert cell(saved, "estimate-cases") == ["1"] and cell(saved, "estimate-price") == ["Rp70.000"]

    # a typed figure that is no number counts as nothing, and says so
    wrong = client.get(url, {f"quantity_{rice.pk}": "x"})
    assert wrong.status_code == 200 and cell(wrong, "estimate-cases") == ["0"]
    assert 'data-testid="estimate-invalid"' in wrong.content.decode()


def test_another_cooperatives_commitment_that_drops_the_tier_shows_at_the_next_poll():
    world = jointbuy_world(members=2)
    round_ = open_round(world)
    rice = round_items(round_)[0]
    commit(world, 0, round_, {rice: 30})
    client = client_for(world.managers[0])
    url = round_url(world, round_, name="member_round_estimate")
    assert cell(client.get(url), "estimate-price") == ["Rp70.000"]
    commit(world, 1, round_, {rice: 70})  # 10 cases in all
    assert cell(client.get(url), "estimate-price") == ["Rp68.000"]
    assert cell(client.get(url), "estimate-saving") == ["Rp120.000"]


def test_the_round_pages_queries_are_bounded(django_assert_max_num_queries):
    world = jointbuy_world(members=3)
    round_ = open_round(world, [rice_item(world.supplier), sugar_item(world.supplier)])
    rice, sugar = round_items(round_)
    for member in range(3):
        commit(world, member, round_, {rice: 20 + member, sugar: 50})
    client = client_for(world.managers[0])
    with django_assert_max_num_queries(20):
        assert client.get(round_url(world, round_)).status_code == 200
    close_round(world, round_)
    with django_assert_max_num_queries(20):
        assert client.get(round_url(world, round_)).status_code == 200


# --- a draft from the mart's reorder suggestions -----------------------------------------------------------------


def test_the_reorder_suggestions_fill_the_quantities_without_committing():
    world = jointbuy_world(members=1)
    cooperative, manager = world.cooperatives[0], world.managers[0]
    standard = standard_product_save(
        network=world.network, actor=world.coordinator, name="Beras medium 5 kg", recommended_price=D(75000)
    )
    standard_adopt(cooperative=cooperative, actor=manager, network_id=world.network.pk)
    OutletFactory.create(cooperative=cooperative)
    Product.objects.filter(cooperative=cooperative, standard=standard).update(min_stock=D(34))
    round_ = open_round(world, [rice_item(world.supplier, standard_product_id=standard.pk), sugar_item(world.supplier)])
    rice, sugar = round_items(round_)

    response = client_for(manager).get(round_url(world, round_), {"dari": "saran"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="suggested"' in page
    assert f'name="quantity_{rice.pk}" value="34"' in page
    assert f'name="quantity_{sugar.pk}" value=""' in page
    assert cell(response, "estimate-cases") == ["3", "0"]  # 34 sacks make 3 whole cases without tolerance
    assert not Commitment.objects.exists()

    # the supervisor gets the page as it is: no draft
    read = client_for(world.supervisors[0]).get(round_url(world, round_), {"dari": "saran"})
    assert 'data-testid="suggested"' not in read.content.decode()


def test_no_suggestion_says_so():
    world = jointbuy_world(members=1)
    round_ = open_round(world)
    response = client_for(world.managers[0]).get(round_url(world, round_), {"dari": "saran"})
    assert response.status_code == 200 and 'data-testid="suggested-none"' in response.content.decode()


# --- a round after closing ---------------------------------------------------------------------------------------


def test_after_closing_the_page_shows_what_the_cooperative_got_and_why():
    world = jointbuy_world(members=2)
    round_ = open_round(world, [rice_item(world.supplier, max_cases=10), sugar_item(world.supplier, min_cases=3)])
    rice, sugar = round_items(round_)
    commit(world, 0, round_, {rice: 80, sugar: 50})  # 8 cases of rice; 1 case of sugar, below the minimum of 3
    commit(world, 1, round_, {rice: 40})  # 12 cases of rice asked for, the supplier delivers 10
    close_round(world, round_)
    rice_allocation = Commitment.objects.allocated().get(cooperative=world.cooperatives[0], item=rice)

    for user in (world.managers[0], world.supervisors[0]):
        response = client_for(user).get(round_url(world, round_))
        assert response.status_code == 200
        assert 'data-testid="commit-form"' not in response.content.decode()
        assert cell(response, "allocation-cases") == [str(rice_allocation.cases), "0"]
        reasons = cell(response, "allocation-reason")
        assert f"{rice_allocation.cases} dari 8 dus" in reasons[0] and "dibagi menurut aturan ronde" in reasons[0]
        assert "di bawah minimum pemasok" in reasons[1]
        assert cell(response, "allocation-price")[0] == "Rp68.000"
        cost = rice_allocation.cases * 10 * 68000
        assert cell(response, "allocation-total-cost") == [f"Rp{cost:,}".replace(",", ".")]
        assert cell(response, "allocation-total-saving") == [
            f"Rp{rice_allocation.cases * 10 * 4000:,}".replace(",", ".")
        ]
        events = cell(response, "round-event")
        assert len(events) >= 4 and any("Gula pasir" in sentence for sentence in events)
    assert rice_allocation.cases == 7  # 8 of 12 asked for, of 10 delivered: largest remainders


def test_a_closed_round_refuses_commitments_from_its_page():
    world = jointbuy_world(members=1)
    round_ = open_round(world)
    rice = round_items(round_)[0]
    commit(world, 0, round_, {rice: 20})
    close_round(world, round_)
    response = post_lines(world, round_, {rice: ("30", "0")})
    assert response.status_code == 400
    assert "sudah ditutup" in cell(response, "form-error")[0]
    assert Commitment.objects.get(round=round_).quantity == D(20)


# --- receiving the goods -----------------------------------------------------------------------------------------


def receiving_world() -> tuple[World, Round, RoundItem]:
    """A closed round of rice (the network's standard product, adopted by the first cooperative's mart) whose
    supplier confirmed its order; the first cooperative has 3 cases."""
    world = jointbuy_world(members=2)
    for cooperative in world.cooperatives:
        chart_of_accounts_create(cooperative=cooperative)
        OutletFactory.create(cooperative=cooperative, name=f"Mart {cooperative.pk}")
    standard = standard_product_save(
        network=world.network, actor=world.coordinator, name="Beras medium 5 kg", recommended_price=D(75000)
    )
    standard_adopt(cooperative=world.cooperatives[0], actor=world.managers[0], network_id=world.network.pk)
    round_ = open_round(world, [rice_item(world.supplier, standard_product_id=standard.pk)])
    rice = round_items(round_)[0]
    commit(world, 0, round_, {rice: 30})
    commit(world, 1, round_, {rice: 20})
    close_round(world, round_)
    return world, round_, rice


def confirm(world: World, round_: Round) -> None:
    supplier_order_confirm(
        supplier=world.supplier,
        actor=world.supplier_staff,
        round_supplier_id=supplier_order(world, round_).pk,
        confirmed={},
        delivery_date=(timezone.localdate() + dt.timedelta(days=3)).isoformat(),
    )


def receive_data(world: World, round_: Round, rice: RoundItem, good: str, damaged: str = "") -> dict[str, str]:
    return {
        "round_supplier_id": str(supplier_order(world, round_).pk),
        "outlet_id": str(world.cooperatives[0].outlets.get().pk),
        f"received_{rice.pk}": good,
        f"damaged_{rice.pk}": damaged,
        "delivery_note": "SJ-0912",
    }


def test_the_receive_page_waits_for_the_suppliers_confirmation():
    world, round_, _rice = receiving_world()
    response = client_for(world.managers[0]).get(round_url(world, round_, name="member_receive"))
    assert response.status_code == 200
    assert 'data-testid="receive-waiting"' in response.content.decode()
    assert 'data-testid="receive-form"' not in response.content.decode()
    assert (
        'data-testid="receive-link"' not in client_for(world.managers[0]).get(round_url(world, round_)).content.decode()
    )


def test_a_manager_receives_the_goods_into_the_marts_stock():
    world, round_, rice = receiving_world()
    confirm(world, round_)
    manager = client_for(world.managers[0])
    assert 'data-testid="receive-link"' in manager.get(round_url(world, round_)).content.decode()
    page = manager.get(round_url(world, round_, name="member_receive"))
    assert page.status_code == 200
    assert f'name="received_{rice.pk}" value="3"' in page.content.decode()  # what is due, ready to record

    response = manager.post(
        round_url(world, round_, name="member_receive"), receive_data(world, round_, rice, "2", "1")
    )
    assert response.status_code == 302 and response["Location"] == round_url(world, round_)
    receipt = RoundReceipt.objects.select_related("goods_receipt").get(cooperative=world.cooperatives[0])
    assert receipt.goods_receipt.total == D(20 * 70000)  # 5 cases in the round: the first tier's price
    product = Product.objects.get(cooperative=world.cooperatives[0], standard__isnull=False)
    level = StockLevel.objects.get(cooperative=world.cooperatives[0], product=product)
    assert level.quantity == D(20)
    assert Commitment.objects.allocated().get(cooperative=world.cooperatives[0], item=rice).received_cases == D(3)
    after = manager.get(round_url(world, round_, name="member_receive"))
    assert cell(after, "round-receipt-row")  # the receipt is listed
    assert 'data-testid="receive-form"' not in after.content.decode()  # nothing is due any more


@pytest.mark.parametrize(
    ("good", "damaged", "field", "message"),
    [
        ("4", "", "received", "masih menjadi hak"),
        ("1.5", "", "received", ""),
        ("-1", "", "received", "tidak boleh negatif"),
        ("1", "x", "damaged", "bukan angka yang sah"),
    ],
)
def test_a_refused_receipt_is_shown_by_its_field_and_nothing_is_written(good, damaged, field, message):
    world, round_, rice = receiving_world()
    confirm(world, round_)
    response = client_for(world.managers[0]).post(
        round_url(world, round_, name="member_receive"), receive_data(world, round_, rice, good, damaged)
    )
    assert response.status_code == 400
    assert f'id="{field}_{rice.pk}-error"' in response.content.decode()
    assert message in cell(response, "field-error")[0]
    assert not RoundReceipt.objects.exists()
    assert not StockLevel.objects.filter(cooperative=world.cooperatives[0]).exclude(quantity=0).exists()
    assert Commitment.objects.allocated().get(cooperative=world.cooperatives[0], item=rice).received_cases == 0


def test_a_mart_without_the_product_is_told_by_the_line():
    world, round_, rice = receiving_world()
    confirm(world, round_)
    data = receive_data(world, round_, rice, "2")
    data["outlet_id"] = str(world.cooperatives[1].outlets.get().pk)
    client = client_for(world.managers[1])  # its mart never adopted the standard rice
    data[f"received_{rice.pk}"] = "1"
    response = client.post(round_url(world, round_, member=1, name="member_receive"), data)
    assert response.status_code == 400
    assert "belum ada di produk mart ini" in " ".join(cell(response, "field-error") + cell(response, "form-error"))
    assert not RoundReceipt.objects.exists()


def test_a_supervisor_reads_the_receive_page_but_cannot_receive():
    world, round_, rice = receiving_world()
    confirm(world, round_)
    supervisor = client_for(world.supervisors[0])
    page = supervisor.get(round_url(world, round_, name="member_receive"))
    assert page.status_code == 200 and 'data-testid="receive-form"' not in page.content.decode()
    refused = supervisor.post(round_url(world, round_, name="member_receive"), receive_data(world, round_, rice, "3"))
    assert refused.status_code == 403
    assert not RoundReceipt.objects.exists()
