"""The needs over the API: the same lifecycle, the same access and refusals as the pages, in JSON."""

import datetime as dt
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from simpul.core.models import User
from simpul.core.tokens import api_token_create
from simpul.needs.models import Need, NeedStatus, Pledge
from simpul.needs.tests.factories import needs_world, post_need

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _client(user: User) -> Client:
    _token, key = api_token_create(user=user, name="uji")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type=JSON)


@pytest.fixture
def world():
    return needs_world()


def test_a_need_goes_the_whole_way_through_the_api(world):
    manager, officer, supplier = _client(world.manager), _client(world.officer), _client(world.supplier_staff)
    slug = world.cooperative.slug
    needed_by = (world.cooperative.today() + dt.timedelta(days=5)).isoformat()
    created = _post(
        manager,
        f"/api/v1/cooperatives/{slug}/needs",
        {
            "category": "stock",
            "item": "Gula pasir",
            "quantity": "200",
            "unit": "kg",
            "needed_by": needed_by,
            "priority": "urgent",
            "submit": True,
        },
    )
    assert created.status_code == 201, created.json()
    need = created.json()
    assert need["status"] == "submitted" and need["quantity"] == "200.000" and need["response_overdue"] is False
    listed = officer.get("/api/v1/dinas/32.73/needs").json()
    assert [row["id"] for row in listed] == [need["id"]]
    acknowledged = _post(officer, f"/api/v1/dinas/32.73/needs/{need['id']}/transition", {"to": "acknowledged"})
    assert acknowledged.status_code == 200 and acknowledged.json()["officer"] == world.officer.full_name
    assert [row["id"] for row in supplier.get("/api/v1/supplier/needs").json()] == [need["id"]]
    offered = _post(
        supplier,
        f"/api/v1/supplier/needs/{need['id']}/pledges",
        {"quantity": "200", "unit_price": "14500.50", "deliver_by": needed_by},
    )
    assert offered.status_code == 201 and offered.json()["total"] == "2900100.00"
    pledge_id = offered.json()["id"]
    step = f"/api/v1/cooperatives/{slug}/needs/{need['id']}/pledges/{pledge_id}/transition"
    assert _post(manager, step, {"to": "accepted"}).status_code == 200
    assert _post(supplier, f"/api/v1/supplier/pledges/{pledge_id}/transition", {"to": "shipped"}).status_code == 200
    received = _post(manager, step, {"to": "received", "received_quantity": "200"})
    assert received.status_code == 200
    detail = manager.get(f"/api/v1/cooperatives/{slug}/needs/{need['id']}").json()
    assert detail["status"] == "fulfilled" and detail["received_quantity"] == "200.000"
    assert [e["to_status"] for e in detail["events"] if e["kind"] == "status"][-1] == "fulfilled"
    assert {e["by"] for e in detail["events"]} >= {world.cooperative.name, world.office.name, world.supplier.name}


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"quantity": "-5"}, "invalid_quantity"),
        ({"quantity": 5.5}, "validation_error"),
        ({"needed_by": "2001-01-01"}, "invalid_date"),
        ({"category": "emas"}, "validation_error"),
        ({"item": ""}, "validation_error"),
        ({"unit": ""}, "required"),
        ({"surprise": 1}, "validation_error"),
    ],
)
def test_bad_needs_get_a_400_with_a_code_and_nothing_is_written(world, body, code):
    needed_by = (world.cooperative.today() + dt.timedelta(days=5)).isoformat()
    base = {"category": "stock", "item": "Beras", "quantity": "10", "unit": "kg", "needed_by": needed_by}
    response = _post(_client(world.manager), f"/api/v1/cooperatives/{world.cooperative.slug}/needs", base | body)
    assert response.status_code in (400, 422) and response.json()["code"] == code
    assert response.json()["message"]
    assert not Need.objects.exists()


def test_a_forbidden_transition_and_a_negative_pledge_are_refused(world):
    need = post_need(world)
    officer = _client(world.officer)
    refused = _post(officer, f"/api/v1/dinas/32.73/needs/{need.pk}/transition", {"to": "fulfilled"})
    assert refused.status_code == 400 and refused.json()["code"] == "invalid_transition"
    negative = _post(
        _client(world.supplier_staff),
        f"/api/v1/supplier/needs/{need.pk}/pledges",
        {"quantity": "-1", "unit_price": "100", "deliver_by": world.cooperative.today().isoformat()},
    )
    assert negative.status_code == 400 and negative.json()["code"] == "invalid_quantity"
    assert not Pledge.objects.exists()
    need.refresh_from_db()
    assert need.status == NeedStatus.SUBMITTED


def test_other_sides_get_404(world):
    need = post_need(world)
    assert _client(world.other_officer).get(f"/api/v1/dinas/33.01/needs/{need.pk}").status_code == 404
    assert _client(world.far_supplier_staff).get(f"/api/v1/supplier/needs/{need.pk}").status_code == 404
    stranger = _client(world.stranger_manager)
    assert stranger.get(f"/api/v1/cooperatives/{world.cooperative.slug}/needs/{need.pk}").status_code == 404
    assert (
        _post(
            stranger,
            f"/api/v1/cooperatives/{world.stranger.slug}/network-needs/{need.pk}/pledges",
            {"quantity": "1", "unit_price": "1", "deliver_by": world.cooperative.today().isoformat()},
        ).status_code
        == 404
    )


def test_the_public_summary_names_nobody(world, client):
    post_need(world, description="Telepon Pak Budi 0812 9999")
    body = client.get("/api/v1/needs/summary?region=32.73").json()
    assert body["levels"]["open"] == 1
    assert [row["open"] for row in body["categories"] if row["category"] == "stock"] == [1]
    text = json.dumps(body)
    assert "Budi" not in text and world.cooperative.name not in text and "Beras" not in text
    assert client.get("/api/v1/needs/summary?region=99").status_code == 404


def test_a_draft_gets_its_photo_through_the_api_and_a_sent_need_keeps_its_own(world):
    from simpul.needs.tests.test_lifecycle import PNG

    manager = _client(world.manager)
    slug = world.cooperative.slug
    draft = post_need(world, submit=False)
    url = f"/api/v1/cooperatives/{slug}/needs/{draft.pk}/photo"
    assert manager.get(url).status_code == 404  # no photo yet
    refused = manager.post(url, {"photo": SimpleUploadedFile("rak.png", b"GIF89a" + b"0" * 64)})
    assert refused.status_code == 400 and refused.json()["code"] == "invalid_file"
    draft.refresh_from_db()
    assert not draft.photo
    attached = manager.post(url, {"photo": SimpleUploadedFile("rak.png", PNG)})
    assert attached.status_code == 200 and attached.json()["has_photo"] is True
    shown = manager.get(url)
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert b"".join(shown.streaming_content) == PNG  # type: ignore[attr-defined]
    # A network peer's manager reaches neither under this cooperative's address.
    peer = _client(world.peer_manager)
    assert peer.get(url).status_code == 404
    assert peer.post(url, {"photo": SimpleUploadedFile("rak.png", PNG)}).status_code == 404
    sent = post_need(world, submit=True)
    late = manager.post(
        f"/api/v1/cooperatives/{slug}/needs/{sent.pk}/photo", {"photo": SimpleUploadedFile("rak.png", PNG)}
    )
    assert late.status_code == 400 and late.json()["code"] == "not_editable"
    sent.refresh_from_db()
    assert not sent.photo
