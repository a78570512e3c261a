"""Networks: the services' rules and refusals, the coordinator's pages, the cooperative's answers, the document
door, and two people acting at once."""

import datetime
import re
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from simpul.coops.models import (
    CooperativeStatus,
    MembershipStatus,
    MembershipStatusChange,
    Network,
    NetworkMembership,
    Partnership,
)
from simpul.coops.services.networks import (
    TRANSITIONS,
    membership_transition,
    network_create,
    network_invite,
    partnership_record,
)
from simpul.coops.tests.factories import (
    CooperativeFactory,
    MembershipFactory,
    NetworkFactory,
    OfficeFactory,
    RoleKind,
    UserFactory,
    grant,
    person_with_role,
)
from simpul.core.exceptions import ApplicationError
from simpul.core.models import AuditLog
from simpul.regions.models import Region

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf(name: str = "mou.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return [str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def hub():
    return CooperativeFactory.create(name="Koperasi Sekunder Bandung Raya")


@pytest.fixture
def network(hub):
    return NetworkFactory.create(name="JUK Kota Bandung", slug="juk-kota-bandung", coordinator_cooperative=hub)


@pytest.fixture
def coordinator(network):
    return person_with_role(RoleKind.COORDINATOR, network, full_name="Agus Setiawan")


@pytest.fixture
def coop():
    return CooperativeFactory.create(name="KUD Mekar Sari")


@pytest.fixture
def manager(coop):
    return person_with_role(RoleKind.MANAGER, coop, full_name="Sri Wahyuni")


@pytest.fixture
def active(network, coop):
    return MembershipFactory.create(network=network, cooperative=coop, status=MembershipStatus.ACTIVE)


def refusal(call: Callable[[], Any]) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        call()
    return caught.value


# --- network_create


@pytest.mark.django_db
def test_network_create_by_a_cooperative_or_an_office(hub):
    actor = UserFactory.create()
    network = network_create(
        actor=actor, name="Jaringan Usaha Koperasi Kota Bandung", region="32.73", coordinator_cooperative=hub
    )
    assert network.slug == "jaringan-usaha-koperasi-kota-bandung"
    assert network.region_id == "32.73"
    log = AuditLog.objects.get(event="network.created")
    assert (log.cooperative_id, log.region_code, log.actor) == (hub.pk, "32.73", actor)

    office = OfficeFactory.create()
    by_office = network_create(
        actor=actor,
        name="Jaringan Dinas",
        region=Region.objects.get(code="32.73"),
        slug="jaringan-dinas",
        coordinator_office=office,
    )
    assert by_office.coordinator_office == office


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "code", "message"),
    [
        ({}, "invalid_coordinator", "tepat satu koordinator"),
        ({"coordinator_office": "office", "coordinator_cooperative": "hub"}, "invalid_coordinator", "tepat satu"),
        ({"coordinator_cooperative": "hub", "region": "32.99"}, "invalid_region", "bukan kode wilayah"),
        ({"coordinator_cooperative": "hub", "name": "  "}, "required", "Nama wajib diisi."),
        ({"coordinator_cooperative": "hub", "slug": "Bukan Slug!"}, "invalid_slug", "Alamat web"),
        ({"coordinator_cooperative": "hub", "slug": "sudah-ada"}, "duplicate_slug", "sudah dipakai jaringan lain"),
    ],
)
def test_network_create_refusals(hub, kwargs, code, message):
    NetworkFactory.create(slug="sudah-ada")
    objects = {"hub": hub, "office": OfficeFactory.create()}
    arguments = {"name": "Jaringan Baru", "region": "32.73"} | {
        key: objects.get(value, value) if isinstance(value, str) and key.startswith("coordinator") else value
        for key, value in kwargs.items()
    }
    count = Network.objects.count()

    error = refusal(lambda: network_create(actor=UserFactory.create(), **arguments))

    assert error.code == code
    assert message in error.message
    assert Network.objects.count() == count
    assert not AuditLog.objects.filter(event="network.created").exists()


