"""The till's sale API and the offline sync endpoint: per-sale answers, replays that add nothing, one malformed sale
in a batch, the batch limit, and who may send (another cooperative's slug and a person without a role: 404)."""

import datetime as dt
import json
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import CooperativeFactory, OutletFactory, UserFactory, person_with_role
from simpul.core.models import AuditLog
from simpul.ledger import chart
from simpul.mart.models import Sale, Shift, StockLevel, StockMove
from simpul.mart.tests.sale_world import Mart, balance, make_mart

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def mart() -> Mart:
    return make_mart()


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sale(mart: Mart, **overrides: Any) -> dict[str, Any]:
    sale = {
        "client_id": str(uuid.uuid4()),
        "outlet_id": mart.outlet.pk,
        "sold_at": (timezone.now() - dt.timedelta(minutes=30)).isoformat(),
        "lines": [{"product_id": mart.noodles.pk, "quantity": "2", "unit_price": "3500"}],
        "payments": [{"method": "cash", "amount": "10000"}],
    }
    sale.update(overrides)
    return sale


def _sync(client: Client, slug: str, sales: Any) -> Any:
    return client.post(
        f"/api/v1/cooperatives/{slug}/mart/sync", json.dumps({"sales": sales}), content_type="application/json"
    )


def _on_hand(mart: Mart) -> Decimal:
    return StockLevel.objects.get(outlet=mart.outlet, product=mart.noodles).quantity


def test_an_online_sale_is_recorded_once_and_its_replay_answers_the_first(mart):
    client = _client(mart.cashier)
    body = _sale(mart)
    del body["sold_at"]
    url = f"/api/v1/cooperatives/{mart.cooperative.slug}/mart/sales"
    first = client.post(url, json.dumps(body), content_type="application/json")
    assert first.status_code == 201, first.content
    data = first.json()
    assert data["total"] == "7000.00" and data["change"] == "3000.00" and data["replayed"] is False
    assert data["lines"][0]["name"] == "Mie Instan" and data["offline"] is False
    again = client.post(url, json.dumps(body), content_type="application/json")
    assert again.status_code == 200 and again.json()["number"] == data["number"] and again.json()["replayed"]
    assert Sale.objects.filter(cooperative=mart.cooperative).count() == 1
    assert _on_hand(mart) == D(98)


