import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from simpul.coops.tests.factories import CooperativeFactory
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import AuditLog
from simpul.ledger.hashing import chain_hash
from simpul.ledger.models import GENESIS_HASH, JournalEntry, JournalLine, JournalSequence, Period
from simpul.ledger.services import account_create, chart_of_accounts_create, journal_post, journal_reverse, period_close

from .conftest import D, post

pytestmark = pytest.mark.calendar  # closed periods and the books' dates follow the cooperative's today

MARCH = dt.date(2026, 3, 10)


def test_a_balanced_entry_is_numbered_chained_and_audited(cooperative, manager):
    first = post(cooperative, manager, "150000")
    second = post(cooperative, manager, "25000.50", debit="1102", credit="3201")

    assert (first.number, second.number) == (1, 2)
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.hash and len(second.hash) == 64
    assert first.posted_by == manager and first.source == "manual"
    lines = list(second.lines.order_by("id").values_list("account__code", "date", "debit", "credit"))
    assert lines == [("1102", MARCH, D("25000.50"), D(0)), ("3201", MARCH, D(0), D("25000.50"))]
    assert all(line.cooperative_id == cooperative.pk for line in JournalLine.objects.all())
    sequence = JournalSequence.objects.get(cooperative=cooperative)
    assert (sequence.last_number, sequence.last_hash) == (2, second.hash)
    assert AuditLog.objects.filter(cooperative=cooperative, event="ledger.entry_posted").count() == 2


def test_each_cooperative_numbers_its_own_entries(cooperative, manager):
    other = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=other)
    post(cooperative, manager)
    post(cooperative, manager)
    assert post(other, None).number == 1


def test_the_hash_covers_the_previous_hash():
    assert chain_hash("a" * 64, "x") != chain_hash("b" * 64, "x")


def _refused(cooperative, manager, **overrides):
    arguments = {
        "cooperative": cooperative,
        "actor": manager,
        "date": MARCH,
        "description": "Pembelian ATK",
        "lines": [("5201", D("50000"), D(0)), ("1101", D(0), D("50000"))],
    }
    arguments.update(overrides)
    entries, lines, logs = JournalEntry.objects.count(), JournalLine.objects.count(), AuditLog.objects.count()
    with pytest.raises(ApplicationError) as refused:
        journal_post(**arguments)
    assert (JournalEntry.objects.count(), JournalLine.objects.count(), AuditLog.objects.count()) == (
        entries,
        lines,
        logs,
    ), "a refused posting wrote something"
    return refused.value


def test_an_unbalanced_entry_is_refused(cooperative, manager):
    error = _refused(cooperative, manager, lines=[("5201", D("50000"), D(0)), ("1101", D(0), D("49999.99"))])
    assert error.code == "unbalanced"
    assert error.message == "Jurnal tidak seimbang: debit Rp50.000, kredit Rp49.999,99."


def test_an_empty_entry_is_refused(cooperative, manager):
    error = _refused(cooperative, manager, lines=[])
    assert error.code == "empty_entry"
    assert "sedikitnya satu baris debit dan satu baris kredit" in error.message


@pytest.mark.parametrize(
    ("lines", "code", "message"),
    [
        ([("5201", D("-5"), D(0)), ("1101", D(0), D("-5"))], "invalid_amount", "Baris 1: jumlah tidak boleh negatif."),
        (
            [("5201", D("5"), D("5")), ("1101", D(0), D(0))],
            "invalid_line",
            "Baris 1 berisi debit dan kredit sekaligus; pisahkan menjadi dua baris.",
        ),
        ([("5201", D("5"), D(0)), ("1101", D(0), D(0))], "invalid_line", "Baris 2 tidak berisi debit maupun kredit."),
        ([("5201", 5.0, D(0)), ("1101", D(0), D(5))], "invalid_amount", "Baris 1: jumlah harus berupa angka desimal"),
        ([("5201", D(5), D(0)), ("1101", D(0), "5")], "invalid_amount", "Baris 2: jumlah harus berupa angka desimal"),
        ([("5201", True, D(0)), ("1101", D(0), D(1))], "invalid_amount", "Baris 1: jumlah harus berupa angka desimal"),
        ([("5201", D("0.001"), D(0)), ("1101", D(0), D("0.001"))], "invalid_amount", "paling banyak dua angka"),
        ([("5201", D("NaN"), D(0)), ("1101", D(0), D(1))], "invalid_amount", "Baris 1: jumlahnya bukan angka"),
        ([("5201", D("1e17"), D(0)), ("1101", D(0), D("1e17"))], "invalid_amount", "paling banyak Rp9.999"),
        ([("5201", D(5)), ("1101", D(0), D(5))], "invalid_line", "Baris 1 harus berisi kode akun, debit, dan kredit."),
    ],
)
def test_bad_lines_are_refused(cooperative, manager, lines, code, message):
    error = _refused(cooperative, manager, lines=lines)
    assert error.code == code
    assert message in error.message