# --- network_invite


@pytest.mark.django_db
def test_invite_creates_an_invitation_with_its_history(network, coop, coordinator):
    membership = network_invite(network=network, actor=coordinator, cooperative=coop)

    assert membership.status == MembershipStatus.INVITED
    assert membership.invited_by == coordinator
    change = MembershipStatusChange.objects.get(membership=membership)
    assert (change.from_status, change.to_status, change.actor, change.cooperative_id) == (
        "",
        "invited",
        coordinator,
        coop.pk,
    )
    log = AuditLog.objects.get(event="membership.invited")
    assert (log.cooperative_id, log.actor) == (coop.pk, coordinator)


@pytest.mark.django_db
def test_invite_refuses_a_member_an_open_invitation_and_a_dissolved_cooperative(network, coop, coordinator):
    network_invite(network=network, actor=coordinator, cooperative=coop)

    again = refusal(lambda: network_invite(network=network, actor=coordinator, cooperative=coop))
    assert again.code == "already_invited"
    assert again.message == "KUD Mekar Sari sudah diundang ke JUK Kota Bandung dan belum menjawab."

    NetworkMembership.objects.filter(cooperative=coop).update(status=MembershipStatus.ACTIVE)
    member = refusal(lambda: network_invite(network=network, actor=coordinator, cooperative=coop))
    assert member.code == "already_member"
    assert member.message == "KUD Mekar Sari sudah menjadi anggota JUK Kota Bandung."

    dissolved = CooperativeFactory.create(name="Koperasi Bubar", status=CooperativeStatus.DISSOLVED)
    gone = refusal(lambda: network_invite(network=network, actor=coordinator, cooperative=dissolved))
    assert gone.code == "cooperative_dissolved"

    assert NetworkMembership.objects.count() == 1
    assert MembershipStatusChange.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("gone", [MembershipStatus.DECLINED, MembershipStatus.LEFT])
def test_a_cooperative_that_declined_or_left_may_be_invited_again(network, coop, coordinator, gone):
    membership = MembershipFactory.create(network=network, cooperative=coop, status=gone)

    again = network_invite(network=network, actor=coordinator, cooperative=coop)

    assert again.pk == membership.pk
    assert again.status == MembershipStatus.INVITED
    assert again.responded_at is None
    change = MembershipStatusChange.objects.get(membership=membership)
    assert (change.from_status, change.to_status) == (gone, "invited")


# --- membership_transition

ALL_PAIRS = [(a, b) for a in MembershipStatus.values for b in MembershipStatus.values]


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "end"), ALL_PAIRS)
def test_transitions_follow_the_table(network, coop, manager, start, end):
    membership = MembershipFactory.create(network=network, cooperative=coop, status=start)
    allowed = end in TRANSITIONS[start]

    if allowed:
        moved = membership_transition(membership=membership, actor=manager, to_status=end, note="rapat pengurus")
        assert moved.status == end
        change = MembershipStatusChange.objects.get(membership=membership)
        assert (change.from_status, change.to_status, change.note) == (start, end, "rapat pengurus")
        assert AuditLog.objects.filter(cooperative=coop, target_id=str(membership.pk)).count() == 1
    else:
        error = refusal(lambda: membership_transition(membership=membership, actor=manager, to_status=end))
        assert error.code in {"invalid_transition", "invitation_closed"}
        membership.refresh_from_db()
        assert membership.status == start
        assert not MembershipStatusChange.objects.exists()
        assert not AuditLog.objects.exists()


