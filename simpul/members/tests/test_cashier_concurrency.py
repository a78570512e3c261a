"""Two cashiers at two desks deposit for the same member at the same moment, on PostgreSQL: both deposits count, the
balance is exact, each cashier's day holds their own; one form sent twice at once (two taps) is one deposit."""

import functools
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from simpul.coops.tests.factories import CooperativeFactory, RoleKind, person_with_role
from simpul.ledger.services.accounts import chart_of_accounts_create
from simpul.members.cashier.selectors import cashier_day
from simpul.members.models import SavingsAccount, SavingsTransaction
from simpul.members.savings.services import savings_products_setup
from simpul.members.tests.factories import MemberFactory
from simpul.members.tests.test_concurrency import KEEP_REGIONS, _run_at_once

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(transaction=True, available_apps=KEEP_REGIONS),
]


def _desk_post(user, url: str, data: dict[str, str]) -> int:
    client = Client()
    client.force_login(user)
    return client.post(url, data).status_code


def test_two_cashiers_depositing_at_once_both_count():
    cooperative = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=cooperative)
    savings_products_setup(cooperative=cooperative, actor=None, pokok_amount=100000, wajib_amount=25000)
    member = MemberFactory.create(cooperative=cooperative)
    first = person_with_role(RoleKind.CASHIER, cooperative)
    second = person_with_role(RoleKind.CASHIER, cooperative)
    url = reverse("members:cashier_member", args=[cooperative.slug, member.pk])
    day = cooperative.today().isoformat()
    works = [
        functools.partial(
            _desk_post,
            cashier,
            url,
            {"direction": "deposit", "kind": "sukarela", "amount": amount, "date": day, "client_key": key},
        )
        for cashier, amount, key in [
            (first, "100.000", "a-1"),
            (second, "25.000", "b-1"),
            (first, "10.000", "a-2"),
            (second, "5.000", "b-2"),
        ]
    ]
    results = _run_at_once(works)
    assert results == [302, 302, 302, 302]
    account = SavingsAccount.objects.get(member=member)
    assert account.balance == Decimal("140000")
    assert cashier_day(cooperative, first, cooperative.today()).deposits == Decimal("110000")
    assert cashier_day(cooperative, second, cooperative.today()).deposits == Decimal("30000")


def test_one_form_sent_twice_at_once_is_one_deposit():
    cooperative = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=cooperative)
    savings_products_setup(cooperative=cooperative, actor=None, pokok_amount=100000, wajib_amount=25000)
    member = MemberFactory.create(cooperative=cooperative)
    cashier = person_with_role(RoleKind.CASHIER, cooperative)
    url = reverse("members:cashier_member", args=[cooperative.slug, member.pk])
    data = {
        "direction": "deposit",
        "kind": "sukarela",
        "amount": "50.000",
        "date": cooperative.today().isoformat(),
        "client_key": "same-form",
    }
    results = _run_at_once([functools.partial(_desk_post, cashier, url, data) for _ in range(2)])
    assert results == [302, 302]
    assert SavingsTransaction.objects.filter(account__member=member).count() == 1
    assert SavingsAccount.objects.get(member=member).balance == Decimal("50000")
