"""The chart of accounts: created with the cooperative, extended by managers with sub-accounts.

System accounts are never renamed or deleted. A manager's own sub-account may be renamed, and deleted only while
nothing was ever posted to it (and it has no sub-accounts): an account that carries postings must stay for the
books to add up.
"""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import User
from simpul.ledger import error_codes
from simpul.ledger.chart import ChartAccount, chart_for
from simpul.ledger.locks import lock_journal_sequence
from simpul.ledger.models import Account, BooksEventKind, JournalLine
from simpul.ledger.services.events import account_state, books_event_record

ACCOUNT_CODE = re.compile(r"^[0-9][0-9.\-]{0,19}$")


@transaction.atomic
def chart_of_accounts_create(*, cooperative: Cooperative, actor: User | None = None) -> list[Account]:
    """Give the cooperative its chart (the standard one, or the sharia one for a sharia cooperative, chart.chart_for);
    accounts it already has are kept as they are (idempotent)."""
    lock_journal_sequence(cooperative)  # also serialises two callers for the same cooperative
    by_code = {account.code: account for account in Account.objects.filter(cooperative=cooperative)}
    items = [
        item
        for item in chart_for(cooperative_type=cooperative.type, is_sharia=cooperative.is_sharia)
        if item.code not in by_code
    ]
    # Top-level accounts in one insert; sub-accounts after them, in code order, each naming its parent's id.
    missing = Account.objects.bulk_create(
        [_chart_account(cooperative, item, None) for item in items if not item.parent]
    )
    by_code.update((account.code, account) for account in missing)
    for item in items:
        if item.parent:
            account = _chart_account(cooperative, item, by_code[item.parent])
            account.save(force_insert=True)
            by_code[account.code] = account
            missing.append(account)
    missing.sort(key=lambda account: account.code)
    if missing:
        books_event_record(
            cooperative=cooperative,
            actor=actor,
            kind=BooksEventKind.CHART_CREATED,
            payload={"accounts": [account_state(account, parent_code=_parent_code(account)) for account in missing]},
        )
        audit_record(
            actor=actor,
            event="ledger.chart_created",
            target=cooperative,
            cooperative=cooperative,
            # A string, not a list: audit trails read a two-item list as [before, after].
            changes={"accounts": ", ".join(account.code for account in missing)},
        )
    return list(Account.objects.filter(cooperative=cooperative))


def _chart_account(cooperative: Cooperative, item: ChartAccount, parent: Account | None) -> Account:
    return Account(
        cooperative=cooperative,
        code=item.code,
        name=item.name,
        kind=item.kind,
        normal_balance=item.normal_balance,
        revenue_source=item.revenue_source,
        cash_flow_class=item.cash_flow_class,
        subledger=item.subledger,
        parent=parent,
        is_system=True,
    )


def _parent_code(account: Account) -> str | None:
    return account.parent.code if account.parent is not None else None