@pytest.mark.django_db
def test_answering_an_answered_invitation_says_so_in_indonesian(network, coop, manager):
    membership = MembershipFactory.create(network=network, cooperative=coop)
    membership_transition(membership=membership, actor=manager, to_status=MembershipStatus.ACTIVE)

    error = refusal(lambda: membership_transition(membership=membership, actor=manager, to_status="declined"))

    assert error.code == "invitation_closed"
    assert error.message == "Undangan ini sudah dijawab atau sudah tidak berlaku."
    left = MembershipFactory.create(network=NetworkFactory.create(), cooperative=coop, status=MembershipStatus.LEFT)
    error = refusal(lambda: membership_transition(membership=left, actor=manager, to_status="left"))
    assert error.message == "Keanggotaan berstatus “keluar” tidak dapat diubah menjadi “keluar”."


@pytest.mark.django_db
def test_a_leaving_note_longer_than_its_column_is_refused_not_cut(client, active, coop, manager):
    client.force_login(manager)
    url = reverse("coops:membership_leave", args=[coop.slug, active.pk])

    response = client.post(url, {"note": "  " + "Pindah ke jaringan lain. " * 1000})

    assert response.status_code == 400
    assert "Catatan terlalu panjang: 24999 karakter, maksimal 255." in response.content.decode()
    assert not MembershipStatusChange.objects.filter(membership=active, to_status=MembershipStatus.LEFT).exists()

    note = ("Pindah ke jaringan lain. " * 11)[:255].strip()
    assert client.post(url, {"note": note}).status_code == 302
    change = MembershipStatusChange.objects.get(membership=active, to_status=MembershipStatus.LEFT)
    audit = AuditLog.objects.get(event="membership.left", target_id=str(active.pk))
    assert change.note == note
    assert audit.changes["note"] == change.note


# --- partnership_record


def record(membership: NetworkMembership, actor: Any, **changes: Any) -> Partnership:
    arguments: dict[str, Any] = {
        "signed_on": datetime.date(2026, 1, 15),
        "parties": "Koperasi Sekunder Bandung Raya; KUD Mekar Sari",
        "scope": "Belanja bersama beras, gula dan minyak goreng",
        "number": "PKS/001/JUK/2026",
    } | changes
    return partnership_record(membership=membership, actor=actor, **arguments)


@pytest.mark.django_db
def test_partnership_record_with_a_document(active, coordinator, coop, settings):
    partnership = record(active, coordinator, valid_until=datetime.date(2028, 1, 14), document=pdf())

    assert partnership.cooperative_id == coop.pk
    assert partnership.created_by == coordinator
    assert re.fullmatch(rf"partnerships/{coop.pk}/[0-9a-f]{{32}}\.pdf", partnership.document.name or "")
    assert partnership.document.read() == PDF
    log = AuditLog.objects.get(event="partnership.recorded")
    assert (log.cooperative_id, log.changes["document"]) == (coop.pk, True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "code", "message"),
    [
        ({"signed_on": datetime.date(2999, 1, 1)}, "date_in_future", "tidak boleh bertanggal di masa depan"),
        ({"valid_until": datetime.date(2025, 12, 31)}, "invalid_date_range", "tidak boleh sebelum tanggal"),
        ({"signed_on": None}, "required", "Tanggal penandatanganan wajib diisi."),
        ({"parties": " "}, "required", "Para pihak wajib diisi."),
        ({"scope": ""}, "required", "Ruang lingkup wajib diisi."),
        ({"document": SimpleUploadedFile("mou.pdf", b"hello, not a pdf")}, "invalid_file", "PDF, JPEG, atau PNG"),
        ({"document": pdf(content=PDF + b"0" * (5 * 1024 * 1024))}, "invalid_file", "melebihi 5 MB"),
    ],
)
def test_partnership_refusals_save_nothing(active, coordinator, settings, changes, code, message):
    error = refusal(lambda: record(active, coordinator, **changes))

    assert error.code == code
    assert message in error.message
    assert not Partnership.objects.exists()
    assert not AuditLog.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
@pytest.mark.parametrize("status", [MembershipStatus.INVITED, MembershipStatus.DECLINED, MembershipStatus.LEFT])
def test_partnership_needs_an_active_membership(network, coop, coordinator, status):
    membership = MembershipFactory.create(network=network, cooperative=coop, status=status)
    error = refusal(lambda: record(membership, coordinator))
    assert error.code == "membership_not_active"
    assert error.message == "Kerja sama hanya dapat dicatat untuk anggota aktif jaringan."
    assert not Partnership.objects.exists()


