"""Two managers of the selling cooperative accept the same staple request at once, on PostgreSQL: exactly one sale
and one goods receipt, the other gets the Indonesian refusal; both books balance and stock equals the inventory
account. Two requests crossing between the same two cooperatives in opposite directions do not deadlock."""

import functools

import pytest
from django.db import connection

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import person_with_role
from simpul.core.exceptions import ApplicationError
from simpul.ledger.subledgers import problems
from simpul.mart.models import ExchangeStatus, GoodsReceipt, Sale, StapleExchange
from simpul.mart.network.exchange import exchange_accept, exchange_request
from simpul.mart.tests.test_exchange import ask, make_world, stock
from simpul.members.tests.test_concurrency import KEEP_REGIONS, _run_at_once

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(transaction=True, available_apps=[*KEEP_REGIONS, "simpul.mart"]),
]


def test_two_managers_accepting_at_once_record_one_sale_and_one_receipt():
    world = make_world()
    exchange = ask(world, "20")
    second = person_with_role(RoleKind.MANAGER, world.seller.cooperative)
    works = [
        functools.partial(exchange_accept, cooperative=world.seller.cooperative, actor=manager, exchange_id=exchange.pk)
        for manager in (world.seller.manager, second)
    ]
    outcomes = _run_at_once(works)
    accepted = [r for r in outcomes if isinstance(r, StapleExchange)]
    refused = [r for r in outcomes if isinstance(r, ApplicationError)]
    assert len(accepted) == 1 and len(refused) == 1, outcomes
    assert refused[0].code == "exchange_decided" and "sudah diterima" in refused[0].message
    assert Sale.objects.filter(cooperative=world.seller.cooperative).count() == 1
    assert GoodsReceipt.objects.filter(cooperative=world.buyer.cooperative).count() == 1
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.ACCEPTED
    assert problems(world.seller.cooperative) == [] and problems(world.buyer.cooperative) == []


def test_requests_crossing_in_both_directions_are_both_accepted():
    world = make_world()
    stock(world.buyer, "40", "12500")
    there = ask(world, "10")
    back = exchange_request(
        cooperative=world.seller.cooperative,
        actor=world.seller.manager,
        seller_id=world.buyer.cooperative.pk,
        product_id=world.seller.rice.pk,
        quantity="10",
        unit_price="13500",
    )
    works = [
        functools.partial(
            exchange_accept, cooperative=world.seller.cooperative, actor=world.seller.manager, exchange_id=there.pk
        ),
        functools.partial(
            exchange_accept, cooperative=world.buyer.cooperative, actor=world.buyer.manager, exchange_id=back.pk
        ),
    ]
    outcomes = _run_at_once(works)
    assert all(isinstance(r, StapleExchange) for r in outcomes), outcomes
    assert Sale.objects.count() == 2 and GoodsReceipt.objects.count() == 2
    assert problems(world.seller.cooperative) == [] and problems(world.buyer.cooperative) == []
