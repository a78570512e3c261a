"""Opening balances (saldo awal): one balanced entry, posted once, before every other entry."""

import datetime as dt

import pytest
from django.urls import reverse

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import CooperativeFactory, person_with_role
from simpul.core.exceptions import ApplicationError
from simpul.core.models import AuditLog
from simpul.ledger.models import Account, JournalEntry, JournalLine
from simpul.ledger.selectors import balance_sheet
from simpul.ledger.services import chart_of_accounts_create, journal_reverse, opening_balances_post, period_close

from .conftest import D, post

pytestmark = pytest.mark.calendar  # opening balances are dated, and refused in the future

JAN_1 = dt.date(2026, 1, 1)
BOOKS = {
    "1101": D("2500000"),  # Kas
    "1102": D("10000000"),  # Bank
    "1501": D("5000000"),  # Aset tetap
    "1502": D("1000000"),  # Akumulasi penyusutan (reduces assets)
    "2101": D("6500000"),  # Utang usaha
    "3201": D("3000000"),  # Cadangan
    "3301": D("7000000"),  # Hibah
}


def _open(cooperative, actor, amounts=None, as_of=JAN_1):
    return opening_balances_post(
        cooperative=cooperative, actor=actor, as_of=as_of, amounts=BOOKS if amounts is None else amounts
    )


def test_opening_balances_post_one_balanced_entry(cooperative, manager):
    entry = _open(cooperative, manager)
    assert (entry.source, entry.date, entry.number) == ("opening", JAN_1, 1)
    lines = {line.account.code: (line.debit, line.credit) for line in entry.lines.select_related("account")}
    assert lines["1101"] == (D("2500000"), D(0))
    assert lines["1502"] == (D(0), D("1000000"))  # a contra-asset sits on the credit side
    assert lines["3301"] == (D(0), D("7000000"))
    sheet = balance_sheet(cooperative=cooperative, as_of=JAN_1)
    assert sheet.total_assets == D("16500000") == sheet.total_liabilities_and_equity
    assert AuditLog.objects.filter(cooperative=cooperative, event="ledger.opening_balances_posted").count() == 1


def test_a_negative_balance_sits_on_the_other_side(cooperative, manager):
    # An accumulated loss carried in equity: a debit balance on a credit account.
    entry = _open(cooperative, manager, {"1101": D(900), "3201": D(1000), "3401": D(-100)})
    lines = {line.account.code: (line.debit, line.credit) for line in entry.lines.select_related("account")}
    assert lines["3401"] == (D(100), D(0))


def test_unbalanced_balances_are_refused_with_the_difference(cooperative, manager):
    with pytest.raises(ApplicationError) as refused:
        _open(cooperative, manager, {**BOOKS, "1101": D("2600000")})
    assert refused.value.code == "opening_unbalanced"
    assert "Rp100.000" in refused.value.message  # the difference
    assert refused.value.extra["difference"] == "100000.00"
    assert not JournalEntry.objects.exists()


def test_a_second_opening_is_refused_unless_the_first_was_reversed(cooperative, manager):
    first = _open(cooperative, manager)
    with pytest.raises(ApplicationError) as refused:
        _open(cooperative, manager)
    assert refused.value.code == "opening_exists"
    assert "#1" in refused.value.message
    assert JournalEntry.objects.count() == 1

    journal_reverse(cooperative=cooperative, actor=manager, entry_id=first.pk, date=JAN_1, reason="Salah angka")
    second = _open(cooperative, manager, {**BOOKS, "1101": D("2600000"), "3201": D("3100000")})
    assert second.number == 3 and second.source == "opening"


def test_opening_is_refused_after_other_entries(cooperative, manager):
    post(cooperative, manager, on=dt.date(2025, 12, 20))
    with pytest.raises(ApplicationError) as refused:
        _open(cooperative, manager)
    assert refused.value.code == "opening_after_entries"
    assert refused.value.extra["field"] == "as_of"
    assert JournalEntry.objects.count() == 1
    # On or before the earlier entry's date is fine.
    assert _open(cooperative, manager, as_of=dt.date(2025, 12, 20)).source == "opening"


