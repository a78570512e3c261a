"""Kasbon: the manager's limit per member, repayments at the till as records of their own (receipt number, method,
shift, journal entry, what is still owed), the shift's cash, the member's history, and the books' check."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import AuditLog
from simpul.ledger import chart
from simpul.ledger.models import JournalEntry, JournalLine
from simpul.mart.models import Kasbon, KasbonRepayment, SaleLine
from simpul.mart.sales import kasbon as kasbon_module
from simpul.mart.sales.kasbon import (
    kasbon_history,
    kasbon_limit_set,
    kasbon_list,
    kasbon_problems,
    kasbon_repay,
    repayment_get,
)
from simpul.mart.sales.returns import sale_return, sale_void
from simpul.mart.shifts.selectors import expected_cash, kasbon_repaid, z_report_day, z_report_shift
from simpul.mart.shifts.services import shift_close, shift_open
from simpul.mart.tests.shifts_support import PIN, balance, sell, shop
from simpul.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _owing(s, amount=Decimal(20000)):
    """A member who bought `amount` by kasbon (4 soaps at Rp5.000 by default)."""
    member = MemberFactory.create(cooperative=s.cooperative)
    kasbon_limit_set(cooperative=s.cooperative, actor=s.manager, member_id=member.pk, limit=Decimal(300000))
    sale = sell(s, [(s.soap, amount / Decimal(5000), Decimal(5000))], member=member, method="kasbon")
    return member, sale


def _written(s):
    """What a repayment writes: rows, entries, audit rows and the balance of 1205."""
    return (
        KasbonRepayment.objects.filter(cooperative=s.cooperative).count(),
        JournalEntry.objects.filter(cooperative=s.cooperative).count(),
        AuditLog.objects.filter(cooperative=s.cooperative, event="mart.kasbon_repaid").count(),
        balance(s.cooperative, chart.MART_KASBON_RECEIVABLES),
        list(Kasbon.objects.filter(cooperative=s.cooperative).values_list("balance", flat=True)),
    )


def test_limit_repay_and_check():
    s = shop()
    member = MemberFactory.create(cooperative=s.cooperative)
    kasbon = kasbon_limit_set(cooperative=s.cooperative, actor=s.manager, member_id=member.pk, limit=Decimal(300000))
    assert kasbon.limit == Decimal(300000) and kasbon.balance == 0
    sell(s, [(s.soap, Decimal(4), Decimal(5000))], member=member, method="kasbon")
    shift = shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=s.outlet.pk, opening_cash=Decimal(0))
    repayment = kasbon_repay(cooperative=s.cooperative, actor=s.cashier, member_id=member.pk, amount=Decimal(15000))
    assert Kasbon.objects.get(member=member).balance == Decimal(5000)
    assert balance(s.cooperative, chart.MART_KASBON_RECEIVABLES) == Decimal(5000)
    assert expected_cash(shift) == Decimal(15000)
    assert kasbon_problems(s.cooperative) == []
    assert [k.member_id for k in kasbon_list(s.cooperative)] == [member.pk]
    with pytest.raises(ApplicationError) as refused:
        kasbon_repay(cooperative=s.cooperative, actor=s.cashier, member_id=member.pk, amount=Decimal(6000))
    assert refused.value.code == "repayment_too_large"
    assert Kasbon.objects.get(member=member).balance == Decimal(5000)
    assert KasbonRepayment.objects.filter(member=member).count() == 1
    assert repayment_get(s.cooperative, repayment.pk) == repayment
    Kasbon.objects.filter(member=member).update(balance=Decimal(1))
    assert kasbon_problems(s.cooperative) == [
        "Kasbon anggota berjumlah Rp1 tetapi akun 1205 berisi Rp5.000.",
        f"Kasbon {member.name} berjumlah Rp1 tetapi penjualan kasbon dikurangi retur dan pembayarannya berjumlah "
        "Rp5.000.",
    ]


def test_the_repayment_is_a_record_of_its_own():
    s = shop()
    member, _sale = _owing(s)
    shift = shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=s.outlet.pk, opening_cash=Decimal(0))
    repayment = kasbon_repay(
        cooperative=s.cooperative,
        actor=s.cashier,
        member_id=member.pk,
        amount=Decimal("7500.50"),
        ip_address="10.1.1.1",
    )
    repayment.refresh_from_db()
    assert repayment.cooperative == s.cooperative and repayment.member == member
    assert repayment.kasbon == Kasbon.objects.get(member=member)
    assert repayment.amount == Decimal("7500.50") and repayment.balance_after == Decimal("12499.50")
    assert repayment.method == "cash" and repayment.shift == shift and repayment.cashier == s.cashier
    entry = repayment.journal_entry
    assert repayment.number == f"KB-{entry.date:%y%m%d}-{entry.number}"
    lines = {(line.account.code, line.debit, line.credit) for line in JournalLine.objects.filter(entry=entry)}
    assert lines == {
        (chart.CASH, Decimal("7500.50"), Decimal(0)),
        (chart.MART_KASBON_RECEIVABLES, Decimal(0), Decimal("7500.50")),
    }
    audit = AuditLog.objects.get(cooperative=s.cooperative, event="mart.kasbon_repaid")
    assert audit.changes["number"] == repayment.number and audit.changes["shift"] == shift.pk
    assert audit.changes["method"] == "cash" and audit.changes["journal_entry"] == entry.number


def test_numbers_are_unique_per_cooperative():
    s = shop()
    member, _sale = _owing(s)
    first = kasbon_repay(cooperative=s.cooperative, actor=s.cashier, member_id=member.pk, amount=Decimal(1000))
    second = kasbon_repay(cooperative=s.cooperative, actor=s.manager, member_id=member.pk, amount=Decimal(1000))
    assert first.number != second.number
    assert second.balance_after == Decimal(18000) and second.shift is None  # the manager had no open shift
    other = shop()
    other_member, _sale = _owing(other)
    elsewhere = kasbon_repay(
        cooperative=other.cooperative, actor=other.cashier, member_id=other_member.pk, amount=Decimal(1000)
    )
    assert elsewhere.cooperative != first.cooperative
    with pytest.raises(IntegrityError), transaction.atomic():
        KasbonRepayment.objects.create(
            cooperative=s.cooperative,
            member=member,
            kasbon=first.kasbon,
            number=first.number,
            amount=Decimal(1),
            balance_after=Decimal(0),
            cashier=s.cashier,
            journal_entry=first.journal_entry,
        )


def test_repayment_by_qris_or_transfer_stays_out_of_the_cash():
    s = shop()
    member, _sale = _owing(s, Decimal(30000))
    shift = shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=s.outlet.pk, opening_cash=Decimal(1000))
    repay = dict(cooperative=s.cooperative, actor=s.cashier, member_id=member.pk)
    by_qris = kasbon_repay(**repay, amount=Decimal(10000), method="qris")
    by_transfer = kasbon_repay(**repay, amount=Decimal(5000), method="transfer")
    kasbon_repay(**repay, amount=Decimal(2000))
    assert by_qris.shift == shift and by_transfer.balance_after == Decimal(15000)
    assert balance(s.cooperative, chart.QRIS_CLEARING) == Decimal(10000)
    assert balance(s.cooperative, chart.BANK) == Decimal(5000)
    assert expected_cash(shift) == Decimal(3000)
    assert kasbon_repaid(shift) == Decimal(2000)
    assert kasbon_repaid(shift, method="qris") == Decimal(10000)
    assert kasbon_repaid(shift, method=None) == Decimal(17000)
    report = z_report_shift(shift)
    assert report.kasbon_repaid == Decimal(17000) and report.kasbon_repaid_cash == Decimal(2000)
    assert report.cash_expected == Decimal(3000)
    closed = shift_close(cooperative=s.cooperative, actor=s.cashier, shift_id=shift.pk, counted_cash=Decimal(3000))
    assert closed.expected_cash == Decimal(3000) and closed.cash_variance == Decimal(0)
    day = z_report_day(s.cooperative, s.outlet.pk, s.cooperative.today())
    assert day.kasbon_repaid == Decimal(17000) and day.kasbon_repaid_cash == Decimal(2000)
    assert day.cash_expected == Decimal(3000)
    assert kasbon_problems(s.cooperative) == []


def test_a_repayment_in_another_cashiers_shift_is_not_in_mine():
    s = shop()
    member, _sale = _owing(s)
    mine = shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=s.outlet.pk, opening_cash=Decimal(0))
    theirs = shift_open(cooperative=s.cooperative, actor=s.manager, outlet_id=s.outlet.pk, opening_cash=Decimal(0))
    kasbon_repay(cooperative=s.cooperative, actor=s.manager, member_id=member.pk, amount=Decimal(4000))
    assert expected_cash(mine) == Decimal(0) and expected_cash(theirs) == Decimal(4000)


@pytest.mark.parametrize("amount", [Decimal(0), Decimal(-1), Decimal("0.001"), 2.5, "1000", None, True, Decimal("NaN")])
def test_bad_repayments(amount):
    s = shop()
    member, _sale = _owing(s)
    before = _written(s)
    with pytest.raises(ApplicationError) as refused:
        kasbon_repay(cooperative=s.cooperative, actor=s.cashier, member_id=member.pk, amount=amount)
    assert refused.value.code == "invalid_price"
    assert str(refused.value.message).startswith(("Masukkan", "Isi"))
    assert _written(s) == before


@pytest.mark.parametrize("method", ["savings", "kasbon", "receivable", "", "CASH", None])
def test_bad_methods(method):
    s = shop()
    member, _sale = _owing(s)
    before = _written(s)
    with pytest.raises(ApplicationError) as refused:
        kasbon_repay(
            cooperative=s.cooperative, actor=s.cashier, member_id=member.pk, amount=Decimal(1000), method=method
        )
    assert refused.value.code == "payment_invalid" and refused.value.extra == {"field": "method"}
    assert _written(s) == before


def test_more_than_owed_or_nothing_owed_is_refused():
    s = shop()
    member, _sale = _owing(s)
    stranger = MemberFactory.create(cooperative=s.cooperative)
    before = _written(s)
    for member_id, amount in [(member.pk, Decimal("20000.01")), (stranger.pk, Decimal(1))]:
        with pytest.raises(ApplicationError) as refused:
            kasbon_repay(cooperative=s.cooperative, actor=s.cashier, member_id=member_id, amount=amount)
        assert refused.value.code == "repayment_too_large"
    assert _written(s)[:4] == before[:4]


def test_nothing_is_half_written_when_a_late_step_fails(monkeypatch):
    s = shop()
    member, _sale = _owing(s)
    before = _written(s)

    def broken(**kwargs):
        raise RuntimeError("the audit log is down")

    monkeypatch.setattr(kasbon_module, "audit_record", broken)
    with pytest.raises(RuntimeError):
        kasbon_repay(cooperative=s.cooperative, actor=s.cashier, member_id=member.pk, amount=Decimal(5000))
    assert _written(s) == before


def test_other_cooperatives_member_is_404():
    s = shop()
    stranger = MemberFactory.create()
    with pytest.raises(NotFoundError):
        kasbon_limit_set(cooperative=s.cooperative, actor=s.manager, member_id=stranger.pk, limit=Decimal(1))
    with pytest.raises(NotFoundError):
        kasbon_repay(cooperative=s.cooperative, actor=s.cashier, member_id=stranger.pk, amount=Decimal(1))
    other = shop()
    other_member, _sale = _owing(other)
    theirs = kasbon_repay(
        cooperative=other.cooperative, actor=other.cashier, member_id=other_member.pk, amount=Decimal(1)
    )
    with pytest.raises(NotFoundError):
        repayment_get(s.cooperative, theirs.pk)


def test_each_members_kasbon_is_checked_against_its_history():
    s = shop()
    first, _sale = _owing(s)
    second, _sale = _owing(s)
    kasbon_repay(cooperative=s.cooperative, actor=s.cashier, member_id=first.pk, amount=Decimal(5000))
    assert kasbon_problems(s.cooperative) == []
    # The total stays right (1205 agrees), but Rp1.000 moved from one member to the other.
    Kasbon.objects.filter(member=first).update(balance=Decimal(14000))
    Kasbon.objects.filter(member=second).update(balance=Decimal(21000))
    problems = kasbon_problems(s.cooperative)
    assert len(problems) == 2
    assert problems[0].startswith(f"Kasbon {first.name} berjumlah Rp14.000") and problems[0].endswith("Rp15.000.")
    assert problems[1].startswith(f"Kasbon {second.name} berjumlah Rp21.000") and problems[1].endswith("Rp20.000.")


def test_history_with_running_balance_over_pages(monkeypatch):
    s = shop()
    member, first_sale = _owing(s)  # +20.000
    shift = shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=s.outlet.pk, opening_cash=Decimal(0))
    repayment = kasbon_repay(
        cooperative=s.cooperative, actor=s.cashier, member_id=member.pk, amount=Decimal(3000), method="qris"
    )  # 17.000
    second_sale = sell(s, [(s.soap, Decimal(2), Decimal(5000))], member=member, method="kasbon", shift=shift)  # 27.000
    line = SaleLine.objects.get(sale=first_sale)
    sale_return(
        cooperative=s.cooperative,
        actor=s.cashier,
        sale_id=first_sale.pk,
        quantities={line.pk: Decimal(1)},
        pin=PIN,
        reason="rusak",
        refund_method="kasbon",
    )  # 22.000
    sale_void(cooperative=s.cooperative, actor=s.cashier, sale_id=second_sale.pk, pin=PIN, reason="dobel")  # 12.000
    assert Kasbon.objects.get(member=member).balance == Decimal(12000)
    assert kasbon_problems(s.cooperative) == []
    history = kasbon_history(s.cooperative, member)
    rows = [(e.kind, e.change, e.balance, e.number) for e in history.entries]
    assert rows == [
        ("void", Decimal(-10000), Decimal(12000), second_sale.number),
        ("return", Decimal(-5000), Decimal(22000), first_sale.number),
        ("sale", Decimal(10000), Decimal(27000), second_sale.number),
        ("repayment", Decimal(-3000), Decimal(17000), repayment.number),
        ("sale", Decimal(20000), Decimal(20000), first_sale.number),
    ]
    assert history.entries[3].method == "qris" and history.entries[3].object_id == repayment.pk
    assert not history.page.has_next()
    monkeypatch.setattr(kasbon_module, "HISTORY_PAGE_SIZE", 2)
    pages = [kasbon_history(s.cooperative, member, n) for n in (1, 2, 3)]
    assert [[(e.kind, e.balance) for e in p.entries] for p in pages] == [
        [("void", Decimal(12000)), ("return", Decimal(22000))],
        [("sale", Decimal(27000)), ("repayment", Decimal(17000))],
        [("sale", Decimal(20000))],
    ]
    assert [p.page.has_next() for p in pages] == [True, True, False]
    assert pages[1].page.start_index() == 3 and pages[2].page.end_index() == 5
    assert kasbon_history(s.cooperative, MemberFactory.create(cooperative=s.cooperative)).entries == []


def test_history_reads_a_few_queries_whatever_its_length(django_assert_max_num_queries):
    s = shop()
    member, _sale = _owing(s, Decimal(200000))
    for _ in range(12):
        kasbon_repay(cooperative=s.cooperative, actor=s.cashier, member_id=member.pk, amount=Decimal(1000))
        sell(s, [(s.soap, Decimal(1), Decimal(5000))], member=member, method="kasbon")
    with django_assert_max_num_queries(5):
        history = kasbon_history(s.cooperative, member)
    assert len(history.entries) == 25 and history.entries[0].balance == Kasbon.objects.get(member=member).balance


def test_the_migration_makes_rows_of_the_audit_only_repayments():
    """Repayments made before the table existed: their audit rows become rows, numbered as the service numbers them."""
    s = shop()
    member, _sale = _owing(s)
    shift = shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=s.outlet.pk, opening_cash=Decimal(0))
    made = [
        kasbon_repay(cooperative=s.cooperative, actor=s.cashier, member_id=member.pk, amount=Decimal(5000)),
        kasbon_repay(cooperative=s.cooperative, actor=s.manager, member_id=member.pk, amount=Decimal(2500)),
    ]
    fields = ["cooperative_id", "member_id", "kasbon_id", "number", "amount", "method", "balance_after"]
    fields += ["shift_id", "cashier_id", "journal_entry_id"]
    expected = list(KasbonRepayment.objects.order_by("pk").values_list(*fields))
    # As before the table: the repayments live only in their audit rows (the older rows had no number or method).
    for row in AuditLog.objects.filter(event="mart.kasbon_repaid"):
        row.changes.pop("number")
        row.changes.pop("method")
        row.save(update_fields=["changes"])
    KasbonRepayment.objects.all().delete()
    migration = importlib.import_module("simpul.mart.migrations.0004_kasbon_repayment")
    migration.repayments_from_audit_rows(apps, None)
    assert list(KasbonRepayment.objects.order_by("pk").values_list(*fields)) == expected
    assert expected[0][7] == shift.pk and expected[1][7] is None and made[0].number == expected[0][3]
    migration.repayments_from_audit_rows(apps, None)  # run again: nothing twice
    assert KasbonRepayment.objects.count() == 2
    assert kasbon_problems(s.cooperative) == []
