"""A member cooperative's commitments: set, changed and withdrawn while the round is open, each change a row; bad
input (a closed round, negative or fractional quantities, a tolerance that fills a case, a cooperative outside the
network, over the limit) refused with nothing written."""

import datetime as dt
import functools
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from simpul.coops.models import MembershipStatus, NetworkMembership
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.jointbuy import allocation, error_codes
from simpul.jointbuy.models import Commitment, CommitmentChange, Round, RoundItem, RoundLimit
from simpul.jointbuy.services.commitments import (
    commitments_set,
    highest_price,
    network_member_check,
    round_for_member,
    round_limit,
)
from simpul.jointbuy.services.rounds import round_cancel
from simpul.jointbuy.tests.factories import (
    World,
    close_round,
    commit,
    jointbuy_world,
    member_add,
    open_round,
    rice_item,
    round_items,
    sugar_item,
)
from simpul.members.tests.test_concurrency import KEEP_REGIONS, _run_at_once

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def world() -> World:
    return jointbuy_world(members=3)


@pytest.fixture
def round_(world: World) -> Round:
    return open_round(world, items=[rice_item(world.supplier), sugar_item(world.supplier)])


def _items(round_: Round) -> tuple[RoundItem, RoundItem]:
    rice, sugar = round_items(round_)
    return rice, sugar


def _mine(world: World, member: int, round_: Round) -> dict[int, tuple[Decimal, Decimal]]:
    rows = Commitment.objects.filter(cooperative=world.cooperatives[member], round=round_)
    return {c.item_id: (c.quantity, c.tolerance) for c in rows}


def _refused(world: World, member: int, round_: Round, lines: list[dict[str, object]], code: str) -> ApplicationError:
    before = (Commitment.objects.count(), CommitmentChange.objects.count())
    with pytest.raises(ApplicationError) as refused:
        commitments_set(
            cooperative=world.cooperatives[member], actor=world.managers[member], round_id=round_.pk, lines=lines
        )
    assert refused.value.code == code, refused.value.message
    assert (Commitment.objects.count(), CommitmentChange.objects.count()) == before
    return refused.value


def test_commitments_are_set_changed_and_withdrawn_with_a_row_per_change(world: World, round_: Round) -> None:
    rice, sugar = _items(round_)
    commit(world, 0, round_, {rice: 25, sugar: "37.5"}, {rice: 5})
    assert _mine(world, 0, round_) == {rice.pk: (D(25), D(5)), sugar.pk: (D("37.5"), D(0))}
    first = Commitment.objects.get(cooperative=world.cooperatives[0], item=rice)
    assert first.updated_by_id == world.managers[0].pk

    commit(world, 0, round_, {rice: 30})  # tolerance left out: none
    commit(world, 0, round_, {rice: 30})  # the same again: no change, no row
    commit(world, 0, round_, {sugar: 0})  # withdrawn
    assert _mine(world, 0, round_) == {rice.pk: (D(30), D(0)), sugar.pk: (D(0), D(0))}
    changes = CommitmentChange.objects.filter(cooperative=world.cooperatives[0], round=round_).order_by("pk")
    assert [(c.item_id, c.quantity, c.tolerance, c.actor_id) for c in changes] == [
        (rice.pk, D(25), D(5), world.managers[0].pk),
        (sugar.pk, D("37.5"), D(0), world.managers[0].pk),
        (rice.pk, D(30), D(0), world.managers[0].pk),
        (sugar.pk, D(0), D(0), world.managers[0].pk),
    ]
    # Its place in the queue stays while it changes; a withdrawn item re-entered goes to the back.
    assert Commitment.objects.get(pk=first.pk).committed_at == first.committed_at
    sugar_row = Commitment.objects.get(cooperative=world.cooperatives[0], item=sugar)
    commit(world, 0, round_, {sugar: 50})
    assert Commitment.objects.get(pk=sugar_row.pk).committed_at > sugar_row.committed_at


def test_each_commitment_keeps_its_whole_cases_as_it_changes(world: World, round_: Round) -> None:
    rice, sugar = _items(round_)  # 10 sacks a case; 50 kg a case

    def cases() -> dict[int, tuple[int, int]]:
        rows = Commitment.objects.filter(cooperative=world.cooperatives[0], round=round_)
        return {c.item_id: (c.wanted_cases, c.cases) for c in rows}

    commit(world, 0, round_, {rice: 25, sugar: "37.5"}, {rice: 5, sugar: "12.5"})
    assert cases() == {rice.pk: (3, 3), sugar.pk: (1, 1)}  # 25 + 5 fill the third case; 37.5 + 12.5 the first
    commit(world, 0, round_, {rice: 25, sugar: "37.5"}, {rice: 4, sugar: "12.4"})
    assert cases() == {rice.pk: (2, 2), sugar.pk: (0, 0)}  # one unit short: never a case from tolerance
    commit(world, 0, round_, {rice: 30, sugar: 0})
    assert cases() == {rice.pk: (3, 3), sugar.pk: (0, 0)}


