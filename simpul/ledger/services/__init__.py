"""Writes to the books. Other apps post only through `journal_post` (DESIGN.md convention 5)."""

from simpul.ledger.services.accounts import account_create, account_delete, account_rename, chart_of_accounts_create
from simpul.ledger.services.journal import LineInput, journal_post, journal_reverse
from simpul.ledger.services.opening import opening_balances_post
from simpul.ledger.services.periods import period_close, periods_lock

__all__ = [
    "LineInput",
    "account_create",
    "account_delete",
    "account_rename",
    "chart_of_accounts_create",
    "journal_post",
    "journal_reverse",
    "opening_balances_post",
    "period_close",
    "periods_lock",
]
