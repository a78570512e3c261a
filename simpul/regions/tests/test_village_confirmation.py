"""A village outside the cooperative's regency/city is refused unless confirmed, whatever the way in: the member
form without JavaScript, the member API, the outlet form and API. Inside the regency nothing is asked."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from simpul.coops.models import Outlet
from simpul.coops.tests.factories import BANDUNG_VILLAGE, CooperativeFactory, RoleKind, person_with_role
from simpul.members.models import Gender, Member
from simpul.members.tests.factories import MemberFactory, make_nik

pytestmark = pytest.mark.django_db

SUKARASA_BANDUNG = "32.73.01.1001"
SUKARASA_BOGOR = "32.01.36.2007"
BORN = datetime.date(1990, 8, 17)
REFUSAL = "Sukarasa ada di Kabupaten Bogor, di luar Kota Bandung tempat koperasi."


@pytest.fixture
def cooperative():
    return CooperativeFactory.create()  # Gegerkalong, Kota Bandung


@pytest.fixture
def manager(cooperative):
    client = Client()
    client.force_login(person_with_role(RoleKind.MANAGER, cooperative))
    return client


def member_form(**overrides: object) -> dict[str, object]:
    return {
        "nik": make_nik(BORN, Gender.MALE),
        "name": "Budi Santoso",
        "gender": "male",
        "birth_date": "1990-08-17",
        "address": "",
        "village": SUKARASA_BOGOR,
        "phone": "",
        "join_date": "2024-01-15",
    } | overrides


def test_the_member_form_without_javascript_asks_then_saves(manager, cooperative):
    url = reverse("members:register", args=[cooperative.slug])
    refused = manager.post(url, member_form())
    assert refused.status_code == 400
    body = refused.content.decode()
    assert REFUSAL in body
    # The re-rendered form shows the confirmation box (it is hidden until a village outside is chosen).
    assert 'data-testid="region-outside-village"' in body
    assert "data-region-outside hidden" not in body
    assert 'value="Sukarasa — Tanjungsari, Kabupaten Bogor, Jawa Barat"' in body
    assert not Member.objects.exists()

    assert manager.post(url, member_form(village_outside_ok="on")).status_code == 302
    assert Member.objects.get(cooperative=cooperative).village_id == SUKARASA_BOGOR


def test_a_village_of_the_regency_needs_no_confirmation(manager, cooperative):
    url = reverse("members:register", args=[cooperative.slug])
    page = manager.get(url).content.decode()
    assert "data-region-outside hidden" in page  # the box is there for the script, hidden
    assert '"near": "32.73.01.1002"' in page  # the picker searches around the cooperative's village
    assert manager.post(url, member_form(village=SUKARASA_BANDUNG)).status_code == 302


def test_editing_a_member_already_outside_does_not_ask_again(manager, cooperative):
    member = MemberFactory.create(cooperative=cooperative, village_id=SUKARASA_BOGOR)
    url = reverse("members:edit", args=[cooperative.slug, member.pk])
    page = manager.get(url).content.decode()
    assert "checked" in page.split('data-testid="region-outside-village"')[0].rsplit("<input", 1)[1]


def test_the_member_api_takes_an_explicit_flag(manager, cooperative):
    url = f"/api/v1/cooperatives/{cooperative.slug}/members"
    payload = {k: v for k, v in member_form().items() if v != "" and k != "address"}
    refused = manager.post(url, payload, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "village_outside_regency"
    assert refused.json()["detail"] == {"field": "village"}
    assert refused.json()["message"].startswith(REFUSAL)
    assert not Member.objects.exists()

    created = manager.post(url, payload | {"confirm_outside_regency": True}, content_type="application/json")
    assert created.status_code == 201, created.content
    member_id = created.json()["id"]
    # Changing something else keeps the village without asking; moving to yet another regency asks again.
    member_url = f"{url}/{member_id}"
    assert manager.patch(member_url, {"name": "Budi S."}, content_type="application/json").status_code == 200
    moved = manager.patch(member_url, {"village": "32.05.07.2003"}, content_type="application/json")
    assert moved.status_code == 400 and moved.json()["code"] == "village_outside_regency"
    home = manager.patch(member_url, {"village": BANDUNG_VILLAGE}, content_type="application/json")
    assert home.status_code == 200


def test_the_outlet_form_and_api_ask_too(manager, cooperative):
    url = reverse("coops:outlet_create", args=[cooperative.slug])
    refused = manager.post(url, {"name": "Gerai Bogor", "kind": "mart", "village": SUKARASA_BOGOR})
    assert refused.status_code == 400 and REFUSAL in refused.content.decode()
    assert not Outlet.objects.exists()
    form = {"name": "Gerai Bogor", "kind": "mart", "village": SUKARASA_BOGOR, "village_outside_ok": "on"}
    saved = manager.post(url, form)
    assert saved.status_code == 302
    outlet = Outlet.objects.get(cooperative=cooperative)

    api = f"/api/v1/cooperatives/{cooperative.slug}/outlets"
    refused = manager.post(api, {"name": "Gerai Garut", "village": "32.05.07.2003"}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "village_outside_regency"
    flagged = {"name": "Gerai Garut", "village": "32.05.07.2003", "confirm_outside_regency": True}
    assert manager.post(api, flagged, content_type="application/json").status_code == 201
    # The outlet's own village, sent again unchanged, is no new choice.
    patch = manager.patch(f"{api}/{outlet.pk}", {"village": SUKARASA_BOGOR}, content_type="application/json")
    assert patch.status_code == 200