def test_a_withdrawal_of_nothing_writes_nothing(world: World, round_: Round) -> None:
    rice, _sugar = _items(round_)
    assert commit(world, 1, round_, {rice: 0}) == []
    assert not Commitment.objects.exists() and not CommitmentChange.objects.exists()


def test_each_cooperative_keeps_its_own_commitments(world: World, round_: Round) -> None:
    rice, _sugar = _items(round_)
    commit(world, 0, round_, {rice: 10})
    commit(world, 1, round_, {rice: 20})
    assert _mine(world, 0, round_) == {rice.pk: (D(10), D(0))}
    assert _mine(world, 1, round_) == {rice.pk: (D(20), D(0))}


def test_committing_to_a_closed_round_is_refused(world: World, round_: Round) -> None:
    rice, _sugar = _items(round_)
    commit(world, 0, round_, {rice: 10})
    close_round(world, round_)
    refused = _refused(world, 1, round_, [{"item_id": rice.pk, "quantity": "10"}], error_codes.ROUND_CLOSED)
    assert round_.title in refused.message
    _refused(world, 0, round_, [{"item_id": rice.pk, "quantity": "0"}], error_codes.ROUND_CLOSED)  # nor withdrawn


def test_committing_after_the_closing_time_of_a_round_still_open_is_refused(world: World, round_: Round) -> None:
    rice, _sugar = _items(round_)
    now = timezone.now()
    Round.objects.filter(pk=round_.pk).update(
        opens_at=now - dt.timedelta(days=3), closes_at=now - dt.timedelta(seconds=1)
    )
    assert Round.objects.get(pk=round_.pk).status == "open"  # the closing task has not run yet
    _refused(world, 0, round_, [{"item_id": rice.pk, "quantity": "10"}], error_codes.ROUND_CLOSED)


def test_committing_to_a_cancelled_round_is_refused(world: World, round_: Round) -> None:
    rice, _sugar = _items(round_)
    round_cancel(network=world.network, actor=world.coordinator, round_id=round_.pk, reason="Batal")
    _refused(world, 0, round_, [{"item_id": rice.pk, "quantity": "10"}], error_codes.ROUND_CLOSED)


def test_committing_before_the_round_opens_is_refused(world: World) -> None:
    now = timezone.now()
    later = open_round(world, opens_at=now + dt.timedelta(days=1), closes_at=now + dt.timedelta(days=3))
    [rice] = round_items(later)
    _refused(world, 0, later, [{"item_id": rice.pk, "quantity": "10"}], error_codes.ROUND_NOT_OPEN_YET)


@pytest.mark.parametrize(
    ("line", "code"),
    [
        pytest.param({"quantity": "-10"}, error_codes.INVALID_QUANTITY, id="negative"),
        pytest.param({"quantity": "10", "tolerance": "-1"}, error_codes.INVALID_QUANTITY, id="negative-tolerance"),
        pytest.param({"quantity": "2.5"}, error_codes.INVALID_QUANTITY, id="fraction-of-a-sack"),
        pytest.param({"quantity": "10", "tolerance": "0.5"}, error_codes.INVALID_QUANTITY, id="fractional-tolerance"),
        pytest.param({"quantity": 2.0}, error_codes.INVALID_QUANTITY, id="float"),
        pytest.param({"quantity": "NaN"}, error_codes.INVALID_QUANTITY, id="nan"),
        pytest.param({"quantity": "sepuluh"}, error_codes.INVALID_QUANTITY, id="words"),
        pytest.param({"quantity": None}, error_codes.INVALID_QUANTITY, id="null"),
        pytest.param({"quantity": "10", "tolerance": "10"}, error_codes.INVALID_QUANTITY, id="tolerance-fills-a-case"),
        pytest.param({"quantity": "10", "tolerance": "12"}, error_codes.INVALID_QUANTITY, id="tolerance-over-a-case"),
    ],
)
def test_bad_quantities_are_refused_and_nothing_written(
    world: World, round_: Round, line: dict[str, object], code: str
) -> None:
    rice, sugar = _items(round_)
    # The good line first: all lines or none.
    lines = [{"item_id": sugar.pk, "quantity": "50"}, {"item_id": rice.pk, **line}]
    refused = _refused(world, 0, round_, lines, code)
    assert refused.extra["field"] == "lines"


