"""The organisation API: cooperatives, outlets, offices, suppliers, the caller and their tokens.

Each endpoint with good and bad input (bad input: a 4xx JSON error and nothing saved), someone else's object
(404), a read-only role (403), and a query-count ceiling on every list."""

import datetime

import pytest
from django.test import Client

from simpul.coops.models import Cooperative, CooperativeStatus, CooperativeType, OfficeKind, Outlet
from simpul.coops.tests.factories import (
    BANDUNG_VILLAGE,
    CILACAP_VILLAGE,
    CooperativeFactory,
    OfficeFactory,
    OutletFactory,
    RoleKind,
    SupplierFactory,
    grant,
    person_with_role,
)
from simpul.core.models import ApiToken, AuditLog
from simpul.core.tokens import api_token_create
from simpul.regions.models import Region

pytestmark = pytest.mark.django_db

JSON = "application/json"


def error_code(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "detail"}
    return body["code"]


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def coop():
    return CooperativeFactory(name="Koperasi Sumber Rejeki", slug="sumber-rejeki", phone="+6281234567890")


@pytest.fixture
def manager(coop):
    return logged_in(person_with_role(RoleKind.MANAGER, coop))


@pytest.fixture
def bandung_office():
    return OfficeFactory(name="Dinas Koperasi dan UMKM Kota Bandung", slug="dinas-kota-bandung")


# --- public list and profile


def test_list_is_public_paged_and_hides_dissolved(client):
    for name in ("Koperasi Cahaya", "Koperasi Amanah", "Koperasi Bina Usaha"):
        CooperativeFactory(name=name)
    CooperativeFactory(name="Koperasi Bubar", status=CooperativeStatus.DISSOLVED)
    body = client.get("/api/v1/cooperatives").json()
    assert body["count"] == 3
    assert [c["name"] for c in body["items"]] == ["Koperasi Amanah", "Koperasi Bina Usaha", "Koperasi Cahaya"]
    first = body["items"][0]
    assert first["village"] == {
        "code": BANDUNG_VILLAGE,
        "name": "Gegerkalong",
        "path": Region.objects.get(code=BANDUNG_VILLAGE).path,
    }
    assert first["type_label"] == "Koperasi Serba Usaha (KSU)"
    page = client.get("/api/v1/cooperatives?limit=1&offset=1").json()
    assert page["count"] == 3
    assert [c["name"] for c in page["items"]] == ["Koperasi Bina Usaha"]


@pytest.mark.parametrize("region", ["32", "32.73", "32.73.01", BANDUNG_VILLAGE])
def test_list_filters_by_region_of_any_level(client, region):
    CooperativeFactory(name="Koperasi Bandung")
    CooperativeFactory(name="Koperasi Cilacap", village_code=CILACAP_VILLAGE)
    body = client.get(f"/api/v1/cooperatives?region={region}").json()
    assert [c["name"] for c in body["items"]] == ["Koperasi Bandung"]


def test_list_filters_by_type_status_and_name(client):
    CooperativeFactory(name="KUD Sumber Makmur", type=CooperativeType.KUD)
    CooperativeFactory(name="KUD Tani Jaya", type=CooperativeType.KUD, status=CooperativeStatus.DORMANT)
    CooperativeFactory(name="Koperasi Makmur Bersama", type=CooperativeType.KSP)

    def names(query):
        return [c["name"] for c in client.get(f"/api/v1/cooperatives?{query}").json()["items"]]

    assert names("type=kud") == ["KUD Sumber Makmur", "KUD Tani Jaya"]
    assert names("type=kud&status=active") == ["KUD Sumber Makmur"]
    assert names("q=MAKMUR") == ["Koperasi Makmur Bersama", "KUD Sumber Makmur"]
    assert names("q=makmur&type=ksp") == ["Koperasi Makmur Bersama"]
    assert names("q=tidak+ada") == []


