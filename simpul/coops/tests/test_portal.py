"""The member home and the supplier's company profile."""

import pytest
from django.urls import reverse

from simpul.coops.models import CooperativeStatus, RoleKind, Supplier
from simpul.coops.services.suppliers import supplier_update
from simpul.coops.tests.factories import (
    CILACAP_VILLAGE,
    CooperativeFactory,
    SupplierFactory,
    grant,
    person_with_role,
)
from simpul.core.exceptions import ApplicationError
from simpul.core.models import AuditLog
from simpul.regions.models import Region

pytestmark = pytest.mark.django_db


# --- member home -----------------------------------------------------------------------------------------------------


def test_member_sees_their_cooperatives_with_links_to_the_public_profiles(client):
    first = CooperativeFactory(name="KUD Sumber Rejeki", village_code=CILACAP_VILLAGE)
    second = CooperativeFactory(name="Koperasi Merah Putih Gegerkalong")
    CooperativeFactory(name="Koperasi Orang Lain")
    member = person_with_role(RoleKind.MEMBER, first)
    grant(member, RoleKind.MEMBER, second)
    client.force_login(member)

    response = client.get(reverse("coops:member_home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Koperasi saya" in html
    assert "KUD Sumber Rejeki" in html and "Tambakreja, Kedungreja, Kabupaten Cilacap, Jawa Tengah" in html
    assert reverse("coops:cooperative_profile", args=[first.slug]) in html
    assert reverse("coops:cooperative_profile", args=[second.slug]) in html
    assert "Koperasi Orang Lain" not in html
    # No member record is linked to this login: each card says to ask the manager (the members app's portal tests
    # cover the linked case).
    assert html.count('data-testid="member-not-linked"') == 2


def test_member_home_does_not_link_a_dissolved_cooperative(client):
    dissolved = CooperativeFactory(name="Koperasi Lama", status=CooperativeStatus.DISSOLVED)
    client.force_login(person_with_role(RoleKind.MEMBER, dissolved))
    html = client.get(reverse("coops:member_home")).content.decode()
    assert "Koperasi Lama" in html and reverse("coops:cooperative_profile", args=[dissolved.slug]) not in html


def test_member_home_is_404_without_a_member_role_and_asks_anonymous_to_log_in(client):
    anonymous = client.get(reverse("coops:member_home"))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("core:login"))

    client.force_login(person_with_role(RoleKind.MANAGER, CooperativeFactory()))
    assert client.get(reverse("coops:member_home")).status_code == 404


def test_member_home_query_count_is_constant(client, django_assert_max_num_queries):
    member = person_with_role(RoleKind.MEMBER, CooperativeFactory())
    for cooperative in CooperativeFactory.create_batch(5):
        grant(member, RoleKind.MEMBER, cooperative)
    client.force_login(member)
    # session, user, roles (middleware), member roles with cooperatives, the linked member records (members' hook)
    with django_assert_max_num_queries(5):
        assert client.get(reverse("coops:member_home")).status_code == 200


# --- supplier home ---------------------------------------------------------------------------------------------------


@pytest.fixture
def supplier():
    SupplierFactory(
        name="PT Sumber Pangan Nusantara",
        nib="9120001234567",
        contact_name="Bapak Hendra Gunawan",
        phone="+62227201234",
    )
    supplier = Supplier.objects.get(nib="9120001234567")
    supplier.regions_served.set([Region.objects.get(code="32"), Region.objects.get(code="33.01")])
    return supplier


@pytest.fixture
def staff(supplier):
    return person_with_role(RoleKind.SUPPLIER, supplier, full_name="Dewi Lestari")


def test_supplier_staff_see_the_company_profile(client, staff, supplier):
    client.force_login(staff)
    response = client.get(reverse("coops:supplier_home"))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("PT Sumber Pangan Nusantara", "9120001234567", "Bapak Hendra Gunawan", "+62227201234"):
        assert text in html
    assert "Jawa Barat" in html and "Kabupaten Cilacap, Jawa Tengah" in html


def test_supplier_pages_are_404_for_people_without_a_supplier_role(client):
    client.force_login(person_with_role(RoleKind.MEMBER, CooperativeFactory()))
    assert client.get(reverse("coops:supplier_home")).status_code == 404
    assert client.get(reverse("coops:supplier_edit")).status_code == 404
    assert client.post(reverse("coops:supplier_edit"), {"nib": "1234567890123"}).status_code == 404


def test_supplier_edits_contact_and_regions_served_with_an_audit_row(client, staff, supplier):
    client.force_login(staff)
    response = client.post(
        reverse("coops:supplier_edit"),
        {
            "nib": "9120001234567",
            "contact_name": "Ibu Sari Wulandari",
            "phone": "0812 7777 8888",
            "email": "Penjualan@SumberPangan.co.id",
            "address": "Jl. Soekarno-Hatta No. 100, Bandung",
            "regions_served": ["32"],  # Cilacap unticked
            "add_region": "33.02",  # Kabupaten Banyumas added
        },
    )

    assert response.status_code == 302 and response["Location"] == reverse("coops:supplier_home")
    supplier.refresh_from_db()
    assert supplier.contact_name == "Ibu Sari Wulandari"
    assert supplier.phone == "+6281277778888" and supplier.email == "penjualan@sumberpangan.co.id"
    assert sorted(supplier.regions_served.values_list("code", flat=True)) == ["32", "33.02"]
    entry = AuditLog.objects.get(event="supplier.updated")
    assert entry.actor == staff and entry.target_id == str(supplier.pk)
    assert entry.changes["regions_served"] == [["32", "33.01"], ["32", "33.02"]]
    assert entry.changes["contact_name"] == ["Bapak Hendra Gunawan", "Ibu Sari Wulandari"]
    assert "Profil perusahaan sudah disimpan." in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nib": "12345"}, "NIB harus tepat 13 digit"),
        ({"nib": "9120009999999"}, "sudah terdaftar atas nama pemasok lain"),
        ({"phone": "555"}, "bukan nomor telepon Indonesia yang valid"),
        ({"add_region": "99.99"}, "bukan kode wilayah Kemendagri"),
        ({"regions_served": ["35"]}, "Masukkan pilihan yang valid"),
        ({"email": "bukan-email"}, "alamat email yang valid"),
    ],
)
def test_supplier_edit_refusals_show_the_message_with_400_and_save_nothing(client, staff, supplier, overrides, message):
    SupplierFactory(nib="9120009999999")
    client.force_login(staff)
    data = {
        "nib": "9120001234567",
        "contact_name": "Nama Baru",
        "phone": "",
        "email": "",
        "address": "",
        "regions_served": ["32", "33.01"],
        "add_region": "",
        **overrides,
    }

    response = client.post(reverse("coops:supplier_edit"), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    supplier.refresh_from_db()
    assert supplier.contact_name == "Bapak Hendra Gunawan" and supplier.nib == "9120001234567"
    assert sorted(supplier.regions_served.values_list("code", flat=True)) == ["32", "33.01"]
    assert not AuditLog.objects.exists()


def test_supplier_update_service_refuses_unknown_fields_and_writes_nothing_when_unchanged(staff, supplier):
    with pytest.raises(ApplicationError):
        supplier_update(supplier=supplier, actor=staff, data={"slug": "lain"})
    supplier_update(supplier=supplier, actor=staff, data={"contact_name": "Bapak Hendra Gunawan"})
    supplier_update(supplier=supplier, actor=staff, data={"regions_served": ["33.01", "32", "32"]})
    assert not AuditLog.objects.exists()
    assert Supplier.objects.get().regions_served.count() == 2


def test_supplier_edit_form_query_count_is_constant(client, staff, supplier, django_assert_max_num_queries):
    client.force_login(staff)
    with django_assert_max_num_queries(5):
        assert client.get(reverse("coops:supplier_edit")).status_code == 200
