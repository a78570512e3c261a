"""The Dinas officer's pages: region breakdown and drill-down, the region's list, registering a cooperative,
the audit trail; and that an officer never sees outside the office's region."""

import datetime

import pytest
from django.core.paginator import Page
from django.urls import reverse
from django.utils import timezone

from simpul.coops.models import Cooperative, CooperativeStatus, CooperativeType, OfficeKind, RoleKind
from simpul.coops.selectors.dinas import region_breakdown, region_cooperatives
from simpul.coops.services.cooperatives import cooperative_register, cooperative_update
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

SARIJADI = "32.73.01.1004"  # Sukasari, Kota Bandung
DAGO = "32.73.02.1004"  # Coblong, Kota Bandung


@pytest.fixture
def bandung_office():
    return OfficeFactory(name="Dinas Koperasi dan UMKM Kota Bandung")


@pytest.fixture
def officer(bandung_office):
    return person_with_role(RoleKind.DINAS, bandung_office, full_name="Ibu Rina Marlina")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def dinas_url(code: str, name: str = "coops:dinas_home") -> str:
    return reverse(name, args=[code])


# --- breakdown selector ----------------------------------------------------------------------------------------------


def test_breakdown_of_a_regency_counts_each_district_by_type_in_one_grouped_query(django_assert_num_queries):
    CooperativeFactory(type=CooperativeType.KUD)
    CooperativeFactory(type=CooperativeType.KUD, village_code=SARIJADI)
    CooperativeFactory(type=CooperativeType.KSP, village_code=SARIJADI, status=CooperativeStatus.DORMANT)
    CooperativeFactory(type=CooperativeType.KSP, status=CooperativeStatus.DISSOLVED)
    CooperativeFactory(type=CooperativeType.MERAH_PUTIH, village_code=DAGO)
    CooperativeFactory(village_code=CILACAP_VILLAGE)  # another regency

    with django_assert_num_queries(2):  # the child regions, and the counts in one GROUP BY
        rows = region_breakdown(region_code="32.73")

    assert len(rows) == Region.objects.filter(parent_id="32.73").count() == 30
    by_code = {row.code: row for row in rows}
    sukasari, coblong = by_code["32.73.01"], by_code["32.73.02"]
    assert sukasari.name == "Sukasari"
    assert sukasari.by_type == {"kud": 2, "ksp": 1}
    assert (sukasari.total, sukasari.active, sukasari.dormant, sukasari.dissolved) == (3, 2, 1, 1)
    assert coblong.by_type == {"merah_putih": 1} and coblong.total == 1
    assert sum(row.total for row in rows) == 4


@pytest.mark.parametrize(
    ("code", "child"),
    [("id", "32"), ("32", "32.73"), ("32.73", "32.73.01"), ("32.73.01", BANDUNG_VILLAGE)],
)
def test_breakdown_goes_one_level_down_at_every_level(code, child):
    CooperativeFactory(type=CooperativeType.KUD)
    rows = {row.code: row for row in region_breakdown(region_code=code)}
    assert rows[child].by_type == {"kud": 1}


def test_a_village_has_no_level_below():
    assert region_breakdown(region_code=BANDUNG_VILLAGE) == []


def test_region_cooperatives_filters_by_type_and_status_and_pages():
    for n in range(7):
        CooperativeFactory(name=f"KUD {n}", type=CooperativeType.KUD)
    CooperativeFactory(name="KSP Lama", type=CooperativeType.KSP, status=CooperativeStatus.DISSOLVED)
    CooperativeFactory(name="KUD Cilacap", type=CooperativeType.KUD, village_code=CILACAP_VILLAGE)

    page = region_cooperatives(region_code="32.73", per_page=5)
    assert isinstance(page, Page) and len(page) == 5 and page.has_next()
    assert [c.name for c in region_cooperatives(region_code="32.73", type="kud", page=2, per_page=5)] == [
        "KUD 5",
        "KUD 6",
    ]
    assert [c.name for c in region_cooperatives(region_code="32.73", status="dissolved")] == ["KSP Lama"]
    assert len(region_cooperatives(region_code="id")) == 9


# --- access ----------------------------------------------------------------------------------------------------------