@pytest.mark.parametrize("region", ["xx", "32.7", "32.73.1.1002", "32.73.01.", "jawa barat"])
def test_list_refuses_a_malformed_region_code(client, region):
    response = client.get(f"/api/v1/cooperatives?region={region}")
    assert error_code(response, 400) == "invalid_region"
    assert response.json()["message"].endswith(
        "bukan kode wilayah Kemendagri (gunakan bentuk bertitik, misalnya 32.73.01.1001)."
    )


def test_list_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    for _ in range(3):
        CooperativeFactory()
    with django_assert_max_num_queries(2):  # count, page with villages joined
        assert client.get("/api/v1/cooperatives?region=32.73").status_code == 200
    for _ in range(20):
        CooperativeFactory()
    with django_assert_max_num_queries(2):
        assert len(client.get("/api/v1/cooperatives?region=32.73").json()["items"]) == 23


def test_profile_by_slug(client, coop):
    body = client.get("/api/v1/cooperatives/sumber-rejeki").json()
    assert body["name"] == "Koperasi Sumber Rejeki"
    assert body["phone"] == "+6281234567890"
    assert body["timezone"] == "Asia/Jakarta"
    assert body["regency_code"] == "32.73"


def test_profile_of_a_missing_or_dissolved_cooperative_is_404(client):
    CooperativeFactory(slug="sudah-bubar", status=CooperativeStatus.DISSOLVED)
    assert error_code(client.get("/api/v1/cooperatives/sudah-bubar"), 404) == "not_found"
    assert error_code(client.get("/api/v1/cooperatives/tidak-ada"), 404) == "not_found"


# --- PATCH /cooperatives/{slug}


def test_manager_edits_the_profile(manager, coop):
    response = manager.patch(
        "/api/v1/cooperatives/sumber-rejeki",
        {"address": "Jl. Gegerkalong Girang No. 12", "whatsapp": "0812-2233-4455", "founded_on": "2019-07-12"},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    assert response.json()["whatsapp"] == "+6281222334455"
    coop.refresh_from_db()
    assert coop.address == "Jl. Gegerkalong Girang No. 12"
    assert coop.founded_on == datetime.date(2019, 7, 12)
    assert coop.name == "Koperasi Sumber Rejeki"  # fields not sent stay
    log = AuditLog.objects.get(event="cooperative.updated")
    assert log.cooperative_id == coop.pk
    assert set(log.changes) == {"address", "whatsapp", "founded_on"}


@pytest.mark.parametrize(
    "payload",
    [
        {"village": CILACAP_VILLAGE},
        {"status": "dissolved"},
        {"type": "ksp"},
        {"nik_koperasi": "3273010000000001"},
        {"deed_number": "AHU-9"},
        {"address": "Jl. Baru", "deed_date": "2020-01-01"},
    ],
)
def test_the_manager_may_not_change_the_legal_identity(manager, coop, payload):
    """Region, legal form and status, registration numbers: only through a request the Dinas decides."""
    before = Cooperative.objects.filter(pk=coop.pk).values().get()
    response = manager.patch("/api/v1/cooperatives/sumber-rejeki", payload, content_type=JSON)
    assert error_code(response, 403) == "legal_identity_via_dinas"
    assert "permintaan perubahan identitas hukum" in response.json()["message"]
    assert Cooperative.objects.filter(pk=coop.pk).values().get() == before


def test_legal_fields_sent_unchanged_are_not_a_change(manager, coop):
    payload = {"village": coop.village_id, "status": coop.status, "type": coop.type, "address": "Jl. Baru"}
    assert manager.patch("/api/v1/cooperatives/sumber-rejeki", payload, content_type=JSON).status_code == 200


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"village": "32.73"}, 400, "not_a_village"),
        ({"village": "99.99.99.9999"}, 400, "invalid_region"),
        ({"nik_koperasi": "1234"}, 400, "invalid_nik_koperasi"),
        ({"founded_on": "2999-01-01"}, 400, "date_in_future"),
        ({"name": "   "}, 400, "required"),
        ({"phone": "12345"}, 400, "invalid_phone"),
        ({"email": "bukan-email"}, 422, "validation_error"),
        ({"slug": "ganti-alamat"}, 422, "validation_error"),
        ({"type": "bank"}, 422, "validation_error"),
        ({"name": "x" * 201}, 422, "validation_error"),
        ({"fiscal_year_start_month": 0}, 422, "validation_error"),
        # One good field and one bad: the good one is not saved either.
        ({"address": "Jl. Baru", "deed_date": "2999-12-31"}, 400, "date_in_future"),
    ],
)
def test_bad_profile_edits_are_refused_and_nothing_is_saved(manager, coop, payload, status, code):
    before = Cooperative.objects.filter(pk=coop.pk).values().get()
    response = manager.patch("/api/v1/cooperatives/sumber-rejeki", payload, content_type=JSON)
    assert error_code(response, status) == code
    assert Cooperative.objects.filter(pk=coop.pk).values().get() == before
    assert not AuditLog.objects.exists()


