"""Opening balances from paper with the members' savings, in one step (issue 10 §2)."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from simpul.coops.tests.factories import RoleKind, person_with_role
from simpul.core.exceptions import ApplicationError
from simpul.ledger.models import JournalEntry
from simpul.members.models import MemberStatus, SavingsAccount, SavingsTransaction
from simpul.members.opening.services import savings_opening_post
from simpul.members.reconciliation.selectors import savings_reconciliation
from simpul.members.savings.services import savings_deposit
from simpul.members.tests.factories import MemberFactory
from simpul.members.tests.subledger_helpers import ledger_balance, savings_cooperative

pytestmark = [pytest.mark.django_db, pytest.mark.calendar]

AS_OF = datetime.date(2025, 1, 1)
D = Decimal


@pytest.fixture
def cooperative():
    return savings_cooperative()


@pytest.fixture
def members(cooperative):
    return MemberFactory.create_batch(2, cooperative=cooperative)


def books(extra=None):
    # Kas 1.000.000 = pokok 200.000 + wajib 500.000 + sukarela 300.000
    return {"1101": D(1_000_000), "3101": D(200_000), "3102": D(500_000), "2201": D(300_000), **(extra or {})}


def balances(one, two):
    return [
        {"member": one.number, "kind": "pokok", "amount": D(100_000)},
        {"member": two.number, "kind": "pokok", "amount": D(100_000)},
        {"member": one.number, "kind": "wajib", "amount": D(300_000)},
        {"member": two.number, "kind": "wajib", "amount": D(200_000)},
        {"member": one.number, "kind": "sukarela", "amount": D(300_000)},
        {"member": two.number, "kind": "sukarela", "amount": D(0)},
    ]


def post(cooperative, amounts, rows, actor=None):
    return savings_opening_post(cooperative=cooperative, actor=actor, as_of=AS_OF, amounts=amounts, balances=rows)


def test_the_opening_entry_and_each_members_balance_are_written_together(cooperative, members):
    one, two = members
    entry = post(cooperative, books(), balances(one, two))
    assert entry.source == "opening" and entry.date == AS_OF
    assert SavingsTransaction.objects.filter(journal_entry=entry, kind="opening").count() == 5
    assert SavingsAccount.objects.get(member=one, product__kind="wajib").balance == D(300_000)
    assert ledger_balance(cooperative, "3102") == D(500_000)
    assert savings_reconciliation(cooperative, AS_OF).agrees
    # The members then save as usual, and everything still agrees.
    savings_deposit(cooperative=cooperative, actor=None, member_id=two.pk, kind="sukarela", amount=D(1000), date=AS_OF)
    assert savings_reconciliation(cooperative, cooperative.today()).agrees


def _refused(call, code):
    before = (JournalEntry.objects.count(), SavingsTransaction.objects.count())
    with pytest.raises(ApplicationError) as caught:
        call()
    assert caught.value.code == code
    assert (JournalEntry.objects.count(), SavingsTransaction.objects.count()) == before
    return caught.value


def test_a_control_account_that_is_not_the_sum_of_its_members_is_refused_naming_the_difference(cooperative, members):
    one, two = members
    error = _refused(
        lambda: post(cooperative, books({"3102": D(550_000), "1101": D(1_050_000)}), balances(one, two)),
        "opening_mismatch",
    )
    assert "3102" in error.message and "50.000" in error.message
    assert error.extra["difference"] == "50000.00"
    # A control account left out while members have balances in it.
    amounts = books()
    del amounts["2201"]
    amounts["1101"] = D(700_000)
    assert (
        _refused(lambda: post(cooperative, amounts, balances(one, two)), "opening_mismatch").extra["account"] == "2201"
    )


def test_bad_rows_are_refused(cooperative, members):
    one, two = members
    rows = balances(one, two)
    _refused(
        lambda: post(cooperative, books(), [*rows, {"member": 9999, "kind": "pokok", "amount": D(1)}]),
        "invalid_balances",
    )
    _refused(
        lambda: post(cooperative, books(), [*rows[:-1], {"member": one.number, "kind": "pokok", "amount": D(1)}]),
        "invalid_balances",
    )
    _refused(
        lambda: post(cooperative, books(), [{"member": one.number, "kind": "x", "amount": D(1)}]), "invalid_balances"
    )
    _refused(
        lambda: post(cooperative, books(), [{"member": one.number, "kind": "pokok", "amount": 1.5}]), "invalid_balances"
    )


def test_a_departed_member_or_one_with_transactions_is_refused(cooperative, members):
    one, two = members
    savings_deposit(cooperative=cooperative, actor=None, member_id=one.pk, kind="sukarela", amount=D(5), date=AS_OF)
    _refused(lambda: post(cooperative, books(), balances(one, two)), "opening_has_transactions")
    two.status, two.exit_date = MemberStatus.RESIGNED, AS_OF
    two.save()
    _refused(lambda: post(cooperative, books(), balances(one, two)), "member_not_active")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_page_and_the_api(cooperative, members):
    one, two = members
    manager = person_with_role(RoleKind.MANAGER, cooperative)
    url = reverse("members:savings_opening", args=[cooperative.slug])
    assert _client(manager).get(url).status_code == 200
    api = f"/api/v1/cooperatives/{cooperative.slug}/savings/opening-balances"
    body: dict[str, Any] = {
        "as_of": AS_OF.isoformat(),
        "amounts": {code: str(amount) for code, amount in books({"3101": D(1)}).items()},
        "balances": [{**row, "amount": str(row["amount"])} for row in balances(one, two)],
    }
    refused = _client(manager).post(api, body, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "opening_mismatch"
    supervisor = person_with_role(RoleKind.SUPERVISOR, cooperative)
    body["amounts"]["3101"] = "200000"
    assert _client(supervisor).post(api, body, content_type="application/json").status_code == 403
    done = _client(manager).post(api, body, content_type="application/json")
    assert done.status_code == 201, done.content
    assert done.json()["balances"] == 5
    assert savings_reconciliation(cooperative, AS_OF).agrees
