"""The roll-ups: equal to the figures recomputed from the source rows; a write shows up once it commits (a need, a
savings deposit, a sale); a rolled-back write leaves nothing; a failing refresh never breaks the writer."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from simpul.ledger.models import AccountKind, JournalLine
from simpul.mart.models import Sale, SaleStatus
from simpul.members.models import Member, MemberStatus, SavingsAccount
from simpul.members.savings.services import savings_deposit
from simpul.monitoring import rollups
from simpul.monitoring.models import CooperativeMonthRollup, CooperativeRollup, RegionRollup
from simpul.monitoring.rollups import rollups_rebuild
from simpul.monitoring.tests.world import post_need, sell, world
from simpul.needs.models import OPEN_STATUSES, Need

D = Decimal
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]


def rollup(cooperative):
    return CooperativeRollup.objects.get(cooperative=cooperative)


def test_rollups_equal_the_figures_recomputed_from_the_source_rows():
    w = world()
    cooperative = w.mart.cooperative
    sell(w.mart, 3)
    sell(w.mart, 2, member=True)
    post_need(cooperative, w.mart.manager)
    assert rollups_rebuild() >= 2
    row = rollup(cooperative)

    assert row.members == Member.objects.filter(cooperative=cooperative, status=MemberStatus.ACTIVE).count()
    assert row.savings == SavingsAccount.objects.filter(cooperative=cooperative).aggregate(t=Sum("balance"))["t"]
    lines = JournalLine.objects.filter(cooperative=cooperative, account__kind=AccountKind.ASSET)
    assets = lines.aggregate(d=Sum("debit"), c=Sum("credit"))
    assert row.assets == assets["d"] - assets["c"]
    month = timezone.localdate().replace(day=1)
    sales = Sale.objects.filter(cooperative=cooperative, status=SaleStatus.COMPLETED, business_date__gte=month)
    assert row.mart_sales_member == sales.filter(member__isnull=False).aggregate(t=Sum("total"))["t"] == D(6600)
    assert row.mart_sales_nonmember == sales.filter(member__isnull=True).aggregate(t=Sum("total"))["t"] == D(10500)
    assert row.needs_open == Need.objects.filter(cooperative=cooperative, status__in=OPEN_STATUSES).count() == 1
    assert (row.type, row.status, row.regency_code, row.village_code) == (
        cooperative.type,
        cooperative.status,
        cooperative.regency_code,
        cooperative.village_id,
    )
    assert row.last_activity_on == cooperative.today()
    assert not row.stale
    this_month = CooperativeMonthRollup.objects.get(cooperative=cooperative, month=month)
    assert (this_month.members, this_month.mart_sales_member, this_month.needs_submitted) == (1, D(6600), 1)
    # A cooperative without anything still has its row, all zero.
    empty = rollup(w.stranger)
    assert (empty.members, empty.savings, empty.needs_open, empty.last_activity_on) == (0, 0, 0, None)


def test_a_need_a_deposit_and_a_sale_show_up_once_they_commit(django_capture_on_commit_callbacks):
    w = world()
    cooperative = w.mart.cooperative
    rollups_rebuild()
    before = rollup(cooperative)

    with django_capture_on_commit_callbacks(execute=True):
        post_need(cooperative, w.mart.manager)
    assert rollup(cooperative).needs_open == before.needs_open + 1

    with django_capture_on_commit_callbacks(execute=True):
        savings_deposit(
            cooperative=cooperative,
            actor=w.mart.manager,
            member_id=w.mart.member.pk,
            kind="sukarela",
            amount=D(25000),
            date=cooperative.today(),
        )
    assert rollup(cooperative).savings == before.savings + D(25000)

    with django_capture_on_commit_callbacks(execute=True):
        sell(w.mart, 4)
    after = rollup(cooperative)
    assert after.mart_sales_nonmember == before.mart_sales_nonmember + D(14000)
    assert not after.stale


def test_writes_in_one_transaction_share_one_refresh(django_capture_on_commit_callbacks):
    w = world()
    cooperative = w.mart.cooperative
    rollups_rebuild()
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        sell(w.mart, 1)
        sell(w.mart, 1)
        post_need(cooperative, w.mart.manager)
        assert not rollup(cooperative).stale  # nothing written in the writer's transaction
    with mock.patch.object(rollups, "rollups_refresh", wraps=rollups.rollups_refresh) as refresh:
        for callback in callbacks:
            callback()
    assert refresh.call_count == 1
    assert rollup(cooperative).needs_open == 1 and not rollup(cooperative).stale


def test_a_rolled_back_write_leaves_nothing(django_capture_on_commit_callbacks):
    w = world()
    cooperative = w.mart.cooperative
    rollups_rebuild()
    before = rollup(cooperative)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        sell(w.mart, 5)
        raise RuntimeError("the writer fails after the sale")
    assert callbacks == []
    after = rollup(cooperative)
    assert (after.mart_sales_nonmember, after.stale) == (before.mart_sales_nonmember, False)


def test_a_failing_refresh_does_not_break_the_writer(django_capture_on_commit_callbacks):
    w = world()
    cooperative = w.mart.cooperative
    rollups_rebuild()
    with (
        mock.patch.object(rollups, "rollups_refresh", side_effect=RuntimeError("boom")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sale = sell(w.mart, 2)
    assert Sale.objects.filter(pk=sale.pk).exists()  # the sale stands
    assert rollup(cooperative).stale  # and the row says it is behind, for `rebuild_rollups --stale`
    # Its regions count it as stale, up to the country, for the dashboard to say so.
    for code in (cooperative.village_id, cooperative.province_code, ""):
        assert RegionRollup.objects.get(code=code).stale == 1, code
    assert rollups_rebuild(only_stale=True) == 1
    assert not rollup(cooperative).stale


def test_rebuild_rollups_command(capsys):
    from django.core.management import call_command

    w = world()
    call_command("rebuild_rollups")
    assert CooperativeRollup.objects.filter(cooperative=w.mart.cooperative).exists()
    assert "rebuilt" in capsys.readouterr().out


def test_month_members_count_who_was_a_member_at_each_month_end():
    w = world()
    cooperative = w.mart.cooperative
    rollups_rebuild()
    months = dict(
        CooperativeMonthRollup.objects.filter(cooperative=cooperative).values_list("month", "members").order_by()
    )
    joined = w.mart.member.join_date
    for month, members in months.items():
        end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        assert members == (1 if joined <= end else 0)
