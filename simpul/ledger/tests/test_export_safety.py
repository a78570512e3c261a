"""The journal and ledger workbooks cannot attack their reader, and a control character stored in the immutable
journal before input refused it no longer makes them a 500 for good."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from simpul.ledger.models import JournalEntry

from .conftest import post

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x","klik")'
YEAR = {"dari": "2026-01-01", "sampai": "2026-12-31", "format": "xlsx"}


def _cells(response):
    assert response.status_code == 200, response.content[:300]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"], "a cell is a formula"
    return cells


@pytest.mark.parametrize("report", ["ledger:general_journal", "ledger:general_ledger"])
def test_journal_memos_are_quoted_and_control_characters_dropped(client, cooperative, manager, report):
    for day, memo in enumerate([HYPERLINK, "+1", "-2+3", "@SUM(A1)"], start=1):
        post(cooperative, manager, "1000", on=dt.date(2026, 3, day), description=memo)
    stored = post(cooperative, manager, "2500", on=dt.date(2026, 3, 9), description="Setoran")
    # Written past the input checks, as a row stored before them would be (the journal is never edited after).
    JournalEntry.objects.filter(pk=stored.pk).update(description="Setoran\x01 tunai\x7f\x9b")
    client.force_login(manager)

    query = YEAR | ({"akun": "1101"} if report == "ledger:general_ledger" else {})
    cells = _cells(client.get(reverse(report, args=[cooperative.slug]), query))

    texts = {cell.value for cell in cells if isinstance(cell.value, str)}
    assert {"'" + HYPERLINK, "'+1", "'-2+3", "'@SUM(A1)", "Setoran tunai"} <= texts
    assert 2500 in [cell.value for cell in cells if cell.data_type == "n"]  # amounts stay numbers
