"""Savings (simpanan): products from the by-laws, deposits and withdrawals, each posted to the ledger at once.

Every deposit or withdrawal locks its savings account row first, then the ledger's sequence row (inside
`journal_post`); always in that order, so two postings never wait on each other in a circle.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError
from simpul.core.models import User
from simpul.core.money import CENT, format_rupiah
from simpul.ledger import chart
from simpul.ledger.models import Account
from simpul.ledger.services.accounts import chart_of_accounts_create
from simpul.ledger.services.journal import journal_post
from simpul.members import error_codes
from simpul.members.models import (
    Member,
    SavingsAccount,
    SavingsKind,
    SavingsProduct,
    SavingsTransaction,
    SavingsTransactionKind,
    ShariaContract,
)
from simpul.members.services import access_member, cooperative_today

MAX_AMOUNT = Decimal(10) ** 16  # DecimalField(18, 2)

# The ledger account each product's balance sits in: sukarela is a liability, pokok and wajib are equity.
LEDGER_ACCOUNT = {
    SavingsKind.POKOK: chart.SIMPANAN_POKOK,
    SavingsKind.WAJIB: chart.SIMPANAN_WAJIB,
    SavingsKind.SUKARELA: chart.SIMPANAN_SUKARELA,
}

# The names stay the cooperative's own data (Bahasa Indonesia), like the chart of accounts.
PRODUCT_NAMES = {
    SavingsKind.POKOK: "Simpanan Pokok",
    SavingsKind.WAJIB: "Simpanan Wajib",
    SavingsKind.SUKARELA: "Simpanan Sukarela",
}


def _refuse(message: str, code: str, field: str) -> ApplicationError:
    return ApplicationError(message, code=code, extra={"field": field})


def _money(value: Any, *, field: str = "amount") -> Decimal:
    """An exact positive Rupiah amount; floats (which are not exact) and anything else are refused."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise _refuse(_("The amount must be an exact number."), error_codes.INVALID_AMOUNT, field)
    amount = Decimal(value)
    if not amount.is_finite() or amount >= MAX_AMOUNT or amount.quantize(CENT) != amount:
        raise _refuse(
            _("The amount is not a valid Rupiah amount (at most two decimal places)."),
            error_codes.INVALID_AMOUNT,
            field,
        )
    if amount <= 0:
        raise _refuse(_("The amount must be more than zero."), error_codes.INVALID_AMOUNT, field)
    return amount.quantize(CENT)


def _product_name(kind: str, contract: str) -> str:
    name = PRODUCT_NAMES[SavingsKind(kind)]
    return f"{name} ({ShariaContract(contract).label.title()})" if contract else name


@transaction.atomic
def savings_products_setup(
    *,
    cooperative: Cooperative,
    actor: User | None,
    pokok_amount: Decimal | int,
    wajib_amount: Decimal | int,
    sukarela_contract: str = ShariaContract.WADIAH,
) -> list[SavingsProduct]:
    """Create the three products, or bring their amounts in line with the by-laws; calling it again changes nothing.

    A sharia cooperative keeps pokok and wajib on a wadiah contract and chooses wadiah or mudharabah for sukarela.
    """
    amounts = {
        SavingsKind.POKOK: _money(pokok_amount, field="pokok_amount"),
        SavingsKind.WAJIB: _money(wajib_amount, field="wajib_amount"),
        SavingsKind.SUKARELA: None,
    }
    if sukarela_contract not in (ShariaContract.WADIAH, ShariaContract.MUDHARABAH):
        raise _refuse(_("Choose wadiah or mudharabah."), error_codes.REQUIRED, "sukarela_contract")
    existing = {p.kind: p for p in SavingsProduct.objects.select_for_update().filter(cooperative=cooperative)}
    changes: dict[str, Any] = {}
    for kind, amount in amounts.items():
        contract = ""
        if cooperative.is_sharia:
            contract = sukarela_contract if kind == SavingsKind.SUKARELA else ShariaContract.WADIAH
        product = existing.get(kind)
        if product is None:
            product = SavingsProduct(cooperative=cooperative, kind=kind)
        elif (product.fixed_amount, product.sharia_contract) == (amount, contract):
            continue
        product.fixed_amount = amount
        product.sharia_contract = contract
        product.name = _product_name(kind, contract)
        product.save()
        # Flat text values: the audit trail pages show each change as one readable value.
        changes[str(kind)] = " ".join(filter(None, [product.name, None if amount is None else str(amount)]))
    if changes:
        audit_record(
            cooperative=cooperative, actor=actor, event="savings.products_set_up", target=cooperative, changes=changes
        )
    return list(SavingsProduct.objects.filter(cooperative=cooperative).order_by("kind"))


