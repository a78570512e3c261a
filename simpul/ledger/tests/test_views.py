"""The book pages: who may see them, what they show, and the manual journal entry form."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import CooperativeFactory, person_with_role
from simpul.ledger.chart import STANDARD_CHART
from simpul.ledger.forms import fiscal_year
from simpul.ledger.models import JournalEntry, JournalLine
from simpul.ledger.services import account_create, chart_of_accounts_create
from simpul.ledger.tests.conftest import post

D = Decimal
PAGES = ["ledger:home", "ledger:chart", "ledger:trial_balance", "ledger:balance_sheet"]


def url(name: str, coop, **query: str) -> str:  # type: ignore[no-untyped-def]
    base = reverse(name, args=[coop.slug])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def supervisor(cooperative):  # type: ignore[no-untyped-def]
    return person_with_role(RoleKind.SUPERVISOR, cooperative)


def test_fiscal_year_follows_the_start_month():
    assert fiscal_year(dt.date(2026, 11, 25), 1) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert fiscal_year(dt.date(2026, 3, 5), 7) == (dt.date(2025, 7, 1), dt.date(2026, 6, 30))
    assert fiscal_year(dt.date(2026, 7, 1), 7) == (dt.date(2026, 7, 1), dt.date(2027, 6, 30))


@pytest.mark.parametrize("name", PAGES)
def test_managers_and_supervisors_read_the_books(client, cooperative, manager, supervisor, name):
    for person in (manager, supervisor):
        client.force_login(person)
        assert client.get(url(name, cooperative)).status_code == 200


@pytest.mark.parametrize("name", [*PAGES, "ledger:entry_new"])
def test_cashiers_get_403_and_strangers_404(client, cooperative, name):
    client.force_login(person_with_role(RoleKind.CASHIER, cooperative))
    assert client.get(url(name, cooperative)).status_code == 403
    client.force_login(person_with_role(RoleKind.MANAGER, CooperativeFactory.create()))
    assert client.get(url(name, cooperative)).status_code == 404


def test_chart_lists_system_and_sub_accounts(client, cooperative, manager):
    account_create(cooperative=cooperative, actor=manager, parent_code="1102", code="1102.01", name="Bank BRI")
    client.force_login(manager)
    response = client.get(url("ledger:chart", cooperative))
    body = response.content.decode()
    assert "Simpanan Wajib" in body and "Bank BRI" in body
    assert "Sub-akun" in body
    assert body.count('data-testid="account-row"') == len(STANDARD_CHART) + 1


@pytest.mark.calendar
def test_trial_balance_defaults_to_the_fiscal_year_and_shows_rupiah(client, cooperative, manager):
    post(cooperative, manager, "1250000", on=cooperative.today())
    client.force_login(manager)
    response = client.get(url("ledger:trial_balance", cooperative))
    report = response.context["report"]
    start, end = fiscal_year(cooperative.today(), cooperative.fiscal_year_start_month)
    assert (report.start, report.end) == (start, end)
    assert report.total_debit == D("1250000.00") and report.is_balanced
    assert "Rp1.250.000" in response.content.decode().replace("\xa0", "").replace(" ", "")


def test_trial_balance_for_a_range(client, cooperative, manager):
    post(cooperative, manager, "100000", on=dt.date(2026, 2, 1))
    post(cooperative, manager, "50000", on=dt.date(2026, 3, 10))
    client.force_login(manager)
    response = client.get(url("ledger:trial_balance", cooperative, dari="2026-03-01", sampai="2026-03-31"))
    cash = next(row for row in response.context["report"].rows if row.account.code == "1101")
    assert (cash.opening, cash.debit, cash.closing) == (D("100000.00"), D("50000.00"), D("150000.00"))


def test_trial_balance_refuses_a_reversed_range(client, cooperative, manager):
    client.force_login(manager)
    response = client.get(url("ledger:trial_balance", cooperative, dari="2026-03-31", sampai="2026-03-01"))
    assert response.status_code == 400
    assert response.context["report"] is None
    assert "Tanggal akhir lebih awal dari tanggal mulai." in response.content.decode()


def test_balance_sheet_as_of_a_date(client, cooperative, manager):
    post(cooperative, manager, "100000", on=dt.date(2026, 2, 1))
    post(cooperative, manager, "70000", on=dt.date(2026, 5, 1))
    client.force_login(manager)
    response = client.get(url("ledger:balance_sheet", cooperative, per="2026-03-31"))
    sheet = response.context["report"]
    assert sheet.total_assets == D("100000.00") == sheet.total_liabilities_and_equity
    assert 'data-testid="not-balanced"' not in response.content.decode()
    assert client.get(url("ledger:balance_sheet", cooperative, per="bukan-tanggal")).status_code == 400


@pytest.mark.parametrize("name", PAGES)
def test_query_count_does_not_grow_with_the_books(client, cooperative, manager, name, django_assert_max_num_queries):
    client.force_login(manager)
    client.get(url(name, cooperative))  # warm the session and the role cache
    with django_assert_max_num_queries(10):
        client.get(url(name, cooperative))
    for day in range(1, 21):
        post(cooperative, manager, "1000", on=dt.date(2026, 1, day))
    for number in range(1, 6):
        account_create(cooperative=cooperative, actor=manager, parent_code="5201", code=f"5201.{number}", name="Beban")
    with django_assert_max_num_queries(10):
        assert client.get(url(name, cooperative)).status_code == 200


# --- the manual journal entry


def _entry(**overrides: str) -> dict[str, str]:
    data = {
        "date": "2026-03-10",
        "description": "Pembelian ATK",
        "account_1": "5201",
        "debit_1": "150000",
        "account_2": "1101",
        "credit_2": "150000",
    }
    data.update(overrides)
    return data


def test_manager_posts_a_manual_entry(client, cooperative, manager):
    client.force_login(manager)
    response = client.post(url("ledger:entry_new", cooperative), _entry())
    assert response.status_code == 302
    entry = JournalEntry.objects.get(cooperative=cooperative)
    assert (entry.description, entry.source, entry.posted_by) == ("Pembelian ATK", "manual", manager)
    lines = {(line.account.code, line.debit, line.credit) for line in JournalLine.objects.filter(entry=entry)}
    assert lines == {("5201", D("150000.00"), D("0.00")), ("1101", D("0.00"), D("150000.00"))}


def test_an_unbalanced_entry_is_refused_in_indonesian(client, cooperative, manager):
    client.force_login(manager)
    response = client.post(url("ledger:entry_new", cooperative), _entry(credit_2="100000"))
    assert response.status_code == 400
    assert "Jurnal tidak seimbang" in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_an_unknown_account_is_refused(client, cooperative, manager):
    client.force_login(manager)
    response = client.post(url("ledger:entry_new", cooperative), _entry(account_1="9999"))
    assert response.status_code == 400
    assert "9999" in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_htmx_refusal_renders_only_the_form(client, cooperative, manager):
    client.force_login(manager)
    response = client.post(url("ledger:entry_new", cooperative), _entry(description=""), headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert "<html" not in response.content.decode()
    assert 'id="entry-form"' in response.content.decode()


def test_supervisors_may_not_post(client, cooperative, supervisor):
    client.force_login(supervisor)
    assert client.get(url("ledger:entry_new", cooperative)).status_code == 403
    assert client.post(url("ledger:entry_new", cooperative), _entry()).status_code == 403
    assert not JournalEntry.objects.exists()


def test_a_cooperative_without_a_chart_shows_an_empty_chart(client, db):
    coop = CooperativeFactory.create()
    manager = person_with_role(RoleKind.MANAGER, coop)
    client.force_login(manager)
    assert "no-accounts" in client.get(url("ledger:chart", coop)).content.decode()
    chart_of_accounts_create(cooperative=coop)
    assert "no-accounts" not in client.get(url("ledger:chart", coop)).content.decode()
