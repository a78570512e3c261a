"""The dates the books hold (simpul/ledger/books_dates.py): one rule for journal_post, the API and the entry form.

Entries dated from year 1 to 9999 used to be accepted while the reports cover 1900–2999, and then up to 31 days
ahead; now an entry is dated no earlier than the cooperative's founding (or 1900) or its books' opening date, and
not after its today (accruals are dated in the period they belong to)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from simpul.core.exceptions import ApplicationError
from simpul.ledger.books_dates import FUTURE_DAYS, books_date_range
from simpul.ledger.models import JournalEntry
from simpul.ledger.services import journal_post

pytestmark = [pytest.mark.django_db, pytest.mark.calendar]  # "ahead" follows the cooperative's today

JSON = "application/json"
LINES = [{"account": "5201", "debit": "1000"}, {"account": "1101", "credit": "1000"}]


def api_post(client, cooperative, date: str):  # type: ignore[no-untyped-def]
    body = {"date": date, "description": "Uji tanggal", "lines": LINES}
    return client.post(f"/api/v1/cooperatives/{cooperative.slug}/ledger/entries", body, content_type=JSON)


def ahead(cooperative, days: int) -> str:  # type: ignore[no-untyped-def]
    return (cooperative.today() + dt.timedelta(days=days)).isoformat()


@pytest.mark.parametrize("date", ["0001-01-01", "1899-12-31", "9999-12-31", "2999-12-31"])
def test_the_api_refuses_dates_outside_the_books(client, cooperative, manager, date):
    client.force_login(manager)
    response = api_post(client, cooperative, date)
    assert response.status_code == 400 and response.json()["code"] == "invalid_date"
    assert response.json()["detail"] == {"field": "date"}
    assert not JournalEntry.objects.exists()


def test_today_is_the_limit(client, cooperative, manager):
    assert FUTURE_DAYS == 0
    client.force_login(manager)
    refused = api_post(client, cooperative, ahead(cooperative, 1))  # tomorrow in the cooperative's own zone
    assert refused.status_code == 400 and "setelah hari ini" in refused.json()["message"]
    assert api_post(client, cooperative, ahead(cooperative, 0)).status_code == 201
    assert api_post(client, cooperative, "1900-01-01").status_code == 201


def test_nothing_before_the_opening_balances(client, cooperative, manager):
    from simpul.ledger.services import opening_balances_post

    opening_balances_post(
        cooperative=cooperative,
        actor=manager,
        as_of=dt.date(2025, 12, 31),
        amounts={"1101": Decimal("500000"), "3301": Decimal("500000")},
    )
    client.force_login(manager)
    refused = api_post(client, cooperative, "2025-12-30")
    assert refused.status_code == 400 and "31 Desember 2025" in refused.json()["message"]
    assert "saldo awal" in refused.json()["message"]
    assert api_post(client, cooperative, "2025-12-31").status_code == 201


def test_nothing_before_the_founding_date(client, cooperative, manager):
    cooperative.founded_on = dt.date(2010, 7, 1)
    cooperative.save(update_fields=["founded_on"])
    client.force_login(manager)
    refused = api_post(client, cooperative, "2010-06-30")
    assert refused.status_code == 400 and "1 Juli 2010" in refused.json()["message"]
    assert api_post(client, cooperative, "2010-07-01").status_code == 201
    assert books_date_range(cooperative)[0] == dt.date(2010, 7, 1)


def test_journal_post_itself_refuses(cooperative, manager):
    lines = [("5201", Decimal(1), Decimal(0)), ("1101", Decimal(0), Decimal(1))]
    with pytest.raises(ApplicationError) as refused:
        journal_post(cooperative=cooperative, actor=manager, date=dt.date(1, 1, 1), description="Lama", lines=lines)
    assert refused.value.code == "invalid_date"
    assert not JournalEntry.objects.exists()


def test_the_entry_form_refuses_in_indonesian(client, cooperative, manager):
    client.force_login(manager)
    form = {"date": "9999-12-31", "description": "Uji", "account_1": "5201", "debit_1": "1000"}
    form |= {"account_2": "1101", "credit_2": "1000"}
    response = client.post(reverse("ledger:entry_new", args=[cooperative.slug]), form)
    assert response.status_code == 400 and "setelah hari ini" in response.content.decode()
    assert not JournalEntry.objects.exists()


@pytest.mark.parametrize("query", ["start=0001-01-01", "end=9999-12-31", "start=1899-12-31&end=2026-01-01"])
def test_report_dates_outside_1900_to_2999_are_a_400(client, cooperative, manager, query):
    client.force_login(manager)
    response = client.get(f"/api/v1/cooperatives/{cooperative.slug}/reports/trial-balance?{query}")
    assert response.status_code == 400 and response.json()["code"] == "invalid_date"
