"""Spreadsheet cells cannot attack their reader: OWASP formula injection, and control characters dropped."""

import io
from decimal import Decimal

from openpyxl import load_workbook

from simpul.core.exports import Sheet, safe_text, xlsx_bytes

ATTACKS = ['=HYPERLINK("http://x","klik")', "+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def test_text_starting_a_formula_is_quoted():
    for attack in ATTACKS:
        assert safe_text(attack) == "'" + attack
    assert safe_text("Setoran simpanan") == "Setoran simpanan"
    assert safe_text("a=b") == "a=b"  # only the first character starts a formula


def test_a_phone_number_in_e164_stays_as_it_is():
    assert safe_text("+6281234567890") == "+6281234567890"
    assert safe_text("+62812+1") == "'+62812+1"


def test_control_characters_are_dropped_but_tab_and_line_breaks_kept():
    assert safe_text("Pindah\x00\x01\x1f kota\x7f\x85\x9f") == "Pindah kota"
    assert safe_text("baris 1\nbaris\t2\r\n") == "baris 1\nbaris\t2\r\n"
    assert safe_text("\x01=1+1") == "'=1+1"  # dropping a character cannot uncover a formula


def _cells(sheets):
    workbook = load_workbook(io.BytesIO(xlsx_bytes(sheets)))
    return [cell for row in workbook.worksheets[0].iter_rows() for cell in row if cell.value is not None]


def test_no_cell_of_a_workbook_is_a_formula_and_numbers_stay_numbers():
    sheet = Sheet(
        title="=Judul",
        heading=['=HYPERLINK("http://x","klik")', "Koperasi\x01 Maju"],
        header=["@Nama", "Jumlah"],
        rows=[[attack, Decimal("-1500.50")] for attack in ATTACKS] + [["-", -3]],
    )
    cells = _cells([sheet])
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert texts[:3] == ['\'=HYPERLINK("http://x","klik")', "Koperasi Maju", "'@Nama"]
    data = [cell.value for cell in cells if cell.column == 1 and cell.row > 4]
    # (XML reads a carriage return back as a line feed)
    assert data == ["'" + attack.replace("\r", "\n") for attack in ATTACKS] + ["'-"]
    numbers = [cell for cell in cells if cell.data_type == "n"]
    assert [cell.value for cell in numbers] == [-1500.5] * len(ATTACKS) + [-3]
