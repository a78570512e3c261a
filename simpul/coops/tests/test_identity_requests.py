"""Legal identity (region, legal form and status, registration numbers) changes only through the Dinas: the manager
requests, an officer whose office covers the cooperative (and its new village) approves or rejects."""

import pytest
from django.test import Client

from simpul.coops.models import (
    Cooperative,
    IdentityRequestStatusChange,
    LegalIdentityChangeRequest,
    RoleKind,
)
from simpul.coops.tests.factories import (
    BANDUNG_VILLAGE,
    CILACAP_VILLAGE,
    CooperativeFactory,
    OfficeFactory,
    person_with_role,
)
from simpul.core.models import AuditLog
from simpul.regions.models import Region

pytestmark = pytest.mark.django_db

JSON = "application/json"
OTHER_BANDUNG_VILLAGE = "32.73.01.1001"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def coop():
    return CooperativeFactory(slug="sumber-rejeki", name="Koperasi Sumber Rejeki", village_code=BANDUNG_VILLAGE)


@pytest.fixture
def manager(coop):
    return logged_in(person_with_role(RoleKind.MANAGER, coop))


@pytest.fixture
def officer():
    return logged_in(person_with_role(RoleKind.DINAS, OfficeFactory()))  # Kota Bandung, scope 32.73


def ask(client, payload, slug="sumber-rejeki"):
    return client.post(f"/api/v1/cooperatives/{slug}/identity-requests", payload, content_type=JSON)


def decide(client, request_id, verdict, note="", region="32.73"):
    url = f"/api/v1/dinas/{region}/identity-requests/{request_id}/{verdict}"
    return client.post(url, {"note": note}, content_type=JSON)


def test_a_request_is_recorded_from_and_to_and_the_cooperative_is_unchanged(manager, coop):
    response = ask(manager, {"village": OTHER_BANDUNG_VILLAGE, "status": "dormant", "reason": "Pindah kantor"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending" and body["reason"] == "Pindah kantor"
    assert body["changes"] == {"village": [BANDUNG_VILLAGE, OTHER_BANDUNG_VILLAGE], "status": ["active", "dormant"]}
    coop.refresh_from_db()
    assert (coop.village_id, coop.status) == (BANDUNG_VILLAGE, "active")
    row = IdentityRequestStatusChange.objects.get()
    assert (row.from_status, row.to_status, row.cooperative_id) == ("", "pending", coop.pk)
    assert AuditLog.objects.filter(event="cooperative.identity_requested", cooperative=coop).exists()


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"status": "dormant", "reason": "  "}, "required"),
        ({"village": "32.73", "reason": "Pindah"}, "not_a_village"),
        ({"nik_koperasi": "1234", "reason": "Salah"}, "invalid_nik_koperasi"),
        ({"status": "active", "reason": "Tidak berubah"}, "nothing_to_change"),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_written(manager, payload, code):
    response = ask(manager, payload)
    assert response.status_code == 400 and response.json()["code"] == code
    assert not LegalIdentityChangeRequest.objects.exists()


def test_one_request_waits_at_a_time(manager):
    assert ask(manager, {"status": "dormant", "reason": "Rapat anggota"}).status_code == 201
    response = ask(manager, {"deed_number": "AHU-1", "reason": "Akta"})
    assert response.status_code == 400 and response.json()["code"] == "identity_request_pending"
    assert LegalIdentityChangeRequest.objects.count() == 1


def test_only_the_manager_requests(coop):
    supervisor = logged_in(person_with_role(RoleKind.SUPERVISOR, coop))
    assert ask(supervisor, {"status": "dormant", "reason": "x"}).status_code == 403
    stranger = logged_in(person_with_role(RoleKind.MANAGER, CooperativeFactory()))
    assert ask(stranger, {"status": "dormant", "reason": "x"}).status_code == 404
    assert not LegalIdentityChangeRequest.objects.exists()


