"""The chart of accounts: created with the cooperative, extended by managers with sub-accounts and top-level
accounts of a class.

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
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.ledger import error_codes
from simpul.ledger.chart import CLASS_DIGIT, CLASS_NORMAL_BALANCE, ChartAccount, chart_for
from simpul.ledger.locks import lock_journal_sequence
from simpul.ledger.models import Account, AccountKind, BooksEventKind, CashFlowClass, JournalLine, RevenueSource
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


def _refuse(message: str, code: str, field: str) -> ApplicationError:
    return ApplicationError(message, code=code, extra={"field": field})


@transaction.atomic
def account_create(
    *,
    cooperative: Cooperative,
    actor: User,
    code: str,
    name: str,
    parent_code: str = "",
    kind: str = "",
    cash_flow_class: str = "",
    revenue_source: str = "",
) -> Account:
    """A manager's own account. Under a parent it is a sub-account and takes its parent's kind, normal balance,
    revenue source, cash-flow class and subledger. Without one it is a top-level account of a class: `kind` names
    the class, the code starts with the class's digit (chart.CLASS_DIGIT), the normal balance is the class's, and
    the manager may say where its cash moves (`cash_flow_class`; "cash" only for an asset) and, for revenue, whether
    it is earned from members (`revenue_source`). Temporary syirkah funds belong to a sharia cooperative's chart."""
    code = (code or "").strip()
    name = (name or "").strip()
    parent_code = (parent_code or "").strip()
    kind = (kind or "").strip()
    if not ACCOUNT_CODE.match(code):
        raise _refuse(
            _("An account code starts with a digit and has at most 20 digits, dots or dashes."),
            error_codes.INVALID_ACCOUNT_CODE,
            "code",
        )
    if not name:
        raise _refuse(_("Give the account a name."), error_codes.REQUIRED, "name")
    if parent_code:
        parent = Account.objects.filter(cooperative=cooperative, code=parent_code).first()
        if parent is None:
            raise _refuse(
                _("There is no account with code “%(code)s” in this cooperative's chart.") % {"code": parent_code},
                error_codes.UNKNOWN_ACCOUNT,
                "parent_code",
            )
        if kind and kind != parent.kind:
            raise _refuse(
                _("A sub-account has the kind of the account it sits under."), error_codes.INVALID_ACCOUNT_KIND, "kind"
            )
        if cash_flow_class or revenue_source:
            raise _refuse(
                _("A sub-account takes its cash flow class and revenue source from the account it sits under."),
                error_codes.INVALID_ACCOUNT_KIND,
                "cash_flow_class" if cash_flow_class else "revenue_source",
            )
        account = Account(
            kind=parent.kind,
            normal_balance=parent.normal_balance,
            revenue_source=parent.revenue_source,
            # Its cash moves the way its parent's do, and a control account's sub-account is a control account too.
            cash_flow_class=parent.cash_flow_class,
            subledger=parent.subledger,
            parent=parent,
        )
    else:
        account = Account(
            kind=_top_level_kind(cooperative, kind, code),
            normal_balance=CLASS_NORMAL_BALANCE[AccountKind(kind)],
            cash_flow_class=_top_level_cash_flow_class(kind, cash_flow_class),
            revenue_source=_top_level_revenue_source(kind, revenue_source),
        )
    lock_journal_sequence(cooperative)  # two managers adding the same code: the second sees the first
    if Account.objects.filter(cooperative=cooperative, code=code).exists():
        raise _refuse(
            _("Account code “%(code)s” is already used.") % {"code": code}, error_codes.DUPLICATE_ACCOUNT_CODE, "code"
        )
    refuse_too_long(name, max_length=150, field="name", label=_("Account name"))
    account.cooperative, account.code, account.name, account.is_system = cooperative, code, name, False
    account.save(force_insert=True)
    parent_of = account.parent.code if account.parent is not None else None
    books_event_record(
        cooperative=cooperative,
        actor=actor,
        kind=BooksEventKind.ACCOUNT_CREATED,
        payload=account_state(account, parent_code=parent_of),
    )
    changes = {"code": code, "name": account.name}
    changes.update({"parent": parent_of} if parent_of else {"kind": account.kind})
    audit_record(actor=actor, event="ledger.account_created", target=account, cooperative=cooperative, changes=changes)
    return account


def _top_level_kind(cooperative: Cooperative, kind: str, code: str) -> str:
    if kind not in CLASS_DIGIT or (kind == AccountKind.TEMPORARY_SYIRKAH and not cooperative.is_sharia):
        raise _refuse(
            _("Choose the account's class: asset, liability, equity, revenue or expense."),
            error_codes.INVALID_ACCOUNT_KIND,
            "kind",
        )
    if not code.startswith(CLASS_DIGIT[AccountKind(kind)]):
        raise _refuse(
            _("The code of an account of this class starts with %(digit)s.")
            % {"digit": CLASS_DIGIT[AccountKind(kind)]},
            error_codes.INVALID_ACCOUNT_CODE,
            "code",
        )
    return kind


def _top_level_cash_flow_class(kind: str, cash_flow_class: str) -> str:
    if cash_flow_class not in CashFlowClass.values or (
        cash_flow_class == CashFlowClass.CASH and kind != AccountKind.ASSET
    ):
        raise _refuse(
            _("Choose where the account's cash moves: operating, investing or financing (cash only for an asset)."),
            error_codes.INVALID_ACCOUNT_KIND,
            "cash_flow_class",
        )
    return cash_flow_class


def _top_level_revenue_source(kind: str, revenue_source: str) -> str:
    if revenue_source not in RevenueSource.values or (revenue_source and kind != AccountKind.REVENUE):
        raise _refuse(
            _("Only a revenue account says whether it is earned from members or from non-members."),
            error_codes.INVALID_ACCOUNT_KIND,
            "revenue_source",
        )
    return revenue_source


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
    account.name = refuse_too_long(name, max_length=150, field="name", label=_("Account name"))
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