def test_the_tolerance_message_says_the_case_size(world: World, round_: Round) -> None:
    rice, _sugar = _items(round_)
    refused = _refused(
        world, 0, round_, [{"item_id": rice.pk, "quantity": "5", "tolerance": "10"}], error_codes.INVALID_QUANTITY
    )
    assert "10" in refused.message and "pcs" in refused.message


def test_fractions_are_taken_where_the_unit_sells_in_fractions(world: World, round_: Round) -> None:
    _rice, sugar = _items(round_)
    commit(world, 0, round_, {sugar: "12.345"}, {sugar: "49.999"})
    assert _mine(world, 0, round_)[sugar.pk] == (D("12.345"), D("49.999"))
    _refused(world, 0, round_, [{"item_id": sugar.pk, "quantity": "1.0001"}], error_codes.INVALID_QUANTITY)


def test_an_item_of_another_round_is_refused(world: World, round_: Round) -> None:
    other = open_round(world)
    [foreign] = round_items(other)
    rice, _sugar = _items(round_)
    lines = [{"item_id": rice.pk, "quantity": "10"}, {"item_id": foreign.pk, "quantity": "10"}]
    refused = _refused(world, 0, round_, lines, error_codes.UNKNOWN_ITEM)
    assert refused.extra["line"] == 2
    _refused(world, 0, round_, [{"item_id": "beras", "quantity": "10"}], error_codes.UNKNOWN_ITEM)


@pytest.mark.parametrize("status", [None, MembershipStatus.INVITED, MembershipStatus.LEFT, MembershipStatus.DECLINED])
def test_a_cooperative_outside_the_network_is_not_found_and_nothing_written(
    world: World, round_: Round, status: str | None
) -> None:
    rice, _sugar = _items(round_)
    outsider = member_add(jointbuy_world(members=0).network)  # a member of another network
    if status is not None:
        NetworkMembership.objects.create(cooperative=outsider, network=world.network, status=status)
    with pytest.raises(NotFoundError):
        commitments_set(
            cooperative=outsider,
            actor=world.managers[0],
            round_id=round_.pk,
            lines=[{"item_id": rice.pk, "quantity": "10"}],
        )
    with pytest.raises(NotFoundError):
        round_for_member(outsider, round_.pk)
    with pytest.raises(ApplicationError) as refused:
        network_member_check(outsider, round_)
    assert refused.value.code == error_codes.NOT_IN_NETWORK
    assert not Commitment.objects.exists() and not CommitmentChange.objects.exists()


def test_a_round_that_does_not_exist_is_not_found(world: World) -> None:
    for round_id in (999999, "abc", None):
        with pytest.raises(NotFoundError):
            round_for_member(world.cooperatives[0], round_id)


def test_the_limit_counts_quantity_and_tolerance_at_the_highest_price(world: World) -> None:
    # Rice costs at most Rp70,000 a sack: 10 sacks and 2 of tolerance may cost Rp840,000.
    round_ = open_round(world, default_limit="840000")
    [rice] = round_items(round_)
    assert highest_price(rice) == D(70000)
    commit(world, 0, round_, {rice: 10}, {rice: 2})
    refused = _refused(
        world, 0, round_, [{"item_id": rice.pk, "quantity": "10", "tolerance": "3"}], error_codes.OVER_LIMIT
    )
    assert D(refused.extra["limit"]) == 840000 and D(refused.extra["value"]) == 910000
    assert _mine(world, 0, round_) == {rice.pk: (D(10), D(2))}


def test_the_limit_counts_the_commitments_already_made(world: World) -> None:
    # Rice Rp70,000 and sugar Rp16,500 at most; a limit of Rp1,000,000.
    round_ = open_round(world, items=[rice_item(world.supplier), sugar_item(world.supplier)], default_limit="1000000")
    rice, sugar = _items(round_)
    commit(world, 0, round_, {rice: 10})  # Rp700,000
    # 20 kg of sugar (Rp330,000) alone is within the limit, but not beside the rice already committed.
    _refused(world, 0, round_, [{"item_id": sugar.pk, "quantity": "20"}], error_codes.OVER_LIMIT)
    commit(world, 0, round_, {sugar: 18})  # Rp297,000: Rp997,000 in all
    # Lowering the rice makes room: the limit counts what the commitments become, not what they were.
    commit(world, 0, round_, {rice: 5, sugar: 30})
    assert _mine(world, 0, round_) == {rice.pk: (D(5), D(0)), sugar.pk: (D(30), D(0))}


