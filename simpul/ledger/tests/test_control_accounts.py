"""Control accounts take postings only from their subledger's services (issue 10 §2): manual entries, opening
balances and reversals naming one are refused, writing nothing, with a message naming the module to use."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from simpul.core.exceptions import ApplicationError
from simpul.ledger.models import Account, JournalEntry, JournalSequence, Subledger
from simpul.ledger.services import journal_post, journal_reverse, opening_balances_post

from .conftest import D

pytestmark = pytest.mark.calendar

DAY = dt.date(2025, 3, 10)
CONTROLS = ("2201", "3101", "3102")


@pytest.fixture(autouse=True)
def controls(cooperative):
    # Set here as the chart sets it, so these tests hold whatever chart a cooperative was created with.
    Account.objects.filter(cooperative=cooperative, code__in=CONTROLS).update(subledger=Subledger.SAVINGS)


def _post(cooperative, actor, credit="3102", **extra):
    return journal_post(
        cooperative=cooperative,
        actor=actor,
        date=DAY,
        description="Setoran wajib",
        lines=[("1101", D(1000), D(0)), (credit, D(0), D(1000))],
        **extra,
    )


@pytest.mark.parametrize("code", CONTROLS)
def test_a_manual_entry_on_a_control_account_is_refused_naming_the_module(cooperative, manager, code):
    with pytest.raises(ApplicationError) as refused:
        _post(cooperative, manager, credit=code)
    assert refused.value.code == "control_account"
    name = Account.objects.get(cooperative=cooperative, code=code).name
    assert f"{code} {name}" in refused.value.message
    assert "Simpanan" in refused.value.message or "Savings" in refused.value.message
    assert refused.value.extra["codes"] == [code]
    assert not JournalEntry.objects.filter(cooperative=cooperative).exists()
    assert JournalSequence.objects.get(cooperative=cooperative).last_number == 0


def test_another_subledger_is_refused_too(cooperative, manager):
    Account.objects.filter(cooperative=cooperative, code="1201").update(subledger=Subledger.RECEIVABLES)
    with pytest.raises(ApplicationError) as refused:
        journal_post(
            cooperative=cooperative,
            actor=manager,
            date=DAY,
            description="Piutang",
            lines=[("1201", D(5), D(0)), ("1101", D(0), D(5))],
            subledger=Subledger.SAVINGS,
        )
    assert refused.value.code == "control_account" and "1201" in refused.value.message


def test_the_subledger_itself_may_post(cooperative, manager):
    entry = _post(cooperative, manager, subledger=Subledger.SAVINGS)
    assert entry.number == 1


def test_the_check_adds_no_query_to_a_posting(cooperative, manager):
    _post(cooperative, manager, credit="3301")  # the sequence row exists from here on
    with CaptureQueriesContext(connection) as plain:
        _post(cooperative, manager, credit="3301")
    with CaptureQueriesContext(connection) as controlled:
        _post(cooperative, manager, subledger=Subledger.SAVINGS)
    assert len(controlled.captured_queries) == len(plain.captured_queries)


def test_a_savings_entry_cannot_be_reversed_in_the_ledger(cooperative, manager):
    entry = _post(cooperative, manager, subledger=Subledger.SAVINGS, source="savings")
    with pytest.raises(ApplicationError) as refused:
        journal_reverse(cooperative=cooperative, actor=manager, entry_id=entry.pk, date=DAY, reason="Salah")
    assert refused.value.code == "subledger_entry"
    assert JournalEntry.objects.filter(cooperative=cooperative).count() == 1


def test_an_entry_on_a_control_account_cannot_be_reversed_whatever_its_source(cooperative, manager):
    Account.objects.filter(cooperative=cooperative, code="3102").update(subledger="")
    entry = _post(cooperative, manager)  # posted before 3102 became a control account
    Account.objects.filter(cooperative=cooperative, code="3102").update(subledger=Subledger.SAVINGS)
    with pytest.raises(ApplicationError) as refused:
        journal_reverse(cooperative=cooperative, actor=manager, entry_id=entry.pk, date=DAY, reason="Salah")
    assert refused.value.code == "subledger_entry"


def test_other_entries_still_reverse(cooperative, manager):
    entry = _post(cooperative, manager, credit="3301")
    reversal = journal_reverse(cooperative=cooperative, actor=manager, entry_id=entry.pk, date=DAY, reason="Salah")
    assert reversal.reverses_id == entry.pk


def test_opening_balances_naming_a_control_account_are_refused(cooperative, manager):
    with pytest.raises(ApplicationError) as refused:
        opening_balances_post(
            cooperative=cooperative, actor=manager, as_of=DAY, amounts={"1101": D(1000), "3102": D(1000)}
        )
    assert refused.value.code == "control_account"
    assert "3102" in refused.value.message
    assert not JournalEntry.objects.filter(cooperative=cooperative).exists()
    # Without the control account, the same opening posts.
    entry = opening_balances_post(
        cooperative=cooperative, actor=manager, as_of=DAY, amounts={"1101": D(1000), "3301": D(1000)}
    )
    assert entry.source == "opening"


def test_the_api_refuses_a_manual_entry_on_a_control_account(cooperative, manager):
    client = Client()
    client.force_login(manager)
    response = client.post(
        f"/api/v1/cooperatives/{cooperative.slug}/ledger/entries",
        {
            "date": DAY.isoformat(),
            "description": "Setoran",
            "lines": [{"account": "1101", "debit": "1000"}, {"account": "3102", "credit": "1000"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "control_account"
    assert not JournalEntry.objects.filter(cooperative=cooperative).exists()