def test_an_unknown_account_code_is_refused(cooperative, manager):
    error = _refused(cooperative, manager, lines=[("5999", D("10"), D(0)), ("1101", D(0), D("10"))])
    assert error.code == "unknown_account"
    assert error.message == "Tidak ada akun dengan kode “5999” di bagan akun koperasi ini."


def test_an_account_of_another_cooperative_is_refused(cooperative, manager):
    other = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=other)
    account_create(cooperative=other, actor=None, parent_code="1101", code="1101.7", name="Kas Cabang")  # type: ignore[arg-type]
    error = _refused(cooperative, manager, lines=[("1101.7", D("10"), D(0)), ("1101", D(0), D("10"))])
    assert error.code == "unknown_account"


def test_missing_description_or_date_is_refused(cooperative, manager):
    assert _refused(cooperative, manager, description="  ").code == "required"
    assert _refused(cooperative, manager, date="2026-03-10").code == "invalid_date"
    assert _refused(cooperative, manager, date=dt.datetime(2026, 3, 10, 9)).code == "invalid_date"


# --- reversals


def test_a_reversal_mirrors_the_entry_and_keeps_it(cooperative, manager):
    entry = post(cooperative, manager, "70000", debit="5201", credit="1101")
    reversal = journal_reverse(
        cooperative=cooperative, actor=manager, entry_id=entry.pk, date=dt.date(2026, 3, 12), reason="Salah akun"
    )
    assert reversal.reverses == entry and reversal.source == "reversal" and reversal.number == 2
    assert reversal.description == "Pembalikan jurnal #1: Salah akun"
    assert list(reversal.lines.order_by("id").values_list("account__code", "debit", "credit")) == [
        ("5201", D(0), D("70000")),
        ("1101", D("70000"), D(0)),
    ]
    assert JournalEntry.objects.filter(pk=entry.pk).exists()


def test_an_entry_is_reversed_only_once(cooperative, manager):
    entry = post(cooperative, manager)
    journal_reverse(cooperative=cooperative, actor=manager, entry_id=entry.pk, date=MARCH, reason="Dobel")
    with pytest.raises(ApplicationError) as refused:
        journal_reverse(cooperative=cooperative, actor=manager, entry_id=entry.pk, date=MARCH, reason="Lagi")
    assert refused.value.code == "already_reversed"
    assert refused.value.message == "Jurnal #1 sudah dibalik."
    assert JournalEntry.objects.filter(cooperative=cooperative).count() == 2


def test_a_reversal_cannot_be_reversed_or_predate_its_entry(cooperative, manager):
    entry = post(cooperative, manager)
    with pytest.raises(ApplicationError) as early:
        journal_reverse(cooperative=cooperative, actor=manager, entry_id=entry.pk, date=dt.date(2026, 3, 1), reason="x")
    assert early.value.code == "invalid_date"
    reversal = journal_reverse(cooperative=cooperative, actor=manager, entry_id=entry.pk, date=MARCH, reason="x")
    with pytest.raises(ApplicationError) as twice:
        journal_reverse(cooperative=cooperative, actor=manager, entry_id=reversal.pk, date=MARCH, reason="y")
    assert twice.value.code == "cannot_reverse_reversal"
    with pytest.raises(ApplicationError) as no_reason:
        journal_reverse(cooperative=cooperative, actor=manager, entry_id=entry.pk, date=MARCH, reason=" ")
    assert no_reason.value.code == "required"


def test_an_entry_of_another_cooperative_cannot_be_reversed(cooperative, manager):
    other = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=other)
    foreign = post(other, None)
    with pytest.raises(NotFoundError):
        journal_reverse(cooperative=cooperative, actor=manager, entry_id=foreign.pk, date=MARCH, reason="x")
    with pytest.raises(NotFoundError):
        journal_post(
            cooperative=cooperative,
            actor=manager,
            date=MARCH,
            description="x",
            lines=[("1101", D(1), D(0)), ("3301", D(0), D(1))],
            reverses=foreign,
        )
    assert not JournalEntry.objects.filter(cooperative=cooperative).exists()