def test_a_nik_koperasi_of_another_cooperative_is_refused(manager, coop):
    CooperativeFactory(nik_koperasi="3273010000000001")
    response = manager.post(
        "/api/v1/cooperatives/sumber-rejeki/identity-requests",
        {"nik_koperasi": "3273010000000001", "reason": "Salah ketik"},
        content_type=JSON,
    )
    assert error_code(response, 400) == "duplicate_nik_koperasi"
    assert response.json()["message"] == "NIK Koperasi 3273010000000001 sudah terdaftar atas koperasi lain."


@pytest.mark.parametrize(
    ("kind", "status"), [(RoleKind.SUPERVISOR, 403), (RoleKind.CASHIER, 403), (RoleKind.MEMBER, 403)]
)
def test_other_roles_of_the_cooperative_may_not_edit(coop, kind, status):
    client = logged_in(person_with_role(kind, coop))
    response = client.patch("/api/v1/cooperatives/sumber-rejeki", {"name": "Diambil Alih"}, content_type=JSON)
    assert error_code(response, status) == "forbidden"
    coop.refresh_from_db()
    assert coop.name == "Koperasi Sumber Rejeki"


def test_another_cooperative_s_manager_or_a_dinas_officer_gets_404(coop, bandung_office):
    for user in (
        person_with_role(RoleKind.MANAGER, CooperativeFactory()),
        person_with_role(RoleKind.DINAS, bandung_office),
    ):
        response = logged_in(user).patch("/api/v1/cooperatives/sumber-rejeki", {"name": "X"}, content_type=JSON)
        assert error_code(response, 404) == "not_found"
    assert error_code(Client().patch("/api/v1/cooperatives/sumber-rejeki", {}, content_type=JSON), 401)


# --- POST /cooperatives (Dinas officers)

NEW_COOP = {"name": "Koperasi Kelurahan Merah Putih Gegerkalong", "type": "merah_putih", "village": BANDUNG_VILLAGE}


def test_dinas_officer_registers_a_cooperative_in_its_region(bandung_office):
    officer = logged_in(person_with_role(RoleKind.DINAS, bandung_office))
    response = officer.post("/api/v1/cooperatives", {**NEW_COOP, "phone": "081311112222"}, content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "koperasi-kelurahan-merah-putih-gegerkalong"
    cooperative = Cooperative.objects.get(slug=body["slug"])
    assert (cooperative.regency_code, cooperative.phone) == ("32.73", "+6281311112222")
    log = AuditLog.objects.get(event="cooperative.registered")
    assert log.changes["office"] == "Dinas Koperasi dan UMKM Kota Bandung"


def test_an_officer_of_two_offices_registers_with_the_one_whose_region_holds_the_village(bandung_office):
    cilacap = OfficeFactory(name="Dinas Koperasi Kabupaten Cilacap", region=Region.objects.get(code="33.01"))
    user = person_with_role(RoleKind.DINAS, bandung_office)
    grant(user, RoleKind.DINAS, cilacap)
    response = logged_in(user).post(
        "/api/v1/cooperatives",
        {**NEW_COOP, "name": "KUD Tambakreja", "type": "kud", "village": CILACAP_VILLAGE},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    assert AuditLog.objects.get(event="cooperative.registered").changes["office"] == "Dinas Koperasi Kabupaten Cilacap"


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({**NEW_COOP, "village": CILACAP_VILLAGE}, 400, "outside_scope"),
        ({**NEW_COOP, "village": "32.73.01"}, 400, "not_a_village"),
        ({**NEW_COOP, "slug": "Bukan Slug!"}, 400, "invalid_slug"),
        ({**NEW_COOP, "nik_koperasi": "9999010000000001"}, 400, "invalid_nik_koperasi"),
        ({"type": "kud", "village": BANDUNG_VILLAGE}, 422, "validation_error"),
        ({**NEW_COOP, "type": "bank"}, 422, "validation_error"),
        ({**NEW_COOP, "status": "active"}, 422, "validation_error"),
    ],
)
def test_bad_registrations_are_refused_and_nothing_is_saved(bandung_office, payload, status, code):
    officer = logged_in(person_with_role(RoleKind.DINAS, bandung_office))
    assert error_code(officer.post("/api/v1/cooperatives", payload, content_type=JSON), status) == code
    assert not Cooperative.objects.exists()
    assert not AuditLog.objects.exists()