def test_a_cooperative_s_own_limit_stands_before_the_round_s(world: World) -> None:
    round_ = open_round(world, default_limit="700000")
    [rice] = round_items(round_)
    RoundLimit.objects.create(cooperative=world.cooperatives[1], round=round_, amount=D(1400000))
    assert round_limit(world.cooperatives[0], round_) == D(700000)
    assert round_limit(world.cooperatives[1], round_) == D(1400000)
    _refused(world, 0, round_, [{"item_id": rice.pk, "quantity": "11"}], error_codes.OVER_LIMIT)
    commit(world, 1, round_, {rice: 20})
    RoundLimit.objects.create(cooperative=world.cooperatives[2], round=round_, amount=D(0))
    _refused(world, 2, round_, [{"item_id": rice.pk, "quantity": "1"}], error_codes.OVER_LIMIT)


def test_without_a_limit_any_amount_is_taken(world: World, round_: Round) -> None:
    rice, _sugar = _items(round_)
    assert round_limit(world.cooperatives[0], round_) is None
    commit(world, 0, round_, {rice: 100000})
    assert _mine(world, 0, round_)[rice.pk] == (D(100000), D(0))


# --- on PostgreSQL: commitments racing the closing ------------------------------------------------------------------

RACERS, RACE_LIMIT = 8, 2000


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True, available_apps=[*KEEP_REGIONS, "simpul.mart", "simpul.jointbuy"])
def test_commitments_racing_the_closing_are_either_counted_or_refused() -> None:
    """Eight managers keep changing their commitments while the coordinator closes the round, each in its own
    thread and connection: every commitment that was taken is in the allocations, every one after is refused
    round_closed, and none is half-seen."""
    world = jointbuy_world(members=RACERS)
    round_ = open_round(world, items=[rice_item(world.supplier), sugar_item(world.supplier)])
    rice, sugar = _items(round_)

    def manager(member: int) -> tuple[int, dict[int, tuple[Decimal, Decimal]], list[object]]:
        taken: dict[int, tuple[Decimal, Decimal]] = {}
        refused: list[object] = []
        for turn in range(RACE_LIMIT):
            lines = {rice.pk: (D(10 + (member + turn) % 25), D((member * turn) % 10))}
            if turn % 3:
                lines[sugar.pk] = (D(f"{20 + turn}.5"), D(member % 50))
            try:
                commitments_set(
                    cooperative=world.cooperatives[member],
                    actor=world.managers[member],
                    round_id=round_.pk,
                    lines=[{"item_id": k, "quantity": str(q), "tolerance": str(t)} for k, (q, t) in lines.items()],
                )
            except ApplicationError as error:
                refused.append(error)
                break
            taken.update(lines)
        return member, taken, refused

    def coordinator() -> str:
        # Close once every manager has committed something, while they are still at it.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            committed = Commitment.objects.filter(round=round_).values("cooperative_id").distinct().count()
            if committed == RACERS:
                break
            time.sleep(0.005)
        close_round(world, round_)
        return "closed"

    outcomes = _run_at_once([*(functools.partial(manager, n) for n in range(RACERS)), coordinator])
    assert "closed" in outcomes, outcomes
    results = [o for o in outcomes if isinstance(o, tuple)]
    assert len(results) == RACERS, [o for o in outcomes if isinstance(o, Exception)]
    round_.refresh_from_db()
    assert round_.status == "closed" and round_.closed_at is not None

    sizes = {rice.pk: rice.case_size, sugar.pk: sugar.case_size}
    for member, taken, refused in results:
        cooperative = world.cooperatives[member]
        assert taken, f"manager {member} never committed before the closing"
        assert len(refused) == 1, f"manager {member} was never refused: the round closed after {RACE_LIMIT} turns"
        assert isinstance(refused[0], ApplicationError) and refused[0].code == error_codes.ROUND_CLOSED
        # What it last had taken is what is stored, and what the closing counted.
        assert _mine(world, member, round_) == taken
        allocated = {
            a.item_id: a.wanted_cases
            for a in Commitment.objects.allocated().filter(round=round_, cooperative=cooperative)
        }
        expected = {
            item_id: allocation.wanted_cases(q, t, sizes[item_id]) for item_id, (q, t) in taken.items() if q > 0
        }
        assert allocated == expected
    # Every change was made before the closing; nothing after.
    latest = CommitmentChange.objects.filter(round=round_).order_by("-created_at").first()
    assert latest is not None and latest.created_at <= round_.closed_at
    total = sum(a.wanted_cases for a in Commitment.objects.allocated().filter(round=round_, item=rice))
    assert RoundItem.objects.get(pk=rice.pk).ordered_cases == total
