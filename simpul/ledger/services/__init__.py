"""Writes to the books. Other apps post only through `journal_post` (DESIGN.md convention 5)."""

from simpul.ledger.services.accounts import account_create, chart_of_accounts_create
from simpul.ledger.services.journal import LineInput, journal_post, journal_reverse
from simpul.ledger.services.periods import period_close

__all__ = [
    "LineInput",
    "account_create",
    "chart_of_accounts_create",
    "journal_post",
    "journal_reverse",
    "period_close",
]
