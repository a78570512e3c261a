"""A manager imports members from a CSV file on a 360 px phone: a broken row is refused in Indonesian with its row
number and nothing is imported; the fixed file is previewed, confirmed, and its members are in the list."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import Browsing, log_in, no_horizontal_scroll

MANAGER_PHONE = "081200000001"  # the demo manager
DEMO_SLUG = "ksu-mitra-sauyunan"
HEADER = "NIK;Nama;Jenis Kelamin (L/P);Tanggal Lahir;Alamat;Kode Desa;Telepon/WhatsApp;Tanggal Masuk"
# NIKs of Sukasari, Kota Bandung (32.73.01) with unusual serials, so no demo member has them.
GOOD_ROWS = [
    "3273011708909871;Wahyu Impor Pertama;L;17/08/1990;Jl. Setiabudi 10;32.73.01.1002;0812-7777-9871;15/01/2024",
    "3273014502889872;Ratna Impor Kedua;P;05/02/1988;;3273011002;;16/01/2024",
]


def _csv(*rows: str) -> bytes:
    # What Indonesian Excel writes: semicolons, a BOM, CRLF.
    return "\ufeff".encode() + "\r\n".join([HEADER, *rows]).encode()


def _upload(phone: Browsing, content: bytes) -> None:
    page = phone.page
    form = page.get_by_test_id("import-form")
    form.get_by_test_id("import-file").set_input_files(
        {"name": "anggota-baru.csv", "mimeType": "text/csv", "buffer": content}
    )
    form.get_by_test_id("import-upload").click()


def _search(phone: Browsing, text: str) -> None:
    phone.goto(f"/k/{DEMO_SLUG}/anggota/?q={text.replace(' ', '+')}")


def test_a_manager_imports_members_after_fixing_a_broken_row(phone: Browsing):
    phone.problems.expect_status(400)  # the refused file answers 400 with its errors
    page = phone.page
    log_in(phone, MANAGER_PHONE)
    phone.goto(f"/k/{DEMO_SLUG}/anggota/")
    page.get_by_test_id("import-members").click()
    expect(page).to_have_url(re.compile(rf"/k/{DEMO_SLUG}/anggota/impor/$"))
    expect(page.get_by_test_id("import-template")).to_be_visible()
    no_horizontal_scroll(page)

    # Row 3 (the second member) has a NIK one digit short.
    broken = GOOD_ROWS[1].replace("3273014502889872", "327301450288987")
    _upload(phone, _csv(GOOD_ROWS[0], broken))
    errors = page.get_by_test_id("import-error")
    expect(errors).to_have_count(1)
    expect(errors.first).to_have_text("Baris 3, NIK: NIK harus tepat 16 digit angka.")
    expect(page.get_by_test_id("import-refused")).to_contain_text("Tidak ada yang diimpor")
    expect(page.get_by_test_id("import-confirm")).to_have_count(0)
    no_horizontal_scroll(page)

    # Nothing was imported, not even the good first row.
    _search(phone, "Wahyu Impor")
    expect(page.get_by_test_id("no-members")).to_be_visible()

    # The fixed file: a preview of both rows, then the confirmation.
    phone.goto(f"/k/{DEMO_SLUG}/anggota/impor/")
    _upload(phone, _csv(*GOOD_ROWS))
    expect(page).to_have_url(re.compile(rf"/k/{DEMO_SLUG}/anggota/impor/\d+/$"))
    expect(page.get_by_test_id("import-row")).to_have_count(2)
    expect(page.get_by_test_id("import-rows")).to_contain_text("Ratna Impor Kedua")
    expect(page.get_by_test_id("import-rows")).to_contain_text("+6281277779871")
    no_horizontal_scroll(page)
    confirm = page.get_by_test_id("import-confirm")
    expect(confirm).to_have_text("Impor 2 anggota")
    confirm.click()

    expect(page).to_have_url(re.compile(rf"/k/{DEMO_SLUG}/anggota/$"))
    expect(page.get_by_role("status")).to_contain_text("2 anggota sudah diimpor.")
    _search(phone, "Impor")
    rows = page.get_by_test_id("member-row")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Wahyu Impor Pertama")).to_be_visible()
    expect(rows.filter(has_text="Ratna Impor Kedua")).to_contain_text("Gegerkalong")