def test_a_taken_slug_is_refused(bandung_office, coop):
    officer = logged_in(person_with_role(RoleKind.DINAS, bandung_office))
    response = officer.post("/api/v1/cooperatives", {**NEW_COOP, "slug": "sumber-rejeki"}, content_type=JSON)
    assert error_code(response, 400) == "duplicate_slug"
    assert Cooperative.objects.count() == 1


def test_only_dinas_officers_register(manager):
    response = manager.post("/api/v1/cooperatives", NEW_COOP, content_type=JSON)
    assert error_code(response, 403) == "forbidden"
    assert response.json()["message"] == "Hanya petugas Dinas Koperasi yang dapat mendaftarkan koperasi."
    assert error_code(Client().post("/api/v1/cooperatives", NEW_COOP, content_type=JSON), 401)
    assert Cooperative.objects.count() == 1


# --- outlets


def test_staff_list_their_outlets(coop, django_assert_max_num_queries):
    OutletFactory(cooperative=coop, name="Koperasi Mart Gegerkalong")
    OutletFactory(
        cooperative=coop, name="Warung Sukasari", kind="warung", village=Region.objects.get(code=BANDUNG_VILLAGE)
    )
    OutletFactory(name="Gerai Koperasi Lain")
    for kind in (RoleKind.MANAGER, RoleKind.SUPERVISOR, RoleKind.CASHIER):
        client = logged_in(person_with_role(kind, coop))
        # session, user, roles (middleware), roles (access), count, page
        with django_assert_max_num_queries(6):
            body = client.get("/api/v1/cooperatives/sumber-rejeki/outlets").json()
        assert [o["name"] for o in body["items"]] == ["Koperasi Mart Gegerkalong", "Warung Sukasari"]
        assert body["items"][1]["village"]["code"] == BANDUNG_VILLAGE


def test_members_and_outsiders_do_not_see_outlets(coop):
    member = logged_in(person_with_role(RoleKind.MEMBER, coop))
    assert error_code(member.get("/api/v1/cooperatives/sumber-rejeki/outlets"), 403) == "forbidden"
    outsider = logged_in(person_with_role(RoleKind.MANAGER, CooperativeFactory()))
    assert error_code(outsider.get("/api/v1/cooperatives/sumber-rejeki/outlets"), 404) == "not_found"