@transaction.atomic
def account_create(*, cooperative: Cooperative, actor: User, parent_code: str, code: str, name: str) -> Account:
    """A sub-account: it takes its kind, normal balance and revenue source from its parent."""
    code = (code or "").strip()
    name = (name or "").strip()
    if not ACCOUNT_CODE.match(code):
        raise ApplicationError(
            _("An account code starts with a digit and has at most 20 digits, dots or dashes."),
            code=error_codes.INVALID_ACCOUNT_CODE,
            extra={"field": "code"},
        )
    if not name:
        raise ApplicationError(_("Give the account a name."), code=error_codes.REQUIRED, extra={"field": "name"})
    parent = Account.objects.filter(cooperative=cooperative, code=(parent_code or "").strip()).first()
    if parent is None:
        raise ApplicationError(
            _("There is no account with code “%(code)s” in this cooperative's chart.") % {"code": parent_code},
            code=error_codes.UNKNOWN_ACCOUNT,
            extra={"field": "parent_code"},
        )
    lock_journal_sequence(cooperative)  # two managers adding the same code: the second sees the first
    if Account.objects.filter(cooperative=cooperative, code=code).exists():
        raise ApplicationError(
            _("Account code “%(code)s” is already used.") % {"code": code},
            code=error_codes.DUPLICATE_ACCOUNT_CODE,
            extra={"field": "code"},
        )
    account = Account.objects.create(
        cooperative=cooperative,
        code=code,
        name=name[:150],
        kind=parent.kind,
        normal_balance=parent.normal_balance,
        revenue_source=parent.revenue_source,
        # Its cash moves the way its parent's do, and a control account's sub-account is a control account too.
        cash_flow_class=parent.cash_flow_class,
        subledger=parent.subledger,
        parent=parent,
        is_system=False,
    )
    books_event_record(
        cooperative=cooperative,
        actor=actor,
        kind=BooksEventKind.ACCOUNT_CREATED,
        payload=account_state(account, parent_code=parent.code),
    )
    audit_record(
        actor=actor,
        event="ledger.account_created",
        target=account,
        cooperative=cooperative,
        changes={"code": code, "name": account.name, "parent": parent.code},
    )
    return account


def _own_account(cooperative: Cooperative, account_id: int) -> Account:
    account = Account.objects.filter(cooperative=cooperative, pk=account_id).first()
    if account is None:
        raise NotFoundError(_("Account not found."), code="not_found")
    return account


def _refuse_system(account: Account, message: str) -> None:
    if account.is_system:
        raise ApplicationError(message % {"code": account.code}, code=error_codes.SYSTEM_ACCOUNT)


@transaction.atomic
def account_rename(*, cooperative: Cooperative, actor: User, account_id: int, name: str) -> Account:
    """A new name for a manager's sub-account; the chart's own accounts keep theirs."""
    account = _own_account(cooperative, account_id)
    name = (name or "").strip()
    _refuse_system(account, _("Account %(code)s belongs to the standard chart and cannot be renamed."))
    if not name:
        raise ApplicationError(_("Give the account a name."), code=error_codes.REQUIRED, extra={"field": "name"})
    old = account.name
    account.name = name[:150]
    if account.name != old:
        lock_journal_sequence(cooperative)
        account.save(update_fields=["name"])
        books_event_record(
            cooperative=cooperative,
            actor=actor,
            kind=BooksEventKind.ACCOUNT_RENAMED,
            payload={"code": account.code, "name": account.name},
        )
        audit_record(
            actor=actor,
            event="ledger.account_renamed",
            target=account,
            cooperative=cooperative,
            changes={"name": [old, account.name]},
        )
    return account


@transaction.atomic
def account_delete(*, cooperative: Cooperative, actor: User, account_id: int) -> None:
    """Delete a sub-account that was never used: no journal line and no sub-account of its own."""
    account = _own_account(cooperative, account_id)
    _refuse_system(account, _("Account %(code)s belongs to the standard chart and cannot be deleted."))
    lock_journal_sequence(cooperative)  # no posting to this account can be in flight while it goes
    if JournalLine.objects.filter(cooperative=cooperative, account=account).exists():
        raise ApplicationError(
            _("Account %(code)s has postings in the journal and cannot be deleted.") % {"code": account.code},
            code=error_codes.ACCOUNT_IN_USE,
        )
    if Account.objects.filter(cooperative=cooperative, parent=account).exists():
        raise ApplicationError(
            _("Account %(code)s has sub-accounts; delete them first.") % {"code": account.code},
            code=error_codes.ACCOUNT_IN_USE,
        )
    books_event_record(
        cooperative=cooperative, actor=actor, kind=BooksEventKind.ACCOUNT_DELETED, payload={"code": account.code}
    )
    audit_record(
        actor=actor,
        event="ledger.account_deleted",
        target=account,
        cooperative=cooperative,
        changes={"code": account.code, "name": account.name},
    )
    account.delete()
