"""Money columns hold exactly what was posted, on SQLite as on PostgreSQL (issue 10 §1).

SQLite keeps a decimal column as a double: exact to 15 significant digits. Amounts are bounded below Rp10 trillion
(core.money.MAX_AMOUNT), the largest a double gives back to the sen; anything larger is refused with the bound named.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from simpul.core.exceptions import ApplicationError
from simpul.core.money import LARGEST_AMOUNT, MAX_AMOUNT
from simpul.ledger import month_totals
from simpul.ledger.integrity import verify_chain
from simpul.ledger.models import AccountMonth, JournalEntry, JournalLine
from simpul.ledger.selectors import trial_balance
from simpul.ledger.services import journal_post

D = Decimal
DAY = dt.date(2026, 3, 10)


def _post(cooperative, actor, amount: Decimal, debit: str = "1102", credit: str = "3301"):
    return journal_post(
        cooperative=cooperative,
        actor=actor,
        date=DAY,
        description="Hibah besar",
        lines=[(debit, amount, D(0)), (credit, D(0), amount)],
    )


@pytest.mark.parametrize("amount", [LARGEST_AMOUNT, D("9876543210987.65"), D("1234567890123.41"), D("0.01")])
def test_the_largest_amounts_come_back_to_the_sen(cooperative, manager, amount):
    entry = _post(cooperative, manager, amount)
    stored = sorted(JournalLine.objects.filter(entry=entry).values_list("debit", "credit"))
    assert stored == [(D(0), amount), (amount, D(0))]
    assert {(m.debit, m.credit) for m in AccountMonth.objects.filter(cooperative=cooperative)} == {
        (amount, D(0)),
        (D(0), amount),
    }
    assert verify_chain(cooperative).intact
    assert month_totals.mismatches(cooperative.pk) == []


def test_the_issues_amount_is_refused_naming_the_bound_and_nothing_is_written(cooperative, manager):
    with pytest.raises(ApplicationError) as refused:
        _post(cooperative, manager, D("98765432109876.43"))
    assert refused.value.code == "invalid_amount"
    assert str(refused.value.message) == "Baris 1: jumlah paling banyak Rp9.999.999.999.999,99."
    with pytest.raises(ApplicationError):
        _post(cooperative, manager, MAX_AMOUNT)
    assert not JournalEntry.objects.filter(cooperative=cooperative).exists()


def test_sums_of_many_cents_stay_exact(cooperative, manager):
    """Thousands of sen amounts that a double cannot hold exactly (0.07, 0.10 …) add up to the sen."""
    amounts = [D("0.07"), D("0.10"), D("1234.33"), D("99999999.99")] * 60
    for amount in amounts:
        _post(cooperative, manager, amount, debit="5201", credit="1101")
    total = sum(amounts, D(0))
    month = AccountMonth.objects.get(cooperative=cooperative, account__code="5201")
    assert month.debit == total
    rows = {row.account.code: row for row in trial_balance(cooperative=cooperative, start=DAY, end=DAY).rows}
    assert rows["5201"].debit == total and rows["1101"].credit == total
    assert month_totals.mismatches(cooperative.pk) == []


def test_the_api_refuses_an_amount_past_the_bound_with_a_400(cooperative, manager):
    client = Client()
    client.force_login(manager)
    response = client.post(
        f"/api/v1/cooperatives/{cooperative.slug}/ledger/entries",
        {
            "date": DAY.isoformat(),
            "description": "Terlalu besar",
            "lines": [
                {"account": "1102", "debit": "98765432109876.43"},
                {"account": "3301", "credit": "98765432109876.43"},
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert "paling banyak Rp9.999.999.999.999,99" in response.json()["message"]
    assert not JournalEntry.objects.filter(cooperative=cooperative).exists()
