"""Cash flow statement (laporan arus kas), direct method, for a period and the same period of the previous year.

Cash is every account whose cash-flow class is "cash" (Kas, Bank; a sub-account takes its parent's class when it
has none). Receipts and payments are the cash legs only: each entry that moves cash is read by its other lines,
its net cash split over the non-cash lines on the other side in proportion to their amounts (in whole sen, the
largest remainders taking the sen left over, so the parts add up exactly). A non-cash line on the cash's own side
first cancels a line of the same amount on the other side, revenue apart: a cash sale posted with its cost (cost
of goods sold against inventory, in the same entry) is a receipt from the sale alone. So a sale paid partly in cash and
partly on credit is a receipt of the cash part only, cost of goods sold against inventory never appears (no cash
leg), and a transfer between cash accounts is no flow. Each counter-account's activity is its cash-flow class
(SAK EP: operating, investing, financing); an account without one goes by its kind: revenue, expenses, assets and
liabilities operating, equity and temporary syirkah funds financing.

The opening-balance entry is the opening cash, not a flow: when it is dated inside the period, its cash is added
to the opening cash. Opening cash + net flow = closing cash, read from the cash accounts themselves.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from simpul.coops.models import Cooperative
from simpul.ledger.models import Account, AccountKind, CashFlowClass, JournalLine
from simpul.ledger.reports.common import (
    ZERO,
    Pair,
    Span,
    accounts_in_order,
    before,
    entries_sums,
    in_range,
    opening_entry_ids,
    pair_sum,
    total_sums,
)
from simpul.ledger.reports.dates import ReportPeriod

OPERATING, INVESTING, FINANCING = "operating", "investing", "financing"
CASH = CashFlowClass.CASH.value
HUNDRED = Decimal(100)


def effective_classes(ordered: list[tuple[Account, int]]) -> dict[int, str]:
    """{account id: cash-flow class}, a sub-account without one taking its parent's (parents come first)."""
    classes: dict[int, str] = {}
    for account, _depth in ordered:
        own = account.cash_flow_class
        classes[account.pk] = own or (classes.get(account.parent_id, "") if account.parent_id else "")
    return classes


def activity(account: Account, cash_flow_class: str) -> str:
    """Which activity cash moved against this account belongs to."""
    if cash_flow_class in (OPERATING, INVESTING, FINANCING):
        return cash_flow_class
    if account.kind in (AccountKind.EQUITY, AccountKind.TEMPORARY_SYIRKAH):
        return FINANCING
    return OPERATING


