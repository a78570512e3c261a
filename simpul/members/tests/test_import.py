"""Importing members from Excel and CSV: the preview, every kind of refusal with its row number, all or nothing."""

import datetime
import io
import re
import zipfile
from collections.abc import Sequence

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from simpul.coops.tests.factories import BANDUNG_VILLAGE, CooperativeFactory, RoleKind, person_with_role
from simpul.core.models import AuditLog
from simpul.members.imports import member_import_confirm, member_import_preview
from simpul.members.models import Gender, Member, MemberImport, MemberImportStatus
from simpul.members.services import MemberData, member_register
from simpul.members.tests.factories import MemberFactory, make_nik

pytestmark = pytest.mark.django_db

HEADER = [
    "NIK",
    "Nama",
    "Jenis Kelamin (L/P)",
    "Tanggal Lahir",
    "Alamat",
    "Kode Desa",
    "Telepon/WhatsApp",
    "Tanggal Masuk",
    "Produsen UMKM (Ya/Tidak)",
    "Nama Usaha",
]
BUDI_BORN = datetime.date(1990, 8, 17)
SITI_BORN = datetime.date(1988, 2, 5)
BUDI_NIK = make_nik(BUDI_BORN, Gender.MALE, serial=1001)
SITI_NIK = make_nik(SITI_BORN, Gender.FEMALE, serial=1002)
AGUS_NIK = make_nik(datetime.date(1975, 12, 31), Gender.MALE, serial=1003)


def rows() -> list[list[str]]:
    return [
        [BUDI_NIK, "Budi Santoso", "L", "17/08/1990", "Jl. Sukasari 3", BANDUNG_VILLAGE, "0812-9876-5432",
         "15/01/2024", "Tidak", ""],
        [SITI_NIK, "Siti Aminah", "Perempuan", "1988-02-05", "", "3273011002", "", "2024-01-16", "Ya",
         "Keripik Siti"],
        [AGUS_NIK, "Agus Salim", "laki-laki", "31/12/1975", "", BANDUNG_VILLAGE, "+6281311112222", "02/02/2024",
         "", ""],
    ]  # fmt: skip


def csv_bytes(table: list[list[str]], *, header: list[str] = HEADER, sep: str = ";", bom: bool = True) -> bytes:
    lines = [sep.join(header), *(sep.join(row) for row in table)]
    return ("\ufeff" if bom else "").encode() + "\r\n".join(lines).encode("utf-8")


