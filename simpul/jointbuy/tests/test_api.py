"""Belanja Bareng's API end to end: the coordinator opens a round, managers commit and see their estimate, the
coordinator closes, the supplier confirms part; bad input is a 4xx JSON error with nothing written, another
organisation's round or order is 404, and the lists' queries do not grow with their rows."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from simpul.core.models import User
from simpul.core.tokens import api_token_create
from simpul.jointbuy.models import Commitment, CommitmentChange, Round, RoundItem, RoundStatus
from simpul.jointbuy.tests.factories import (
    World,
    close_round,
    commit,
    jointbuy_world,
    member_add,
    open_round,
    rice_item,
    round_data,
    round_items,
    sugar_item,
    supplier_order,
    supplier_with_staff,
)

pytestmark = pytest.mark.django_db

D = Decimal
JSON = "application/json"


def _client(user: User) -> Client:
    _token, key = api_token_create(user=user, name="skrip")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture
def world() -> World:
    return jointbuy_world(members=2)


def _round_body(world: World, **overrides: Any) -> dict[str, Any]:
    data = round_data(world, items=[rice_item(world.supplier), sugar_item(world.supplier)])
    data["opens_at"] = None
    data["closes_at"] = (timezone.now() + dt.timedelta(days=3)).isoformat()
    data.update(overrides)
    return data


def _rounds(world: World) -> str:
    return f"/api/v1/networks/{world.network.slug}/jointbuy/rounds"


def _member(world: World, member: int) -> str:
    return f"/api/v1/cooperatives/{world.cooperatives[member].slug}/jointbuy/rounds"


def test_a_round_from_opening_to_a_partial_confirmation(world: World) -> None:
    coordinator = _client(world.coordinator)
    opened = coordinator.post(_rounds(world), _round_body(world), content_type=JSON)
    assert opened.status_code == 201, opened.content
    body = opened.json()
    round_id = body["id"]
    assert body["status"] == "open" and body["network"] == world.network.slug
    rice, sugar = body["items"]
    assert rice["case_size"] == "10.000" and rice["list_price"] == "72000.00"
    assert rice["tiers"] == [
        {"min_cases": 1, "max_cases": 9, "price": "70000.00"},
        {"min_cases": 10, "max_cases": None, "price": "68000.00"},
    ]
    assert (rice["cases"], rice["price"], rice["cases_to_next"], rice["below_minimum"]) == (0, "70000.00", 1, True)
    assert [e["kind"] for e in body["events"]] == ["opened"]
    assert body["suppliers"][0]["agreement_number"] == world.agreement.number

    manager = _client(world.managers[0])
    line = {"item_id": rice["id"], "quantity": "55", "tolerance": "5"}
    put = manager.put(f"{_member(world, 0)}/{round_id}/commitments", {"lines": [line]}, content_type=JSON)
    assert put.status_code == 200, put.content
    mine = put.json()
    # 55 sacks and 5 of tolerance: 6 cases at Rp70,000 a sack (the first tier), Rp2,000 less than alone each.
    assert mine["own"] == [
        {
            "item_id": rice["id"],
            "quantity": "55.000",
            "tolerance": "5.000",
            "cases": 6,
            "units": "60.000",
            "cost": "4200000.00",
            "alone": "4320000.00",
            "saving": "120000.00",
        }
    ]
    assert mine["cost"] == "4200000.00" and mine["saving"] == "120000.00" and mine["limit"] is None
    assert mine["allocations"] == []

    second = _client(world.managers[1])
    put = second.put(
        f"{_member(world, 1)}/{round_id}/commitments",
        {"lines": [{"item_id": rice["id"], "quantity": "40"}, {"item_id": sugar["id"], "quantity": "75.5"}]},
        content_type=JSON,
    )
    assert put.status_code == 200, put.content
    # 10 cases reach the second tier: the first cooperative's estimate drops with it.
    again = manager.get(f"{_member(world, 0)}/{round_id}").json()
    assert again["items"][0]["cases"] == 10 and again["items"][0]["price"] == "68000.00"
    assert again["cost"] == "4080000.00" and again["saving"] == "240000.00"
    assert again["items"][0]["next_tier_price"] is None and again["items"][0]["cases_to_next"] is None

    closed = coordinator.post(f"{_rounds(world)}/{round_id}/close", content_type=JSON)
    assert closed.status_code == 200, closed.content
    assert closed.json()["status"] == "closed"
    kinds = {e["kind"] for e in closed.json()["events"]}
    assert {"rounded", "tier", "ordered", "closed"} <= kinds
    order_id = closed.json()["suppliers"][0]["order_id"]
    mine = manager.get(f"{_member(world, 0)}/{round_id}").json()
    assert mine["allocations"] == [{"item_id": rice["id"], "wanted_cases": 6, "cases": 6, "reason": ""}]

    supplier = _client(world.supplier_staff)
    orders = supplier.get("/api/v1/supplier/jointbuy/orders").json()
    assert [o["id"] for o in orders] == [order_id]
    order = supplier.get(f"/api/v1/supplier/jointbuy/orders/{order_id}").json()
    assert [(i["id"], i["ordered_cases"], i["price"], i["total"]) for i in order["items"]] == [
        (rice["id"], 10, "68000.00", "6800000.00"),
        (sugar["id"], 1, "16500.00", "825000.00"),  # 75.5 kg and no tolerance: one case of 50
    ]
    assert order["total"] == "7625000.00"
    assert sorted((d["cooperative"], d["item_id"], d["cases"]) for d in order["deliveries"]) == sorted(
        [
            (world.cooperatives[0].name, rice["id"], 6),
            (world.cooperatives[1].name, rice["id"], 4),
            (world.cooperatives[1].name, sugar["id"], 1),
        ]
    )
    delivery = (timezone.localdate() + dt.timedelta(days=4)).isoformat()
    confirmed = supplier.post(
        f"/api/v1/supplier/jointbuy/orders/{order_id}/confirm",
        {"items": {str(rice["id"]): 8}, "delivery_date": delivery},
        content_type=JSON,
    )
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["delivery_date"] == delivery and confirmed.json()["round_status"] == "confirmed"
    assert confirmed.json()["items"][0]["confirmed_cases"] == 8
    # 8 of the 10 cases shared again 6:4 → 4.8 and 3.2: the larger remainder takes the last case.
    shared = manager.get(f"{_member(world, 0)}/{round_id}").json()["allocations"]
    assert shared == [{"item_id": rice["id"], "wanted_cases": 6, "cases": 5, "reason": "capped"}]


def test_the_lists_show_each_side_its_own(world: World) -> None:
    mine = open_round(world)
    other = jointbuy_world(members=1)
    theirs = open_round(other)
    listed = _client(world.coordinator).get(_rounds(world)).json()
    assert [r["id"] for r in listed] == [mine.pk]
    member = _client(world.supervisors[0]).get(_member(world, 0))
    assert member.status_code == 200 and [r["id"] for r in member.json()] == [mine.pk]
    assert _client(world.supervisors[0]).get(f"{_member(world, 0)}/{theirs.pk}").status_code == 404
    assert _client(world.coordinator).get(f"{_rounds(world)}/{theirs.pk}").status_code == 404
    assert _client(other.coordinator).get(_rounds(world)).status_code == 404


def test_bad_rounds_are_refused_with_nothing_written(world: World) -> None:
    coordinator = _client(world.coordinator)
    gap = [{"min_cases": 1, "max_cases": 5, "price": "70000"}, {"min_cases": 7, "max_cases": None, "price": "68000"}]
    answers = {
        "invalid_tiers": _round_body(world, items=[rice_item(world.supplier, tiers=gap)]),
        "no_items": _round_body(world, items=[]),
        "invalid_agreement": _round_body(
            world,
            suppliers=[{"supplier_id": world.supplier.pk, "agreement_id": jointbuy_world(members=0).agreement.pk}],
        ),
        "invalid_dates": _round_body(world, closes_at="2099-01-31T17:00:00"),  # no time zone
        "invalid_amount": _round_body(world, items=[rice_item(world.supplier, list_price=72000.5)]),
    }
    for code, body in answers.items():
        answer = coordinator.post(_rounds(world), body, content_type=JSON)
        assert answer.status_code == 400, (code, answer.content)
        assert answer.json()["code"] == code, answer.json()
    too_long = coordinator.post(_rounds(world), _round_body(world, title="R" * 151), content_type=JSON)
    assert too_long.status_code == 422 and too_long.json()["detail"][0]["field"] == "title"
    unknown = coordinator.post(_rounds(world), _round_body(world, delivery_mode="drone"), content_type=JSON)
    assert unknown.status_code == 422
    assert Round.objects.count() == 0 and RoundItem.objects.count() == 0


def test_only_the_coordinator_opens_closes_and_cancels(world: World) -> None:
    round_ = open_round(world)
    for person in (world.managers[0], world.supplier_staff, jointbuy_world(members=0).coordinator):
        client = _client(person)
        assert client.post(_rounds(world), _round_body(world), content_type=JSON).status_code == 404
        assert client.post(f"{_rounds(world)}/{round_.pk}/close", content_type=JSON).status_code == 404
    assert Round.objects.count() == 1 and Round.objects.get().status == RoundStatus.OPEN
    cancelled = _client(world.coordinator).post(
        f"{_rounds(world)}/{round_.pk}/cancel", {"reason": "Harga naik"}, content_type=JSON
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    last = cancelled.json()["events"][-1]
    assert (last["kind"], last["details"]) == ("cancelled", {"reason": "Harga naik"})
    again = _client(world.coordinator).post(f"{_rounds(world)}/{round_.pk}/close", content_type=JSON)
    assert again.status_code == 400 and again.json()["code"] == "invalid_status"


def test_bad_commitments_are_refused_with_nothing_written(world: World) -> None:
    round_ = open_round(world, items=[rice_item(world.supplier)], default_limit="700000")
    [rice] = round_items(round_)
    manager = _client(world.managers[0])
    url = f"{_member(world, 0)}/{round_.pk}/commitments"
    refusals = {
        "invalid_quantity": [{"item_id": rice.pk, "quantity": "-1"}],
        "over_limit": [{"item_id": rice.pk, "quantity": "11"}],
        "unknown_item": [{"item_id": 999999, "quantity": "1"}],
    }
    for code, lines in refusals.items():
        answer = manager.put(url, {"lines": lines}, content_type=JSON)
        assert answer.status_code == 400 and answer.json()["code"] == code, answer.content
    fraction = manager.put(url, {"lines": [{"item_id": rice.pk, "quantity": "2.5"}]}, content_type=JSON)
    assert fraction.json()["code"] == "invalid_quantity" and "pcs" in fraction.json()["message"]
    number = manager.put(url, {"lines": [{"item_id": rice.pk, "quantity": 5}]}, content_type=JSON)
    assert number.status_code == 422  # quantities are text, never a JSON number
    supervisor = _client(world.supervisors[0]).put(
        url, {"lines": [{"item_id": rice.pk, "quantity": "5"}]}, content_type=JSON
    )
    assert supervisor.status_code == 403
    assert not Commitment.objects.exists() and not CommitmentChange.objects.exists()
    close_round(world, round_)
    late = manager.put(url, {"lines": [{"item_id": rice.pk, "quantity": "5"}]}, content_type=JSON)
    assert late.status_code == 400 and late.json()["code"] == "round_closed"
    assert not Commitment.objects.exists()


def test_a_cooperative_outside_the_network_is_404_and_nothing_written(world: World) -> None:
    round_ = open_round(world)
    [rice] = round_items(round_)
    outsider = jointbuy_world(members=1)
    url = f"/api/v1/cooperatives/{outsider.cooperatives[0].slug}/jointbuy/rounds/{round_.pk}"
    client = _client(outsider.managers[0])
    assert client.get(url).status_code == 404
    put = client.put(f"{url}/commitments", {"lines": [{"item_id": rice.pk, "quantity": "10"}]}, content_type=JSON)
    assert put.status_code == 404 and put.json()["code"] == "not_found"
    assert client.get(f"/api/v1/cooperatives/{outsider.cooperatives[0].slug}/jointbuy/rounds").json() == []
    # Another cooperative's URL: 404 whatever the round.
    foreign = _client(world.managers[0]).get(f"/api/v1/cooperatives/{outsider.cooperatives[0].slug}/jointbuy/rounds")
    assert foreign.status_code == 404
    assert not Commitment.objects.exists()


def test_the_supplier_side_refuses_more_than_ordered_and_other_suppliers(world: World) -> None:
    round_ = open_round(world)
    [rice] = round_items(round_)
    commit(world, 0, round_, {rice: 30})
    close_round(world, round_)
    order = supplier_order(world, round_)
    url = f"/api/v1/supplier/jointbuy/orders/{order.pk}"
    delivery = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    supplier = _client(world.supplier_staff)
    over = supplier.post(f"{url}/confirm", {"items": {str(rice.pk): 4}, "delivery_date": delivery}, content_type=JSON)
    assert over.status_code == 400 and over.json()["code"] == "over_ordered"
    early = supplier.post(f"{url}/confirm", {"delivery_date": "2020-01-01"}, content_type=JSON)
    assert early.status_code == 400 and early.json()["code"] == "invalid_dates"
    _other, other_staff, _agreement = supplier_with_staff(world.network)
    stranger = _client(other_staff)
    assert stranger.get(url).status_code == 404
    assert stranger.post(f"{url}/confirm", {"delivery_date": delivery}, content_type=JSON).status_code == 404
    assert stranger.get("/api/v1/supplier/jointbuy/orders").json() == []
    assert _client(world.managers[0]).get(url).status_code == 404
    order.refresh_from_db()
    assert order.confirmed_at is None and RoundItem.objects.get(pk=rice.pk).confirmed_cases is None
    assert list(Commitment.objects.allocated().filter(round=round_).values_list("cases", flat=True)) == [3]


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_lists_and_a_round_read_in_queries_that_do_not_grow_with_rows(world: World) -> None:
    coordinator, supervisor = _client(world.coordinator), _client(world.supervisors[0])
    round_ = open_round(world)
    commit(world, 0, round_, {round_items(round_)[0]: 10})
    counts = (
        _queries(coordinator, _rounds(world)),
        _queries(supervisor, _member(world, 0)),
        _queries(coordinator, f"{_rounds(world)}/{round_.pk}"),
        _queries(supervisor, f"{_member(world, 0)}/{round_.pk}"),
    )
    for _ in range(3):
        more = open_round(world, items=[rice_item(world.supplier), sugar_item(world.supplier)])
        for member in (0, 1):
            commit(world, member, more, {item: 50 for item in round_items(more)})
    bigger = open_round(world, items=[rice_item(world.supplier), sugar_item(world.supplier)] * 3)
    for member in (0, 1):
        commit(world, member, bigger, {item: 20 for item in round_items(bigger)})
    member_add(world.network)
    assert (
        _queries(coordinator, _rounds(world)),
        _queries(supervisor, _member(world, 0)),
        _queries(coordinator, f"{_rounds(world)}/{bigger.pk}"),
        _queries(supervisor, f"{_member(world, 0)}/{bigger.pk}"),
    ) == counts
    close_round(world, bigger)
    supplier = _client(world.supplier_staff)
    order = supplier_order(world, bigger)
    assert _queries(supplier, f"/api/v1/supplier/jointbuy/orders/{order.pk}") <= 8
    close_round(world, round_)
    assert _queries(supplier, "/api/v1/supplier/jointbuy/orders") <= 4


def test_the_coordinator_records_agreements_and_opens_a_round_on_one(world: World) -> None:
    coordinator = _client(world.coordinator)
    url = f"/api/v1/networks/{world.network.slug}/jointbuy/agreements"
    other, _staff, _none = supplier_with_staff()
    body = {"supplier_id": other.pk, "number": "MoU/BULOG/2026/07", "signed_on": "2026-01-05", "scope": "Beras"}
    created = coordinator.post(url, body, content_type=JSON)
    assert created.status_code == 201, created.content
    agreement = created.json()
    assert (agreement["supplier_id"], agreement["supplier"], agreement["number"]) == (
        other.pk,
        other.name,
        body["number"],
    )
    assert agreement["valid_until"] is None and agreement["has_document"] is False
    listed = coordinator.get(url).json()
    assert {a["id"] for a in listed} == {world.agreement.pk, agreement["id"]}
    refusals = {
        "invalid_agreement": body,  # the same number again
        "invalid_dates": body | {"number": "MoU/2", "signed_on": "2099-01-01"},
    }
    for code, bad in refusals.items():
        answer = coordinator.post(url, bad, content_type=JSON)
        assert answer.status_code == 400 and answer.json()["code"] == code, answer.content
    ends_before = coordinator.post(url, body | {"number": "MoU/3", "valid_until": "2025-12-31"}, content_type=JSON)
    assert ends_before.status_code == 400 and ends_before.json()["code"] == "invalid_dates"
    assert _client(world.managers[0]).post(url, body | {"number": "MoU/4"}, content_type=JSON).status_code == 404
    assert _client(jointbuy_world(members=0).coordinator).get(url).status_code == 404
    assert len(coordinator.get(url).json()) == 2

    opened = coordinator.post(
        _rounds(world),
        _round_body(
            world,
            items=[rice_item(other)],
            suppliers=[{"supplier_id": other.pk, "agreement_id": agreement["id"]}],
        ),
        content_type=JSON,
    )
    assert opened.status_code == 201, opened.content
    assert opened.json()["suppliers"][0]["agreement_number"] == "MoU/BULOG/2026/07"