def test_the_dinas_approves_and_the_change_is_applied_with_an_audit_row(manager, officer, coop):
    request_id = ask(manager, {"village": OTHER_BANDUNG_VILLAGE, "type": "ksp", "reason": "Pindah"}).json()["id"]
    pending = officer.get("/api/v1/dinas/32.73/identity-requests?status=pending").json()
    assert [r["id"] for r in pending["items"]] == [request_id]
    response = decide(officer, request_id, "approve")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved" and response.json()["decided_by"]
    coop.refresh_from_db()
    assert (coop.village_id, coop.type) == (OTHER_BANDUNG_VILLAGE, "ksp")
    assert coop.district_code == Region.objects.get(code=OTHER_BANDUNG_VILLAGE).district_code
    log = AuditLog.objects.get(event="cooperative.identity_changed")
    assert log.changes["village"] == [BANDUNG_VILLAGE, OTHER_BANDUNG_VILLAGE] and log.cooperative_id == coop.pk
    assert [(c.from_status, c.to_status) for c in IdentityRequestStatusChange.objects.order_by("pk")] == [
        ("", "pending"),
        ("pending", "approved"),
    ]
    again = decide(officer, request_id, "reject", "Terlambat")
    assert again.status_code == 400 and again.json()["code"] == "invalid_transition"


def test_a_rejection_needs_a_reason_and_changes_nothing(manager, officer, coop):
    request_id = ask(manager, {"status": "dissolved", "reason": "Bubar"}).json()["id"]
    refused = decide(officer, request_id, "reject", "  ")
    assert refused.status_code == 400 and refused.json()["code"] == "required"
    response = decide(officer, request_id, "reject", "Belum ada keputusan RAT")
    assert response.status_code == 200 and response.json()["decision_note"] == "Belum ada keputusan RAT"
    coop.refresh_from_db()
    assert coop.status == "active"
    # The manager sees the decision and may ask again.
    mine = manager.get("/api/v1/cooperatives/sumber-rejeki/identity-requests").json()["items"]
    assert mine[0]["status"] == "rejected"
    assert ask(manager, {"status": "dissolved", "reason": "Keputusan RAT terlampir"}).status_code == 201


def test_an_officer_of_another_region_gets_404(manager, coop):
    cilacap = logged_in(person_with_role(RoleKind.DINAS, OfficeFactory(region=Region.objects.get(code="33.01"))))
    request_id = ask(manager, {"status": "dormant", "reason": "Rapat"}).json()["id"]
    assert decide(cilacap, request_id, "approve", region="33.01").status_code == 404
    listed = cilacap.get("/api/v1/dinas/33.01/identity-requests").json()
    assert listed["items"] == []
    assert cilacap.get("/api/v1/dinas/32.73/identity-requests").status_code == 404
    coop.refresh_from_db()
    assert coop.status == "active"


def test_a_move_out_of_the_office_s_region_is_refused_on_approval(manager, officer, coop):
    """Kota Bandung's Dinas cannot hand a cooperative to Cilacap: an office covering both must decide."""
    request_id = ask(manager, {"village": CILACAP_VILLAGE, "reason": "Pindah kabupaten"}).json()["id"]
    response = decide(officer, request_id, "approve")
    assert response.status_code == 400 and response.json()["code"] == "outside_scope"
    coop.refresh_from_db()
    assert coop.village_id == BANDUNG_VILLAGE
    assert LegalIdentityChangeRequest.objects.get().status == "pending"
    province = logged_in(person_with_role(RoleKind.DINAS, OfficeFactory(region=None, name="Kementerian")))
    assert decide(province, request_id, "approve", region="32").status_code == 200
    assert Cooperative.objects.get(pk=coop.pk).province_code == "33"


# --- the pages: the manager's request form under the profile, the Dinas list with approve and reject

REQUEST_PAGE = "/k/sumber-rejeki/profil/identitas/"


def request_form(coop, **changes):
    data = {"type": coop.type, "status": coop.status, "nik_koperasi": "", "deed_number": coop.deed_number}
    data |= {"deed_date": "", "village": coop.village_id, "reason": "Keputusan RAT 2026"}
    return data | changes