def _ensure_chart(cooperative: Cooperative) -> None:
    """A cooperative from before the ledger gets its chart, in its own short transaction before any row lock."""
    if not Account.objects.filter(cooperative=cooperative, code=chart.CASH).exists():
        chart_of_accounts_create(cooperative=cooperative)


def _replayed(cooperative: Cooperative, client_key: str | None) -> SavingsTransaction | None:
    if not client_key:
        return None
    return SavingsTransaction.objects.filter(cooperative=cooperative, client_key=client_key).first()


def _check_input(cooperative: Cooperative, kind: str, amount: Any, date: Any) -> tuple[SavingsProduct, Decimal]:
    amount = _money(amount)
    if kind not in SavingsKind.values:
        raise _refuse(_("Choose a savings product."), error_codes.INVALID_SAVINGS_KIND, "kind")
    if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
        raise _refuse(_("Give the transaction a date."), error_codes.INVALID_DATE, "date")
    if date > cooperative_today(cooperative):
        raise _refuse(_("The date cannot be in the future."), error_codes.INVALID_DATE, "date")
    product = SavingsProduct.objects.filter(cooperative=cooperative, kind=kind).first()
    if product is None:
        raise _refuse(
            _("This cooperative has not set up its savings products yet."), error_codes.SAVINGS_NOT_SET_UP, "kind"
        )
    return product, amount


def _locked_account(cooperative: Cooperative, member: Member, product: SavingsProduct) -> SavingsAccount:
    # get_or_create survives two first deposits at once (the loser's insert fails on the unique key and it reads).
    SavingsAccount.objects.get_or_create(cooperative=cooperative, member=member, product=product)
    account = SavingsAccount.objects.select_for_update().get(cooperative=cooperative, member=member, product=product)
    account.product = product
    return account


def _record(
    *,
    cooperative: Cooperative,
    actor: User | None,
    member: Member,
    account: SavingsAccount,
    kind: str,
    amount: Decimal,
    date: datetime.date,
    client_key: str | None,
    ip_address: str | None,
) -> SavingsTransaction:
    """Move the balance, post the entry and write the rows; the caller holds the account's row lock."""
    deposit = kind == SavingsTransactionKind.DEPOSIT
    SavingsAccount.objects.filter(pk=account.pk).update(balance=F("balance") + (amount if deposit else -amount))
    account.refresh_from_db(fields=["balance"])
    ledger_code = LEDGER_ACCOUNT[SavingsKind(account.product.kind)]
    words = {"product": account.product.name, "member": str(member)}
    if deposit:
        description = _("Deposit to %(product)s by member %(member)s") % words
        lines = [(chart.CASH, amount, Decimal(0)), (ledger_code, Decimal(0), amount)]
    else:
        description = _("Withdrawal from %(product)s by member %(member)s") % words
        lines = [(ledger_code, amount, Decimal(0)), (chart.CASH, Decimal(0), amount)]
    entry = journal_post(
        cooperative=cooperative, actor=actor, date=date, description=description, lines=lines, source="savings"
    )
    savings_transaction = SavingsTransaction.objects.create(
        cooperative=cooperative,
        account=account,
        kind=kind,
        amount=amount,
        balance_after=account.balance,
        date=date,
        journal_entry=entry,
        client_key=client_key or None,
        actor=actor if actor and actor.pk else None,
    )
    audit_record(
        cooperative=cooperative,
        actor=actor,
        event=f"savings.{kind}",
        target=savings_transaction,
        changes={
            "member": member.pk,
            "product": account.product.kind,
            "amount": str(amount),
            "balance": str(account.balance),
            "journal_entry": entry.number,
        },
        ip_address=ip_address,
    )
    return savings_transaction


