"""The networks API: public reads, the coordinator's memberships and partnership records, the invited
cooperative's answer. Bad input is a 4xx {"code", "message", "detail"} and saves nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from simpul.coops.models import MembershipStatus, NetworkMembership, Partnership
from simpul.coops.tests.factories import (
    CooperativeFactory,
    MembershipFactory,
    NetworkFactory,
    OfficeFactory,
    RoleKind,
    UserFactory,
    person_with_role,
)
from simpul.core.models import AuditLog
from simpul.core.tokens import api_token_create
from simpul.regions.models import Region

pytestmark = pytest.mark.django_db

JSON = "application/json"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "detail"}
    return body


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def hub():
    return CooperativeFactory.create(name="Koperasi Sekunder Bandung Raya", slug="sekunder-bandung")


@pytest.fixture
def network(hub):
    return NetworkFactory.create(name="JUK Kota Bandung", slug="juk-bandung", coordinator_cooperative=hub)


@pytest.fixture
def coordinator(network):
    return person_with_role(RoleKind.COORDINATOR, network)


@pytest.fixture
def coop():
    return CooperativeFactory.create(name="KUD Mekar Sari", slug="kud-mekar-sari")


@pytest.fixture
def manager(coop):
    return person_with_role(RoleKind.MANAGER, coop)


@pytest.fixture
def active(network, coop):
    return MembershipFactory.create(network=network, cooperative=coop, status=MembershipStatus.ACTIVE)


BASE = "/api/v1/networks"


# --- public reads


def test_networks_are_listed_publicly_with_their_active_member_count(client, network, active):
    MembershipFactory.create(network=network)  # invited: not counted
    office_network = NetworkFactory.create(
        name="Jaringan Dinas Jawa Tengah", coordinator_cooperative=None, coordinator_office=OfficeFactory.create()
    )

    body = client.get(BASE).json()

    assert body["count"] == 2
    by_slug = {n["slug"]: n for n in body["items"]}
    assert by_slug["juk-bandung"]["active_member_count"] == 1
    assert by_slug["juk-bandung"]["coordinator"] == {
        "kind": "cooperative",
        "slug": "sekunder-bandung",
        "name": "Koperasi Sekunder Bandung Raya",
    }
    assert by_slug["juk-bandung"]["region_code"] == "32.73"
    assert by_slug[office_network.slug]["coordinator"]["kind"] == "office"
    assert client.get(BASE, {"q": "dinas"}).json()["count"] == 1
    assert client.get(BASE, {"region": "33"}).json()["count"] == 0


def test_network_region_filter_matches_whole_region_codes_and_refuses_malformed_ones(client, network):
    elsewhere = NetworkFactory.create(name="Jaringan Cilacap", region=Region.objects.get(code="33.01"))

    def slugs(region: str) -> set[str]:
        return {n["slug"] for n in client.get(BASE, {"region": region}).json()["items"]}

    assert slugs("32") == {"juk-bandung"}
    assert slugs("32.73") == {"juk-bandung"}
    assert slugs("33") == {elsewhere.slug}
    # "3" and "32.7" are not region codes: refused as in every other list, never a prefix match.
    for malformed in ("3", "32.7", "32..73"):
        body = error(client.get(BASE, {"region": malformed}), 400)
        assert body["code"] == "invalid_region"
        assert body["message"].startswith(f"“{malformed}” bukan kode wilayah Kemendagri")


def test_network_detail_shows_active_members_only(client, network, active):
    MembershipFactory.create(network=network, cooperative=CooperativeFactory.create(name="Koperasi Diundang"))

    body = client.get(f"{BASE}/juk-bandung").json()

    assert [m["name"] for m in body["members"]] == ["KUD Mekar Sari"]
    assert body["members"][0]["village_code"] == active.cooperative.village_id
    assert error(client.get(f"{BASE}/tidak-ada"), 404)["code"] == "not_found"


def test_network_list_query_count(client, django_assert_max_num_queries):
    for _ in range(3):
        NetworkFactory.create()
    with CaptureQueriesContext(connection) as few:
        client.get(BASE)
    for _ in range(20):
        MembershipFactory.create(network=NetworkFactory.create(), status=MembershipStatus.ACTIVE)
    with django_assert_max_num_queries(3), CaptureQueriesContext(connection) as many:
        assert client.get(BASE).json()["count"] == 23
    assert len(many) == len(few)


# --- the coordinator's memberships


def test_coordinator_lists_memberships_with_filter(network, coordinator, active, django_assert_max_num_queries):
    for _ in range(10):
        MembershipFactory.create(network=network)
    client = logged_in(coordinator)

    with django_assert_max_num_queries(8):
        body = client.get(f"{BASE}/juk-bandung/memberships").json()

    assert body["count"] == 11
    assert (
        client.get(f"{BASE}/juk-bandung/memberships", {"status": "active"}).json()["items"][0]["cooperative"]["slug"]
        == "kud-mekar-sari"
    )
    assert error(client.get(f"{BASE}/juk-bandung/memberships", {"status": "bogus"}), 422)["code"] == (
        "validation_error"
    )


def test_memberships_are_hidden_from_everyone_else(client, network, manager):
    assert error(client.get(f"{BASE}/juk-bandung/memberships"), 401)["code"] == "unauthenticated"
    for person in (manager, person_with_role(RoleKind.COORDINATOR, NetworkFactory.create()), UserFactory.create()):
        assert error(logged_in(person).get(f"{BASE}/juk-bandung/memberships"), 404)["code"] == "not_found"
        response = logged_in(person).post(
            f"{BASE}/juk-bandung/memberships", {"cooperative": "kud-mekar-sari"}, content_type=JSON
        )
        assert error(response, 404)["code"] == "not_found"
    assert not NetworkMembership.objects.exists()


def test_coordinator_invites_with_a_bearer_token(client, network, coordinator, coop):
    _token, key = api_token_create(user=coordinator, name="Aplikasi jaringan")
    headers = {"Authorization": f"Bearer {key}"}

    response = client.post(
        f"{BASE}/juk-bandung/memberships", {"cooperative": "kud-mekar-sari"}, content_type=JSON, headers=headers
    )

    assert response.status_code == 201, response.content
    assert response.json()["status"] == "invited"
    assert response.json()["cooperative"]["name"] == "KUD Mekar Sari"
    again = error(
        client.post(
            f"{BASE}/juk-bandung/memberships", {"cooperative": "kud-mekar-sari"}, content_type=JSON, headers=headers
        ),
        400,
    )
    assert again["code"] == "already_invited"
    assert again["message"] == "KUD Mekar Sari sudah diundang ke JUK Kota Bandung dan belum menjawab."
    assert NetworkMembership.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"cooperative": "tidak-ada"}, 404, "not_found"),
        ({}, 422, "validation_error"),
        ({"cooperative": "kud-mekar-sari", "extra": 1}, 422, "validation_error"),
    ],
)
def test_invite_bad_input(network, coordinator, coop, payload, status, code):
    response = logged_in(coordinator).post(f"{BASE}/juk-bandung/memberships", payload, content_type=JSON)
    assert error(response, status)["code"] == code
    assert not NetworkMembership.objects.exists()


def test_inviting_a_member_is_refused(network, coordinator, active):
    response = logged_in(coordinator).post(
        f"{BASE}/juk-bandung/memberships", {"cooperative": "kud-mekar-sari"}, content_type=JSON
    )
    body = error(response, 400)
    assert body["code"] == "already_member"
    assert body["message"] == "KUD Mekar Sari sudah menjadi anggota JUK Kota Bandung."


# --- the invited cooperative answers


def test_manager_accepts_and_later_leaves(network, coop, manager):
    membership = MembershipFactory.create(network=network, cooperative=coop)
    client = logged_in(manager)

    accepted = client.post(
        f"{BASE}/juk-bandung/memberships/{membership.pk}/respond", {"decision": "accept"}, content_type=JSON
    )

    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "active"
    twice = error(
        client.post(
            f"{BASE}/juk-bandung/memberships/{membership.pk}/respond", {"decision": "decline"}, content_type=JSON
        ),
        400,
    )
    assert twice["code"] == "invitation_closed"

    left = client.post(f"{BASE}/juk-bandung/memberships/{membership.pk}/leave", {"note": "pindah"}, content_type=JSON)

    assert left.json()["status"] == "left"
    assert list(AuditLog.objects.filter(cooperative=coop).values_list("event", flat=True).order_by("id")) == [
        "membership.accepted",
        "membership.left",
    ]


def test_manager_declines(network, coop, manager):
    membership = MembershipFactory.create(network=network, cooperative=coop)
    response = logged_in(manager).post(
        f"{BASE}/juk-bandung/memberships/{membership.pk}/respond",
        {"decision": "decline", "note": "belum siap"},
        content_type=JSON,
    )
    assert response.json()["status"] == "declined"


def test_only_the_invited_cooperatives_manager_answers(network, coop, coordinator):
    membership = MembershipFactory.create(network=network, cooperative=coop)
    url = f"{BASE}/juk-bandung/memberships/{membership.pk}/respond"
    body = {"decision": "accept"}

    assert (
        error(logged_in(person_with_role(RoleKind.SUPERVISOR, coop)).post(url, body, content_type=JSON), 403)["code"]
        == "forbidden"
    )
    for person in (coordinator, person_with_role(RoleKind.MANAGER, CooperativeFactory.create()), UserFactory.create()):
        assert error(logged_in(person).post(url, body, content_type=JSON), 404)["code"] == "not_found"
    # The membership id under another network's address is not found either.
    manager = person_with_role(RoleKind.MANAGER, coop)
    other = NetworkFactory.create(slug="jaringan-lain")
    assert error(
        logged_in(manager).post(f"{BASE}/{other.slug}/memberships/{membership.pk}/respond", body, content_type=JSON),
        404,
    )
    assert error(logged_in(manager).post(url, {"decision": "maybe"}, content_type=JSON), 422)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.INVITED


def test_cooperative_lists_its_networks(network, coop, manager, active, django_assert_max_num_queries):
    MembershipFactory.create(cooperative=coop, network=NetworkFactory.create(name="Jaringan Pangan"))
    client = logged_in(manager)
    with django_assert_max_num_queries(8):
        body = client.get(f"/api/v1/cooperatives/{coop.slug}/networks").json()
    assert {(m["network"]["name"], m["status"]) for m in body} == {
        ("JUK Kota Bandung", "active"),
        ("Jaringan Pangan", "invited"),
    }
    assert body[0]["network"]["active_member_count"] >= 0
    assert error(
        logged_in(person_with_role(RoleKind.CASHIER, coop)).get(f"/api/v1/cooperatives/{coop.slug}/networks"), 403
    )
    assert error(logged_in(UserFactory.create()).get(f"/api/v1/cooperatives/{coop.slug}/networks"), 404)


# --- partnership records


def partnership_payload(membership, **changes):
    return {
        "membership_id": membership.pk,
        "signed_on": "2026-01-15",
        "parties": "Koperasi Sekunder Bandung Raya; KUD Mekar Sari",
        "scope": "Belanja bersama beras dan gula",
        "number": "PKS/001/2026",
    } | changes


def test_coordinator_records_a_partnership_and_uploads_its_document(network, coordinator, active, coop, manager):
    client = logged_in(coordinator)

    created = client.post(f"{BASE}/juk-bandung/partnerships", partnership_payload(active), content_type=JSON)

    assert created.status_code == 201, created.content
    record = created.json()
    assert (record["cooperative"], record["has_document"], record["document_url"]) == ("kud-mekar-sari", False, None)

    uploaded = client.post(
        f"{BASE}/juk-bandung/partnerships/{record['id']}/document",
        {"document": SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")},
    )

    assert uploaded.status_code == 200, uploaded.content
    assert uploaded.json()["has_document"] is True
    assert uploaded.json()["document_url"] == f"/kerja-sama/{record['id']}/dokumen/"
    download = logged_in(manager).get(f"{BASE}/juk-bandung/partnerships/{record['id']}/document")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert error(logged_in(UserFactory.create()).get(f"{BASE}/juk-bandung/partnerships/{record['id']}/document"), 404)
    listed = client.get(f"{BASE}/juk-bandung/partnerships").json()
    assert listed["count"] == 1
    assert [e for e in AuditLog.objects.values_list("event", flat=True).order_by("id")] == [
        "partnership.recorded",
        "partnership.document_attached",
    ]


@pytest.mark.parametrize(
    ("changes", "status", "code", "message"),
    [
        (
            {"signed_on": "2999-01-01"},
            400,
            "date_in_future",
            "Perjanjian kerja sama tidak boleh bertanggal di masa depan.",
        ),
        ({"valid_until": "2020-01-01"}, 400, "invalid_date_range", None),
        ({"signed_on": "15/01/2026"}, 422, "validation_error", None),
        ({"parties": ""}, 422, "validation_error", None),
        ({"membership_id": 999999}, 404, "not_found", None),
    ],
)
def test_partnership_bad_input_saves_nothing(network, coordinator, active, changes, status, code, message):
    response = logged_in(coordinator).post(
        f"{BASE}/juk-bandung/partnerships", partnership_payload(active, **changes), content_type=JSON
    )
    body = error(response, status)
    assert body["code"] == code
    if message:
        assert body["message"] == message
    assert not Partnership.objects.exists()


def test_partnership_for_an_invited_cooperative_is_refused(network, coordinator, coop):
    invited = MembershipFactory.create(network=network, cooperative=coop)
    response = logged_in(coordinator).post(
        f"{BASE}/juk-bandung/partnerships", partnership_payload(invited), content_type=JSON
    )
    assert error(response, 400)["code"] == "membership_not_active"


def test_a_bad_document_is_refused(network, coordinator, active):
    partnership = Partnership.objects.create(
        cooperative=active.cooperative, membership=active, signed_on=datetime.date(2026, 1, 1), parties="A", scope="B"
    )
    client = logged_in(coordinator)
    url = f"{BASE}/juk-bandung/partnerships/{partnership.pk}/document"

    bad = client.post(url, {"document": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf")})
    missing = client.post(url, {})

    assert error(bad, 400)["code"] == "invalid_file"
    assert error(missing, 422)["code"] == "validation_error"
    partnership.refresh_from_db()
    assert not partnership.document


def test_partnerships_of_another_network_are_404(network, coordinator):
    foreign = MembershipFactory.create(status=MembershipStatus.ACTIVE)
    partnership = Partnership.objects.create(
        cooperative=foreign.cooperative, membership=foreign, signed_on=datetime.date(2026, 1, 1), parties="A", scope="B"
    )
    client = logged_in(coordinator)
    assert error(client.post(f"{BASE}/juk-bandung/partnerships", partnership_payload(foreign), content_type=JSON), 404)
    upload = client.post(
        f"{BASE}/juk-bandung/partnerships/{partnership.pk}/document",
        {"document": SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")},
    )
    assert error(upload, 404)
    assert error(client.get(f"{BASE}/{foreign.network.slug}/partnerships"), 404)


def test_partnership_list_query_count(network, coordinator, django_assert_max_num_queries):
    def add(count: int) -> None:
        for _ in range(count):
            membership = MembershipFactory.create(network=network, status=MembershipStatus.ACTIVE)
            Partnership.objects.create(
                cooperative=membership.cooperative,
                membership=membership,
                signed_on=datetime.date(2026, 1, 1),
                parties="A",
                scope="B",
            )

    client = logged_in(coordinator)
    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get(f"{BASE}/juk-bandung/partnerships")
    add(15)
    with django_assert_max_num_queries(8), CaptureQueriesContext(connection) as many:
        assert client.get(f"{BASE}/juk-bandung/partnerships").json()["count"] == 17
    assert len(many) == len(few)


def test_the_network_routes_are_in_the_openapi_spec(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/networks",
        "/api/v1/networks/{slug}",
        "/api/v1/networks/{slug}/memberships",
        "/api/v1/networks/{slug}/memberships/{membership_id}/respond",
        "/api/v1/networks/{slug}/memberships/{membership_id}/leave",
        "/api/v1/networks/{slug}/partnerships",
        "/api/v1/networks/{slug}/partnerships/{partnership_id}/document",
        "/api/v1/cooperatives/{slug}/networks",
    ):
        assert path in paths