def test_an_online_sale_that_is_not_covered_is_refused_in_indonesian_and_writes_nothing(mart):
    client = _client(mart.cashier)
    body = _sale(mart, payments=[{"method": "cash", "amount": "5000"}])
    response = client.post(
        f"/api/v1/cooperatives/{mart.cooperative.slug}/mart/sales", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "payment_short"
    assert response.json()["message"] == "Pembayaran Rp5.000 belum menutup total Rp7.000."
    assert not Sale.objects.filter(cooperative=mart.cooperative).exists()
    assert _on_hand(mart) == D(100)


def test_a_batch_is_recorded_and_replaying_it_adds_nothing(mart):
    client = _client(mart.cashier)
    sales = [_sale(mart) for _ in range(5)]
    first = _sync(client, mart.cooperative.slug, sales)
    assert first.status_code == 200, first.content
    results = first.json()["results"]
    assert [r["status"] for r in results] == ["accepted"] * 5
    assert [r["client_id"] for r in results] == [s["client_id"] for s in sales]
    assert all(r["number"] for r in results)
    cash = balance(mart.cooperative, chart.CASH)
    moves = StockMove.objects.filter(cooperative=mart.cooperative).count()

    replay = _sync(client, mart.cooperative.slug, sales)
    assert [r["status"] for r in replay.json()["results"]] == ["duplicate"] * 5
    assert [r["number"] for r in replay.json()["results"]] == [r["number"] for r in results]
    assert Sale.objects.filter(cooperative=mart.cooperative).count() == 5
    assert StockMove.objects.filter(cooperative=mart.cooperative).count() == moves
    assert balance(mart.cooperative, chart.CASH) == cash
    assert _on_hand(mart) == D(90)
    assert all(sale.offline for sale in Sale.objects.filter(cooperative=mart.cooperative))


def test_one_malformed_sale_is_rejected_with_its_message_and_the_good_ones_are_kept(mart):
    client = _client(mart.cashier)
    good = [_sale(mart), _sale(mart)]
    letters = _sale(mart, lines=[{"product_id": mart.noodles.pk, "quantity": "dua"}])
    no_lines = _sale(mart)
    del no_lines["lines"]
    batch = [good[0], letters, no_lines, "not a sale", good[1]]
    response = _sync(client, mart.cooperative.slug, batch)
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["accepted", "rejected", "rejected", "rejected", "accepted"]
    assert "jumlah" in results[1]["message"].lower() or "angka" in results[1]["message"].lower()
    assert results[1]["client_id"] == letters["client_id"]
    assert results[2]["message"] and results[2]["client_id"] == no_lines["client_id"]
    assert Sale.objects.filter(cooperative=mart.cooperative).count() == 2
    assert _on_hand(mart) == D(96)


def test_an_offline_sale_that_now_conflicts_is_kept_with_its_problem(mart):
    client = _client(mart.cashier)
    more_than_stock = _sale(
        mart,
        lines=[{"product_id": mart.noodles.pk, "quantity": "120", "unit_price": "3000"}],
        payments=[{"method": "cash", "amount": "360000"}],
    )
    results = _sync(client, mart.cooperative.slug, [more_than_stock]).json()["results"]
    assert results[0]["status"] == "accepted_with_problems"
    assert results[0]["problems"]
    sale = Sale.objects.get(cooperative=mart.cooperative)
    assert sale.problems and sale.total == D(360000)


def test_a_sale_sent_online_whose_answer_was_lost_comes_back_as_a_duplicate(mart):
    client = _client(mart.cashier)
    body = _sale(mart)
    online = dict(body)
    del online["sold_at"]
    url = f"/api/v1/cooperatives/{mart.cooperative.slug}/mart/sales"
    assert client.post(url, json.dumps(online), content_type="application/json").status_code == 201
    results = _sync(client, mart.cooperative.slug, [body]).json()["results"]
    assert results[0]["status"] == "duplicate"
    assert Sale.objects.filter(cooperative=mart.cooperative).count() == 1


def test_a_client_id_reused_for_another_sale_is_rejected(mart):
    client = _client(mart.cashier)
    first = _sale(mart)
    other = _sale(mart, client_id=first["client_id"], lines=[{"product_id": mart.noodles.pk, "quantity": "1"}])
    results = _sync(client, mart.cooperative.slug, [first, other]).json()["results"]
    assert [r["status"] for r in results] == ["accepted", "rejected"]
    assert "client id" in results[1]["message"].lower() or "id" in results[1]["message"].lower()


def test_a_batch_over_100_sales_or_not_json_is_400_and_writes_nothing(mart):
    client = _client(mart.cashier)
    too_many = _sync(client, mart.cooperative.slug, [_sale(mart) for _ in range(101)])
    assert too_many.status_code == 400
    not_json = client.post(
        f"/api/v1/cooperatives/{mart.cooperative.slug}/mart/sync", "{not json", content_type="application/json"
    )
    assert not_json.status_code == 400
    assert not Sale.objects.filter(cooperative=mart.cooperative).exists()


def test_another_cooperatives_slug_and_a_person_without_a_role_get_404(mart):
    other = CooperativeFactory.create()
    cashier_elsewhere = person_with_role(RoleKind.CASHIER, other)
    stranger = UserFactory.create()
    sales = [_sale(mart)]
    assert _sync(_client(cashier_elsewhere), mart.cooperative.slug, sales).status_code == 404
    assert _sync(_client(stranger), mart.cooperative.slug, sales).status_code == 404
    assert _sync(_client(mart.cashier), other.slug, sales).status_code == 404
    supervisor = person_with_role(RoleKind.SUPERVISOR, mart.cooperative)
    assert _sync(_client(supervisor), mart.cooperative.slug, sales).status_code == 403
    assert not Sale.objects.exists()


def test_a_sale_naming_another_cooperatives_outlet_is_rejected(mart):
    other = make_mart()
    results = _sync(_client(mart.cashier), mart.cooperative.slug, [_sale(mart, outlet_id=other.outlet.pk)])
    assert results.json()["results"][0]["status"] == "rejected"
    assert not Sale.objects.exists()


def test_the_answer_to_a_new_sale_is_the_same_as_the_one_read_back_for_its_replay(mart):
    # The first answer comes from what the recording kept in memory; the replay's is read from the database.
    client = _client(mart.cashier)
    body = {
        "client_id": str(uuid.uuid4()),
        "outlet_id": mart.outlet.pk,
        "member_id": mart.member.pk,
        "lines": [
            {"product_id": mart.noodles.pk, "quantity": "3", "discount": "100"},
            {"product_id": mart.rice.pk, "quantity": "1.5"},
            {"product_id": mart.noodles.pk, "unit_id": mart.dus.pk, "quantity": "1"},
        ],
        "payments": [
            {"method": "qris", "amount": "50000", "reference": "QR-1"},
            {"method": "cash", "amount": "200000"},
        ],
    }
    url = f"/api/v1/cooperatives/{mart.cooperative.slug}/mart/sales"
    first = client.post(url, json.dumps(body), content_type="application/json")
    assert first.status_code == 201, first.content
    again = client.post(url, json.dumps(body), content_type="application/json")
    assert again.status_code == 200
    assert {**again.json(), "replayed": False} == first.json()
    assert [line["unit"] for line in first.json()["lines"]] == ["pcs", "kg", "dus"]
    assert [p["method"] for p in first.json()["payments"]] == ["qris", "cash"]


def test_a_sale_kept_offline_is_its_cashiers_whoever_sends_it_later(mart):
    # Kasir A sold offline in A's shift and logged out; the manager's login on the same till sends the outbox.
    sale = _sale(mart, shift_id=mart.shift.pk)
    answer = _sync(_client(mart.manager), mart.cooperative.slug, [sale]).json()["results"][0]
    assert answer["status"] == "accepted", answer
    recorded = Sale.objects.get(cooperative=mart.cooperative)
    assert recorded.cashier_id == mart.cashier.pk and recorded.shift_id == mart.shift.pk
    audit = AuditLog.objects.get(cooperative=mart.cooperative, event="mart.sale")
    assert audit.actor_id == mart.manager.pk and audit.changes["cashier"] == mart.cashier.pk


def test_a_sale_naming_a_shift_of_another_outlet_or_cooperative_is_rejected_and_writes_nothing(mart):
    other = make_mart()
    second = OutletFactory.create(cooperative=mart.cooperative, name="Mart Pasar")
    elsewhere = Shift.objects.create(cooperative=mart.cooperative, outlet=second, cashier=mart.manager)
    client = _client(mart.cashier)
    for shift_id in (other.shift.pk, elsewhere.pk, 987654):
        answer = _sync(client, mart.cooperative.slug, [_sale(mart, shift_id=shift_id)]).json()["results"][0]
        assert answer["status"] == "rejected", (shift_id, answer)
    assert not Sale.objects.filter(cooperative=mart.cooperative).exists()


def test_the_snapshot_names_the_cashiers_open_shift_for_the_outbox(mart):
    url = f"/api/v1/cooperatives/{mart.cooperative.slug}/mart/pos/snapshot"
    assert _client(mart.cashier).get(url).json()["shift"]["id"] == mart.shift.pk
    assert _client(mart.manager).get(url).json()["shift"] is None  # no shift open
