"""The landing page, the public directory, public profiles and the friendly error pages."""

import datetime

import pytest
from django.core.paginator import Page
from django.test import RequestFactory
from django.urls import reverse

from simpul.coops.models import Cooperative, CooperativeStatus, CooperativeType, MembershipStatus
from simpul.coops.selectors.public import directory_search, public_statistics
from simpul.coops.tests.factories import (
    CILACAP_VILLAGE,
    CooperativeFactory,
    MembershipFactory,
    NetworkFactory,
    OutletFactory,
)
from simpul.core.exceptions import ApplicationError
from simpul.core.views import error_500

pytestmark = pytest.mark.django_db


SARIJADI = "32.73.01.1004"  # Sukasari, Kota Bandung
DAGO = "32.73.02.1004"  # Coblong, Kota Bandung


def names(page: Page) -> list[str]:
    return [c.name for c in page.object_list]


# --- landing ---------------------------------------------------------------------------------------------------------


def test_public_statistics_count_active_cooperatives_regencies_and_networks():
    CooperativeFactory(name="A")
    CooperativeFactory(name="B", village_code=DAGO)
    CooperativeFactory(name="C", village_code=CILACAP_VILLAGE)
    CooperativeFactory(name="D", status=CooperativeStatus.DISSOLVED, village_code="11.01.01.2001")
    NetworkFactory()  # its coordinator is a fourth active cooperative in Kota Bandung

    stats = public_statistics()

    assert stats == {"cooperatives": 4, "regencies": 2, "provinces": 2, "networks": 1}


