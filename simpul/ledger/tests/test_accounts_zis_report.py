"""A sharia cooperative's ZIS fund report (issue 10 §5): each fund's balance at the start, receipts, disbursements
and balance at the end of a period, on the page, in Excel and PDF, and in the API."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from simpul.coops.models import CooperativeType, RoleKind
from simpul.coops.tests.factories import CooperativeFactory, person_with_role
from simpul.ledger import chart
from simpul.ledger.reports.zis import zis_report
from simpul.ledger.services import account_create, chart_of_accounts_create, journal_post

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def sharia(db):  # type: ignore[no-untyped-def]
    coop = CooperativeFactory.create(type=CooperativeType.KSPPS, is_sharia=True)
    chart_of_accounts_create(cooperative=coop)
    manager = person_with_role(RoleKind.MANAGER, coop)
    account_create(cooperative=coop, actor=manager, parent_code=chart.ZAKAT_FUND, code="2601.01", name="Zakat Fitrah")

    def move(day: dt.date, code: str, received: str = "0", paid: str = "0") -> None:
        amount, into = (D(received), True) if D(received) else (D(paid), False)
        lines = [(chart.CASH, amount, D(0)), (code, D(0), amount)]
        journal_post(
            cooperative=coop,
            actor=manager,
            date=day,
            description="Dana ZIS",
            lines=lines if into else [(code, amount, D(0)), (chart.CASH, D(0), amount)],
        )

    move(dt.date(2026, 1, 10), chart.ZAKAT_FUND, received="500000")
    move(dt.date(2026, 2, 3), chart.ZAKAT_FUND, paid="200000")
    move(dt.date(2026, 2, 20), chart.INFAK_FUND, received="125000.50")
    move(dt.date(2026, 3, 1), "2601.01", received="75000")
    move(dt.date(2026, 3, 15), chart.SEDEKAH_FUND, received="40000")  # after the period
    return coop


def test_each_fund_from_its_opening_to_its_closing_balance(sharia):
    report = zis_report(cooperative=sharia, start=dt.date(2026, 2, 1), end=dt.date(2026, 3, 10))
    rows = {f.account.code: (f.opening, f.receipts, f.disbursements, f.closing) for f in report.funds}
    assert rows == {
        chart.ZAKAT_FUND: (D(500000), D(0), D(200000), D(300000)),
        "2601.01": (D(0), D(75000), D(0), D(75000)),
        chart.INFAK_FUND: (D(0), D("125000.50"), D(0), D("125000.50")),
        chart.SEDEKAH_FUND: (D(0), D(0), D(0), D(0)),
    }
    assert report.totals == {
        "opening": D(500000),
        "receipts": D("200000.50"),
        "disbursements": D(200000),
        "closing": D("500000.50"),
    }


def test_the_page_and_its_downloads(client, sharia):
    client.force_login(person_with_role(RoleKind.SUPERVISOR, sharia))
    url = reverse("ledger:zis_report", args=[sharia.slug])
    response = client.get(url, {"dari": "2026-02-01", "sampai": "2026-03-10"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Laporan Dana ZIS" in body and "Zakat Fitrah" in body
    assert body.count('data-testid="zis-fund"') == 4
    assert "300.000" in body and "500.000,50" in body
    xlsx = client.get(url, {"dari": "2026-02-01", "sampai": "2026-03-10", "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf = client.get(url, {"dari": "2026-02-01", "sampai": "2026-03-10", "format": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get(url, {"dari": "2026-03-10", "sampai": "2026-02-01"}).status_code == 400
    home = client.get(reverse("ledger:home", args=[sharia.slug])).content.decode()
    assert 'data-testid="report-zis"' in home


def test_the_api(sharia):
    client = Client()
    client.force_login(person_with_role(RoleKind.MANAGER, sharia))
    url = f"/api/v1/cooperatives/{sharia.slug}/reports/zis"
    data = client.get(url, {"start": "2026-02-01", "end": "2026-03-10"}).json()
    assert (data["opening"], data["receipts"], data["disbursements"], data["closing"]) == (
        "500000.00",
        "200000.50",
        "200000.00",
        "500000.50",
    )
    assert [fund["code"] for fund in data["funds"]] == ["2601", "2601.01", "2602", "2603"]
    cashier = Client()
    cashier.force_login(person_with_role(RoleKind.CASHIER, sharia))
    assert cashier.get(url).status_code == 403


def test_a_cooperative_that_is_not_sharia_has_no_zis_report(cooperative, manager):
    client = Client()
    client.force_login(manager)
    assert client.get(reverse("ledger:zis_report", args=[cooperative.slug])).status_code == 404
    assert client.get(f"/api/v1/cooperatives/{cooperative.slug}/reports/zis").status_code == 404
    home = client.get(reverse("ledger:home", args=[cooperative.slug])).content.decode()
    assert 'data-testid="report-zis"' not in home


def test_another_cooperatives_manager_sees_nothing(sharia):
    other = CooperativeFactory.create()
    client = Client()
    client.force_login(person_with_role(RoleKind.MANAGER, other))
    assert client.get(reverse("ledger:zis_report", args=[sharia.slug])).status_code == 404
    assert client.get(f"/api/v1/cooperatives/{sharia.slug}/reports/zis").status_code == 404
