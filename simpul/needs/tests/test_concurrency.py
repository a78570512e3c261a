"""Needs under concurrent use, each actor in its own thread and connection (PostgreSQL's row locks)."""

import functools
from decimal import Decimal

import pytest
from django.db import connection

from simpul.core.exceptions import ApplicationError
from simpul.members.tests.test_concurrency import KEEP_REGIONS, _run_at_once
from simpul.needs import lifecycle
from simpul.needs.models import Need, NeedEvent, NeedStatus, Pledge, PledgeStatus
from simpul.needs.services.needs import need_create, need_transition
from simpul.needs.tests.factories import accept, need_data, needs_world, pledge, post_need

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(transaction=True, available_apps=[*KEEP_REGIONS, "simpul.needs"]),
]


def test_two_pledges_racing_for_the_last_kilos_never_promise_more_than_needed():
    """Six pledges of 300 kg toward a 500 kg need, all accepted at once: only one fits, the rest are refused
    over_needed, and the need's promised quantity is the sum of the accepted pledges."""
    world = needs_world()
    need = post_need(world)
    offers = [pledge(world, need, "300") for _ in range(6)]
    outcomes = _run_at_once([functools.partial(accept, world, p) for p in offers])
    accepted = [o for o in outcomes if not isinstance(o, Exception)]
    refused = [o for o in outcomes if isinstance(o, ApplicationError)]
    assert len(accepted) == 1 and len(refused) == 5, outcomes
    assert all(error.code == "over_needed" for error in refused)
    need.refresh_from_db()
    assert need.committed_quantity == Decimal(300) and need.status == NeedStatus.COMMITTED
    assert Pledge.objects.filter(status=PledgeStatus.ACCEPTED).count() == 1


def test_needs_posted_at_once_get_distinct_numbers():
    world = needs_world()

    def post() -> int:
        return need_create(cooperative=world.cooperative, actor=world.manager, data=need_data(world.cooperative)).number

    numbers = _run_at_once([post for _ in range(8)])
    assert sorted(numbers) == list(range(1, 9)), numbers  # type: ignore[type-var]


def test_a_cancellation_racing_an_acknowledgement_ends_in_one_of_them():
    world = needs_world()
    need = post_need(world)
    cancel = functools.partial(
        need_transition,
        need_id=need.pk,
        actor=world.manager,
        side=lifecycle.COOPERATIVE,
        to="cancelled",
        note="Sudah dapat",
        cooperative=world.cooperative,
    )
    acknowledge = functools.partial(
        need_transition,
        need_id=need.pk,
        actor=world.officer,
        side=lifecycle.DINAS,
        to="acknowledged",
        office=world.office,
    )
    outcomes = _run_at_once([cancel, acknowledge])
    need.refresh_from_db()
    # Either order is valid (an acknowledged need can still be cancelled); a cancelled one cannot be acknowledged.
    events = list(NeedEvent.objects.filter(need=need, kind="status").values_list("to_status", flat=True))
    if need.status == NeedStatus.CANCELLED and "acknowledged" not in events:
        assert any(isinstance(o, ApplicationError) and o.code == "invalid_transition" for o in outcomes), outcomes
    else:
        assert need.status == NeedStatus.CANCELLED and events[-2:] == ["acknowledged", "cancelled"]
    assert Need.objects.get(pk=need.pk).ended_at is not None
