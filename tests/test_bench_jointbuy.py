"""Smoke test of the jointbuy_close benchmark's own machinery at a tiny size inside the test database: the bulk-loaded
round is what round_create and the commitments would hold, the GROUP BY baseline reads the same totals as the ORM,
and the bench's check passes on the round closed by round_close (and fails on allocations that break the rules)."""

from decimal import Decimal

import pytest
from django.db.models import Count, Sum

from bench import jointbuy_close
from simpul.coops.models import NetworkMembership
from simpul.jointbuy.allocation import wanted_cases
from simpul.jointbuy.models import Commitment, ItemStatus, RoundItem, RoundStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rule", ["proportional", "first_come"])
def test_the_bench_builds_a_round_closes_it_and_checks_the_allocations(rule):
    # 20 items so the plan holds every kind: capped (every third), dropped (the twentieth), ordered in full.
    network, coordinator, round_, count = jointbuy_close.build(20, 25, rule=rule, prefix=f"t{rule[:2]}")

    assert count == 20 * 25 == Commitment.objects.filter(round=round_).count()
    assert NetworkMembership.objects.filter(network=network, status="active").count() == 25
    assert round_.status == RoundStatus.OPEN and round_.allocation_rule == rule
    orm = {
        row["item_id"]: (row["n"], row["q"], row["t"])
        for row in Commitment.objects.filter(round=round_, quantity__gt=0)
        .values("item_id")
        .annotate(n=Count("id"), q=Sum("quantity"), t=Sum("tolerance"))
    }
    baseline = {item_id: (n, Decimal(q), Decimal(t)) for item_id, n, q, t in jointbuy_close.group_by_totals(round_.pk)}
    assert baseline == orm and len(baseline) == 20
    # The loader keeps each commitment's whole cases on its row as commitments_set does.
    for row in Commitment.objects.filter(round=round_).select_related("item"):
        assert row.wanted_cases == row.cases == wanted_cases(row.quantity, row.tolerance, row.item.case_size)

    seconds = jointbuy_close.close(network, coordinator, round_)

    assert seconds > 0
    counts = jointbuy_close.check(round_)
    assert counts["allocations"] == sum(n for n, _q, _t in orm.values())
    assert counts["dropped"] >= 1 and counts["capped"] >= 1
    statuses = set(RoundItem.objects.filter(round=round_).values_list("status", flat=True))
    assert statuses == {ItemStatus.ORDERED, ItemStatus.DROPPED}


def test_the_bench_check_refuses_allocations_that_break_the_rules():
    network, coordinator, round_, _count = jointbuy_close.build(3, 10, prefix="tbad")
    jointbuy_close.close(network, coordinator, round_)
    jointbuy_close.check(round_)
    given = Commitment.objects.allocated().filter(round=round_, cases__gt=0).order_by("id").first()
    assert given is not None

    Commitment.objects.allocated().filter(pk=given.pk).update(cases=given.cases - 1)

    with pytest.raises(SystemExit, match="cases allocated"):
        jointbuy_close.check(round_)