# --- periods


def test_a_closed_month_refuses_postings_dated_inside_it(cooperative, manager):
    post(cooperative, manager, on=dt.date(2026, 3, 31))
    period = period_close(
        cooperative=cooperative, actor=manager, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), kind="month"
    )
    assert period.closed_at is not None and period.closed_by == manager
    assert AuditLog.objects.filter(event="ledger.period_closed", cooperative=cooperative).count() == 1

    error = _refused(cooperative, manager, date=dt.date(2026, 3, 31))
    assert error.code == "period_closed"
    assert error.message == (
        "Pembukuan 1 Maret 2026 sampai 31 Maret 2026 sudah ditutup; "
        "tidak ada yang bisa dicatat bertanggal 31 Maret 2026."
    )
    assert post(cooperative, manager, on=dt.date(2026, 4, 1)).number == 2  # the next month is open


def test_a_closed_period_refuses_reversals_dated_inside_it(cooperative, manager):
    entry = post(cooperative, manager, on=dt.date(2026, 3, 5))
    period_close(
        cooperative=cooperative, actor=manager, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), kind="month"
    )
    with pytest.raises(ApplicationError) as refused:
        journal_reverse(cooperative=cooperative, actor=manager, entry_id=entry.pk, date=dt.date(2026, 3, 6), reason="x")
    assert refused.value.code == "period_closed"
    # The correction goes into the open month instead.
    assert (
        journal_reverse(
            cooperative=cooperative, actor=manager, entry_id=entry.pk, date=dt.date(2026, 4, 1), reason="x"
        ).number
        == 2
    )


def test_a_closed_fiscal_year_refuses_postings(cooperative, manager):
    period_close(
        cooperative=cooperative, actor=manager, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31), kind="year"
    )
    assert _refused(cooperative, manager, date=dt.date(2025, 7, 14)).code == "period_closed"


@pytest.mark.parametrize(
    ("start", "end", "kind", "code", "message"),
    [
        (dt.date(2026, 3, 2), dt.date(2026, 3, 31), "month", "invalid_period", "dari tanggal pertama sampai terakhir"),
        (dt.date(2026, 2, 1), dt.date(2026, 2, 27), "month", "invalid_period", "dari tanggal pertama sampai terakhir"),
        (dt.date(2025, 2, 1), dt.date(2026, 1, 31), "year", "invalid_period", "tahun buku koperasi"),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 31), "week", "invalid_period", "Periode berupa bulan atau tahun."),
        (dt.date(2099, 3, 1), dt.date(2099, 3, 31), "month", "invalid_period", "setelah periodenya berakhir"),
    ],
)
def test_bad_periods_are_refused(cooperative, manager, start, end, kind, code, message):
    with pytest.raises(ApplicationError) as refused:
        period_close(cooperative=cooperative, actor=manager, start=start, end=end, kind=kind)
    assert refused.value.code == code
    assert message in refused.value.message
    assert not Period.objects.exists()


def test_a_period_is_closed_once(cooperative, manager):
    march: dict[str, Any] = {"start": dt.date(2026, 3, 1), "end": dt.date(2026, 3, 31), "kind": "month"}
    period_close(cooperative=cooperative, actor=manager, **march)
    with pytest.raises(ApplicationError) as refused:
        period_close(cooperative=cooperative, actor=manager, **march)
    assert refused.value.code == "period_already_closed"
    assert refused.value.message == "Periode 1 Maret 2026 sampai 31 Maret 2026 sudah ditutup."
    assert Period.objects.count() == 1


def test_another_cooperatives_closed_period_does_not_bind(cooperative, manager):
    other = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=other)
    period_close(cooperative=other, actor=None, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), kind="month")
    assert post(cooperative, manager, on=dt.date(2026, 3, 15)).number == 1


def test_amounts_may_be_whole_numbers(cooperative, manager):
    entry = journal_post(
        cooperative=cooperative,
        actor=manager,
        date=MARCH,
        description="Setoran",
        lines=[("1101", 5000, 0), ("3201", 0, Decimal("5000.00"))],  # type: ignore[list-item]
    )
    assert entry.lines.count() == 2