@pytest.mark.parametrize(
    ("amounts", "code"),
    [
        ({}, "opening_empty"),
        ({"1101": D(0)}, "opening_empty"),
        ({"1101": D(1000), "4101": D(1000)}, "not_balance_sheet_account"),
        ({"1101": D(1000), "9999": D(1000)}, "unknown_account"),
        ({"1101": 1000.0, "3201": D(1000)}, "invalid_amount"),
        ({"1101": D("0.001"), "3201": D("0.001")}, "invalid_amount"),
    ],
)
def test_bad_balances_are_refused(cooperative, manager, amounts, code):
    with pytest.raises(ApplicationError) as refused:
        _open(cooperative, manager, amounts)
    assert refused.value.code == code
    assert not JournalEntry.objects.exists()


def test_another_cooperatives_accounts_are_unknown(cooperative, manager):
    other = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=other)
    Account.objects.filter(cooperative=cooperative, code="1101").update(code="1101.x")
    with pytest.raises(ApplicationError) as refused:
        _open(cooperative, manager, {"1101": D(1000), "3201": D(1000)})
    assert refused.value.code == "unknown_account"
    assert not JournalLine.objects.exists()


def test_opening_in_a_closed_period_is_refused(cooperative, manager):
    period_close(cooperative=cooperative, actor=manager, start=JAN_1, end=dt.date(2026, 1, 31), kind="month")
    with pytest.raises(ApplicationError) as refused:
        _open(cooperative, manager)
    assert refused.value.code == "period_closed"
    assert not JournalEntry.objects.exists()


# --- the page


def _form(cooperative, as_of="2026-01-01", **amounts):
    accounts = {a.code: a.pk for a in Account.objects.filter(cooperative=cooperative)}
    data = {"as_of": as_of}
    for code, amount in amounts.items():
        data[f"amount_{accounts[code]}"] = amount
    return data


def test_the_page_lists_every_balance_sheet_account(client, cooperative, manager):
    client.force_login(manager)
    response = client.get(reverse("ledger:opening_balances", args=[cooperative.slug]))
    body = response.content.decode()
    assert response.status_code == 200
    sheet = Account.objects.filter(cooperative=cooperative, kind__in=["asset", "liability", "equity", "syirkah"])
    assert body.count('data-testid="opening-row"') == sheet.count()  # the balance-sheet accounts of the chart
    assert 'data-code="4101"' not in body


def test_manager_posts_opening_balances_on_the_page(client, cooperative, manager):
    client.force_login(manager)
    amounts = {code: str(value) for code, value in BOOKS.items()}
    response = client.post(reverse("ledger:opening_balances", args=[cooperative.slug]), _form(cooperative, **amounts))
    entry = JournalEntry.objects.get(cooperative=cooperative)
    assert response.status_code == 302
    assert response["Location"] == reverse("ledger:entry_detail", args=[cooperative.slug, entry.pk])
    assert entry.lines.count() == len(BOOKS)


def test_the_page_refuses_unbalanced_balances_showing_the_difference(client, cooperative, manager):
    client.force_login(manager)
    response = client.post(
        reverse("ledger:opening_balances", args=[cooperative.slug]),
        _form(cooperative, **{"1101": "1000000", "3201": "750000"}),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Rp250.000" in body and 'data-testid="form-error"' in body
    assert not JournalEntry.objects.exists()


def test_the_page_shows_a_standing_opening_entry_and_refuses_a_second(client, cooperative, manager):
    _open(cooperative, manager)
    client.force_login(manager)
    url = reverse("ledger:opening_balances", args=[cooperative.slug])
    assert 'data-testid="opening-standing"' in client.get(url).content.decode()
    response = client.post(url, _form(cooperative, **{"1101": "1000", "3201": "1000"}))
    assert response.status_code == 400
    assert JournalEntry.objects.count() == 1


def test_only_managers_post_opening_balances(client, cooperative):
    url = reverse("ledger:opening_balances", args=[cooperative.slug])
    client.force_login(person_with_role(RoleKind.SUPERVISOR, cooperative))
    assert client.get(url).status_code == 403
    assert client.post(url, _form(cooperative, **{"1101": "1000", "3201": "1000"})).status_code == 403
    client.force_login(person_with_role(RoleKind.MANAGER, CooperativeFactory.create()))
    assert client.post(url, _form(cooperative, **{"1101": "1000", "3201": "1000"})).status_code == 404
    assert not JournalEntry.objects.exists()


def test_an_htmx_refusal_renders_only_the_form(client, cooperative, manager):
    client.force_login(manager)
    response = client.post(
        reverse("ledger:opening_balances", args=[cooperative.slug]),
        _form(cooperative, **{"1101": "1000"}),
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 400 and "<html" not in body and 'id="opening-form"' in body
    assert not JournalEntry.objects.exists()
