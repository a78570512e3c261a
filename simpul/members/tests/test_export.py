"""The member list as an Excel workbook: every register field, the list's own search and filters."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from simpul.coops.tests.factories import CooperativeFactory, RoleKind, person_with_role
from simpul.members.imports import member_import_preview
from simpul.members.models import Gender, MemberStatus
from simpul.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperative():
    return CooperativeFactory.create(name="Koperasi Sumber Rejeki")


@pytest.fixture
def members(cooperative):
    siti = MemberFactory.create(
        cooperative=cooperative,
        number=1,
        name="Siti Aminah",
        gender=Gender.FEMALE,
        birth_date=datetime.date(1988, 2, 5),
        address="Jl. Sukasari 3",
        phone="+6281298765432",
        is_producer=True,
        business_name="Keripik Siti",
    )
    budi = MemberFactory.create(
        cooperative=cooperative,
        number=2,
        name="Budi Santoso",
        status=MemberStatus.RESIGNED,
        exit_date=datetime.date(2025, 3, 1),
        exit_reason="Pindah kota",
    )
    MemberFactory.create(name="Anggota Koperasi Lain")
    return siti, budi


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert response["Content-Disposition"].startswith('attachment; filename="anggota-')
    return list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))


def _data(rows):
    header_at = next(i for i, row in enumerate(rows) if row and row[0] == "Nomor anggota")
    return rows[header_at], rows[header_at + 1 :]


def test_the_export_has_every_register_field(client, cooperative, members):
    siti, _budi = members
    client.force_login(person_with_role(RoleKind.MANAGER, cooperative))
    rows = _sheet(client.get(reverse("members:export", args=[cooperative.slug])))
    assert rows[0][0] == "Anggota Koperasi Sumber Rejeki"
    header, data = _data(rows)
    assert list(header) == [
        "Nomor anggota",
        "NIK",
        "Nama",
        "Jenis Kelamin (L/P)",
        "Tanggal Lahir",
        "Alamat",
        "Kode Desa",
        "Desa/kelurahan",
        "Telepon/WhatsApp",
        "Tanggal Masuk",
        "Status",
        "Tanggal keluar",
        "Alasan keluar",
        "Produsen UMKM (Ya/Tidak)",
        "Nama Usaha",
    ]
    assert [row[2] for row in data] == ["Budi Santoso", "Siti Aminah"]  # by name, like the list
    budi_row, siti_row = data
    assert siti_row[0] == 1 and siti_row[1] == siti.nik and isinstance(siti_row[1], str)
    assert siti_row[3] == "P" and siti_row[4] == datetime.datetime(1988, 2, 5)
    assert siti_row[5:10] == ("Jl. Sukasari 3", siti.village_id, "Gegerkalong", "+6281298765432",
                              datetime.datetime(2020, 1, 6))  # fmt: skip
    assert siti_row[10] == "Aktif" and siti_row[11] is None and siti_row[13:] == ("Ya", "Keripik Siti")
    assert budi_row[10] == "Mengundurkan diri" and budi_row[11] == datetime.datetime(2025, 3, 1)
    assert budi_row[12] == "Pindah kota" and budi_row[13] == "Tidak"


def test_the_export_follows_the_search_and_filters_of_the_list(client, cooperative, members):
    client.force_login(person_with_role(RoleKind.SUPERVISOR, cooperative))
    url = reverse("members:export", args=[cooperative.slug])
    rows = _sheet(client.get(url, {"q": "siti"}))
    assert "Pencarian: siti" in [row[0] for row in rows]
    assert [row[2] for row in _data(rows)[1]] == ["Siti Aminah"]
    assert [row[2] for row in _data(_sheet(client.get(url, {"status": "resigned"})))[1]] == ["Budi Santoso"]
    assert [row[2] for row in _data(_sheet(client.get(url, {"producer": "1"})))[1]] == ["Siti Aminah"]
    # The list page's link carries the same filters.
    page = client.get(reverse("members:list", args=[cooperative.slug]), {"q": "siti"}).content.decode()
    assert f'href="{url}?q=siti"' in page


def test_an_exported_file_can_be_imported_into_another_cooperative(client, cooperative, members):
    client.force_login(person_with_role(RoleKind.MANAGER, cooperative))
    response = client.get(reverse("members:export", args=[cooperative.slug]), {"status": "active"})
    other = CooperativeFactory.create()
    record = member_import_preview(cooperative=other, actor=None, filename="ekspor.xlsx", content=response.content)
    assert [row["values"]["name"] for row in record.rows] == ["Siti Aminah"]
    assert record.rows[0]["values"]["business_name"] == "Keripik Siti"


def test_the_export_reads_few_queries(client, cooperative, django_assert_max_num_queries):
    for index in range(30):
        MemberFactory.create(cooperative=cooperative, name=f"Anggota {index:02d}")
    client.force_login(person_with_role(RoleKind.MANAGER, cooperative))
    with django_assert_max_num_queries(12):
        rows = _sheet(client.get(reverse("members:export", args=[cooperative.slug])))
    assert len(_data(rows)[1]) == 30


def test_cashiers_and_strangers_get_no_export(client, cooperative, members):
    url = reverse("members:export", args=[cooperative.slug])
    client.force_login(person_with_role(RoleKind.CASHIER, cooperative))
    assert client.get(url).status_code == 403
    client.force_login(person_with_role(RoleKind.MANAGER, CooperativeFactory.create()))
    assert client.get(url).status_code == 404