@pytest.mark.django_db
def test_future_is_judged_in_the_cooperatives_own_zone(network, coordinator, monkeypatch):
    # 16:30 UTC on 1 March is 23:30 WIB (still 1 March) but 01:30 WIT on 2 March.
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2026, 3, 1, 16, 30, tzinfo=datetime.UTC))
    maluku = CooperativeFactory.create(village_code="81.01.01.1009")
    bandung = CooperativeFactory.create()
    in_wit = MembershipFactory.create(network=network, cooperative=maluku, status=MembershipStatus.ACTIVE)
    in_wib = MembershipFactory.create(network=network, cooperative=bandung, status=MembershipStatus.ACTIVE)

    assert record(in_wit, coordinator, signed_on=datetime.date(2026, 3, 2)).pk
    error = refusal(lambda: record(in_wib, coordinator, signed_on=datetime.date(2026, 3, 2)))
    assert error.code == "date_in_future"


# --- the coordinator's pages


def home(network: Network) -> str:
    return reverse("coops:network_home", args=[network.slug])


@pytest.mark.django_db
def test_coordinator_home_lists_members_and_records(client, network, coordinator, active, coop):
    MembershipFactory.create(network=network, cooperative=CooperativeFactory.create(name="Kopontren Al Hidayah"))
    record(active, coordinator, document=pdf())
    client.force_login(coordinator)

    response = client.get(home(network))

    assert response.status_code == 200
    html = response.content.decode()
    assert "JUK Kota Bandung" in html
    assert "KUD Mekar Sari" in html and "Kopontren Al Hidayah" in html
    assert "Diundang" in html  # the invited member's status, in Bahasa Indonesia
    assert "PKS/001/JUK/2026" in html
    assert reverse("coops:partnership_create", args=[network.slug, active.pk]) in html
    filtered = client.get(home(network), {"status": "invited"}).content.decode()
    members = filtered[filtered.index('data-testid="member-table"') : filtered.index('id="kerja-sama"')]
    assert "Kopontren Al Hidayah" in members and "KUD Mekar Sari" not in members


@pytest.mark.django_db
def test_all_partnership_records_are_paginated(client, network, coordinator, django_assert_max_num_queries):
    for number in range(30):
        membership = MembershipFactory.create(network=network, status=MembershipStatus.ACTIVE)
        record(membership, coordinator, number=f"PKS/{number:03d}", signed_on=datetime.date(2025, 1, 1 + number % 28))
    client.force_login(coordinator)

    home_page = client.get(home(network)).content.decode()
    assert home_page.count('data-testid="partnership-row"') == 5
    assert "Lihat semua 30 perjanjian" in home_page
    with django_assert_max_num_queries(9):
        first = client.get(reverse("coops:network_partnerships", args=[network.slug])).content.decode()
    second = client.get(reverse("coops:network_partnerships", args=[network.slug]), {"halaman": 2}).content.decode()
    assert first.count('data-testid="partnership-row"') == 25
    assert second.count('data-testid="partnership-row"') == 5


@pytest.mark.django_db
def test_network_pages_are_404_for_anyone_else(client, network, active, manager):
    other = NetworkFactory.create()
    outsiders = [person_with_role(RoleKind.COORDINATOR, other), manager, UserFactory.create()]
    pages = [
        home(network),
        reverse("coops:network_partnerships", args=[network.slug]),
        reverse("coops:network_invite_search", args=[network.slug]) + "?q=kud",
        reverse("coops:partnership_create", args=[network.slug, active.pk]),
    ]
    for person in outsiders:
        client.force_login(person)
        for page in pages:
            assert client.get(page).status_code == 404, (person, page)
        assert (
            client.post(reverse("coops:network_invite", args=[network.slug]), {"cooperative": "x"}).status_code == 404
        )
    client.logout()
    assert client.get(home(network)).status_code == 302


