"""A cooperative with its savings products and its savings control accounts marked, for the subledger tests."""

import datetime
from decimal import Decimal

from simpul.coops.models import Cooperative
from simpul.coops.tests.factories import CooperativeFactory
from simpul.ledger import chart
from simpul.ledger.models import Account, JournalLine, Subledger
from simpul.ledger.services import chart_of_accounts_create
from simpul.members.savings.services import savings_products_setup

CONTROLS = (chart.SIMPANAN_SUKARELA, chart.SIMPANAN_POKOK, chart.SIMPANAN_WAJIB)
POKOK = Decimal("100000")
WAJIB = Decimal("25000")
DAY = datetime.date(2025, 3, 3)


def savings_cooperative(**fields: object) -> Cooperative:
    cooperative = CooperativeFactory.create(**fields)
    if not Account.objects.filter(cooperative=cooperative).exists():
        chart_of_accounts_create(cooperative=cooperative)
    # As the chart marks them, so these tests hold whatever chart the cooperative was created with.
    Account.objects.filter(cooperative=cooperative, code__in=CONTROLS).update(subledger=Subledger.SAVINGS)
    savings_products_setup(
        cooperative=cooperative,
        actor=None,
        pokok_amount=POKOK,
        wajib_amount=WAJIB,
        effective_from=datetime.date(2024, 1, 1),
    )
    return cooperative


def ledger_balance(cooperative: Cooperative, code: str, as_of: datetime.date | None = None) -> Decimal:
    """Credit minus debit of the account's lines (up to `as_of`), by independent SQL over the journal lines."""
    lines = JournalLine.objects.filter(cooperative=cooperative, account__code=code)
    if as_of is not None:
        lines = lines.filter(date__lte=as_of)
    return sum((line.credit - line.debit for line in lines), Decimal(0))
