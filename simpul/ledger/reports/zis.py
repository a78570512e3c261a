"""The ZIS fund report of a sharia cooperative: zakat, infak and sedekah it collects and passes on (held for
others: liabilities, chart.ZIS_FUNDS and their sub-accounts), with each fund's balance at the start, its receipts
(credits), its disbursements (debits) and its balance at the end of a period. Two queries whatever the books' size."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from simpul.coops.models import Cooperative
from simpul.core.money import CENT
from simpul.ledger import chart
from simpul.ledger.models import Account, JournalLine

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ZisFund:
    account: Account
    opening: Decimal
    receipts: Decimal
    disbursements: Decimal

    @property
    def closing(self) -> Decimal:
        return self.opening + self.receipts - self.disbursements


@dataclass(frozen=True)
class ZisReport:
    start: dt.date
    end: dt.date
    funds: list[ZisFund]

    def total(self, name: str) -> Decimal:
        return sum((getattr(fund, name) for fund in self.funds), ZERO)

    @property
    def totals(self) -> dict[str, Decimal]:
        return {name: self.total(name) for name in ("opening", "receipts", "disbursements", "closing")}


def zis_fund_accounts(cooperative: Cooperative) -> list[Account]:
    """The ZIS fund accounts of the chart and the sub-accounts a manager hung under them."""
    return list(
        Account.objects.filter(cooperative=cooperative)
        .filter(Q(code__in=chart.ZIS_FUNDS) | Q(parent__code__in=chart.ZIS_FUNDS))
        .order_by("code")
    )


def zis_report(*, cooperative: Cooperative, start: dt.date, end: dt.date) -> ZisReport:
    accounts = zis_fund_accounts(cooperative)
    sums = {
        row["account_id"]: row
        for row in JournalLine.objects.filter(cooperative=cooperative, account__in=accounts, date__lte=end)
        .values("account_id")
        .annotate(
            before_debit=Sum("debit", filter=Q(date__lt=start), default=ZERO),
            before_credit=Sum("credit", filter=Q(date__lt=start), default=ZERO),
            debit=Sum("debit", filter=Q(date__gte=start), default=ZERO),
            credit=Sum("credit", filter=Q(date__gte=start), default=ZERO),
        )
        .order_by()
    }
    empty = {"before_debit": ZERO, "before_credit": ZERO, "debit": ZERO, "credit": ZERO}
    funds = []
    for account in accounts:
        row = sums.get(account.pk, empty)
        funds.append(
            ZisFund(
                account=account,
                opening=(row["before_credit"] - row["before_debit"]).quantize(CENT),
                receipts=Decimal(row["credit"]).quantize(CENT),
                disbursements=Decimal(row["debit"]).quantize(CENT),
            )
        )
    return ZisReport(start=start, end=end, funds=funds)