def xlsx_bytes(table: Sequence[Sequence[object]], *, header: list[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in table:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def cooperative():
    return CooperativeFactory.create()


@pytest.fixture
def manager(cooperative):
    return person_with_role(RoleKind.MANAGER, cooperative)


@pytest.fixture
def managed(client, manager):
    client.force_login(manager)
    return client


def upload(client, cooperative, content: bytes, name: str = "anggota.csv"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("members:import", args=[cooperative.slug]), {"file": file})


def assert_refused(response, *messages: str) -> str:
    assert response.status_code == 400, response.content[:500]
    body = response.content.decode()
    for message in messages:
        assert message in body, body[body.find("<main") :][:3000]
    assert not Member.objects.exists()
    assert not MemberImport.objects.exists()
    assert not AuditLog.objects.filter(event__startswith="member.").exists()
    return body


# --- the pages and a good file -------------------------------------------------------------------------------


def test_the_list_links_to_the_import_and_the_page_offers_the_template(managed, cooperative):
    members = managed.get(reverse("members:list", args=[cooperative.slug])).content.decode()
    assert reverse("members:import", args=[cooperative.slug]) in members
    page = managed.get(reverse("members:import", args=[cooperative.slug]))
    assert page.status_code == 200
    assert 'data-testid="import-form"' in page.content.decode()
    template = managed.get(reverse("members:import_template", args=[cooperative.slug]))
    assert template.status_code == 200
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(template.content))
    sheet = workbook.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == HEADER
    assert values[1][5] == cooperative.village_id
    # The template's example row is valid in this cooperative as it stands.
    response = upload(managed, cooperative, template.content, "templat.xlsx")
    assert response.status_code == 302
    record = MemberImport.objects.get()
    assert [row["values"]["name"] for row in record.rows] == ["Budi Santoso"]


def test_a_semicolon_csv_with_bom_is_previewed_then_imported_in_file_order(managed, cooperative, manager):
    MemberFactory.create(cooperative=cooperative, number=7, name="Anggota Lama")
    from simpul.members.models import MemberCounter

    MemberCounter.objects.create(cooperative=cooperative, last_number=7)
    response = upload(managed, cooperative, csv_bytes(rows()))
    record = MemberImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("members:import_preview", args=[cooperative.slug, record.pk])
    assert record.status == MemberImportStatus.PREVIEW and record.uploaded_by == manager
    assert Member.objects.count() == 1  # nothing registered yet

    preview = managed.get(response["Location"])
    body = preview.content.decode()
    assert preview.status_code == 200
    assert "Impor 3 anggota" in body
    assert body.count('data-testid="import-row"') == 3
    assert "Budi Santoso" in body and "+6281298765432" in body and "17 Agustus 1990" in body
    assert "Gegerkalong" in body

    confirmed = managed.post(reverse("members:import_confirm", args=[cooperative.slug, record.pk]), follow=True)
    assert confirmed.redirect_chain[-1][0] == reverse("members:list", args=[cooperative.slug])
    assert "3 anggota sudah diimpor." in confirmed.content.decode()
    imported = list(Member.objects.filter(cooperative=cooperative).exclude(number=7).order_by("number"))
    assert [(m.number, m.name) for m in imported] == [(8, "Budi Santoso"), (9, "Siti Aminah"), (10, "Agus Salim")]
    budi, siti, agus = imported
    assert budi.phone == "+6281298765432" and budi.address == "Jl. Sukasari 3" and budi.join_date.day == 15
    assert siti.gender == Gender.FEMALE and siti.is_producer and siti.business_name == "Keripik Siti"
    assert siti.village_id == BANDUNG_VILLAGE and siti.birth_date == SITI_BORN
    assert agus.birth_date == datetime.date(1975, 12, 31) and not agus.is_producer
    record.refresh_from_db()
    assert record.status == MemberImportStatus.IMPORTED and record.imported_count == 3
    audit = AuditLog.objects.get(event="member.imported")
    assert audit.changes["count"] == 3 and audit.cooperative_id == cooperative.pk and audit.actor == manager
    assert AuditLog.objects.filter(event="member.registered").count() == 3


def test_an_excel_workbook_with_date_cells_numbers_and_other_headings(managed, cooperative):
    header = ["No", "nik", "NAMA LENGKAP", "jenis kelamin", "Tgl. Lahir", "kode desa/kelurahan", "No. HP", "tgl masuk"]
    table: list[list[object]] = [
        [1, int(BUDI_NIK), "Budi Santoso", "l", datetime.datetime(1990, 8, 17), 3273011002, 81298765432,
         datetime.date(2024, 1, 15)],
        [2, SITI_NIK, "Siti Aminah", "P", "05/02/1988", BANDUNG_VILLAGE, None, "16-01-2024"],
    ]  # fmt: skip
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Daftar anggota Koperasi"])  # a title above the headings
    sheet.append(header)
    for row in table:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(managed, cooperative, buffer.getvalue(), "anggota.xlsx")
    assert response.status_code == 302, response.content.decode()[:2000]
    record = MemberImport.objects.get()
    assert [row["row"] for row in record.rows] == [3, 4]
    budi = record.rows[0]["values"]
    assert budi["nik"] == BUDI_NIK and budi["phone"] == "+6281298765432" and budi["birth_date"] == "1990-08-17"
    assert budi["village"] == BANDUNG_VILLAGE and budi["join_date"] == "2024-01-15"
    assert record.rows[1]["values"]["gender"] == Gender.FEMALE
    member_import_confirm(cooperative=cooperative, actor=None, import_id=record.pk)
    assert Member.objects.filter(cooperative=cooperative).count() == 2


def test_a_comma_csv_without_bom_and_excels_sep_line(managed, cooperative):
    content = b"sep=,\r\n" + csv_bytes(rows()[:1], sep=",", bom=False)
    response = upload(managed, cooperative, content)
    assert response.status_code == 302
    assert MemberImport.objects.get().rows[0]["row"] == 2


# --- refused files: nothing is written -----------------------------------------------------------------------


def test_a_bad_nik_is_refused_with_its_row_number(managed, cooperative):
    table = rows()
    table[1][0] = "32730145"
    body = assert_refused(
        upload(managed, cooperative, csv_bytes(table)), "Baris 3, NIK: NIK harus tepat 16 digit angka."
    )
    assert 'data-testid="import-confirm"' not in body
    assert "Tidak ada yang diimpor" in body


def test_a_nik_that_does_not_match_the_gender_is_refused(managed, cooperative):
    table = rows()
    table[0][2] = "P"
    assert_refused(
        upload(managed, cooperative, csv_bytes(table)),
        "Baris 2, Jenis Kelamin (L/P): NIK ini milik laki-laki, tetapi jenis kelamin yang dipilih perempuan.",
    )


def test_the_same_nik_twice_in_the_file_is_refused(managed, cooperative):
    table = rows()
    table[2][0] = BUDI_NIK
    table[2][3] = "17/08/1990"
    assert_refused(upload(managed, cooperative, csv_bytes(table)), "Baris 4, NIK: NIK ini juga ada di baris 2 berkas.")


def test_a_nik_already_registered_is_refused(managed, cooperative):
    MemberFactory.create(cooperative=cooperative, nik=SITI_NIK, gender=Gender.FEMALE, birth_date=SITI_BORN)
    response = upload(managed, cooperative, csv_bytes(rows()))
    assert response.status_code == 400
    assert "Baris 3, NIK: Anggota dengan NIK ini sudah terdaftar di koperasi ini." in response.content.decode()
    assert Member.objects.count() == 1 and not MemberImport.objects.exists()


def test_a_nik_of_another_cooperative_is_no_duplicate(managed, cooperative):
    MemberFactory.create(nik=SITI_NIK, gender=Gender.FEMALE, birth_date=SITI_BORN)
    assert upload(managed, cooperative, csv_bytes(rows())).status_code == 302


def test_bad_dates_are_refused(managed, cooperative):
    table = rows()
    table[0][3] = "31/02/1990"
    table[2][7] = ""
    body = assert_refused(
        upload(managed, cooperative, csv_bytes(table)),
        "Baris 2, Tanggal Lahir: “31/02/1990” bukan tanggal.",
        "Baris 4, Tanggal Masuk: Isi tanggal masuk.",
    )
    assert body.index("Baris 2,") < body.index("Baris 4,")


def test_a_join_date_in_the_future_is_refused(managed, cooperative):
    table = rows()
    table[0][7] = "01/01/2999"
    assert_refused(
        upload(managed, cooperative, csv_bytes(table)),
        "Baris 2, Tanggal Masuk: Tanggal masuk tidak boleh di masa depan.",
    )


def test_an_unknown_village_code_is_refused(managed, cooperative):
    table = rows()
    table[1][5] = "32.73.01.9999"
    table[2][5] = "32.73.01"  # a district, not a village
    assert_refused(upload(managed, cooperative, csv_bytes(table)), "Baris 3, Kode Desa: ", "Baris 4, Kode Desa: ")


def test_a_bad_gender_phone_and_producer_flag_are_refused(managed, cooperative):
    table = rows()
    table[0][2] = "X"
    table[1][8] = "mungkin"
    table[2][6] = "12345"
    assert_refused(
        upload(managed, cooperative, csv_bytes(table)),
        "Baris 2, Jenis Kelamin (L/P): “X” bukan jenis kelamin.",
        "Baris 3, Produsen UMKM (Ya/Tidak): “mungkin” bukan Ya atau Tidak.",
        "Baris 4, Telepon/WhatsApp: ",
    )


def test_a_producer_without_business_name_is_refused(managed, cooperative):
    table = rows()
    table[1][9] = ""
    assert_refused(upload(managed, cooperative, csv_bytes(table)), "Baris 3, Nama Usaha: ")


def test_a_missing_column_is_refused(managed, cooperative):
    header = [h for h in HEADER if h != "Tanggal Lahir"]
    table = [[cell for index, cell in enumerate(row) if index != 3] for row in rows()]
    assert_refused(upload(managed, cooperative, csv_bytes(table, header=header)), "“Tanggal Lahir”")


def test_a_column_twice_is_refused(managed, cooperative):
    header = [*HEADER, "nama"]
    table = [[*row, "Lagi"] for row in rows()]
    assert_refused(upload(managed, cooperative, csv_bytes(table, header=header)), "“Nama”")


def test_too_many_rows_are_refused(managed, cooperative, settings):
    settings.MEMBER_IMPORT_SYNC_MAX_BYTES = 10 * 1024 * 1024  # read in the request (test_import_jobs: in the worker)
    row = rows()[0]
    assert_refused(upload(managed, cooperative, csv_bytes([row] * 5001)), "lebih dari 5.000 baris anggota")


def test_wrong_file_types_are_refused(managed, cooperative):
    assert_refused(
        upload(managed, cooperative, b"%PDF-1.4 bukan daftar anggota", "anggota.csv"), "bukan buku kerja Excel"
    )
    assert_refused(upload(managed, cooperative, b"PK\x03\x04 rusak", "anggota.xlsx"), "bukan buku kerja Excel")
    assert_refused(upload(managed, cooperative, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "anggota.xls"), ".xls")


def test_a_csv_that_is_not_utf8_is_refused(managed, cooperative):
    content = csv_bytes(rows(), bom=False).decode().replace("Siti Aminah", "Siti Ámínah").encode("cp1252")
    assert_refused(upload(managed, cooperative, content), "CSV UTF-8")


def test_an_empty_file_a_file_without_rows_and_no_file_are_refused(managed, cooperative):
    assert_refused(upload(managed, cooperative, b""), "Berkas ini kosong.")
    assert_refused(upload(managed, cooperative, csv_bytes([])), "tidak berisi baris anggota")
    response = managed.post(reverse("members:import", args=[cooperative.slug]), {})
    assert_refused(response, "Pilih berkas yang akan diimpor.")


def test_a_file_over_5_mb_is_refused(managed, cooperative):
    content = csv_bytes(rows()) + b"\r\n" + b" " * (5 * 1024 * 1024)
    assert_refused(upload(managed, cooperative, content), "Berkas ini berukuran 5,1 MB; paling besar 5 MB")


def test_a_fixed_file_is_accepted_after_a_refused_one(managed, cooperative):
    table = rows()
    table[1][0] = "1234"
    assert upload(managed, cooperative, csv_bytes(table)).status_code == 400
    response = upload(managed, cooperative, csv_bytes(rows()))
    assert response.status_code == 302
    record = MemberImport.objects.get()
    managed.post(reverse("members:import_confirm", args=[cooperative.slug, record.pk]))
    assert Member.objects.count() == 3


# --- the confirmation ----------------------------------------------------------------------------------------


def test_the_confirmation_checks_again_and_refuses_everything(managed, cooperative):
    upload(managed, cooperative, csv_bytes(rows()))
    record = MemberImport.objects.get()
    # Meanwhile Siti is registered by hand.
    member_register(
        cooperative=cooperative,
        actor=None,
        data=MemberData(SITI_NIK, "Siti Aminah", Gender.FEMALE, SITI_BORN, BANDUNG_VILLAGE, datetime.date(2024, 1, 2)),
    )
    response = managed.post(reverse("members:import_confirm", args=[cooperative.slug, record.pk]))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Baris 3, NIK: Anggota dengan NIK ini sudah terdaftar di koperasi ini." in body
    assert 'data-testid="import-confirm"' not in body
    assert Member.objects.count() == 1  # Budi (row 2) was rolled back with the rest
    assert AuditLog.objects.filter(event="member.registered").count() == 1  # Siti's, by hand
    assert not AuditLog.objects.filter(event="member.imported").exists()
    record.refresh_from_db()
    assert record.status == MemberImportStatus.REFUSED and record.errors[0]["row"] == 3
    again = managed.post(reverse("members:import_confirm", args=[cooperative.slug, record.pk]))
    assert again.status_code == 400 and Member.objects.count() == 1


def test_a_second_confirmation_imports_nothing_more(managed, cooperative):
    upload(managed, cooperative, csv_bytes(rows()))
    record = MemberImport.objects.get()
    url = reverse("members:import_confirm", args=[cooperative.slug, record.pk])
    assert managed.post(url).status_code == 302
    second = managed.post(url)
    assert second.status_code == 400
    assert "Berkas ini sudah diimpor." in second.content.decode()
    assert Member.objects.count() == 3
    assert managed.get(reverse("members:import_preview", args=[cooperative.slug, record.pk])).status_code == 200


def test_supervisors_may_not_import_and_other_cooperatives_imports_are_404(client, cooperative, manager):
    supervisor = person_with_role(RoleKind.SUPERVISOR, cooperative)
    other = CooperativeFactory.create()
    foreign = MemberImport.objects.create(cooperative=other, filename="x.csv", rows=[{"row": 2, "values": {}}])
    client.force_login(supervisor)
    assert client.get(reverse("members:import", args=[cooperative.slug])).status_code == 403
    assert upload(client, cooperative, csv_bytes(rows())).status_code == 403
    client.force_login(manager)
    assert client.get(reverse("members:import_preview", args=[cooperative.slug, foreign.pk])).status_code == 404
    assert client.post(reverse("members:import_confirm", args=[cooperative.slug, foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == MemberImportStatus.PREVIEW and not Member.objects.exists()


def test_a_thousand_rows_import_with_a_bounded_number_of_queries(cooperative, manager):
    table = []
    start = datetime.date(1960, 1, 1)
    for index in range(1000):
        born = start + datetime.timedelta(days=index * 11)
        gender = Gender.FEMALE if index % 2 else Gender.MALE
        nik = make_nik(born, gender, serial=2000 + index)
        table.append(
            [nik, f"Anggota Impor {index:04d}", "P" if index % 2 else "L", born.strftime("%d/%m/%Y"), "",
             BANDUNG_VILLAGE, "", "15/01/2024", "", ""]
        )  # fmt: skip
    content = xlsx_bytes(table)
    queries = {"preview": 0, "confirm": 0}
    stage = "preview"

    def count(execute, sql, params, many, context):
        queries[stage] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        record = member_import_preview(cooperative=cooperative, actor=manager, filename="besar.xlsx", content=content)
        stage = "confirm"
        member_import_confirm(cooperative=cooperative, actor=manager, import_id=record.pk)
    assert Member.objects.filter(cooperative=cooperative).count() == 1000
    numbers = list(Member.objects.filter(cooperative=cooperative).order_by("number").values_list("name", flat=True))
    assert numbers[0] == "Anggota Impor 0000" and numbers[-1] == "Anggota Impor 0999"
    # Checking a row reads its district and village (2 queries, in the preview and again at the confirmation);
    # the members and their audit rows are written in bulk, a few statements for the whole file.
    assert queries["preview"] <= 2 * 1000 + 20, queries
    assert queries["confirm"] <= 2 * 1000 + 20, queries
    audited = AuditLog.objects.filter(event="member.registered", cooperative=cooperative)
    assert {row.target_id for row in audited} == {str(pk) for pk in Member.objects.values_list("pk", flat=True)}
    assert audited.count() == 1000


def test_a_workbook_that_declares_a_wrong_size_is_read_whole(managed, cooperative):
    """Some programs write a sheet's size as just A1; every row below is read all the same."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(rows())))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data)
            target.writestr(item, data)
    assert upload(managed, cooperative, buffer.getvalue(), "anggota.xlsx").status_code == 302
    assert len(MemberImport.objects.get().rows) == 3
