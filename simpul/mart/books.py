"""The mart's accounts in the cooperative's chart. They come with every chart made since the mart exists; a
cooperative whose chart is older gets them here, the first time it sets up its mart (idempotent)."""

from simpul.coops.models import Cooperative
from simpul.ledger import chart
from simpul.ledger.models import Account
from simpul.ledger.services.accounts import chart_of_accounts_create

MART_ACCOUNTS = (
    chart.CASH,
    chart.QRIS_CLEARING,
    chart.MART_KASBON_RECEIVABLES,
    chart.MART_INVENTORY,
    chart.MART_PAYABLES,
    chart.STOCK_DIFFERENCES,
    chart.CASH_DIFFERENCES,
)


def mart_books_ensure(cooperative: Cooperative) -> None:
    """Add whatever of the chart the cooperative lacks (the mart's accounts, or the whole chart for a cooperative
    that never kept books here)."""
    have = set(Account.objects.filter(cooperative=cooperative, code__in=MART_ACCOUNTS).values_list("code", flat=True))
    if have != set(MART_ACCOUNTS):
        chart_of_accounts_create(cooperative=cooperative)
