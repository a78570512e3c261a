"""The Dinas dashboard and its drill-down (only the office's subtree: 404 outside), the downloads, the public
transparency page (no person's data) and the API."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from simpul.coops.tests.factories import CooperativeFactory, person_with_role
from simpul.ledger.services.heads import chain_heads_publish
from simpul.monitoring.rollups import rollups_rebuild
from simpul.monitoring.selectors import published_heads
from simpul.monitoring.tests.world import post_need, sell, world
from simpul.regions.models import Region

pytestmark = [pytest.mark.django_db, pytest.mark.calendar]


@pytest.fixture
def w():
    found = world()
    sell(found.mart, 3)
    sell(found.mart, 2, member=True)
    post_need(found.mart.cooperative, found.mart.manager)
    rollups_rebuild()
    return found


def dashboard(code):
    return reverse("monitoring:dashboard", args=[code])


def test_the_officer_drills_down_from_the_regency_to_the_cooperative(client, w):
    cooperative = w.mart.cooperative
    client.force_login(w.officer)
    page = client.get(dashboard("32.73"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-testid="drill-{cooperative.district_code}"' in html
    assert "Koperasi Tambakreja" not in html  # Cilacap: outside the office's region
    # The member has paid no simpanan wajib: 1 of 1 members behind, at and above the 25 % threshold.
    assert 'data-testid="warning-row"' in html
    assert 'data-testid="warning-count-wajib_arrears">' in html
    for code in (cooperative.district_code, cooperative.village_id):
        page = client.get(dashboard(code))
        assert page.status_code == 200
    assert f'data-testid="cooperative-{cooperative.slug}"' in page.content.decode()
    page = client.get(reverse("monitoring:cooperative", args=[cooperative.village_id, cooperative.pk]))
    assert page.status_code == 200
    assert cooperative.name in page.content.decode()
    assert 'data-testid="coop-members">1<' in page.content.decode()


def test_the_office_sees_only_its_subtree(client, w):
    client.force_login(w.officer)
    assert client.get(dashboard("33.01")).status_code == 404
    assert client.get(dashboard("33")).status_code == 404
    assert client.get(dashboard("id")).status_code == 404  # the country is the ministry's
    outside = reverse("monitoring:cooperative", args=["32.73", w.stranger.pk])
    assert client.get(outside).status_code == 404
    # A cooperative of its own region asked for under another region of its own: 404 too.
    elsewhere = reverse("monitoring:cooperative", args=["32.73.02", w.mart.cooperative.pk])
    assert client.get(elsewhere).status_code == 404
    client.force_login(w.cilacap_officer)
    assert client.get(dashboard("32.73")).status_code == 404
    assert client.get(dashboard("33.01")).status_code == 200
    manager = w.mart.manager
    client.force_login(manager)
    assert client.get(dashboard("32.73")).status_code == 404


def test_the_dinas_home_links_the_dashboard(client, w):
    client.force_login(w.officer)
    page = client.get(reverse("coops:dinas_home", args=["32.73"]))
    assert dashboard("32.73") in page.content.decode()


def test_excel_and_pdf_open(client, w):
    client.force_login(w.officer)
    xlsx = client.get(reverse("monitoring:dashboard_xlsx", args=["32.73"]))
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    assert len(book.sheetnames) == 3
    cells = [c.value for row in book[book.sheetnames[0]].iter_rows() for c in row]
    assert any(isinstance(v, str) and "Bandung" in v for v in cells)
    pdf = client.get(reverse("monitoring:dashboard_pdf", args=["32.73"]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert pdf["Content-Type"] == "application/pdf"


def test_the_public_page_shows_figures_and_no_personal_data(client, w):
    member = w.mart.member
    manager = w.mart.manager
    cooperative = w.mart.cooperative
    cooperative.phone = "+6281234567890"
    cooperative.save(update_fields=["phone"])
    pages = [
        client.get(reverse("monitoring:transparency", args=[code]))
        for code in ("id", "32", "32.73", cooperative.district_code, cooperative.village_id)
    ]
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        assert member.name not in html
        assert member.nik not in html
        assert manager.full_name not in html
        for phone in (manager.phone, member.phone, cooperative.phone, "081234567890"):
            if phone:
                assert phone not in html
        assert "Pak Dedi" not in html
    assert cooperative.name in pages[-1].content.decode()
    assert 'data-testid="warning-row"' not in pages[2].content.decode()  # counts only, no names of cooperatives
    assert 'data-testid="transparency-heads"' in pages[-1].content.decode()
    assert client.get(reverse("monitoring:transparency", args=["99.99"])).status_code == 404


def test_the_api_answers_the_same_figures_in_the_same_scope(client, w):
    public = client.get("/api/v1/monitoring/32.73")
    assert public.status_code == 200
    body = public.json()
    assert body["cooperatives"] == 1
    assert body["figures"]["members"] == 1
    assert body["figures"]["needs_open"] == 1
    assert body["figures"]["mart_sales_member"] == "6600.00"
    assert len(body["months"]) == 12
    assert {row["kind"] for row in body["warnings"]} >= {"inactive", "wajib_arrears", "annual_report_overdue"}
    assert "Anggota" not in public.content.decode()
    assert client.get("/api/v1/monitoring/99.99").status_code == 404
    client.force_login(w.officer)
    assert client.get("/api/v1/dinas/32.73/monitoring").status_code == 200
    assert client.get("/api/v1/dinas/33.01/monitoring").status_code == 404


def test_the_ministry_sees_the_country(client, w):
    from simpul.coops.models import OfficeKind, RoleKind
    from simpul.coops.tests.factories import OfficeFactory

    ministry = OfficeFactory.create(name="Kementerian Koperasi", kind=OfficeKind.MINISTRY, region=None)
    client.force_login(person_with_role(RoleKind.DINAS, ministry))
    page = client.get(dashboard("id"))
    assert page.status_code == 200
    assert 'data-testid="drill-32"' in page.content.decode()
    assert 'data-testid="drill-33"' in page.content.decode()


def test_the_dashboard_reads_a_fixed_number_of_queries(client, w, django_assert_max_num_queries):
    from simpul.coops.tests.factories import CooperativeFactory

    for _ in range(5):
        CooperativeFactory.create()
    rollups_rebuild()
    client.force_login(w.officer)
    client.get(dashboard("32.73"))  # the session and the role, once
    with django_assert_max_num_queries(25):
        assert client.get(dashboard("32.73")).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(reverse("monitoring:transparency", args=["32.73"])).status_code == 200


def test_the_transparency_heads_list_each_cooperative_of_the_region_by_name_with_its_latest_head(w):
    cooperative = w.mart.cooperative
    first = CooperativeFactory.create(name="Koperasi Anggrek", village_code=cooperative.village_id)
    today = cooperative.today()
    assert chain_heads_publish(cooperative=cooperative, day=today - dt.timedelta(days=1))
    newest = chain_heads_publish(cooperative=cooperative, day=today)[0]

    for code in ("32", "32.73", cooperative.district_code, cooperative.village_id):
        rows = list(published_heads(Region.objects.get(code=code)))
        assert [row["pk"] for row in rows] == [first.pk, cooperative.pk]  # by name; Cilacap's is elsewhere
        assert rows[0]["head_day"] is None
        assert (rows[1]["head_day"], rows[1]["head_hash"]) == (today, newest.entries_hash)
        assert rows[1]["slug"] == cooperative.slug and rows[1]["name"] == cooperative.name
    country = published_heads(None)
    assert {row["pk"] for row in country} == {first.pk, cooperative.pk, w.stranger.pk}
    assert [row["pk"] for row in published_heads(Region.objects.get(code="33"))] == [w.stranger.pk]


def test_the_transparency_heads_search_by_name_page_and_leave_out_the_dissolved(client, w, monkeypatch):
    from simpul.coops.models import CooperativeStatus
    from simpul.monitoring import selectors

    cooperative = w.mart.cooperative
    village = cooperative.village_id
    names = [f"Koperasi Anggrek {n}" for n in range(3)]
    made = [CooperativeFactory.create(name=name, village_code=village) for name in names]
    CooperativeFactory.create(name="Koperasi Anggrek Bubar", village_code=village, status=CooperativeStatus.DISSOLVED)
    monkeypatch.setattr(selectors, "HEADS_PER_PAGE", 2)
    region = Region.objects.get(code="32.73")

    first = published_heads(region, name="  ANGGREK ")
    assert [row["pk"] for row in first] == [made[0].pk, made[1].pk] and first.has_next()
    second = published_heads(region, name="anggrek", page=2)
    assert [row["pk"] for row in second] == [made[2].pk] and not second.has_next()  # the dissolved left out

    url = reverse("monitoring:transparency", args=["32.73"])
    page = client.get(url, {"cari": "anggrek", "halaman": "2"})
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-testid="head-row"') == 1 and names[2] in html and "Bubar" not in html
    assert f'href="{url}?cari=anggrek&amp;halaman=1"' in html  # the previous page keeps the search
    page = client.get(url, {"cari": "tidak ada"})
    assert 'data-testid="heads-none"' in page.content.decode()
    assert "Tidak ada koperasi di sini dengan nama itu." in page.content.decode()
    # Bad input: a clear message and a 400, the figures still shown.
    for bad, message in (
        ({"cari": "x" * 101}, "paling banyak 100 karakter"),
        ({"halaman": "nol"}, "Nomor halaman berupa bilangan bulat dari 1 sampai 100.000."),
        ({"halaman": "0"}, "Nomor halaman berupa bilangan bulat dari 1 sampai 100.000."),
        ({"halaman": "100001"}, "Nomor halaman berupa bilangan bulat dari 1 sampai 100.000."),
    ):
        page = client.get(url, bad)
        assert page.status_code == 400, bad
        html = page.content.decode()
        assert message in html, bad
        assert 'data-testid="heads-search-error"' in html and 'data-testid="head-row"' not in html
        assert 'data-testid="transparency-title"' in html
