"""A member file is read under limits (settings MEMBER_IMPORT_*), outside any transaction.

The attack files are built here: a 31 KB-class workbook whose sheet declares or holds three million rows, a
zip bomb that unpacks to 96 MB, a zip whose central directory lies about a member's size. Each refusal must come
before the rows are iterated (the message names what the file *says*, which only the check before reading
knows), never as a slow read that ends in a timeout.
"""

import io
import re
import struct
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from simpul.coops.tests.factories import CooperativeFactory
from simpul.core.exceptions import ApplicationError
from simpul.members.imports import member_import_preview, read_table
from simpul.members.models import MemberImport
from simpul.members.tests.test_concurrency import KEEP_REGIONS  # regions stay: not flushed
from simpul.members.tests.test_import import HEADER, csv_bytes, rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def with_sheet(content: bytes, change) -> bytes:
    """The workbook with its first sheet's XML passed through `change`, recompressed."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            target.writestr(item.filename, data)
    return buffer.getvalue()


def refusal(content: bytes) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        read_table(content)
    return caught.value


def test_a_sheet_that_declares_three_million_rows_is_refused_by_its_declaration():
    content = with_sheet(
        xlsx_bytes(rows()), lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:J3000000"', xml)
    )
    error = refusal(content)
    assert error.code == "import_too_many_rows"
    # "3.000.000 baris": the figure comes from the sheet's declared size, read before any row is.
    assert "Lembar “Sheet” berisi 3.000.000 baris, termasuk baris kosong" in error.message
    assert "paling banyak 10.000 baris" in error.message


def test_three_million_empty_rows_in_a_small_workbook_stop_at_the_row_limit():
    """31 KB on disk: the rows are there (one per row number) under a declared size of A1."""
    empty_rows = b"".join(b'<row r="%d"/>' % number for number in range(5, 3_000_001, 1000))

    def change(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', xml)
        return xml.replace(b"</sheetData>", empty_rows + b'<row r="3000000"><c r="A3000000" t="inlineStr">'
                           b"<is><t>x</t></is></c></row></sheetData>")  # fmt: skip

    content = with_sheet(xlsx_bytes(rows()), change)
    assert len(content) < 40_000
    error = refusal(content)
    assert error.code == "import_too_many_rows"
    assert "lebih dari 10.000 baris, termasuk baris kosong" in error.message


def test_a_zip_bomb_is_refused_by_its_central_directory_before_openpyxl_opens_it():
    """145 KB that unpack to 96 MB: refused with the unpacked size, which only the central directory tells."""
    padding = b" " * (96 * 1024 * 1024)
    content = with_sheet(xlsx_bytes(rows()), lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + padding))
    assert len(content) < 200_000
    error = refusal(content)
    assert error.code == "import_too_large"
    assert "Buku kerja ini berisi 96,1 MB data setelah dibuka; paling banyak 20 MB" in error.message


def test_a_member_that_lies_about_its_size_in_the_central_directory_is_refused_as_broken(settings):
    """zipfile stops a member at its declared size and its CRC then fails: the lie cannot unpack more."""
    padding = b" " * (2 * 1024 * 1024)
    content = with_sheet(xlsx_bytes(rows()), lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + padding))
    archive = zipfile.ZipFile(io.BytesIO(content))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    real_size = info.file_size
    data = bytearray(content)
    # Declare 4 KB in the local header and in the central directory entry alike.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_offset = 30 if signature == b"PK\x03\x04" else 46
            name_length = struct.unpack_from("<H", data, start + (26 if signature == b"PK\x03\x04" else 28))[0]
            if data[start + name_offset : start + name_offset + name_length] == b"xl/worksheets/sheet1.xml":
                assert struct.unpack_from("<I", data, start + offset)[0] == real_size
                struct.pack_into("<I", data, start + offset, 4096)
            start += 4
    error = refusal(bytes(data))
    assert error.code == "import_wrong_type"


def test_a_value_beyond_the_column_limit_is_refused():
    table = [[*row, *([""] * 49), "di kolom 60"] for row in rows()]
    error = refusal(csv_bytes(table))
    assert error.code == "import_too_many_columns"
    assert "Lembar “CSV” berisi 60 kolom; paling banyak 50 kolom" in error.message


def test_a_sheet_that_declares_too_many_columns_is_refused():
    content = with_sheet(
        xlsx_bytes(rows()), lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:ZZ4"', xml)
    )
    error = refusal(content)
    assert error.code == "import_too_many_columns" and "702 kolom" in error.message


def test_a_cell_past_the_length_limit_is_refused_with_its_address():
    table = rows()
    table[1][1] = "Siti " * 400
    error = refusal(xlsx_bytes(table))
    assert error.code == "import_cell_too_long"
    assert "Sel B3 berisi 2.000 karakter; satu sel paling banyak 1.000 karakter." in error.message


def test_empty_lines_count_as_rows():
    content = b"\r\n" * 10_001 + csv_bytes(rows())
    error = refusal(content)
    assert error.code == "import_too_many_rows"
    assert "Lembar “CSV” berisi lebih dari 10.000 baris" in error.message


def test_the_time_budget_stops_the_check(settings):
    settings.MEMBER_IMPORT_MAX_SECONDS = 0
    table = rows()[:1] * 150  # the clock is looked at every 100 rows
    cooperative = CooperativeFactory.create()
    with pytest.raises(ApplicationError) as caught:
        member_import_preview(cooperative=cooperative, actor=None, filename="a.csv", content=csv_bytes(table))
    assert caught.value.code == "import_too_slow"
    assert "Pembacaan berkas melewati batas 0 detik dan dihentikan." in caught.value.message
    assert not MemberImport.objects.exists()


def test_limits_are_settings(settings):
    settings.MEMBER_IMPORT_MAX_ROWS = 2
    error = refusal(csv_bytes(rows()))
    assert error.code == "import_too_many_rows" and "lebih dari 2 baris anggota" in error.message
    assert read_table(csv_bytes(rows()[:2]), None).rows


@pytest.mark.django_db(transaction=True, available_apps=KEEP_REGIONS)
def test_the_file_is_read_and_checked_outside_any_transaction():
    """On SQLite a transaction holds the write lock: only the final insert of the preview may run in one."""
    cooperative = CooperativeFactory.create()
    in_transaction: list[tuple[bool, str]] = []

    def record(execute, sql, params, many, context):
        in_transaction.append((connection.in_atomic_block, sql.split()[0].upper()))
        return execute(sql, params, many, context)

    with CaptureQueriesContext(connection), connection.execute_wrapper(record):
        member_import_preview(cooperative=cooperative, actor=None, filename="a.xlsx", content=xlsx_bytes(rows()))
    reads = [atomic for atomic, verb in in_transaction if verb == "SELECT"]
    assert len(reads) >= 6  # each row's district and village
    assert not any(reads), in_transaction
    assert MemberImport.objects.get().rows_total == 3


def test_the_header_is_still_found_below_a_title():
    table = csv_bytes(rows(), header=HEADER)
    assert len(read_table(b"Daftar anggota\r\n\r\n" + table).rows) == 3


def test_a_sheet_with_an_xml_entity_is_refused_as_a_broken_file_never_expanded():
    """openpyxl parses through defusedxml (a pinned dependency): a DOCTYPE with entities (the "billion laughs", or
    an external entity that would read a server file) is refused as a broken workbook, never expanded."""
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML
    doctype = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    )

    def change(xml: bytes) -> bytes:
        body = re.sub(rb"^<\?xml[^>]*\?>", b"", xml)
        return doctype + body.replace(b"</sheetData>", b'<row r="99"><c r="A99" t="inlineStr"><is><t>&b;&secret;'
                                      b"</t></is></c></row></sheetData>")  # fmt: skip

    error = refusal(with_sheet(xlsx_bytes(rows()), change))
    assert error.code == "import_wrong_type"
