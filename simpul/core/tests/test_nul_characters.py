"""A NUL character anywhere a page reads text is the friendly 400, never a 500.

PostgreSQL refuses NUL in every text value, so before RefuseNulCharactersMiddleware each of these requests
ended in a DataError (a 500) on PostgreSQL: raw URL parts, search terms and POST fields reached a query
without a form field's NUL check. The API has its own JSON refusal (test_api_errors.py)."""

import pytest
from django.test import Client

from simpul.coops.models import MembershipStatus, Outlet
from simpul.coops.tests.factories import (
    CooperativeFactory,
    MembershipFactory,
    NetworkFactory,
    OfficeFactory,
    RoleKind,
    SupplierFactory,
    person_with_role,
)
from simpul.core.models import AuditLog

pytestmark = pytest.mark.django_db

NUL = "\x00"


def logged_in(kind: str, organisation: object) -> Client:
    client = Client()
    client.force_login(person_with_role(kind, organisation))
    return client


def assert_friendly_400(response) -> None:
    assert response.status_code == 400
    assert 'data-testid="error-400"' in response.content.decode()


def test_nul_in_the_path_or_query_string_is_a_400(client):
    network = NetworkFactory.create()
    officer = logged_in(RoleKind.DINAS, OfficeFactory.create())
    coordinator = logged_in(RoleKind.COORDINATOR, network)

    assert_friendly_400(client.get(f"/undangan/token{NUL}/"))
    assert_friendly_400(client.get("/wilayah/cari/", {"q": "bandung", "within": f"32{NUL}"}))
    assert_friendly_400(client.get("/koperasi/", {"cari": f"tani{NUL}"}))
    assert_friendly_400(officer.get(f"/dinas/32.73.{NUL}/"))
    assert_friendly_400(coordinator.get(f"/jaringan/{network.slug}/cari-koperasi/", {"q": f"ko{NUL}p"}))


def test_nul_in_a_posted_field_is_a_400_and_saves_nothing():
    cooperative = CooperativeFactory.create()
    manager = logged_in(RoleKind.MANAGER, cooperative)
    network = NetworkFactory.create()
    invited = MembershipFactory.create(network=network, cooperative=cooperative, status=MembershipStatus.INVITED)
    coordinator = logged_in(RoleKind.COORDINATOR, network)
    supplier = logged_in(RoleKind.SUPPLIER, SupplierFactory.create())
    officer = logged_in(RoleKind.DINAS, OfficeFactory.create())

    assert_friendly_400(
        manager.post(f"/k/{cooperative.slug}/outlet/baru/", {"name": "Warung", "kind": "mart", "village": f"32{NUL}"})
    )
    assert_friendly_400(manager.post(f"/k/{cooperative.slug}/jaringan/{invited.pk}/tolak/", {"note": f"tidak{NUL}"}))
    assert_friendly_400(coordinator.post(f"/jaringan/{network.slug}/undang/", {"cooperative": f"koperasi{NUL}"}))
    assert_friendly_400(supplier.post("/pemasok/ubah/", {"nib": "9120000000001", "add_region": f"32{NUL}"}))
    assert_friendly_400(
        officer.post(
            "/dinas/32.73/koperasi/baru/",
            {"name": "Koperasi Baru", "type": "ksu", "village": f"32.73.01.1002{NUL}", "fiscal_year_start_month": "1"},
        )
    )

    invited.refresh_from_db()
    assert invited.status == MembershipStatus.INVITED
    assert not Outlet.objects.filter(cooperative=cooperative).exists()
    assert not AuditLog.objects.exists()


def test_the_api_keeps_its_own_json_refusal(client):
    response = client.get("/api/v1/cooperatives", {"q": f"tani{NUL}"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_characters"
