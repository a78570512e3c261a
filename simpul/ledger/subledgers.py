"""Subledgers (members' savings today; the mart's receivables, payables and stock later) and their control
accounts. The ledger knows nothing of them: each registers a check here that compares its balances with its
control accounts, and `verify_books` runs them all (`problems`)."""

from collections.abc import Callable

from simpul.coops.models import Cooperative

Check = Callable[[Cooperative], list[str]]
_checks: list[Check] = []


def register(check: Check) -> None:
    """Add a subledger's reconciliation check (called from the subledger app's AppConfig.ready)."""
    if check not in _checks:
        _checks.append(check)


def problems(cooperative: Cooperative) -> list[str]:
    """Every difference between a subledger and its control accounts, in plain words; [] when they agree."""
    return [problem for check in _checks for problem in check(cooperative)]