@pytest.mark.django_db
def test_a_membership_of_another_network_is_404(client, network, coordinator):
    foreign = MembershipFactory.create(status=MembershipStatus.ACTIVE)
    client.force_login(coordinator)
    assert client.get(reverse("coops:partnership_create", args=[network.slug, foreign.pk])).status_code == 404


@pytest.mark.django_db
def test_invite_search_leaves_out_members_and_open_invitations(client, network, coordinator, active):
    CooperativeFactory.create(name="KUD Mekar Jaya")
    invited = CooperativeFactory.create(name="KUD Mekar Abadi")
    MembershipFactory.create(network=network, cooperative=invited)
    declined = CooperativeFactory.create(name="KUD Mekar Lestari")
    MembershipFactory.create(network=network, cooperative=declined, status=MembershipStatus.DECLINED)
    client.force_login(coordinator)

    html = client.get(reverse("coops:network_invite_search", args=[network.slug]), {"q": "kud mekar"}).content.decode()

    assert "KUD Mekar Jaya" in html and "KUD Mekar Lestari" in html
    assert "KUD Mekar Sari" not in html and "KUD Mekar Abadi" not in html


@pytest.mark.django_db
def test_coordinator_invites_from_the_page(client, network, coordinator, coop):
    client.force_login(coordinator)
    url = reverse("coops:network_invite", args=[network.slug])

    response = client.post(url, {"cooperative": coop.slug}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "KUD Mekar Sari sudah diundang." in response.content.decode()
    assert NetworkMembership.objects.get(cooperative=coop).status == MembershipStatus.INVITED

    again = client.post(url, {"cooperative": coop.slug})
    assert again.status_code == 400
    assert "sudah diundang ke JUK Kota Bandung dan belum menjawab" in again.content.decode()
    missing = client.post(url, {"cooperative": "tidak-ada"}, headers={"HX-Request": "true"})
    assert missing.status_code == 400
    assert "Koperasi itu tidak ditemukan." in missing.content.decode()
    assert NetworkMembership.objects.count() == 1


@pytest.mark.django_db
def test_coordinator_records_a_partnership_with_a_document(client, network, coordinator, active):
    client.force_login(coordinator)
    url = reverse("coops:partnership_create", args=[network.slug, active.pk])
    assert "KUD Mekar Sari" in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "number": "PKS/002",
            "signed_on": "2026-02-01",
            "valid_until": "2027-01-31",
            "parties": "A; B",
            "scope": "Pemasaran produk UMKM",
            "document": SimpleUploadedFile("scan.png", PNG, content_type="image/png"),
        },
    )

    assert response.status_code == 302
    partnership = Partnership.objects.get()
    assert partnership.number == "PKS/002"
    assert (partnership.document.name or "").endswith(".png")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"signed_on": "2999-01-01"}, "Perjanjian kerja sama tidak boleh bertanggal di masa depan."),
        ({"valid_until": "2020-01-01"}, "Tanggal berakhirnya tidak boleh sebelum tanggal penandatanganan."),
        ({"document": SimpleUploadedFile("mou.pdf", b"<html>")}, "Dokumen harus berupa berkas PDF, JPEG, atau PNG."),
        ({"signed_on": "kemarin"}, "Masukkan tanggal yang valid."),
    ],
)
def test_partnership_form_refusals(client, network, coordinator, active, settings, changes, message):
    client.force_login(coordinator)
    data = {"signed_on": "2026-02-01", "parties": "A; B", "scope": "Belanja bersama"} | changes

    response = client.post(
        reverse("coops:partnership_create", args=[network.slug, active.pk]), data, headers={"HX-Request": "true"}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Partnership.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_partnership_form_for_an_invited_cooperative_is_refused(client, network, coordinator, coop):
    invited = MembershipFactory.create(network=network, cooperative=coop)
    client.force_login(coordinator)
    response = client.post(
        reverse("coops:partnership_create", args=[network.slug, invited.pk]),
        {"signed_on": "2026-02-01", "parties": "A; B", "scope": "Belanja bersama"},
    )
    assert response.status_code == 400
    assert "hanya dapat dicatat untuk anggota aktif" in response.content.decode()


# --- the document door


@pytest.mark.django_db
def test_document_only_through_the_access_checked_view(client, network, coordinator, active, coop, manager):
    partnership = record(active, coordinator, document=pdf())
    url = reverse("coops:partnership_document", args=[partnership.pk])
    supervisor = person_with_role(RoleKind.SUPERVISOR, coop)
    allowed = [coordinator, manager, supervisor]
    refused = [
        person_with_role(RoleKind.CASHIER, coop),
        person_with_role(RoleKind.MEMBER, coop),
        person_with_role(RoleKind.MANAGER, CooperativeFactory.create()),
        person_with_role(RoleKind.COORDINATOR, NetworkFactory.create()),
        UserFactory.create(),
    ]

    for person in allowed:
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        assert "no-store" in response["Cache-Control"]
    for person in refused:
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    # The stored name is random, not the uploaded one.
    assert "mou" not in (partnership.document.name or "")


@pytest.mark.django_db
def test_a_record_without_document_has_no_download(client, coordinator, active):
    partnership = record(active, coordinator)
    client.force_login(coordinator)
    assert client.get(reverse("coops:partnership_document", args=[partnership.pk])).status_code == 404


# --- the cooperative's side


def action(name: str, coop: Any, membership: NetworkMembership) -> str:
    return reverse(f"coops:membership_{name}", args=[coop.slug, membership.pk])


@pytest.mark.django_db
def test_manager_accepts_declines_and_leaves(client, coop, manager):
    first = MembershipFactory.create(cooperative=coop, network=NetworkFactory.create(name="Jaringan Satu"))
    second = MembershipFactory.create(cooperative=coop, network=NetworkFactory.create(name="Jaringan Dua"))
    client.force_login(manager)

    accepted = client.post(action("accept", coop, first))
    declined = client.post(action("decline", coop, second))

    assert accepted.status_code == 302 and declined.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("active", "declined")
    assert first.responded_at is not None
    page = client.get(reverse("coops:dashboard", args=[coop.slug])).content.decode()
    assert "Koperasi Anda sudah bergabung dengan Jaringan Satu." in page

    left = client.post(action("leave", coop, first), {"note": "Tidak lagi sesuai rencana usaha"})

    assert left.status_code == 302
    first.refresh_from_db()
    assert first.status == "left"
    assert MembershipStatusChange.objects.filter(membership=first, to_status="left").get().note == (
        "Tidak lagi sesuai rencana usaha"
    )
    assert list(AuditLog.objects.filter(cooperative=coop).order_by("id").values_list("event", flat=True)) == [
        "membership.accepted",
        "membership.declined",
        "membership.left",
    ]


@pytest.mark.django_db
def test_answering_twice_is_refused_on_the_page(client, coop, manager):
    membership = MembershipFactory.create(cooperative=coop, status=MembershipStatus.ACTIVE)
    client.force_login(manager)
    response = client.post(action("accept", coop, membership))
    assert response.status_code == 400
    assert "Undangan ini sudah dijawab atau sudah tidak berlaku." in response.content.decode()


@pytest.mark.django_db
def test_only_the_managers_answer(client, coop):
    membership = MembershipFactory.create(cooperative=coop)
    for kind in (RoleKind.SUPERVISOR, RoleKind.CASHIER, RoleKind.MEMBER):
        client.force_login(person_with_role(kind, coop))
        assert client.post(action("accept", coop, membership)).status_code == 403
    other = CooperativeFactory.create()
    client.force_login(person_with_role(RoleKind.MANAGER, other))
    assert client.post(action("accept", coop, membership)).status_code == 404
    # A manager cannot reach another cooperative's membership through their own address either.
    assert client.post(action("accept", other, membership)).status_code == 404
    client.force_login(person_with_role(RoleKind.MANAGER, coop))
    assert client.get(action("accept", coop, membership)).status_code == 405
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.INVITED


# --- query counts


@pytest.mark.django_db
def test_coordinator_home_query_count_does_not_grow(client, network, coordinator, django_assert_max_num_queries):
    def add(count: int) -> None:
        for _ in range(count):
            membership = MembershipFactory.create(network=network, status=MembershipStatus.ACTIVE)
            record(membership, coordinator, document=pdf())
            MembershipFactory.create(network=network)

    add(2)
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as few:
        assert client.get(home(network)).status_code == 200
    add(10)
    # the page's own 12, and the member cooperatives' figures: their list and the providers' 4 (members, books)
    with django_assert_max_num_queries(17), CaptureQueriesContext(connection) as many:
        assert client.get(home(network)).status_code == 200
    assert len(many) == len(few)


@pytest.mark.django_db
def test_invite_search_query_count(client, network, coordinator, django_assert_max_num_queries):
    for number in range(15):
        CooperativeFactory.create(name=f"Koperasi Tani Makmur {number}")
    client.force_login(coordinator)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("coops:network_invite_search", args=[network.slug]), {"q": "tani makmur"})
    assert response.content.decode().count('data-testid="invite-row"') == 15


