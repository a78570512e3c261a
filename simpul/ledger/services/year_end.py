"""The year end: closing a fiscal year posts its closing entry, reopening it reverses that entry.

The closing entry (source "closing", dated the year's last day) takes every revenue and expense account to zero
against SHU Tahun Berjalan (chart.CURRENT_YEAR_SHU) and moves the year's SHU on to SHU Belum Dibagi
(chart.UNDISTRIBUTED_SHU), where it waits for the members' meeting (RAT) to divide it. One entry a year, so the
statements that must show a year's own figures (the business results, a year's trial balance, the changes in
equity, the neraca's SHU of the running year) subtract its few lines cheaply (reports/common.closing_entry_ids).

Both services run inside period_close / the reopen approval, under the journal sequence lock those hold: the
entry is posted first, then the period is marked closed (or after it is marked open, the reversal is posted), and
`into_closed_period` lets the entry into a year whose months are already closed."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.models import User
from simpul.core.templatetags.simpul import tanggal
from simpul.ledger import chart
from simpul.ledger.models import Account, AccountKind, JournalEntry
from simpul.ledger.reports.common import account_sums, in_range
from simpul.ledger.services.journal import LineInput, journal_post

CLOSING_SOURCE = "closing"
REVERSAL_SOURCE = "reversal"
ZERO = Decimal("0.00")


def year_closing_lines(cooperative: Cooperative, start: dt.date, end: dt.date) -> list[LineInput]:
    """The lines of the year's closing entry: each revenue and expense account's movement in the year taken back,
    the difference (the SHU) credited to SHU Tahun Berjalan and moved on to SHU Belum Dibagi. Empty when the year
    moved no revenue or expense account. An earlier closing of this year, reopened, was reversed inside the year,
    so the two cancel in these sums."""
    accounts = list(
        Account.objects.filter(cooperative=cooperative, kind__in=(AccountKind.REVENUE, AccountKind.EXPENSE))
        .order_by("code")
        .values_list("pk", "code")
    )
    sums = account_sums(
        cooperative,
        buckets={"year": in_range(start, end)},
        since=start,
        until=end,
        account_ids=[pk for pk, _c in accounts],
    )
    lines: list[LineInput] = []
    shu = ZERO
    for pk, code in accounts:
        net = sums.get(pk, {}).get("year")
        if net is None or not net.net:
            continue
        amount = net.net  # debit minus credit: an expense's positive balance, a revenue's negative one
        lines.append((code, ZERO, amount) if amount > 0 else (code, -amount, ZERO))
        shu -= amount
    if not lines:
        return []
    if shu:
        size = abs(shu)
        if shu > 0:  # a surplus: to SHU Tahun Berjalan (credit), then on to SHU Belum Dibagi
            lines += [
                (chart.CURRENT_YEAR_SHU, ZERO, size),
                (chart.CURRENT_YEAR_SHU, size, ZERO),
                (chart.UNDISTRIBUTED_SHU, ZERO, size),
            ]
        else:  # a deficit: the same way on the debit side
            lines += [
                (chart.CURRENT_YEAR_SHU, size, ZERO),
                (chart.CURRENT_YEAR_SHU, ZERO, size),
                (chart.UNDISTRIBUTED_SHU, size, ZERO),
            ]
    return lines


def standing_closing_entry(cooperative: Cooperative, end: dt.date) -> JournalEntry | None:
    """The year's closing entry not yet reversed (dated its last day)."""
    return (
        JournalEntry.objects.filter(cooperative=cooperative, date=end, source=CLOSING_SOURCE, reversals__isnull=True)
        .order_by("-number")
        .first()
    )


def year_closing_post(
    *, cooperative: Cooperative, actor: User | None, start: dt.date, end: dt.date
) -> JournalEntry | None:
    """Post the year's closing entry (the caller holds the sequence lock and closes the year after it)."""
    lines = year_closing_lines(cooperative, start, end)
    if not lines:
        return None
    return journal_post(
        cooperative=cooperative,
        actor=actor,
        date=end,
        description=_("Closing of the fiscal year %(start)s – %(end)s: revenue and expenses to the SHU")
        % {"start": tanggal(start), "end": tanggal(end)},
        lines=lines,
        source=CLOSING_SOURCE,
        into_closed_period=True,
    )


def year_closing_reverse(*, cooperative: Cooperative, actor: User | None, end: dt.date) -> JournalEntry | None:
    """Reverse the year's standing closing entry, dated the same last day (the caller reopens the year)."""
    entry = standing_closing_entry(cooperative, end)
    if entry is None:
        return None
    mirrored: list[LineInput] = [
        (code, credit, debit)
        for code, debit, credit in entry.lines.order_by("id").values_list("account__code", "debit", "credit")
    ]
    return journal_post(
        cooperative=cooperative,
        actor=actor,
        date=end,
        description=_("Reversal of entry #%(number)s: the fiscal year is reopened") % {"number": entry.number},
        lines=mirrored,
        source=REVERSAL_SOURCE,
        reverses=entry,
        into_closed_period=True,
    )