def test_manager_opens_and_edits_an_outlet(manager, coop):
    response = manager.post(
        "/api/v1/cooperatives/sumber-rejeki/outlets",
        {"name": "Koperasi Mart Sukasari", "address": "Jl. Sukasari 3", "village": BANDUNG_VILLAGE},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    outlet = Outlet.objects.get(cooperative=coop)
    assert (outlet.kind, outlet.village_id) == ("mart", BANDUNG_VILLAGE)
    response = manager.patch(
        f"/api/v1/cooperatives/sumber-rejeki/outlets/{outlet.pk}",
        {"is_active": False, "village": None},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    outlet.refresh_from_db()
    assert (outlet.is_active, outlet.village_id, outlet.name) == (False, None, "Koperasi Mart Sukasari")
    assert list(AuditLog.objects.values_list("event", flat=True).order_by("id")) == ["outlet.created", "outlet.updated"]


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"name": "Koperasi Mart Pusat"}, 400, "duplicate_outlet"),
        ({"name": "Gerai Baru", "village": "32.73.01"}, 400, "not_a_village"),
        ({"name": "Gerai Baru", "kind": "mall"}, 422, "validation_error"),
        ({"address": "Tanpa nama"}, 422, "validation_error"),
        ({"name": "Gerai Baru", "cooperative": 1}, 422, "validation_error"),
    ],
)
def test_bad_outlets_are_refused_and_nothing_is_saved(manager, coop, payload, status, code):
    OutletFactory(cooperative=coop, name="Koperasi Mart Pusat")
    response = manager.post("/api/v1/cooperatives/sumber-rejeki/outlets", payload, content_type=JSON)
    assert error_code(response, status) == code
    assert Outlet.objects.count() == 1
    assert not AuditLog.objects.exists()


def test_an_outlet_of_another_cooperative_is_404_under_the_own_slug(manager):
    foreign = OutletFactory.create(name="Gerai Tetangga")
    response = manager.patch(
        f"/api/v1/cooperatives/sumber-rejeki/outlets/{foreign.pk}", {"name": "Milik Saya"}, content_type=JSON
    )
    assert error_code(response, 404) == "not_found"
    foreign.refresh_from_db()
    assert foreign.name == "Gerai Tetangga"


def test_a_supervisor_may_not_open_or_edit_outlets(coop):
    outlet = OutletFactory.create(cooperative=coop, name="Koperasi Mart Pusat")
    supervisor = logged_in(person_with_role(RoleKind.SUPERVISOR, coop))
    assert error_code(
        supervisor.post("/api/v1/cooperatives/sumber-rejeki/outlets", {"name": "Baru"}, content_type=JSON), 403
    )
    assert error_code(
        supervisor.patch(
            f"/api/v1/cooperatives/sumber-rejeki/outlets/{outlet.pk}", {"name": "Baru"}, content_type=JSON
        ),
        403,
    )
    assert list(Outlet.objects.values_list("name", flat=True)) == ["Koperasi Mart Pusat"]


# --- offices and suppliers


def test_offices_are_public_and_filter_by_the_region_they_oversee(
    client, bandung_office, django_assert_max_num_queries
):
    OfficeFactory(name="Kementerian Koperasi", slug="kemenkop", kind=OfficeKind.MINISTRY, region=None)
    OfficeFactory(
        name="Dinas Koperasi Provinsi Jawa Barat", kind=OfficeKind.PROVINCE, region=Region.objects.get(code="32")
    )
    OfficeFactory(name="Dinas Koperasi Kabupaten Cilacap", region=Region.objects.get(code="33.01"))
    with django_assert_max_num_queries(2):
        body = client.get(f"/api/v1/offices?region={BANDUNG_VILLAGE}").json()
    assert [o["name"] for o in body["items"]] == [
        "Kementerian Koperasi",
        "Dinas Koperasi Provinsi Jawa Barat",
        "Dinas Koperasi dan UMKM Kota Bandung",
    ]
    assert body["items"][0]["region"] is None
    assert body["items"][2]["region"]["name"] == "Kota Bandung"
    assert client.get("/api/v1/offices?kind=regency").json()["count"] == 2
    detail = client.get("/api/v1/offices/dinas-kota-bandung").json()
    assert (detail["kind"], detail["kind_label"]) == ("regency", "Dinas Koperasi kabupaten/kota")
    assert error_code(client.get("/api/v1/offices/tidak-ada"), 404) == "not_found"
    assert error_code(client.get("/api/v1/offices?kind=bupati"), 422) == "validation_error"