# --- two people at once (committed transactions, real connections)

# Regions stay loaded: the flush after a transactional test empties only these apps' tables.
CONCURRENT = pytest.mark.django_db(transaction=True, available_apps=["simpul.core", "simpul.coops"])


def run_together(*calls: Callable[[], Any]) -> list[Any]:
    """Start the calls in threads at the same moment; each returns its result or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def worker(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # the test inspects it
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@CONCURRENT
def test_two_coordinators_inviting_at_once_make_one_membership():
    network = NetworkFactory.create()
    coop = CooperativeFactory.create()
    first, second = UserFactory.create(), UserFactory.create()
    grant(first, RoleKind.COORDINATOR, network)
    grant(second, RoleKind.COORDINATOR, network)

    results = run_together(
        lambda: network_invite(network=network, actor=first, cooperative=coop),
        lambda: network_invite(network=network, actor=second, cooperative=coop),
    )

    memberships = [r for r in results if isinstance(r, NetworkMembership)]
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(memberships) == 1, results
    assert len(errors) == 1 and isinstance(errors[0], ApplicationError), results
    assert errors[0].code == "already_invited"
    assert NetworkMembership.objects.filter(network=network, cooperative=coop).count() == 1
    assert MembershipStatusChange.objects.filter(membership__network=network).count() == 1
    assert AuditLog.objects.filter(event="membership.invited").count() == 1


@CONCURRENT
def test_two_managers_answering_at_once_give_one_answer():
    coop = CooperativeFactory.create()
    membership = MembershipFactory.create(cooperative=coop)
    first, second = UserFactory.create(), UserFactory.create()
    grant(first, RoleKind.MANAGER, coop)
    grant(second, RoleKind.MANAGER, coop)

    results = run_together(
        lambda: membership_transition(membership=membership, actor=first, to_status=MembershipStatus.ACTIVE),
        lambda: membership_transition(membership=membership, actor=second, to_status=MembershipStatus.DECLINED),
    )

    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and getattr(errors[0], "code", None) == "invitation_closed", results
    membership.refresh_from_db()
    assert membership.status in {MembershipStatus.ACTIVE, MembershipStatus.DECLINED}
    changes = MembershipStatusChange.objects.filter(membership=membership)
    assert list(changes.values_list("to_status", flat=True)) == [membership.status]


@CONCURRENT
def test_regions_survive_the_transactional_tests():
    # Guards the available_apps choice above: the region table must still be whole afterwards.
    assert Region.objects.filter(level=4).count() == 83762