def test_the_manager_sends_a_request_from_the_page(manager, coop):
    page = manager.get(REQUEST_PAGE)
    assert page.status_code == 200 and 'data-testid="identity-request-form"' in page.content.decode()
    response = manager.post(REQUEST_PAGE, request_form(coop, status="dormant", deed_number="AHU-0009.AH.01.26"))
    assert response.status_code == 302
    row = LegalIdentityChangeRequest.objects.get()
    assert row.changes == {"status": ["active", "dormant"], "deed_number": ["", "AHU-0009.AH.01.26"]}
    html = manager.get(REQUEST_PAGE).content.decode()
    assert 'data-testid="identity-pending"' in html and "AHU-0009.AH.01.26" in html
    assert 'data-testid="identity-request-form"' not in html  # one request waits at a time


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"nik_koperasi": "12345"}, "NIK Koperasi harus tepat 16 digit angka."),
        ({"village": "32.73.01"}, "bukan desa/kelurahan"),
        ({"deed_date": "2999-01-01"}, "Tanggal akta tidak boleh di masa depan."),
        ({"status": "dormant", "reason": ""}, "Bidang ini tidak boleh kosong."),
        ({}, "tidak mengubah apa pun"),
    ],
)
def test_a_refused_request_is_shown_in_indonesian_and_nothing_is_saved(manager, coop, changes, message):
    response = manager.post(REQUEST_PAGE, request_form(coop, **changes))
    assert response.status_code == 400 and message in response.content.decode()
    assert not LegalIdentityChangeRequest.objects.exists()


def test_a_nik_koperasi_of_another_cooperative_is_refused_on_the_page(manager, coop):
    CooperativeFactory.create(nik_koperasi="3273010020190001")
    response = manager.post(REQUEST_PAGE, request_form(coop, nik_koperasi="3273010020190001"))
    assert response.status_code == 400
    assert "NIK Koperasi 3273010020190001 sudah terdaftar atas koperasi lain." in response.content.decode()


def test_a_supervisor_reads_the_requests_without_a_form(coop):
    supervisor = logged_in(person_with_role(RoleKind.SUPERVISOR, coop))
    html = supervisor.get(REQUEST_PAGE).content.decode()
    assert 'data-testid="identity-request-form"' not in html
    assert supervisor.post(REQUEST_PAGE, request_form(coop, status="dormant")).status_code == 403


def test_the_dinas_approves_and_rejects_on_its_page(manager, officer, coop):
    ask(manager, {"status": "dormant", "reason": "Rapat anggota"})
    page = officer.get("/dinas/32.73/identitas/")
    html = page.content.decode()
    assert page.status_code == 200 and "Koperasi Sumber Rejeki" in html and 'data-testid="approve"' in html
    request_id = LegalIdentityChangeRequest.objects.get().pk
    url = f"/dinas/32.73/identitas/{request_id}/keputusan/"
    refused = officer.post(url, {"verdict": "reject", "note": ""})
    assert refused.status_code == 400 and "Isi alasannya." in refused.content.decode()
    assert officer.post(url, {"verdict": "approve", "note": "Sesuai keputusan RAT"}).status_code == 302
    coop.refresh_from_db()
    assert coop.status == "dormant"
    assert LegalIdentityChangeRequest.objects.get().decision_note == "Sesuai keputusan RAT"


def test_another_region_s_officer_gets_404_on_the_pages(manager, coop):
    ask(manager, {"status": "dormant", "reason": "Rapat anggota"})
    cilacap = logged_in(person_with_role(RoleKind.DINAS, OfficeFactory(region=Region.objects.get(code="33.01"))))
    request_id = LegalIdentityChangeRequest.objects.get().pk
    assert cilacap.get("/dinas/32.73/identitas/").status_code == 404
    assert cilacap.post(f"/dinas/33.01/identitas/{request_id}/keputusan/", {"verdict": "approve"}).status_code == 404
    assert "Koperasi Sumber Rejeki" not in cilacap.get("/dinas/33.01/identitas/").content.decode()
    coop.refresh_from_db()
    assert coop.status == "active"
