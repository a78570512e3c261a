"""Subledgers tied to the ledger: control accounts, the modules that own them, and their reconciliation checks.

A control account (Account.subledger set: simpanan pokok, wajib, sukarela; receivables, payables and stock when the
mart claims them) takes postings only from its subledger's own services, which pass `subledger=` to
`journal_post`. The ledger knows nothing of those modules (it sits below them), so each one registers a check here
(`register`, from its AppConfig.ready) and `problems` runs them: verify_books calls it.
"""

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.coops.models import Cooperative
from simpul.ledger.models import Subledger

# What a control account of each subledger holds, and the menu its postings go through (shown in refusals).
HOLDS: dict[str, Promise] = {
    Subledger.SAVINGS: gettext_lazy("members' savings"),
    Subledger.RECEIVABLES: gettext_lazy("receivables"),
    Subledger.PAYABLES: gettext_lazy("payables"),
    Subledger.INVENTORY: gettext_lazy("stock"),
}
MENU: dict[str, Promise] = {
    Subledger.SAVINGS: gettext_lazy("Savings"),
    Subledger.RECEIVABLES: gettext_lazy("Koperasi Mart"),
    Subledger.PAYABLES: gettext_lazy("Koperasi Mart"),
    Subledger.INVENTORY: gettext_lazy("Koperasi Mart"),
}
# Journal sources written by a subledger's services: their entries are corrected there, never by a reversal.
SOURCES: dict[str, str] = {"savings": Subledger.SAVINGS, "mart": Subledger.INVENTORY}

Check = Callable[[Cooperative], list[str]]
_checks: list[Check] = []


def register(check: Check) -> None:
    """Add a subledger's reconciliation check: it returns the cooperative's problems in plain words (none: [])."""
    if check not in _checks:
        _checks.append(check)


def problems(cooperative: Cooperative) -> list[str]:
    """Every registered subledger's problems for the cooperative (members' balances against control accounts)."""
    found: list[str] = []
    for check in _checks:
        found.extend(check(cooperative))
    return found


def control_account_message(code: str, name: str, subledger: str) -> str:
    """“Account 3102 Simpanan Wajib is a control account of members' savings; record it through the Savings menu.”"""
    return _("Account %(account)s is a control account of %(holds)s; record it through the %(menu)s menu.") % {
        "account": f"{code} {name}",
        "holds": HOLDS.get(subledger, subledger),
        "menu": MENU.get(subledger, subledger),
    }


def correction_message(subledger: str) -> str:
    return _(
        "This entry was posted by %(holds)s and is corrected there (the %(menu)s menu), so the members' records and "
        "the books move together; it cannot be reversed here."
    ) % {"holds": HOLDS.get(subledger, subledger), "menu": MENU.get(subledger, subledger)}


def opening_message(code: str, name: str, subledger: str) -> str:
    return _(
        "Account %(account)s is a control account of %(holds)s: its opening balance comes in together with each "
        "member's balance, on the opening balances page of the %(menu)s menu."
    ) % {"account": f"{code} {name}", "holds": HOLDS.get(subledger, subledger), "menu": MENU.get(subledger, subledger)}
