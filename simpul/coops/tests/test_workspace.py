"""The cooperative workspace: home per role, profile edit, outlets and the audit trail."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from simpul.coops.models import Cooperative, MembershipStatus, Outlet, Partnership
from simpul.coops.tests.factories import (
    BANDUNG_VILLAGE,
    CooperativeFactory,
    MembershipFactory,
    NetworkFactory,
    OutletFactory,
    RoleKind,
    UserFactory,
    grant,
    person_with_role,
)
from simpul.core.audit import audit_record
from simpul.core.models import AuditLog

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def coop() -> Cooperative:
    return CooperativeFactory.create(name="KSU Sumber Rejeki", address="Jl. Gegerkalong Hilir 12")


@pytest.fixture
def manager(coop):
    return person_with_role(RoleKind.MANAGER, coop, full_name="Siti Rahmawati")


@pytest.fixture
def supervisor(coop):
    return person_with_role(RoleKind.SUPERVISOR, coop, full_name="Bambang Sutrisno")


@pytest.fixture
def cashier(coop):
    return person_with_role(RoleKind.CASHIER, coop, full_name="Dewi Lestari")


def url(name: str, coop: Cooperative, *args: object) -> str:
    return reverse(f"coops:{name}", args=[coop.slug, *args])


def profile_data(coop: Cooperative, **changes: str) -> dict[str, str]:
    data = {
        "name": coop.name,
        "type": coop.type,
        "nik_koperasi": "",
        "deed_number": "AHU-0001234.AH.01.26",
        "deed_date": "2019-03-14",
        "founded_on": "2018-11-02",
        "village": coop.village_id,
        "address": "Jl. Gegerkalong Hilir 12",
        "phone": "0812 3456 7890",
        "whatsapp": "",
        "email": "pengurus@sumberrejeki.id",
        "fiscal_year_start_month": "1",
        "status": "active",
        "description": "Koperasi serba usaha warga Gegerkalong.",
    }
    data.update(changes)
    return data


# --- the home page per role


def test_manager_home_shows_profile_outlets_staff_and_networks(client, coop, manager, supervisor, cashier):
    OutletFactory.create(cooperative=coop, name="Koperasi Mart Gegerkalong")
    invited = MembershipFactory.create(cooperative=coop, network=NetworkFactory.create(name="Jaringan Pangan Bandung"))
    member = MembershipFactory.create(
        cooperative=coop,
        network=NetworkFactory.create(name="JUK Kota Bandung"),
        status=MembershipStatus.ACTIVE,
        responded_at=timezone.now(),
    )
    record = Partnership.objects.create(
        cooperative=coop,
        membership=member,
        number="PKS/017/JUK-BDG/2026",
        signed_on=datetime.date(2026, 1, 5),
        parties="JUK Kota Bandung; KSU Sumber Rejeki",
        scope="Belanja bersama beras dan minyak goreng",
        document=SimpleUploadedFile("mou.pdf", PDF, content_type="application/pdf"),
    )
    client.force_login(manager)

    response = client.get(url("dashboard", coop))

    assert response.status_code == 200
    html = response.content.decode()
    assert "KSU Sumber Rejeki" in html
    assert "Koperasi Mart Gegerkalong" in html
    for person in ("Siti Rahmawati", "Bambang Sutrisno", "Dewi Lestari"):
        assert person in html
    assert reverse("coops:invitations", args=[coop.slug]) in html
    assert reverse("coops:membership_accept", args=[coop.slug, invited.pk]) in html
    assert "Jaringan Pangan Bandung" in html
    assert "PKS/017/JUK-BDG/2026" in html
    assert reverse("coops:partnership_document", args=[record.pk]) in html
    assert 'data-testid="link-profile"' in html
    assert "Ubah profil" in html  # Bahasa Indonesia by default


def test_supervisor_home_has_no_edit_controls(client, coop, supervisor):
    MembershipFactory.create(cooperative=coop)
    client.force_login(supervisor)

    response = client.get(url("dashboard", coop))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="profile-summary"' in html
    assert 'data-testid="network-invitation"' in html
    for control in (
        "accept-invitation",
        "decline-invitation",
        "add-outlet",
        "invite-staff",
        "leave-network",
        "link-staff",
    ):
        assert f'data-testid="{control}"' not in html


def test_cashier_goes_on_to_the_cashier_page(client, coop, cashier, manager):
    client.force_login(cashier)

    response = client.get(url("dashboard", coop))

    assert response.status_code == 302
    assert response["Location"] == reverse("mart:pos", args=[coop.slug])
    for name in ("profile", "outlets", "audit_trail", "outlet_create"):
        assert client.get(url(name, coop)).status_code == 403


def test_member_role_is_refused_and_strangers_get_404(client, coop):
    client.force_login(person_with_role(RoleKind.MEMBER, coop))
    assert client.get(url("dashboard", coop)).status_code == 403

    client.force_login(UserFactory.create())
    assert client.get(url("dashboard", coop)).status_code == 404

    other = CooperativeFactory.create()
    client.force_login(person_with_role(RoleKind.MANAGER, other))
    for name in ("dashboard", "profile", "outlets", "audit_trail"):
        assert client.get(url(name, coop)).status_code == 404
    assert client.get("/k/tidak-ada/").status_code == 404


def test_anonymous_is_sent_to_login(client, coop):
    response = client.get(url("dashboard", coop))
    assert response.status_code == 302
    assert reverse("core:login") in response["Location"]


def test_a_person_with_several_roles_gets_the_strongest(client, coop, cashier):
    grant(cashier, RoleKind.MANAGER, coop)
    client.force_login(cashier)
    html = client.get(url("dashboard", coop)).content.decode()
    assert 'data-testid="add-outlet"' in html


# --- profile


def test_manager_edits_the_profile(client, coop, manager):
    client.force_login(manager)
    assert client.get(url("profile", coop)).status_code == 200

    response = client.post(
        url("profile", coop),
        profile_data(coop, name="KSU Sumber Rejeki Makmur", nik_koperasi="3273010020190001", village="32.73.01.1001"),
    )

    assert response.status_code == 302
    assert response["Location"] == url("dashboard", coop)
    coop.refresh_from_db()
    assert coop.name == "KSU Sumber Rejeki Makmur"
    # The legal identity is shown but not taken from the form: the Dinas changes it (test_identity_requests.py).
    assert coop.nik_koperasi is None
    assert coop.village_id == BANDUNG_VILLAGE
    assert coop.deed_date is None
    assert coop.phone == "+6281234567890"
    log = AuditLog.objects.get(cooperative=coop, event="cooperative.updated")
    assert log.actor == manager
    assert log.changes["name"] == ["KSU Sumber Rejeki", "KSU Sumber Rejeki Makmur"]


def test_htmx_save_redirects_the_page(client, coop, manager):
    client.force_login(manager)
    response = client.post(url("profile", coop), profile_data(coop, name="KSU Baru"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"] == url("dashboard", coop)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"founded_on": "2999-01-01"}, "Tanggal berdiri tidak boleh di masa depan."),
        ({"name": ""}, "Bidang ini tidak boleh kosong."),
        ({"phone": "12345"}, "bukan nomor telepon Indonesia yang valid"),
    ],
)
def test_profile_refusals_save_nothing(client, coop, manager, changes, message):
    client.force_login(manager)
    before = Cooperative.objects.values().get(pk=coop.pk)

    response = client.post(url("profile", coop), profile_data(coop, **changes), headers={"HX-Request": "true"})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'data-testid="profile-form"' in response.content.decode()
    assert Cooperative.objects.values().get(pk=coop.pk) == before
    assert not AuditLog.objects.filter(cooperative=coop).exists()


def test_the_profile_page_shows_the_legal_identity_and_links_to_the_request(client, coop, manager):
    client.force_login(manager)
    html = client.get(url("profile", coop)).content.decode()
    assert 'data-testid="link-identity-request"' in html and url("identity_requests", coop) in html
    assert 'name="status"' in html and "disabled" in html


def test_supervisor_reads_the_profile_but_may_not_save(client, coop, supervisor):
    client.force_login(supervisor)
    page = client.get(url("profile", coop))
    assert page.status_code == 200
    assert 'data-testid="profile-form"' not in page.content.decode()
    assert 'data-testid="profile-summary"' in page.content.decode()

    response = client.post(url("profile", coop), profile_data(coop, name="Diubah Pengawas"))

    assert response.status_code == 403
    coop.refresh_from_db()
    assert coop.name == "KSU Sumber Rejeki"


def test_cashier_and_strangers_may_not_save_the_profile(client, coop, cashier):
    client.force_login(cashier)
    assert client.post(url("profile", coop), profile_data(coop, name="X")).status_code == 403
    client.force_login(person_with_role(RoleKind.MANAGER, CooperativeFactory.create()))
    assert client.post(url("profile", coop), profile_data(coop, name="X")).status_code == 404
    coop.refresh_from_db()
    assert coop.name == "KSU Sumber Rejeki"


# --- outlets


def test_manager_adds_and_edits_an_outlet(client, coop, manager):
    client.force_login(manager)
    assert client.get(url("outlet_create", coop)).status_code == 200

    response = client.post(
        url("outlet_create", coop),
        {
            "name": "Koperasi Mart Sukarasa",
            "kind": "mart",
            "address": "Jl. Sukarasa 3",
            "village": "32.73.01.1001",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    outlet = Outlet.objects.get(cooperative=coop)
    assert (outlet.name, outlet.village_id, outlet.is_active) == ("Koperasi Mart Sukarasa", "32.73.01.1001", True)

    response = client.post(
        url("outlet_edit", coop, outlet.pk), {"name": "Koperasi Mart Sukarasa", "kind": "warung", "village": ""}
    )

    assert response.status_code == 302
    outlet.refresh_from_db()
    assert (outlet.kind, outlet.village_id, outlet.is_active) == ("warung", None, False)
    assert list(AuditLog.objects.filter(cooperative=coop).values_list("event", flat=True).order_by("id")) == [
        "outlet.created",
        "outlet.updated",
    ]


def test_outlet_refusals_save_nothing(client, coop, manager):
    OutletFactory.create(cooperative=coop, name="Koperasi Mart Gegerkalong")
    client.force_login(manager)

    duplicate = client.post(url("outlet_create", coop), {"name": "Koperasi Mart Gegerkalong", "kind": "mart"})
    not_a_village = client.post(
        url("outlet_create", coop), {"name": "Warung Baru", "kind": "warung", "village": "32.73"}
    )

    assert duplicate.status_code == 400
    assert "Koperasi ini sudah memiliki gerai bernama “Koperasi Mart Gegerkalong”." in duplicate.content.decode()
    assert not_a_village.status_code == 400
    assert "bukan desa/kelurahan" in not_a_village.content.decode()
    assert Outlet.objects.filter(cooperative=coop).count() == 1


def test_other_cooperatives_outlet_is_404(client, coop, manager):
    foreign = OutletFactory.create(cooperative=CooperativeFactory.create())
    client.force_login(manager)
    assert client.get(url("outlet_edit", coop, foreign.pk)).status_code == 404
    response = client.post(url("outlet_edit", coop, foreign.pk), {"name": "Dibajak", "kind": "mart"})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.name != "Dibajak"


def test_supervisor_sees_outlets_without_edit_links_and_may_not_write(client, coop, supervisor):
    outlet = OutletFactory.create(cooperative=coop, name="Kios Pasar")
    client.force_login(supervisor)

    page = client.get(url("outlets", coop))

    assert page.status_code == 200
    assert "Kios Pasar" in page.content.decode()
    assert 'data-testid="edit-outlet"' not in page.content.decode()
    assert client.get(url("outlet_create", coop)).status_code == 403
    assert client.post(url("outlet_create", coop), {"name": "Baru", "kind": "mart"}).status_code == 403
    assert client.post(url("outlet_edit", coop, outlet.pk), {"name": "Ganti", "kind": "mart"}).status_code == 403
    assert Outlet.objects.filter(cooperative=coop).count() == 1


# --- audit trail


def test_audit_trail_lists_the_cooperatives_rows_newest_first(client, coop, manager, supervisor):
    client.force_login(manager)
    client.post(url("profile", coop), profile_data(coop, name="KSU Sumber Rejeki Jaya"))
    client.post(url("outlet_create", coop), {"name": "Kios Terminal", "kind": "stall"})
    other = CooperativeFactory.create(name="Koperasi Lain")
    audit_record(actor=None, event="cooperative.updated", target=other, cooperative_id=other.pk)

    client.force_login(supervisor)
    response = client.get(url("audit_trail", coop))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Gerai ditambahkan") < html.index("Profil koperasi diubah")
    assert "Siti Rahmawati" in html
    assert "KSU Sumber Rejeki Jaya" in html
    assert "Koperasi Lain" not in html


def test_audit_trail_is_paginated_and_read_only(client, coop, manager):
    for number in range(30):
        audit_record(
            actor=manager,
            event="outlet.created",
            target=coop,
            cooperative_id=coop.pk,
            changes={"name": f"Gerai {number}"},
        )
    client.force_login(manager)

    first = client.get(url("audit_trail", coop))
    second = client.get(url("audit_trail", coop), {"halaman": 2})

    assert first.content.decode().count('data-testid="audit-entry"') == 25
    assert "Gerai 29" in first.content.decode()
    assert second.content.decode().count('data-testid="audit-entry"') == 5
    assert "Gerai 0<" in second.content.decode() or "Gerai 0\n" in second.content.decode()
    assert client.post(url("audit_trail", coop)).status_code == 405
    assert client.delete(url("audit_trail", coop)).status_code == 405
    assert AuditLog.objects.filter(cooperative=coop).count() == 30


def test_audit_time_is_shown_in_the_cooperatives_zone(client, manager):
    bali = CooperativeFactory.create(village_code="51.01.01.1006")
    grant(manager, RoleKind.MANAGER, bali)
    log = audit_record(actor=manager, event="cooperative.updated", target=bali, cooperative_id=bali.pk)
    AuditLog.objects.filter(pk=log.pk).update(created_at=datetime.datetime(2026, 3, 1, 16, 30, tzinfo=datetime.UTC))
    client.force_login(manager)

    html = client.get(url("audit_trail", bali)).content.decode()

    assert "2 Maret 2026, 00:30 WITA" in html


def test_cashier_may_not_read_the_audit_trail(client, coop, cashier):
    client.force_login(cashier)
    assert client.get(url("audit_trail", coop)).status_code == 403


# --- query counts


def _fill(coop: Cooperative, count: int) -> None:
    for number in range(count):
        OutletFactory.create(cooperative=coop)
        grant(UserFactory.create(), RoleKind.CASHIER, coop)
        member = MembershipFactory.create(cooperative=coop, status=MembershipStatus.ACTIVE)
        Partnership.objects.create(
            cooperative=coop, membership=member, signed_on=datetime.date(2025, 1, 1), parties="A; B", scope="Belanja"
        )
        MembershipFactory.create(cooperative=coop)
        audit_record(actor=None, event="outlet.created", target=coop, cooperative_id=coop.pk, changes={"n": number})


@pytest.mark.parametrize(("name", "most"), [("dashboard", 18), ("outlets", 6), ("audit_trail", 8), ("profile", 6)])
def test_list_pages_query_count_does_not_grow(client, coop, manager, django_assert_max_num_queries, name, most):
    _fill(coop, 3)
    client.force_login(manager)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(name, coop)).status_code == 200
    _fill(coop, 12)
    with django_assert_max_num_queries(most), CaptureQueriesContext(connection) as many:
        assert client.get(url(name, coop)).status_code == 200
    assert len(many) == len(few)