def _check_deposit(member: Member, account: SavingsAccount, amount: Decimal) -> None:
    if not member.is_active:
        raise _refuse(
            _("%(name)s is no longer an active member and cannot make deposits.") % {"name": member.name},
            error_codes.MEMBER_NOT_ACTIVE,
            "member",
        )
    product = account.product
    fixed = product.fixed_amount or Decimal(0)
    if product.kind == SavingsKind.POKOK:
        if account.transactions.filter(kind=SavingsTransactionKind.DEPOSIT).exists():
            raise _refuse(
                _("%(name)s has already paid the simpanan pokok.") % {"name": member.name},
                error_codes.POKOK_ALREADY_PAID,
                "kind",
            )
        if amount != fixed:
            raise _refuse(
                _("The simpanan pokok is %(amount)s, paid once.") % {"amount": format_rupiah(fixed)},
                error_codes.POKOK_AMOUNT,
                "amount",
            )
    if product.kind == SavingsKind.WAJIB and amount % fixed:
        raise _refuse(
            _("The simpanan wajib is %(amount)s a month; deposit a whole number of months.")
            % {"amount": format_rupiah(fixed)},
            error_codes.WAJIB_AMOUNT,
            "amount",
        )


def _check_withdrawal(member: Member, account: SavingsAccount, amount: Decimal) -> None:
    if account.product.kind != SavingsKind.SUKARELA and member.is_active:
        raise _refuse(
            _("Simpanan pokok and wajib are paid back only when the member leaves the cooperative."),
            error_codes.NOT_WITHDRAWABLE,
            "kind",
        )
    if amount > account.balance:
        raise _refuse(
            _("The withdrawal is more than the balance of %(balance)s.") % {"balance": format_rupiah(account.balance)},
            error_codes.INSUFFICIENT_BALANCE,
            "amount",
        )


def _savings_move(
    *,
    cooperative: Cooperative,
    actor: User | None,
    member_id: int,
    kind: str,
    amount: Any,
    date: datetime.date,
    client_key: str | None,
    ip_address: str | None,
    direction: str,
) -> SavingsTransaction:
    client_key = (client_key or "").strip()[:64] or None
    replayed = _replayed(cooperative, client_key)
    if replayed is not None:
        return replayed
    product, amount = _check_input(cooperative, kind, amount, date)
    member = access_member(cooperative, member_id)
    _ensure_chart(cooperative)
    try:
        with transaction.atomic():
            account = _locked_account(cooperative, member, product)
            # A retry that waited on the lock behind its own first attempt finds that attempt here.
            replayed = _replayed(cooperative, client_key)
            if replayed is not None:
                return replayed
            if direction == SavingsTransactionKind.DEPOSIT:
                _check_deposit(member, account, amount)
            else:
                _check_withdrawal(member, account, amount)
            return _record(
                cooperative=cooperative,
                actor=actor,
                member=member,
                account=account,
                kind=direction,
                amount=amount,
                date=date,
                client_key=client_key,
                ip_address=ip_address,
            )
    except IntegrityError:
        # The same key sent at once for two different accounts: the first one written wins.
        replayed = _replayed(cooperative, client_key)
        if replayed is not None:
            return replayed
        raise


def savings_deposit(
    *,
    cooperative: Cooperative,
    actor: User | None,
    member_id: int,
    kind: str,
    amount: Decimal | int,
    date: datetime.date,
    client_key: str | None = None,
    ip_address: str | None = None,
) -> SavingsTransaction:
    """A member pays into a savings product; cash goes up, the member's savings in the books go up."""
    return _savings_move(
        cooperative=cooperative,
        actor=actor,
        member_id=member_id,
        kind=kind,
        amount=amount,
        date=date,
        client_key=client_key,
        ip_address=ip_address,
        direction=SavingsTransactionKind.DEPOSIT,
    )


def savings_withdraw(
    *,
    cooperative: Cooperative,
    actor: User | None,
    member_id: int,
    kind: str,
    amount: Decimal | int,
    date: datetime.date,
    client_key: str | None = None,
    ip_address: str | None = None,
) -> SavingsTransaction:
    """A member takes money out: sukarela at any time, pokok and wajib only once they have left."""
    return _savings_move(
        cooperative=cooperative,
        actor=actor,
        member_id=member_id,
        kind=kind,
        amount=amount,
        date=date,
        client_key=client_key,
        ip_address=ip_address,
        direction=SavingsTransactionKind.WITHDRAWAL,
    )