def split_in_proportion(total: int, weights: list[int]) -> list[int]:
    """`total` (sen) over `weights` in proportion, exact: the largest remainders take the sen left over (the
    earlier line first on a tie)."""
    whole = sum(weights)
    if whole <= 0:
        return [0] * len(weights)
    shares = [total * weight // whole for weight in weights]
    left = total - sum(shares)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for index in by_remainder[:left]:
        shares[index] += 1
    return shares


@dataclass(frozen=True)
class CashFlowLine:
    account: Account
    receipts: Pair  # cash received against the account
    payments: Pair  # cash paid against it

    @property
    def net(self) -> Pair:
        return self.receipts - self.payments


@dataclass
class CashFlowSection:
    key: str
    lines: list[CashFlowLine] = field(default_factory=list)

    @property
    def receipts(self) -> Pair:
        return pair_sum(line.receipts for line in self.lines)

    @property
    def payments(self) -> Pair:
        return pair_sum(line.payments for line in self.lines)

    @property
    def net(self) -> Pair:
        return self.receipts - self.payments


@dataclass
class CashFlow:
    period: ReportPeriod
    operating: CashFlowSection
    investing: CashFlowSection
    financing: CashFlowSection
    opening: Pair  # cash at the start of each period, with the opening balances posted inside it
    closing: Pair  # read from the cash accounts themselves, not derived from the flows

    @property
    def sections(self) -> list[CashFlowSection]:
        return [self.operating, self.investing, self.financing]

    @property
    def net_change(self) -> Pair:
        return pair_sum(section.net for section in self.sections)

    @property
    def reconciles(self) -> bool:
        return self.opening + self.net_change == self.closing


def _sen(value: Decimal) -> int:
    return int((Decimal(value) * HUNDRED).to_integral_value())


def _flows(
    cooperative: Cooperative, spans: dict[str, Span], cash_ids: set[int], revenue_ids: set[int], skip: set[int]
) -> dict[int, dict[str, list[int]]]:
    """{account id: {bucket: [receipts, payments]}} in sen, from the lines of every entry that touches cash."""
    ranges = Q()
    for span in spans.values():
        ranges |= span.q()
    cash_entries = JournalLine.objects.filter(Q(cooperative=cooperative) & ranges, account_id__in=cash_ids).values(
        "entry_id"
    )
    rows = (
        JournalLine.objects.filter(cooperative=cooperative, entry_id__in=cash_entries)
        .order_by("entry_id", "id")
        .values_list("entry_id", "account_id", "date", "debit", "credit")
    )
    flows: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))

    def settle(lines: list[tuple[int, dt.date, int, int]]) -> None:
        cash = sum(debit - credit for account_id, _day, debit, credit in lines if account_id in cash_ids)
        if not cash:
            return
        day = lines[0][1]
        # A range longer than a year overlaps the same range a year before: an entry may count in both.
        buckets = [name for name, span in spans.items() if span.start <= day <= span.end]  # type: ignore[operator]
        if not buckets:
            return
        received = cash > 0
        legs = [
            (account_id, credit if received else debit)
            for account_id, _day, debit, credit in lines
            if account_id not in cash_ids and (credit if received else debit) > 0
        ]
        # A non-cash line on the cash's own side (the cost of goods sold of a cash sale) pairs first with a line of
        # the same amount on the other side (the stock it took), so the cash is split over what it paid for. Never
        # with revenue: a sale partly on credit is split over its sales in proportion.
        same_side = [
            debit if received else credit
            for account_id, _day, debit, credit in lines
            if account_id not in cash_ids and (debit if received else credit) > 0 and account_id not in revenue_ids
        ]
        for amount in same_side:
            match = next(
                (i for i, (account, weight) in enumerate(legs) if weight == amount and account not in revenue_ids),
                None,
            )
            if match is not None:
                legs.pop(match)
        shares = split_in_proportion(abs(cash), [weight for _account, weight in legs])
        for (account_id, _weight), share in zip(legs, shares, strict=True):
            for bucket in buckets:
                flows[account_id][bucket][0 if received else 1] += share

    current_entry: int | None = None
    lines: list[tuple[int, dt.date, int, int]] = []
    for entry_id, account_id, day, debit, credit in rows.iterator(chunk_size=5000):
        if entry_id != current_entry:
            if lines and current_entry not in skip:
                settle(lines)
            current_entry, lines = entry_id, []
        lines.append((account_id, day, _sen(debit), _sen(credit)))
    if lines and current_entry not in skip:
        settle(lines)
    return flows


def cash_flow(*, cooperative: Cooperative, period: ReportPeriod) -> CashFlow:
    ordered = accounts_in_order(cooperative)
    classes = effective_classes(ordered)
    cash_ids = {a.pk for a, _d in ordered if classes[a.pk] == CASH}
    within = {
        "previous": in_range(period.previous_start, period.previous_end),
        "current": in_range(period.start, period.end),
    }
    cash = total_sums(
        cooperative,
        buckets={"before_previous": before(period.previous_start), "before_current": before(period.start), **within},
        until=period.end,
        account_ids=cash_ids,
    )
    # The opening balances posted inside a period are its opening cash, not a receipt.
    opening_ids = opening_entry_ids(cooperative, within.values())
    opening_cash = {name: ZERO for name in within}
    for found in entries_sums(cooperative, opening_ids, within, cash_ids).values():
        for name in within:
            opening_cash[name] += found[name].net
    revenue_ids = {a.pk for a, _d in ordered if a.kind == AccountKind.REVENUE}
    flows = _flows(cooperative, within, cash_ids, revenue_ids, set(opening_ids))
    flow = CashFlow(
        period=period,
        operating=CashFlowSection(OPERATING),
        investing=CashFlowSection(INVESTING),
        financing=CashFlowSection(FINANCING),
        opening=Pair(
            cash["before_current"].net + opening_cash["current"],
            cash["before_previous"].net + opening_cash["previous"],
        ),
        closing=Pair(
            (cash["before_current"] + cash["current"]).net,
            (cash["before_previous"] + cash["previous"]).net,
        ),
    )
    sections = {section.key: section for section in flow.sections}
    for account, _depth in ordered:
        moved = flows.get(account.pk)
        if moved is None:
            continue
        now, then = moved.get("current", [0, 0]), moved.get("previous", [0, 0])
        line = CashFlowLine(
            account,
            Pair(_rupiah(now[0]), _rupiah(then[0])),
            Pair(_rupiah(now[1]), _rupiah(then[1])),
        )
        sections[activity(account, classes[account.pk])].lines.append(line)
    return flow


def _rupiah(sen: int) -> Decimal:
    return (Decimal(sen) / HUNDRED).quantize(Decimal("0.01"))