def test_landing_page_says_what_simpul_does_with_live_figures(client):
    CooperativeFactory()
    CooperativeFactory(village_code=CILACAP_VILLAGE)

    response = client.get(reverse("core:landing"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Koperasi Indonesia, saling terhubung." in html
    assert "Dinas Koperasi" in html and "Belanja Bareng" in html and "Produk UMKM lintas daerah" in html
    assert '<span class="stat" data-testid="stat-cooperatives">2</span>' in html
    assert '<span class="stat" data-testid="stat-regencies">2</span>' in html
    assert reverse("coops:directory") in html and reverse("core:login") in html


def test_landing_page_queries_are_few(client, django_assert_max_num_queries):
    CooperativeFactory.create_batch(5)
    with django_assert_max_num_queries(2):
        assert client.get(reverse("core:landing")).status_code == 200


# --- directory selector ----------------------------------------------------------------------------------------------


def test_directory_hides_dissolved_and_orders_by_name_then_id():
    CooperativeFactory(name="Koperasi Bina Usaha")
    CooperativeFactory(name="Koperasi Amanah")
    CooperativeFactory(name="Koperasi Bina Usaha")
    CooperativeFactory(name="Koperasi Cahaya", status=CooperativeStatus.DORMANT)
    CooperativeFactory(name="Koperasi Bubar", status=CooperativeStatus.DISSOLVED)

    page = directory_search()

    assert names(page) == ["Koperasi Amanah", "Koperasi Bina Usaha", "Koperasi Bina Usaha", "Koperasi Cahaya"]
    twins = list(Cooperative.objects.filter(name="Koperasi Bina Usaha").values_list("pk", flat=True))
    assert [c.pk for c in page.object_list][1:3] == sorted(twins)


def test_directory_searches_the_name_whatever_the_case():
    CooperativeFactory(name="KUD Sumber Rejeki")
    CooperativeFactory(name="KUD Sumber Makmur")
    CooperativeFactory(name="KSP Mitra Usaha")

    assert names(directory_search(query="  SUMBER ")) == ["KUD Sumber Makmur", "KUD Sumber Rejeki"]
    assert names(directory_search(query="rejeki")) == ["KUD Sumber Rejeki"]
    assert names(directory_search(query="100%")) == []


@pytest.mark.parametrize(
    ("region_code", "expected"),
    [
        ("32", ["Gegerkalong", "Sarijadi", "Dago"]),
        ("32.73", ["Gegerkalong", "Sarijadi", "Dago"]),
        ("32.73.01", ["Gegerkalong", "Sarijadi"]),
        ("32.73.01.1004", ["Sarijadi"]),
        ("33.01", ["Tambakreja"]),
        ("11", []),
        ("", ["Gegerkalong", "Sarijadi", "Dago", "Tambakreja"]),
    ],
)
def test_directory_filters_by_region_at_any_level(region_code, expected):
    CooperativeFactory(name="1 Gegerkalong")
    CooperativeFactory(name="2 Sarijadi", village_code=SARIJADI)
    CooperativeFactory(name="3 Dago", village_code=DAGO)
    CooperativeFactory(name="4 Tambakreja", village_code=CILACAP_VILLAGE)

    found = [n.split(" ", 1)[1] for n in names(directory_search(region_code=region_code))]

    assert found == expected


def test_directory_filters_by_type_and_combines_filters():
    CooperativeFactory(name="KUD Tani Makmur", type=CooperativeType.KUD)
    CooperativeFactory(name="KUD Tani Jaya", type=CooperativeType.KUD, village_code=CILACAP_VILLAGE)
    CooperativeFactory(name="KSP Tani", type=CooperativeType.KSP)

    assert names(directory_search(type="kud")) == ["KUD Tani Jaya", "KUD Tani Makmur"]
    assert names(directory_search(type="kud", region_code="33", query="tani")) == ["KUD Tani Jaya"]


def test_directory_refuses_a_malformed_region_code_or_unknown_type():
    with pytest.raises(ApplicationError) as error:
        directory_search(region_code="32-73")
    assert error.value.code == "invalid_region"
    with pytest.raises(ApplicationError):
        directory_search(type="bank")


def test_directory_pages_by_twenty_without_counting_every_row():
    for n in range(45):
        CooperativeFactory(name=f"Koperasi {n:02d}")

    first = directory_search()
    third = directory_search(page=3)
    beyond = directory_search(page=9)

    assert isinstance(first, Page)
    assert len(first) == 20 and first.has_next() and not first.has_previous()
    assert names(first)[0] == "Koperasi 00"
    assert first.start_index() == 1 and first.end_index() == 20
    assert len(third) == 5 and not third.has_next() and third.previous_page_number() == 2
    assert third.paginator.count == 45  # known from the last page, without a COUNT
    assert list(beyond.object_list) == [] and not beyond.has_next()


def test_directory_count_stops_at_the_cap(django_assert_num_queries):
    CooperativeFactory.create_batch(7)
    page = directory_search(per_page=2)
    page.paginator.count_cap = 5  # type: ignore[attr-defined]
    with django_assert_num_queries(1):
        assert page.paginator.count == 6
    assert page.paginator.count_is_capped  # type: ignore[attr-defined]


# --- directory page --------------------------------------------------------------------------------------------------


def test_directory_page_lists_filters_and_keeps_the_url_shareable(client):
    CooperativeFactory(name="KUD Sumber Rejeki", type=CooperativeType.KUD, village_code=CILACAP_VILLAGE)
    CooperativeFactory(name="Koperasi Merah Putih Gegerkalong", type=CooperativeType.MERAH_PUTIH)
    CooperativeFactory(name="Koperasi Lama", status=CooperativeStatus.DISSOLVED)

    response = client.get(reverse("coops:directory"), {"cari": "sumber", "wilayah": "33.01", "jenis": "kud"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "KUD Sumber Rejeki" in html and "Gegerkalong" not in html.split('id="directory-results"')[1]
    assert "1 koperasi ditemukan." in html
    assert 'name="wilayah"' in html and 'value="33.01"' in html and "Kabupaten Cilacap, Jawa Tengah" in html
    assert "Koperasi Lama" not in client.get(reverse("coops:directory")).content.decode()


def test_directory_says_so_when_nothing_matches(client):
    CooperativeFactory(name="KUD Sumber Rejeki")
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get(reverse("coops:directory"), {"cari": "tidak ada"}, headers=headers)
        html = response.content.decode()
        assert response.status_code == 200
        assert "0 koperasi ditemukan." in html and "Tidak ada koperasi yang cocok." in html


def test_directory_htmx_request_gets_only_the_results_and_a_clean_url(client):
    CooperativeFactory(name="KUD Sumber Rejeki", type=CooperativeType.KUD)

    response = client.get(
        reverse("coops:directory"), {"cari": "rejeki", "wilayah": "", "jenis": "kud"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="directory-results"' in html and "KUD Sumber Rejeki" in html
    assert response["HX-Push-Url"] == "/koperasi/?cari=rejeki&jenis=kud"
    assert "HX-Request" in response["Vary"]


def test_directory_next_page_link_keeps_the_filters(client):
    for n in range(25):
        CooperativeFactory(name=f"Koperasi Tani {n:02d}")

    html = client.get(reverse("coops:directory"), {"cari": "tani"}).content.decode()
    second = client.get(reverse("coops:directory"), {"cari": "tani", "halaman": "2"})

    assert "?cari=tani&amp;halaman=2" in html
    assert "Koperasi Tani 24" in second.content.decode() and "Koperasi Tani 00" not in second.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"wilayah": "32-73"}, "bukan kode wilayah Kemendagri"),
        ({"wilayah": "32.99"}, "Tidak ada wilayah dengan kode 32.99."),
        ({"jenis": "bank"}, "Masukkan pilihan yang valid"),
    ],
)
def test_directory_refuses_bad_filters_with_400(client, params, message):
    CooperativeFactory()
    response = client.get(reverse("coops:directory"), params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_directory_page_number_that_is_not_a_number_is_refused(client):
    assert client.get(reverse("coops:directory"), {"halaman": "dua"}).status_code == 400
    assert client.get(reverse("coops:directory"), {"halaman": "99999999999999999999"}).status_code == 200


@pytest.mark.parametrize("rows", [3, 45])
def test_directory_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, rows):
    # The region label, the page (one row ahead) and, when there is a next page, the capped count.
    CooperativeFactory.create_batch(rows)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("coops:directory"), {"wilayah": "32.73", "cari": "koperasi"})
    assert response.content.decode().count('data-testid="directory-item"') == min(rows, 20)


# --- public profile --------------------------------------------------------------------------------------------------


def test_profile_shows_the_public_facts(client):
    cooperative = CooperativeFactory(
        name="KUD Sumber Rejeki",
        type=CooperativeType.KSPPS,
        is_sharia=True,
        nik_koperasi="3301012345678901",
        deed_number="AHU-0012345.AH.01.26",
        deed_date=datetime.date(2019, 3, 5),
        address="Jl. Raya Tambakreja No. 12",
        phone="+62282123456",
        whatsapp="+6281234567890",
        founded_on=datetime.date(2018, 8, 17),
        fiscal_year_start_month=7,
        village_code=CILACAP_VILLAGE,
    )
    OutletFactory(cooperative=cooperative, name="Koperasi Mart Tambakreja")
    OutletFactory(cooperative=cooperative, name="Warung Tutup", is_active=False)
    MembershipFactory(
        cooperative=cooperative, network__name="Jaringan Cilacap Sejahtera", status=MembershipStatus.ACTIVE
    )
    MembershipFactory(cooperative=cooperative, network__name="Jaringan Baru Diundang")

    response = client.get(reverse("coops:cooperative_profile", args=[cooperative.slug]))

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "KUD Sumber Rejeki",
        "3301012345678901",
        "AHU-0012345.AH.01.26",
        "5 Maret 2019",
        "17 Agustus 2018",
        "Tambakreja, Kedungreja, Kabupaten Cilacap, Jawa Tengah",
        "Jl. Raya Tambakreja No. 12",
        "https://wa.me/6281234567890",
        "tel:+62282123456",
        "Dimulai bulan Juli",
        "Koperasi Mart Tambakreja",
        "Jaringan Cilacap Sejahtera",
        "Koperasi syariah",
    ):
        assert text in html, text
    assert "Warung Tutup" not in html and "Jaringan Baru Diundang" not in html


