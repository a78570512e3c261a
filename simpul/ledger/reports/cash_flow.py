"""Cash flow statement (laporan arus kas), direct method, for a period and the previous one.

Cash is the cash and bank accounts (1101, 1102) with their sub-accounts. Each entry that moves cash is read by
its other lines: a credit to sales is cash received from customers, a debit to fixed assets cash paid for them.
An entry balances, so the other lines of the entries that touch cash add up to exactly the change in cash, and
opening cash + net flow = closing cash always holds. A transfer between cash accounts has no other lines and is
no flow. Three queries: the chart, cash balances, and the other lines of cash entries grouped by account.
"""

from dataclasses import dataclass, field

from django.db.models import Subquery

from simpul.coops.models import Cooperative
from simpul.ledger import chart
from simpul.ledger.models import Account, AccountKind, JournalLine
from simpul.ledger.periods_query import ReportPeriod
from simpul.ledger.reports.common import (
    Pair,
    account_sums,
    accounts_in_order,
    before,
    in_range,
    pair_sum,
    root_codes,
    sides,
    total_sums,
)

CASH_ROOTS = frozenset({chart.CASH, chart.BANK})
INVESTING_ROOTS = frozenset({chart.FIXED_ASSETS, chart.ACCUMULATED_DEPRECIATION})
# Members' savings, SHU funds and members' SHU, besides equity (simpanan pokok and wajib, grants, reserve).
FINANCING_ROOTS = frozenset(
    {
        chart.SIMPANAN_SUKARELA,
        chart.SHU_FUND_BOARD,
        chart.SHU_FUND_EDUCATION,
        chart.SHU_FUND_SOCIAL,
        chart.MEMBERS_UNDISTRIBUTED_SHU,
    }
)
OPERATING, INVESTING, FINANCING = "operating", "investing", "financing"


def activity(account: Account, root: str) -> str:
    """Which activity cash moved against this account belongs to."""
    if root in INVESTING_ROOTS:
        return INVESTING
    if root in FINANCING_ROOTS or account.kind == AccountKind.EQUITY:
        return FINANCING
    return OPERATING


@dataclass(frozen=True)
class CashFlowLine:
    account: Account
    receipts: Pair  # cash received against the account (its credits in cash entries)
    payments: Pair  # cash paid against it (its debits)

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
    opening: Pair  # cash and bank at the start of each period
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


def cash_flow(*, cooperative: Cooperative, period: ReportPeriod) -> CashFlow:
    ordered = accounts_in_order(cooperative)
    roots = root_codes(ordered)
    cash_ids = [a.pk for a, _d in ordered if roots[a.pk] in CASH_ROOTS]
    previous, current = in_range(period.previous_start, period.previous_end), in_range(period.start, period.end)
    cash = total_sums(
        cooperative,
        buckets={"before_previous": before(period.previous_start), "previous": previous, "current": current},
        until=period.end,
        account_ids=cash_ids,
    )
    cash_entries = JournalLine.objects.filter(
        cooperative=cooperative, account_id__in=cash_ids, date__gte=period.previous_start, date__lte=period.end
    ).values("entry_id")
    counter = account_sums(
        cooperative,
        buckets={"previous": previous, "current": current},
        since=period.previous_start,
        until=period.end,
        account_ids=[a.pk for a, _d in ordered if a.pk not in set(cash_ids)],
        entry_ids=Subquery(cash_entries),
    )
    flow = CashFlow(
        period=period,
        operating=CashFlowSection(OPERATING),
        investing=CashFlowSection(INVESTING),
        financing=CashFlowSection(FINANCING),
        opening=Pair(
            (cash["before_previous"] + cash["previous"]).net,
            cash["before_previous"].net,
        ),
        closing=Pair(
            (cash["before_previous"] + cash["previous"] + cash["current"]).net,
            (cash["before_previous"] + cash["previous"]).net,
        ),
    )
    sections = {section.key: section for section in flow.sections}
    for account, _depth in ordered:
        if account.pk not in counter:
            continue
        now, then = sides(counter, account.pk, "current"), sides(counter, account.pk, "previous")
        line = CashFlowLine(account, Pair(now.credit, then.credit), Pair(now.debit, then.debit))
        sections[activity(account, roots[account.pk])].lines.append(line)
    return flow
