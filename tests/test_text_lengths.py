"""Text longer than its column is refused with a message naming the limit, never cut: in the forms, the API, the
services behind them, and a member file (which has no form)."""

import datetime

import pytest
from django.urls import reverse

from simpul.coops.models import Outlet
from simpul.coops.services.cooperatives import outlet_create
from simpul.coops.tests.factories import CooperativeFactory, RoleKind, person_with_role
from simpul.core.exceptions import ApplicationError
from simpul.core.lengths import TOO_LONG, refuse_too_long
from simpul.core.tokens import api_token_create
from simpul.members.imports import check_rows, read_table
from simpul.members.models import Gender, Member
from simpul.members.services import MemberData, member_register
from simpul.members.tests.factories import make_nik
from simpul.members.tests.test_import import csv_bytes

pytestmark = pytest.mark.django_db

BORN = datetime.date(1990, 8, 17)


@pytest.fixture
def cooperative():
    return CooperativeFactory.create()


@pytest.fixture
def manager(cooperative):
    return person_with_role(RoleKind.MANAGER, cooperative)


def test_refuse_too_long_names_the_field_and_the_limit():
    assert refuse_too_long("x" * 10, max_length=10, field="name", label="Nama") == "x" * 10
    with pytest.raises(ApplicationError) as refused:
        refuse_too_long("x" * 11, max_length=10, field="name", label="Nama")
    assert refused.value.code == TOO_LONG
    assert refused.value.extra == {"field": "name", "max_length": 10}
    assert refused.value.message == "Nama terlalu panjang: 11 karakter, maksimal 10."


def test_the_member_service_refuses_a_long_name_instead_of_cutting_it(cooperative, manager):
    data = MemberData(
        nik=make_nik(BORN, Gender.MALE, serial=3001),
        name="Budi " + "Santoso" * 30,
        gender=Gender.MALE,
        birth_date=BORN,
        village=cooperative.village_id,
        join_date=datetime.date(2024, 1, 2),
    )
    with pytest.raises(ApplicationError) as refused:
        member_register(cooperative=cooperative, actor=manager, data=data)
    assert refused.value.extra["field"] == "name"
    assert "maksimal 150" in refused.value.message
    assert not Member.objects.exists()


def test_a_member_file_row_with_a_long_address_is_a_row_error(cooperative):
    long_address = "Jl. Merdeka " + "No. 1 " * 60
    row = [make_nik(BORN, Gender.MALE, serial=3002), "Budi", "L", "17/08/1990", long_address,
           cooperative.village_id, "", "02/01/2024", "", ""]  # fmt: skip
    rows, errors = check_rows(cooperative, read_table(csv_bytes([row])))
    assert rows == []
    assert [(e["row"], e["field"]) for e in errors] == [(2, "address")]
    assert errors[0]["message"] == f"Alamat terlalu panjang: {len(long_address.strip())} karakter, maksimal 255."


def test_the_outlet_service_refuses_a_long_name(cooperative, manager):
    with pytest.raises(ApplicationError) as refused:
        outlet_create(cooperative=cooperative, actor=manager, data={"name": "Gerai " * 30})
    assert refused.value.code == TOO_LONG
    assert not Outlet.objects.exists()


def test_the_form_says_the_limit(client, cooperative, manager):
    client.force_login(manager)
    response = client.post(reverse("coops:outlet_create", args=[cooperative.slug]), {"name": "G" * 121, "kind": "mart"})
    assert response.status_code == 400
    assert "paling banyak 120 karakter" in response.content.decode()
    assert not Outlet.objects.exists()


def test_the_api_says_the_limit(client, cooperative, manager):
    _token, token = api_token_create(user=manager, name="uji")
    response = client.post(
        f"/api/v1/cooperatives/{cooperative.slug}/outlets",
        {"name": "G" * 121},
        content_type="application/json",
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail == [
        {"field": "name", "in": "body", "type": "string_too_long", "message": "Terlalu panjang: maksimal 120 karakter."}
    ]