def test_suppliers_are_public_and_filter_by_region_served(client, django_assert_max_num_queries):
    west_java = SupplierFactory.create(name="PT Sinar Pangan Priangan", slug="sinar-pangan")
    west_java.regions_served.set(Region.objects.filter(code__in=["32", "36"]))
    bandung_only = SupplierFactory.create(name="CV Berkah Bandung")
    bandung_only.regions_served.set([Region.objects.get(code="32.73.01")])
    SupplierFactory.create(name="PT Agro Banyumas").regions_served.set([Region.objects.get(code="33.02")])
    with django_assert_max_num_queries(3):  # count, page, regions served
        body = client.get("/api/v1/suppliers?region=32.73").json()
    assert [s["name"] for s in body["items"]] == ["CV Berkah Bandung", "PT Sinar Pangan Priangan"]
    assert {r["code"] for r in body["items"][1]["regions_served"]} == {"32", "36"}
    assert [s["name"] for s in client.get("/api/v1/suppliers?q=agro").json()["items"]] == ["PT Agro Banyumas"]
    assert client.get("/api/v1/suppliers/sinar-pangan").json()["nib"] == west_java.nib
    assert error_code(client.get("/api/v1/suppliers/tidak-ada"), 404) == "not_found"
    assert error_code(client.get("/api/v1/suppliers?region=jabar"), 400) == "invalid_region"


# --- the caller and their tokens


def test_me_lists_roles_by_session_or_token(coop, bandung_office, django_assert_max_num_queries):
    user = person_with_role(RoleKind.MANAGER, coop, full_name="Siti Rahmawati")
    grant(user, RoleKind.DINAS, bandung_office)
    client = logged_in(user)
    with django_assert_max_num_queries(4):  # session, user, roles (middleware), roles
        body = client.get("/api/v1/me").json()
    assert body["full_name"] == "Siti Rahmawati"
    assert body["language"] == "id"
    roles = {r["kind"]: r for r in body["roles"]}
    assert roles["manager"]["organisation"] == {"type": "cooperative", "slug": "sumber-rejeki", "name": coop.name}
    assert roles["manager"]["kind_label"] == "pengurus"
    assert roles["dinas"]["organisation"]["type"] == "office"
    _token, key = api_token_create(user=user, name="skrip")
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").json() == body


def test_create_use_list_and_revoke_a_token(manager, django_assert_max_num_queries):
    response = manager.post("/api/v1/auth/tokens", {"name": "Laptop kasir"}, content_type=JSON)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["key"].startswith("smp_")
    bearer = {"Authorization": f"Bearer {created['key']}"}
    assert Client().get("/api/v1/me", headers=bearer).status_code == 200
    with django_assert_max_num_queries(4):  # session, user, roles (middleware), tokens
        listed = manager.get("/api/v1/auth/tokens").json()
    assert [t["name"] for t in listed] == ["Laptop kasir"]
    assert "key" not in listed[0]
    assert manager.delete(f"/api/v1/auth/tokens/{created['id']}").status_code == 204
    assert ApiToken.objects.get().revoked_at is not None
    assert error_code(Client().get("/api/v1/me", headers=bearer), 401)
    assert manager.delete(f"/api/v1/auth/tokens/{created['id']}").status_code == 204  # twice is harmless


def test_tokens_are_made_with_the_session_only(manager, coop):
    user = coop.roles.get().user
    _token, key = api_token_create(user=user, name="skrip")
    response = Client().post(
        "/api/v1/auth/tokens", {"name": "Token dari token"}, content_type=JSON, HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert error_code(response, 401) == "unauthenticated"
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [({"name": "  "}, 400, "required"), ({"name": "x" * 101}, 422, "validation_error"), ({}, 422, "validation_error")],
)
def test_bad_token_names_are_refused(manager, payload, status, code):
    assert error_code(manager.post("/api/v1/auth/tokens", payload, content_type=JSON), status) == code
    assert not ApiToken.objects.exists()


def test_someone_else_s_token_cannot_be_revoked(manager):
    other, _key = api_token_create(
        user=person_with_role(RoleKind.MANAGER, CooperativeFactory()), name="milik orang lain"
    )
    assert error_code(manager.delete(f"/api/v1/auth/tokens/{other.pk}"), 404) == "not_found"
    assert error_code(manager.delete("/api/v1/auth/tokens/999999"), 404) == "not_found"
    other.refresh_from_db()
    assert other.revoked_at is None
