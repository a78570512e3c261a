"""A sharia cooperative's neraca: dana syirkah temporer (mudharabah deposits) between liabilities and equity, with
its own total; assets = liabilities + syirkah + equity, on the page, in Excel and in the API."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import CooperativeFactory, person_with_role
from simpul.ledger import chart
from simpul.ledger.selectors import balance_sheet
from simpul.ledger.services import chart_of_accounts_create, journal_post

D = Decimal


@pytest.fixture
def sharia(db):
    cooperative = CooperativeFactory.create(type="kspps", is_sharia=True)
    chart_of_accounts_create(cooperative=cooperative)
    manager = person_with_role(RoleKind.MANAGER, cooperative)
    journal_post(
        cooperative=cooperative,
        actor=manager,
        date=dt.date(2026, 2, 1),
        description="Simpanan mudharabah",
        lines=[(chart.CASH, D(500000), D(0)), (chart.MUDHARABAH_SAVINGS, D(0), D(500000))],
        subledger="savings",
    )
    journal_post(
        cooperative=cooperative,
        actor=manager,
        date=dt.date(2026, 2, 2),
        description="Simpanan wadiah",
        lines=[(chart.CASH, D(200000), D(0)), (chart.WADIAH_SAVINGS, D(0), D(200000))],
        subledger="savings",
    )
    journal_post(
        cooperative=cooperative,
        actor=manager,
        date=dt.date(2026, 2, 3),
        description="Margin murabahah",
        lines=[(chart.CASH, D(50000), D(0)), (chart.MURABAHAH_MARGIN_INCOME, D(0), D(50000))],
    )
    return cooperative, manager


def test_syirkah_stands_between_liabilities_and_equity(sharia):
    cooperative, _manager = sharia
    sheet = balance_sheet(cooperative=cooperative, as_of=dt.date(2026, 3, 31))
    assert [line.account.code for line in sheet.syirkah] == [chart.MUDHARABAH_SAVINGS]
    assert sheet.total_syirkah == D(500000)
    assert chart.MUDHARABAH_SAVINGS not in {line.account.code for line in sheet.liabilities + sheet.equity}
    assert sheet.total_liabilities == D(200000)  # the wadiah deposits
    assert sheet.total_equity == D(50000)  # the running year's result
    assert sheet.total_assets == sheet.total_liabilities + sheet.total_syirkah + sheet.total_equity == D(750000)
    assert sheet.is_balanced


def test_the_page_excel_and_api_show_the_syirkah_total(client, sharia):
    cooperative, manager = sharia
    client.force_login(manager)
    page = client.get(reverse("ledger:balance_sheet", args=[cooperative.slug]) + "?per=2026-03-31")
    body = page.content.decode().replace("\xa0", "")
    assert 'data-testid="total-syirkah"' in body and "Dana syirkah temporer" in body and "Rp500.000" in body
    assert body.index("total-liabilities") < body.index("total-syirkah") < body.index("total-equity")
    workbook = client.get(reverse("ledger:balance_sheet", args=[cooperative.slug]) + "?per=2026-03-31&format=xlsx")
    rows = [row for row in load_workbook(io.BytesIO(workbook.content)).worksheets[0].iter_rows(values_only=True)]
    labels = [row[1] for row in rows]
    assert "Jumlah dana syirkah temporer" in labels
    assert labels.index("Jumlah liabilitas") < labels.index("Jumlah dana syirkah temporer")
    api = client.get(f"/api/v1/cooperatives/{cooperative.slug}/reports/balance-sheet?end=2026-03-31").json()
    assert [row["account_code"] for row in api["syirkah"]] == [chart.MUDHARABAH_SAVINGS]
    assert D(api["total_syirkah"]["current"]) == D(500000) and api["is_balanced"]