def test_officer_sees_own_regency_broken_down_by_district_and_type(officer_client):
    CooperativeFactory(name="KUD Gegerkalong", type=CooperativeType.KUD)
    CooperativeFactory(name="Kopontren Darul Hikmah", type=CooperativeType.KOPONTREN, village_code=DAGO)
    CooperativeFactory(name="KUD Cilacap Jaya", village_code=CILACAP_VILLAGE)

    response = officer_client.get(dinas_url("32.73"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Kota Bandung" in html and "Menurut kecamatan dan jenis" in html
    assert 'href="/dinas/32.73.01/"' in html and 'href="/dinas/32.73.02/"' in html
    assert "KUD Gegerkalong" in html and "Kopontren Darul Hikmah" in html
    assert "KUD Cilacap Jaya" not in html
    assert '<span class="stat" data-testid="dinas-total">2</span>' in html


def test_officer_drills_down_to_a_district_with_breadcrumbs_back_to_the_regency(officer_client):
    CooperativeFactory(name="KUD Gegerkalong")
    CooperativeFactory(name="Kopontren Dago", village_code=DAGO)

    response = officer_client.get(dinas_url("32.73.01"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/dinas/32.73/"' in html  # breadcrumb back up to the office's own scope
    assert 'href="/dinas/32/"' not in html  # never above it
    assert "Menurut desa/kelurahan dan jenis" in html and f'href="/dinas/{BANDUNG_VILLAGE}/"' in html
    assert "KUD Gegerkalong" in html and "Kopontren Dago" not in html


def test_officer_opens_a_village(officer_client):
    CooperativeFactory(name="KUD Gegerkalong")
    response = officer_client.get(dinas_url(BANDUNG_VILLAGE))
    assert response.status_code == 200
    assert "KUD Gegerkalong" in response.content.decode()


@pytest.mark.parametrize("code", ["33.01", "33", "32", "id", "32.73.99", "32-73", "33.01.01.2001"])
def test_officer_gets_404_outside_the_office_region_or_for_a_missing_one(officer_client, code):
    response = officer_client.get(dinas_url(code))
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


@pytest.mark.parametrize("name", ["coops:dinas_register", "coops:dinas_audit"])
def test_foreign_region_register_and_audit_pages_are_404(officer_client, name):
    assert officer_client.get(dinas_url("33.01", name)).status_code == 404
    assert officer_client.post(dinas_url("33.01", "coops:dinas_register"), {"name": "X"}).status_code == 404
    assert not Cooperative.objects.exists()


def test_people_who_are_not_dinas_officers_get_404_and_anonymous_logs_in(client):
    cooperative = CooperativeFactory()
    manager = person_with_role(RoleKind.MANAGER, cooperative)

    anonymous = client.get(dinas_url("32.73"))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("core:login"))

    client.force_login(manager)
    assert client.get(dinas_url("32.73")).status_code == 404


def test_province_office_sees_regencies_and_ministry_sees_provinces(client):
    CooperativeFactory(name="KUD Tambakreja", type=CooperativeType.KUD, village_code=CILACAP_VILLAGE)
    province = OfficeFactory(
        name="Dinas Koperasi Provinsi Jawa Tengah", kind=OfficeKind.PROVINCE, region=Region.objects.get(code="33")
    )
    ministry = OfficeFactory(name="Kementerian Koperasi", kind=OfficeKind.MINISTRY, region=None)

    client.force_login(person_with_role(RoleKind.DINAS, province))
    html = client.get(dinas_url("33")).content.decode()
    assert "Menurut kabupaten/kota dan jenis" in html and 'href="/dinas/33.01/"' in html
    assert client.get(dinas_url("33.01")).status_code == 200
    assert client.get(dinas_url("32.73")).status_code == 404

    client.force_login(person_with_role(RoleKind.DINAS, ministry))
    response = client.get(dinas_url("id"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Menurut provinsi dan jenis" in html and 'href="/dinas/33/"' in html and "KUD Tambakreja" in html
    assert client.get(dinas_url("32.73.01")).status_code == 200


# --- list on the page ------------------------------------------------------------------------------------------------


def test_list_filters_by_type_and_status_and_htmx_gets_only_the_list(officer_client):
    CooperativeFactory(name="KUD Aktif", type=CooperativeType.KUD)
    CooperativeFactory(name="KUD Bubar", type=CooperativeType.KUD, status=CooperativeStatus.DISSOLVED)
    CooperativeFactory(name="KSP Aktif", type=CooperativeType.KSP)

    response = officer_client.get(
        dinas_url("32.73"), {"jenis": "kud", "status": "dissolved"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "KUD Bubar" in html and "KUD Aktif" not in html and "KSP Aktif" not in html
    assert response["HX-Push-Url"] == "/dinas/32.73/?jenis=kud&status=dissolved"


def test_list_says_so_when_nothing_matches(officer_client):
    CooperativeFactory(type=CooperativeType.KSP)
    response = officer_client.get(dinas_url("32.73"), {"jenis": "kud"})
    assert "Tidak ada koperasi di wilayah ini yang cocok" in response.content.decode()


def test_list_refuses_an_unknown_status(officer_client):
    response = officer_client.get(dinas_url("32.73"), {"status": "hilang"})
    assert response.status_code == 400


@pytest.mark.parametrize("rows", [2, 60])
def test_dinas_page_query_count_does_not_grow_with_rows(officer_client, django_assert_max_num_queries, rows):
    for n in range(rows):
        CooperativeFactory(
            type=[CooperativeType.KUD, CooperativeType.KSP][n % 2], village_code=[BANDUNG_VILLAGE, DAGO][n % 2]
        )
    # session, user, roles (middleware); roles (access), region; breadcrumbs; breakdown (2); list page; count;
    # the region's figures (the providers' 4, the lists without books and without activity and a count) and its map (2);
    # the mentoring recommendations overdue (a count)
    with django_assert_max_num_queries(19):
        response = officer_client.get(dinas_url("32.73"))
    assert response.content.decode().count('data-testid="dinas-cooperative"') == min(rows, 50)


# --- registering a cooperative ---------------------------------------------------------------------------------------


def register_data(**overrides):
    data = {
        "name": "KUD Sumber Rejeki",
        "slug": "",
        "type": CooperativeType.KUD,
        "nik_koperasi": "3273012345678901",
        "deed_number": "AHU-0001234.AH.01.26",
        "deed_date": "2020-02-03",
        "founded_on": "2019-11-20",
        "fiscal_year_start_month": "1",
        "village": SARIJADI,
        "address": "Jl. Sarijadi Raya No. 5",
        "phone": "022 2011234",
        "whatsapp": "0812-3456-7890",
        "email": "kud.sumberrejeki@contoh.id",
        "description": "Koperasi unit desa untuk petani dan pedagang pasar.",
    }
    data.update(overrides)
    return data


def test_register_form_offers_every_profile_field_and_a_village_picker_within_the_office(officer_client):
    response = officer_client.get(dinas_url("32.73", "coops:dinas_register"))
    assert response.status_code == 200
    html = response.content.decode()
    for field in ("name", "slug", "type", "is_sharia", "nik_koperasi", "deed_number", "deed_date", "founded_on"):
        assert f'name="{field}"' in html, field
    for field in ("fiscal_year_start_month", "village", "address", "phone", "whatsapp", "email", "description"):
        assert f'name="{field}"' in html, field
    assert '"within": "32.73"' in html and '"level": "4"' in html


def test_officer_registers_a_cooperative_in_the_region(officer_client, officer, bandung_office):
    response = officer_client.post(dinas_url("32.73.01", "coops:dinas_register"), register_data())

    assert response.status_code == 302 and response["Location"] == dinas_url("32.73.01")
    cooperative = Cooperative.objects.get()
    assert cooperative.slug == "kud-sumber-rejeki"
    assert cooperative.village_id == SARIJADI and cooperative.district_code == "32.73.01"
    assert cooperative.phone == "+62222011234" and cooperative.whatsapp == "+6281234567890"
    assert cooperative.deed_date == datetime.date(2020, 2, 3)
    assert cooperative.status == CooperativeStatus.ACTIVE and cooperative.search_name == "kud sumber rejeki"
    entry = AuditLog.objects.get(event="cooperative.registered")
    assert entry.actor == officer and entry.region_code == SARIJADI and entry.cooperative_id == cooperative.pk
    followed = officer_client.get(response["Location"])
    assert "KUD Sumber Rejeki sudah terdaftar." in followed.content.decode()


def test_a_second_cooperative_with_the_same_name_gets_its_own_web_address(officer_client):
    officer_client.post(dinas_url("32.73", "coops:dinas_register"), register_data(nik_koperasi=""))
    officer_client.post(dinas_url("32.73", "coops:dinas_register"), register_data(nik_koperasi="", village=DAGO))
    assert sorted(Cooperative.objects.values_list("slug", flat=True)) == ["kud-sumber-rejeki", "kud-sumber-rejeki-2"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nik_koperasi": "32730123"}, "NIK Koperasi harus tepat 16 digit angka."),
        ({"nik_koperasi": "9999012345678901"}, "NIK Koperasi harus diawali kode kabupaten/kota"),
        ({"village": "32.73.01.99"}, "bukan kode wilayah Kemendagri"),
        ({"village": "32.73.01"}, "bukan desa/kelurahan"),
        ({"village": CILACAP_VILLAGE}, "berada di luar wilayah instansi Anda"),
        ({"slug": "koperasi-lama"}, "sudah dipakai koperasi lain"),
        ({"deed_date": "2999-01-01"}, "tidak boleh di masa depan"),
        ({"name": ""}, "tidak boleh kosong"),
        ({"village": ""}, "tidak boleh kosong"),
        ({"phone": "12345"}, "bukan nomor telepon Indonesia yang valid"),
    ],
)
def test_register_refusals_show_the_message_with_400_and_save_nothing(officer_client, overrides, message):
    CooperativeFactory(slug="koperasi-lama", name="Koperasi Lama")
    audit_before = AuditLog.objects.count()

    response = officer_client.post(dinas_url("32.73", "coops:dinas_register"), register_data(**overrides))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Cooperative.objects.count() == 1 and AuditLog.objects.count() == audit_before


# --- audit trail -----------------------------------------------------------------------------------------------------


def test_audit_trail_shows_the_region_newest_first_and_nothing_outside(officer_client, officer):
    registered = cooperative_register(
        actor=officer, office=None, name="KUD Gegerkalong", type="kud", village=BANDUNG_VILLAGE
    )
    cooperative_update(cooperative=registered, actor=officer, data={"address": "Jl. Gegerkalong Hilir 12"})
    cooperative_register(actor=officer, office=None, name="KUD Cilacap", type="kud", village=CILACAP_VILLAGE)

    response = officer_client.get(dinas_url("32.73", "coops:dinas_audit"))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Profil koperasi diubah") < html.index("Koperasi KUD Gegerkalong didaftarkan")
    assert "Jl. Gegerkalong Hilir 12" in html and "Ibu Rina Marlina" in html
    assert "KUD Cilacap" not in html
    assert 'method="post"' not in html.split("<main")[1].split("</main>")[0]  # read-only


def test_audit_trail_pages_and_keeps_a_constant_number_of_queries(
    officer_client, officer, django_assert_max_num_queries
):
    CooperativeFactory(slug="koperasi-diaudit")
    cooperative = Cooperative.objects.get(slug="koperasi-diaudit")
    for n in range(55):
        AuditLog.objects.create(
            cooperative=cooperative,
            region_code=BANDUNG_VILLAGE,
            actor=officer,
            event="cooperative.updated",
            target_type="coops.cooperative",
            target_id=str(cooperative.pk),
            target_label=cooperative.name,
            changes={"address": [f"Jl. Lama {n}", f"Jl. Baru {n}"]},
            created_at=timezone.now() - datetime.timedelta(minutes=n),
        )
    with django_assert_max_num_queries(8):
        first = officer_client.get(dinas_url("32.73", "coops:dinas_audit"))
    second = officer_client.get(dinas_url("32.73", "coops:dinas_audit"), {"halaman": "2"})

    assert first.content.decode().count('data-testid="audit-entry"') == 50
    assert "Jl. Baru 0" in first.content.decode() and "halaman=2" in first.content.decode()
    assert second.content.decode().count('data-testid="audit-entry"') == 5
