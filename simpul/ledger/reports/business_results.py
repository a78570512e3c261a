"""Statement of business results (perhitungan hasil usaha, SAK EP's laporan laba rugi) for a period and the
previous one: revenue from members and from non-members apart, cost of goods sold, gross result, operating
expenses, other income and the SHU. Two queries: the chart, and the sums of its revenue and expense accounts (and
one more for a range holding a fiscal year's last day: its closing entry is left out, or the year would show zero)."""

from dataclasses import dataclass, field

from simpul.coops.models import Cooperative
from simpul.ledger import chart
from simpul.ledger.models import Account, AccountKind, RevenueSource
from simpul.ledger.reports.common import (
    Pair,
    account_sums,
    accounts_in_order,
    in_range,
    pair_sum,
    root_codes,
    sides,
    without_closing,
)
from simpul.ledger.reports.dates import ReportPeriod

# The cost of goods sold, and its split between sales to members and to non-members.
COST_OF_GOODS_SOLD_ROOTS = frozenset(
    {chart.COST_OF_GOODS_SOLD, chart.COST_OF_GOODS_SOLD_MEMBERS, chart.COST_OF_GOODS_SOLD_NON_MEMBERS}
)


@dataclass(frozen=True)
class ResultLine:
    account: Account
    depth: int
    amount: Pair  # revenue positive (credit), expenses positive (debit)


@dataclass
class ResultSection:
    key: str
    lines: list[ResultLine] = field(default_factory=list)

    @property
    def total(self) -> Pair:
        return pair_sum(line.amount for line in self.lines)


@dataclass
class BusinessResults:
    period: ReportPeriod
    member_revenue: ResultSection
    non_member_revenue: ResultSection
    cost_of_goods_sold: ResultSection
    operating_expenses: ResultSection
    other_income: ResultSection

    @property
    def business_revenue(self) -> Pair:
        """Revenue from members and non-members together."""
        return self.member_revenue.total + self.non_member_revenue.total

    @property
    def gross_result(self) -> Pair:
        return self.business_revenue - self.cost_of_goods_sold.total

    @property
    def operating_result(self) -> Pair:
        return self.gross_result - self.operating_expenses.total

    @property
    def shu(self) -> Pair:
        """SHU for the period: all revenue minus all expenses."""
        return self.operating_result + self.other_income.total


def business_results(*, cooperative: Cooperative, period: ReportPeriod) -> BusinessResults:
    ordered = accounts_in_order(cooperative)
    roots = root_codes(ordered)
    income_statement = [(a, d) for a, d in ordered if a.kind in (AccountKind.REVENUE, AccountKind.EXPENSE)]
    ids = [a.pk for a, _d in income_statement]
    buckets = {
        "current": in_range(period.start, period.end),
        "previous": in_range(period.previous_start, period.previous_end),
    }
    sums = account_sums(cooperative, buckets=buckets, since=period.previous_start, until=period.end, account_ids=ids)
    sums = without_closing(cooperative, sums, buckets, ids)
    report = BusinessResults(
        period=period,
        member_revenue=ResultSection("member_revenue"),
        non_member_revenue=ResultSection("non_member_revenue"),
        cost_of_goods_sold=ResultSection("cost_of_goods_sold"),
        operating_expenses=ResultSection("operating_expenses"),
        other_income=ResultSection("other_income"),
    )
    for account, depth in income_statement:
        current, previous = sides(sums, account.pk, "current"), sides(sums, account.pk, "previous")
        if account.kind == AccountKind.REVENUE:
            line = ResultLine(account, depth, Pair(-current.net, -previous.net))
            if account.revenue_source == RevenueSource.MEMBER:
                report.member_revenue.lines.append(line)
            elif account.revenue_source == RevenueSource.NON_MEMBER:
                report.non_member_revenue.lines.append(line)
            else:
                report.other_income.lines.append(line)
        else:
            line = ResultLine(account, depth, Pair(current.net, previous.net))
            if roots[account.pk] in COST_OF_GOODS_SOLD_ROOTS:
                report.cost_of_goods_sold.lines.append(line)
            else:
                report.operating_expenses.lines.append(line)
    return report