def test_profile_of_a_dissolved_or_missing_cooperative_is_the_friendly_404(client):
    dissolved = CooperativeFactory(status=CooperativeStatus.DISSOLVED)

    for slug in (dissolved.slug, "tidak-ada"):
        response = client.get(reverse("coops:cooperative_profile", args=[slug]))
        assert response.status_code == 404
        assert "Halaman tidak ditemukan" in response.content.decode()


def test_profile_query_count_is_constant(client, django_assert_max_num_queries):
    cooperative = CooperativeFactory()
    OutletFactory.create_batch(4, cooperative=cooperative)
    for _ in range(4):
        MembershipFactory(cooperative=cooperative, status=MembershipStatus.ACTIVE)
    with django_assert_max_num_queries(3):
        assert client.get(reverse("coops:cooperative_profile", args=[cooperative.slug])).status_code == 200


# --- error pages -----------------------------------------------------------------------------------------------------


def test_unknown_address_gets_the_friendly_404_with_a_way_home(client):
    response = client.get("/tidak/ada/halaman/ini/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html and "Kembali ke beranda" in html


def test_bad_host_gets_the_friendly_400(client):
    response = client.get(reverse("core:landing"), headers={"host": "penipu.example"})
    assert response.status_code == 400
    assert "Permintaan tidak dapat dipahami" in response.content.decode()


def test_403_page_is_friendly_and_points_back(rf):
    from django.contrib.auth.models import AnonymousUser

    from simpul.core.views import error_403

    request = rf.get("/k/koperasi-contoh/")
    request.user = AnonymousUser()
    response = error_403(request)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Tidak diizinkan" in html and reverse("core:home") in html


def test_500_page_renders_without_context_or_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = error_500(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Terjadi kesalahan" in html and 'href="/"' in html
