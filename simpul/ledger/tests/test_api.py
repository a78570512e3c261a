"""The ledger API: the same rules as the pages, as JSON."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import CooperativeFactory, person_with_role
from simpul.core.tokens import api_token_create
from simpul.ledger.chart import STANDARD_CHART
from simpul.ledger.models import Account, JournalEntry, Period
from simpul.ledger.services import account_create, chart_of_accounts_create, journal_post, journal_reverse

from .conftest import D, post

pytestmark = pytest.mark.calendar  # periods and entries follow the cooperative's today

JSON = "application/json"
ENTRY = {
    "date": "2026-03-10",
    "description": "Pembelian ATK",
    "lines": [{"account": "5201", "debit": "150000.50"}, {"account": "1101", "credit": "150000.50"}],
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def base(cooperative) -> str:
    return f"/api/v1/cooperatives/{cooperative.slug}/ledger"


def refused(response, status, code):
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    return response.json()


@pytest.fixture
def supervisor(cooperative):
    return person_with_role(RoleKind.SUPERVISOR, cooperative)


# --- accounts


def test_accounts_are_listed_for_readers(cooperative, manager, supervisor):
    account_create(cooperative=cooperative, actor=manager, parent_code="1102", code="1102.01", name="Bank BRI")
    for person in (manager, supervisor):
        response = logged_in(person).get(f"{base(cooperative)}/accounts")
        assert response.status_code == 200
        accounts = {a["code"]: a for a in response.json()}
        assert len(accounts) == len(STANDARD_CHART) + 1
        assert accounts["1102.01"]["parent"] == "1102" and accounts["1102.01"]["is_system"] is False
        assert accounts["4101"]["revenue_source"] == "member"


def test_manager_creates_renames_and_deletes_a_sub_account(cooperative, manager):
    client = logged_in(manager)
    response = client.post(
        f"{base(cooperative)}/accounts",
        {"parent_code": "1102", "code": "1102.01", "name": "Bank BRI"},
        content_type=JSON,
    )
    assert response.status_code == 201
    account_id = response.json()["id"]
    assert response.json()["kind"] == "asset"
    response = client.patch(f"{base(cooperative)}/accounts/{account_id}", {"name": "Bank BRI Desa"}, content_type=JSON)
    assert response.status_code == 200 and response.json()["name"] == "Bank BRI Desa"
    assert client.delete(f"{base(cooperative)}/accounts/{account_id}").status_code == 204
    assert not Account.objects.filter(pk=account_id).exists()


def test_account_refusals(cooperative, manager):
    client = logged_in(manager)
    cash = Account.objects.get(cooperative=cooperative, code="1101")
    refused(client.delete(f"{base(cooperative)}/accounts/{cash.pk}"), 400, "system_account")
    refused(
        client.patch(f"{base(cooperative)}/accounts/{cash.pk}", {"name": "X"}, content_type=JSON), 400, "system_account"
    )
    bri = account_create(cooperative=cooperative, actor=manager, parent_code="1102", code="1102.01", name="BRI")
    post(cooperative, manager, debit="1102.01")
    refused(client.delete(f"{base(cooperative)}/accounts/{bri.pk}"), 400, "account_in_use")
    body = {"parent_code": "1102", "code": "1102.01", "name": "Lagi"}
    refused(client.post(f"{base(cooperative)}/accounts", body, content_type=JSON), 400, "duplicate_account_code")
    other = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=other)
    theirs = Account.objects.get(cooperative=other, code="1101")
    refused(client.delete(f"{base(cooperative)}/accounts/{theirs.pk}"), 404, "not_found")
    assert Account.objects.filter(pk__in=[cash.pk, bri.pk, theirs.pk]).count() == 3


# --- entries


def test_manager_posts_an_entry_and_reads_it_back(cooperative, manager):
    client = logged_in(manager)
    response = client.post(f"{base(cooperative)}/entries", ENTRY, content_type=JSON)
    assert response.status_code == 201
    entry = response.json()
    assert entry["number"] == 1 and entry["source"] == "manual" and entry["posted_by"] == str(manager)
    assert entry["lines"][0] == {
        "account": "5201",
        "account_name": "Beban Operasional",
        "debit": "150000.50",
        "credit": "0.00",
    }
    assert client.get(f"{base(cooperative)}/entries/{entry['id']}").json() == entry


def test_entries_are_listed_by_date_range_and_paged(cooperative, manager, supervisor, django_assert_max_num_queries):
    for day in (5, 10, 15, 20):
        post(cooperative, manager, on=dt.date(2026, 3, day))
    post(cooperative, manager, on=dt.date(2026, 4, 1))
    client = logged_in(supervisor)
    with django_assert_max_num_queries(12):
        response = client.get(f"{base(cooperative)}/entries?from=2026-03-06&until=2026-03-31&limit=2")
    body = response.json()
    assert response.status_code == 200 and body["count"] == 3
    assert [e["date"] for e in body["items"]] == ["2026-03-10", "2026-03-15"]
    body = client.get(f"{base(cooperative)}/entries?from=2026-03-06&until=2026-03-31&limit=2&offset=2").json()
    assert [e["date"] for e in body["items"]] == ["2026-03-20"]
    refused(client.get(f"{base(cooperative)}/entries?from=2026-04-01&until=2026-03-01"), 400, "invalid_date")


@pytest.mark.parametrize(
    ("lines", "status", "code"),
    [
        ([{"account": "5201", "debit": "100"}, {"account": "1101", "credit": "90"}], 400, "unbalanced"),
        ([{"account": "5201", "debit": 100.5}, {"account": "1101", "credit": "100.50"}], 400, "invalid_amount"),
        ([{"account": "5201", "debit": "-1E+30"}, {"account": "1101", "credit": "1"}], 400, "invalid_amount"),
        ([{"account": "5201", "debit": "-5"}, {"account": "1101", "credit": "-5"}], 400, "invalid_amount"),
        ([{"account": "5201", "debit": "abc"}, {"account": "1101", "credit": "1"}], 400, "invalid_amount"),
        ([{"account": "9999", "debit": "100"}, {"account": "1101", "credit": "100"}], 400, "unknown_account"),
        ([], 400, "empty_entry"),
    ],
)
def test_bad_entries_are_refused_and_nothing_is_written(cooperative, manager, lines, status, code):
    body = {**ENTRY, "lines": lines}
    refused(logged_in(manager).post(f"{base(cooperative)}/entries", body, content_type=JSON), status, code)
    assert not JournalEntry.objects.exists()


def test_a_float_amount_is_refused_with_a_clear_message(cooperative, manager):
    body = {**ENTRY, "lines": [{"account": "5201", "debit": 0.1}, {"account": "1101", "credit": "0.10"}]}
    detail = refused(
        logged_in(manager).post(f"{base(cooperative)}/entries", body, content_type=JSON), 400, "invalid_amount"
    )["detail"]
    assert detail[0]["field"] == "lines.0.debit" and "150000.50" in detail[0]["message"]
    assert "teks" in detail[0]["message"]  # "send it as text", in Bahasa Indonesia


def test_another_cooperatives_account_code_is_unknown(cooperative, manager):
    other = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=other)
    account_create(cooperative=other, actor=manager, parent_code="1102", code="1102.77", name="Bank mereka")
    body = {**ENTRY, "lines": [{"account": "1102.77", "debit": "1"}, {"account": "1101", "credit": "1"}]}
    refused(logged_in(manager).post(f"{base(cooperative)}/entries", body, content_type=JSON), 400, "unknown_account")
    assert not JournalEntry.objects.exists()


def test_posting_into_a_closed_period_is_refused(cooperative, manager):
    client = logged_in(manager)
    close = {"kind": "month", "start": "2026-03-01"}
    assert client.post(f"{base(cooperative)}/periods/close", close, content_type=JSON).status_code == 201
    refused(client.post(f"{base(cooperative)}/entries", ENTRY, content_type=JSON), 400, "period_closed")
    assert not JournalEntry.objects.exists()


def test_manager_reverses_an_entry_once(cooperative, manager):
    entry = post(cooperative, manager)
    client = logged_in(manager)
    url = f"{base(cooperative)}/entries/{entry.pk}/reverse"
    response = client.post(url, {"date": "2026-03-31", "reason": "Salah catat"}, content_type=JSON)
    assert response.status_code == 201
    assert response.json()["reverses"] == entry.number and response.json()["source"] == "reversal"
    assert client.get(f"{base(cooperative)}/entries/{entry.pk}").json()["reversed_by"] == response.json()["number"]
    refused(client.post(url, {"date": "2026-03-31", "reason": "Lagi"}, content_type=JSON), 400, "already_reversed")
    reversal_url = f"{base(cooperative)}/entries/{response.json()['id']}/reverse"
    refused(
        client.post(reversal_url, {"date": "2026-03-31", "reason": "x"}, content_type=JSON),
        400,
        "cannot_reverse_reversal",
    )
    assert JournalEntry.objects.count() == 2


def test_reversing_into_a_closed_period_is_refused(cooperative, manager):
    entry = post(cooperative, manager)
    client = logged_in(manager)
    client.post(f"{base(cooperative)}/periods/close", {"kind": "month", "start": "2026-03-01"}, content_type=JSON)
    url = f"{base(cooperative)}/entries/{entry.pk}/reverse"
    refused(client.post(url, {"date": "2026-03-20", "reason": "x"}, content_type=JSON), 400, "period_closed")
    assert JournalEntry.objects.count() == 1


def test_the_attachment_through_the_api(cooperative, manager):
    entry = journal_post(
        cooperative=cooperative,
        actor=manager,
        date=dt.date(2026, 3, 10),
        description="Nota",
        lines=[("5201", D(1), D(0)), ("1101", D(0), D(1))],
        attachment=SimpleUploadedFile("nota.pdf", b"%PDF-1.4 nota"),
    )
    client = logged_in(manager)
    body = client.get(f"{base(cooperative)}/entries/{entry.pk}").json()
    assert body["has_attachment"] is True
    assert body["attachment_url"] == f"/k/{cooperative.slug}/buku/jurnal/{entry.pk}/lampiran/"
    response = client.get(f"{base(cooperative)}/entries/{entry.pk}/attachment")
    assert response.status_code == 200 and response.getvalue() == b"%PDF-1.4 nota"
    plain = post(cooperative, manager)
    refused(client.get(f"{base(cooperative)}/entries/{plain.pk}/attachment"), 404, "not_found")


def test_a_foreign_entry_is_404(cooperative, manager):
    other = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=other)
    theirs = post(other, None)
    client = logged_in(manager)
    refused(client.get(f"{base(cooperative)}/entries/{theirs.pk}"), 404, "not_found")
    url = f"{base(cooperative)}/entries/{theirs.pk}/reverse"
    refused(client.post(url, {"date": "2026-03-31", "reason": "x"}, content_type=JSON), 404, "not_found")
    refused(client.get(f"{base(other)}/entries/{theirs.pk}"), 404, "not_found")
    assert JournalEntry.objects.count() == 1


# --- periods and opening balances


def test_periods_are_listed_with_who_closed_them(cooperative, manager, supervisor):
    logged_in(manager).post(
        f"{base(cooperative)}/periods/close", {"kind": "year", "start": "2025-01-01"}, content_type=JSON
    )
    rows = logged_in(supervisor).get(f"{base(cooperative)}/periods?year=2025").json()
    assert len(rows) == 13
    assert rows[-1]["kind"] == "year" and rows[-1]["closed"] is True and rows[-1]["closed_by"] == str(manager)
    assert rows[0]["closed"] is True and rows[0]["closed_with_year"] is True


def test_period_refusals(cooperative, manager):
    client = logged_in(manager)
    url = f"{base(cooperative)}/periods/close"
    refused(client.post(url, {"kind": "month", "start": "2025-03-05"}, content_type=JSON), 400, "invalid_period")
    refused(client.post(url, {"kind": "year", "start": "2025-03-01"}, content_type=JSON), 400, "invalid_period")
    refused(client.post(url, {"kind": "week", "start": "2025-03-01"}, content_type=JSON), 422, "validation_error")
    refused(client.post(url, {"kind": "year", "start": "2024-02-29"}, content_type=JSON), 400, "invalid_period")
    assert client.post(url, {"kind": "month", "start": "2025-03-01"}, content_type=JSON).status_code == 201
    refused(client.post(url, {"kind": "month", "start": "2025-03-01"}, content_type=JSON), 400, "period_already_closed")
    assert Period.objects.count() == 1


def test_opening_balances_through_the_api(cooperative, manager):
    client = logged_in(manager)
    url = f"{base(cooperative)}/opening-balances"
    amounts = {"1101": "1000000", "3201": "750000"}
    body = {"as_of": "2026-01-01", "amounts": amounts}
    detail = refused(client.post(url, body, content_type=JSON), 400, "opening_unbalanced")["detail"]
    assert detail["difference"] == "250000.00"
    amounts["3301"] = "250000"
    response = client.post(url, body, content_type=JSON)
    assert response.status_code == 201 and response.json()["source"] == "opening"
    refused(client.post(url, body, content_type=JSON), 400, "opening_exists")
    refused(client.post(url, {**body, "amounts": {"1101": 1.5}}, content_type=JSON), 400, "invalid_amount")
    refused(client.post(url, {**body, "amounts": {"1101": "-1E+30"}}, content_type=JSON), 400, "invalid_amount")
    assert JournalEntry.objects.count() == 1


# --- access


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/entries", ENTRY),
        ("post", "/accounts", {"parent_code": "1102", "code": "1102.01", "name": "BRI"}),
        ("post", "/periods/close", {"kind": "month", "start": "2025-03-01"}),
        ("post", "/opening-balances", {"as_of": "2026-01-01", "amounts": {"1101": "1", "3201": "1"}}),
    ],
)
def test_supervisors_get_403_and_strangers_404_on_writes(cooperative, supervisor, method, path, body):
    url = base(cooperative) + path
    refused(getattr(logged_in(supervisor), method)(url, body, content_type=JSON), 403, "forbidden")
    stranger = person_with_role(RoleKind.MANAGER, CooperativeFactory.create())
    refused(getattr(logged_in(stranger), method)(url, body, content_type=JSON), 404, "not_found")
    assert not JournalEntry.objects.exists() and not Period.objects.exists()
    assert not Account.objects.filter(cooperative=cooperative, is_system=False).exists()


def test_cashiers_may_not_read_the_books(cooperative):
    client = logged_in(person_with_role(RoleKind.CASHIER, cooperative))
    refused(client.get(f"{base(cooperative)}/entries"), 403, "forbidden")
    refused(client.get(f"{base(cooperative)}/accounts"), 403, "forbidden")


def test_a_token_works_without_csrf(cooperative, manager):
    _token, key = api_token_create(user=manager, name="Aplikasi akuntansi")
    response = Client(enforce_csrf_checks=True).post(
        f"{base(cooperative)}/entries", ENTRY, content_type=JSON, headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 201
    journal_reverse(
        cooperative=cooperative, actor=manager, entry_id=response.json()["id"], date=dt.date(2026, 3, 10), reason="uji"
    )
