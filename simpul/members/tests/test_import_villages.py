"""A member file may name the village instead of giving its code: resolved in the cooperative's regency/city
first, then its province, in one query for the whole file; an ambiguous name is a row error listing the
candidates; the template lists the regency's villages."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from simpul.coops.tests.factories import CooperativeFactory, RoleKind, person_with_role
from simpul.members.imports import check_rows, member_import_confirm, member_import_preview, read_table
from simpul.members.models import Gender, Member
from simpul.members.tests.factories import make_nik
from simpul.members.tests.test_import import HEADER, assert_refused, csv_bytes, upload

pytestmark = pytest.mark.django_db

SUKARASA_BANDUNG = "32.73.01.1001"  # Sukasari, Kota Bandung (Sukarasa is also in Bogor, Garut ×3, …)
SUKAMAJU_BANDUNG = "32.73.14.1004"  # Cibeunying Kidul, Kota Bandung
JONGGOL_SUKAMAJU = "32.01.06.2001"  # one of Kabupaten Bogor's four Sukamaju
HARAPANJAYA_BOGOR = "32.01.01.1003"  # Cibinong, Kabupaten Bogor (another in Kota Bekasi)
KARANG_TENGAH_SUKABUMI = "32.72.01.1004"  # Kota Sukabumi; another in Kabupaten Bogor


def row(serial: int, village: str, name: str = "Anggota") -> list[str]:
    import datetime

    born = datetime.date(1980, 1, 1) + datetime.timedelta(days=serial)
    nik = make_nik(born, Gender.MALE, serial=2000 + serial)
    return [nik, f"{name} {serial}", "L", born.strftime("%d/%m/%Y"), "", village, "", "02/01/2024", "", ""]


@pytest.fixture
def bandung():
    return CooperativeFactory.create()  # in Gegerkalong, Sukasari, Kota Bandung


@pytest.fixture
def bogor():
    return CooperativeFactory.create(village_code="32.01.01.1002")  # Karadenan, Cibinong, Kabupaten Bogor


def checked(cooperative, villages: list[str]):
    table = read_table(csv_bytes([row(n, village) for n, village in enumerate(villages, start=1)]))
    return check_rows(cooperative, table)


def test_a_name_is_found_in_the_cooperatives_regency_first(bandung):
    rows, errors = checked(bandung, ["Sukarasa", "sukarasa", "Kel. Sukarasa", "SUKAMAJU", SUKARASA_BANDUNG])
    assert errors == []
    assert [r["values"]["village"] for r in rows] == [SUKARASA_BANDUNG] * 3 + [SUKAMAJU_BANDUNG, SUKARASA_BANDUNG]
    assert rows[0]["values"]["village_name"] == "Sukarasa"


def test_then_in_its_province(bandung, bogor):
    # Karang Tengah: none in Kota Bandung; one in Kabupaten Bogor, one in Kota Sukabumi → ambiguous for Bandung.
    _rows, errors = checked(bandung, ["Karang Tengah"])
    assert len(errors) == 1 and "Karang Tengah" in errors[0]["message"]
    # Harapanjaya: Bogor's own before Kota Bekasi's.
    rows, errors = checked(bogor, ["Harapanjaya"])
    assert errors == [] and rows[0]["values"]["village"] == HARAPANJAYA_BOGOR
    # Gegerkalong is only in Kota Bandung: a Bogor cooperative finds it in its province.
    rows, errors = checked(bogor, ["Gegerkalong"])
    assert errors == [] and rows[0]["values"]["village"] == "32.73.01.1002"


def test_an_ambiguous_name_names_the_candidates(bogor):
    _rows, errors = checked(bogor, ["Sukamaju"])
    assert len(errors) == 1
    error = errors[0]
    assert (error["row"], error["field"], error["column"]) == (2, "village", "Kode Desa")
    assert error["message"].startswith("Desa “Sukamaju” ada di 4 kecamatan: Sukamaju — Jonggol, Kabupaten Bogor")
    assert f"({JONGGOL_SUKAMAJU})" in error["message"]
    for district in ("Jonggol", "Cibungbulang", "Cigudeg", "Megamendung"):
        assert f"Sukamaju — {district}, Kabupaten Bogor, Jawa Barat" in error["message"]
    assert error["message"].endswith("Tulis kodenya.")


def test_the_district_written_after_the_name_settles_it(bogor):
    rows, errors = checked(bogor, ["Sukamaju, Jonggol", "Sukamaju (Jonggol)", "Sukamaju — Jonggol, Kabupaten Bogor"])
    assert errors == []
    assert [r["values"]["village"] for r in rows] == [JONGGOL_SUKAMAJU] * 3


def test_an_unknown_name_says_so(bandung):
    _rows, errors = checked(bandung, ["Kampung Antah Berantah"])
    assert len(errors) == 1
    assert errors[0]["message"].startswith("Tidak ada desa bernama “Kampung Antah Berantah” di provinsi koperasi.")


def test_a_bad_code_is_still_the_services_refusal(bandung):
    _rows, errors = checked(bandung, ["32.73.01"])
    assert len(errors) == 1 and "bukan desa" in errors[0]["message"]


def test_names_are_looked_up_once_for_the_whole_file(bandung):
    names = ["Sukarasa", "Gegerkalong", "Sukamaju", "Isola", "Ledeng", "Ciumbuleuit", "Hegarmanah", "Cipedes"]

    def queries(count: int) -> int:
        table = read_table(csv_bytes([row(n, names[n % len(names)]) for n in range(1, count + 1)]))
        with CaptureQueriesContext(connection) as captured:
            rows, errors = check_rows(bandung, table)
        assert errors == [] and len(rows) == count
        return sum("lower" in q["sql"].lower() and "regions_region" in q["sql"] for q in captured.captured_queries)

    assert queries(8) == queries(80) == 1


def test_a_file_with_one_ambiguous_row_registers_nobody(client, bogor):
    client.force_login(person_with_role(RoleKind.MANAGER, bogor))
    content = csv_bytes([row(1, "Harapanjaya"), row(2, "Sukamaju"), row(3, "Karadenan")])
    assert_refused(upload(client, bogor, content), "Baris 3, Kode Desa: Desa “Sukamaju” ada di 4 kecamatan")


def test_a_file_by_names_is_previewed_and_registered(bandung):
    manager = person_with_role(RoleKind.MANAGER, bandung)
    content = csv_bytes([row(1, "Sukarasa"), row(2, "Gegerkalong")])
    record = member_import_preview(cooperative=bandung, actor=manager, filename="anggota.csv", content=content)
    assert [r["values"]["village"] for r in record.rows] == [SUKARASA_BANDUNG, "32.73.01.1002"]
    member_import_confirm(cooperative=bandung, actor=manager, import_id=record.pk, ip_address=None)
    assert sorted(Member.objects.filter(cooperative=bandung).values_list("village_id", flat=True)) == [
        SUKARASA_BANDUNG,
        "32.73.01.1002",
    ]


def test_the_template_lists_the_villages_of_the_regency(client, bandung):
    client.force_login(person_with_role(RoleKind.MANAGER, bandung))
    response = client.get(reverse("members:import_template", args=[bandung.slug]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:2] == ["Anggota", "Desa"]
    villages = [tuple(r) for r in workbook["Desa"].iter_rows(values_only=True)]
    header = villages.index(("Desa/kelurahan", "Kecamatan", "Kode"))
    listed = villages[header + 1 :]
    assert ("Sukarasa", "Sukasari", SUKARASA_BANDUNG) in listed
    assert ("Sukamaju", "Cibeunying Kidul", SUKAMAJU_BANDUNG) in listed
    assert all(code.startswith("32.73.") for _name, _district, code in listed)
    assert len(listed) == 151  # Kota Bandung's kelurahan
    assert "Kota Bandung" in str(villages[0][0])
    # The template as downloaded still imports (its villages sheet is not mistaken for members).
    assert list(next(workbook["Anggota"].iter_rows(values_only=True))) == HEADER
    assert upload(client, bandung, response.content, "templat.xlsx").status_code == 302  # to its preview
