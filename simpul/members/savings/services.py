"""Savings (simpanan): products from the by-laws, deposits and withdrawals, each posted to the ledger at once.

Every deposit or withdrawal locks its savings account row first, then the ledger's sequence row (inside
`journal_post`); always in that order, so two postings never wait on each other in a circle.
"""

import datetime
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.backends.utils import CursorWrapper
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core import lean_sql
from simpul.core.audit import audit_record, audit_write
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import User
from simpul.core.money import CENT, MAX_AMOUNT, amount_too_large, format_rupiah
from simpul.ledger import chart
from simpul.ledger.models import Account, JournalLine, Subledger
from simpul.ledger.services.accounts import chart_of_accounts_create
from simpul.ledger.services.journal import journal_post
from simpul.members import error_codes
from simpul.members.idempotency import key_reused, savings_request_hash
from simpul.members.models import (
    Member,
    SavingsAccount,
    SavingsKind,
    SavingsProduct,
    SavingsRate,
    SavingsTransaction,
    SavingsTransactionKind,
    ShariaContract,
)

# The columns a deposit or withdrawal writes; the id comes back from the insert.
TRANSACTION_FIELDS = (
    "cooperative",
    "account",
    "kind",
    "amount",
    "balance_after",
    "date",
    "journal_entry",
    "note",
    "client_key",
    "request_hash",
    "corrects",
    "actor",
    "created_at",
)

# The ledger account each product's balance sits in: sukarela is a liability, pokok and wajib are equity.
LEDGER_ACCOUNT = {
    SavingsKind.POKOK: chart.SIMPANAN_POKOK,
    SavingsKind.WAJIB: chart.SIMPANAN_WAJIB,
    SavingsKind.SUKARELA: chart.SIMPANAN_SUKARELA,
}
# A sharia cooperative's voluntary savings sit where their contract puts them: wadiah (held in trust, repayable on
# demand) is a liability; mudharabah (the member shares the profit and bears the loss) is dana syirkah temporer.
# Pokok and wajib stay the members' equity whatever their contract: the contract decides how their share of the
# result is worked out, not whose money they are (UU 25/1992 art. 41; the KSPPS accounting guideline).
CONTRACT_LEDGER_ACCOUNT: dict[tuple[SavingsKind, str], str] = {
    (SavingsKind.SUKARELA, ShariaContract.WADIAH): chart.WADIAH_SAVINGS,
    (SavingsKind.SUKARELA, ShariaContract.MUDHARABAH): chart.MUDHARABAH_SAVINGS,
}


def ledger_account_code(kind: str, contract: str = "") -> str:
    """The ledger account code of a savings product of this kind and sharia contract ("" for none)."""
    return CONTRACT_LEDGER_ACCOUNT.get((SavingsKind(kind), contract)) or LEDGER_ACCOUNT[SavingsKind(kind)]


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
    if amount.is_finite() and abs(amount) >= MAX_AMOUNT:
        raise _refuse(amount_too_large(), error_codes.INVALID_AMOUNT, field)
    if not amount.is_finite() or amount.quantize(CENT) != amount:
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


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def rate_on(product: SavingsProduct, day: datetime.date) -> Decimal | None:
    """The product's fixed amount in the month of `day` (the latest change from that month or before)."""
    rates = f"SELECT r.amount FROM {lean_sql.table(SavingsRate, 'r')} WHERE r.product_id = %s"  # noqa: S608
    with lean_sql.cursor() as cursor:  # every wajib deposit asks: lean SQL
        cursor.execute(f"{rates} AND r.effective_from <= %s ORDER BY r.effective_from DESC LIMIT 1", [product.pk, day])
        row = cursor.fetchone()
        if row is None:
            # A date before the first amount was set: the first amount.
            cursor.execute(f"{rates} ORDER BY r.effective_from LIMIT 1", [product.pk])
            row = cursor.fetchone()
    return lean_sql.instance(SavingsRate, row, ("amount",)).amount if row is not None else product.fixed_amount


def _contract(value: Any, field: str) -> str:
    if value not in (ShariaContract.WADIAH, ShariaContract.MUDHARABAH):
        raise _refuse(_("Choose wadiah or mudharabah."), error_codes.REQUIRED, field)
    return str(value)


def _effective_month(cooperative: Cooperative, effective_from: Any, *, first_setup: bool) -> datetime.date:
    this_month = month_start(cooperative.today())
    if effective_from is None:
        return this_month
    if not isinstance(effective_from, datetime.date) or isinstance(effective_from, datetime.datetime):
        raise _refuse(_("Give the month the amounts apply from."), error_codes.INVALID_DATE, "effective_from")
    month = month_start(effective_from)
    if not first_setup and month < this_month:
        raise _refuse(
            _("A new amount applies from this month on; months already owed keep the amount they had."),
            error_codes.INVALID_DATE,
            "effective_from",
        )
    if month > this_month.replace(year=this_month.year + 1):
        raise _refuse(_("The month is too far in the future."), error_codes.INVALID_DATE, "effective_from")
    return month


@transaction.atomic
def savings_products_setup(
    *,
    cooperative: Cooperative,
    actor: User | None,
    pokok_amount: Decimal | int,
    wajib_amount: Decimal | int,
    sukarela_contract: str = ShariaContract.WADIAH,
    pokok_contract: str = ShariaContract.WADIAH,
    wajib_contract: str = ShariaContract.WADIAH,
    effective_from: datetime.date | None = None,
    ip_address: str | None = None,
) -> list[SavingsProduct]:
    """Create the three products, or bring their amounts in line with the by-laws; calling it again changes nothing.

    Pokok and wajib amounts hold from `effective_from` (a month; default this month): the first time it may be a
    past month (when the by-laws started wajib), a change never reaches back before this month, so obligations
    already owed keep their amount. A sharia cooperative chooses the contract (wadiah or mudharabah) per product.
    """
    amounts = {
        SavingsKind.POKOK: _money(pokok_amount, field="pokok_amount"),
        SavingsKind.WAJIB: _money(wajib_amount, field="wajib_amount"),
        SavingsKind.SUKARELA: None,
    }
    contracts = {SavingsKind.POKOK: "", SavingsKind.WAJIB: "", SavingsKind.SUKARELA: ""}
    if cooperative.is_sharia:
        contracts = {
            SavingsKind.POKOK: _contract(pokok_contract, "pokok_contract"),
            SavingsKind.WAJIB: _contract(wajib_contract, "wajib_contract"),
            SavingsKind.SUKARELA: _contract(sukarela_contract, "sukarela_contract"),
        }
    existing = {p.kind: p for p in SavingsProduct.objects.select_for_update().filter(cooperative=cooperative)}
    month = _effective_month(cooperative, effective_from, first_setup=SavingsKind.WAJIB not in existing)
    changes: dict[str, Any] = {}
    for kind, amount in amounts.items():
        contract = contracts[kind]
        product = existing.get(kind)
        if product is None:
            product = SavingsProduct(cooperative=cooperative, kind=kind)
        if (
            product.pk is not None
            and product.sharia_contract != contract
            and ledger_account_code(kind, product.sharia_contract) != ledger_account_code(kind, contract)
            and SavingsAccount.objects.filter(cooperative=cooperative, product=product).exclude(balance=0).exists()
        ):
            # The members' balances sit in the old contract's ledger account: a new contract would post beside them.
            raise _refuse(
                _(
                    "Members still hold balances in %(product)s under its contract; the contract can change only "
                    "when every balance is zero."
                )
                % {"product": product.name},
                error_codes.CONTRACT_IN_USE,
                f"{kind}_contract",
            )
        if product.pk is None or (product.fixed_amount, product.sharia_contract) != (amount, contract):
            # fixed_amount is the latest amount set; what each month owes is in the product's rates.
            product.fixed_amount = amount
            product.sharia_contract = contract
            product.name = _product_name(kind, contract)
            product.save()
            changes[str(kind)] = " ".join(filter(None, [product.name, None if amount is None else str(amount)]))
        if amount is not None and _rate_set(cooperative, actor, product, amount, month):
            changes[f"{kind}_from"] = f"{amount} {month.isoformat()}"
    if changes:
        # Flat text values: the audit trail pages show each change as one readable value.
        audit_record(
            cooperative=cooperative,
            actor=actor,
            event="savings.products_set_up",
            target=cooperative,
            changes=changes,
            ip_address=ip_address,
        )
    return list(SavingsProduct.objects.filter(cooperative=cooperative).order_by("kind"))


def _rate_set(
    cooperative: Cooperative, actor: User | None, product: SavingsProduct, amount: Decimal, month: datetime.date
) -> bool:
    """Make `amount` hold from `month` on; planned changes after it are replaced. False if nothing changed."""
    later = product.rates.filter(effective_from__gt=month)
    if not later.exists() and product.rates.exists() and rate_on(product, month) == amount:
        return False
    later.delete()
    SavingsRate.objects.update_or_create(
        cooperative=cooperative,
        product=product,
        effective_from=month,
        defaults={"amount": amount, "actor": actor if actor and actor.pk else None},
    )
    return True


def _ensure_chart(cooperative: Cooperative) -> None:
    """A cooperative from before the ledger gets its chart when its first savings account opens."""
    if Account.objects.filter(cooperative=cooperative, code=chart.CASH).exists():
        return
    chart_of_accounts_create(cooperative=cooperative)


def _replayed(cooperative: Cooperative, client_key: str | None, request_hash: str | None) -> SavingsTransaction | None:
    """The transaction this key already recorded, if the request is the same; a key reused for another is a 409."""
    if not client_key or request_hash is None:
        return None
    replayed = SavingsTransaction.objects.filter(cooperative=cooperative, client_key=client_key).first()
    if replayed is not None and replayed.request_hash is not None and replayed.request_hash != request_hash:
        raise key_reused()
    return replayed


def _request_hash(direction: str, member_id: int, kind: Any, amount: Any, date: Any) -> str | None:
    """The hash of a keyed request, or None while its values are not valid (they are refused further on)."""
    if isinstance(date, datetime.datetime) or not isinstance(date, datetime.date):
        return None
    try:
        money = _money(amount)
    except ApplicationError:
        return None
    return savings_request_hash(direction=direction, member_id=member_id, kind=str(kind), amount=money, date=date)


def _check_values(cooperative: Cooperative, kind: str, amount: Any, date: Any) -> Decimal:
    amount = _money(amount)
    if kind not in SavingsKind.values:
        raise _refuse(_("Choose a savings product."), error_codes.INVALID_SAVINGS_KIND, "kind")
    if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
        raise _refuse(_("Give the transaction a date."), error_codes.INVALID_DATE, "date")
    if date > cooperative.today():
        raise _refuse(_("The date cannot be in the future."), error_codes.INVALID_DATE, "date")
    return amount


# What a deposit or withdrawal reads of the member, under the account's lock.
MEMBER_FIELDS = ("id", "cooperative", "number", "name", "status", "exit_date")


def _lock_account(cooperative: Cooperative, member_id: int, kind: str, cursor: CursorWrapper) -> SavingsAccount | None:
    """The member's account in this product, row-locked, with its product; None when it does not exist yet.

    Lean SQL (every deposit comes here). The member is read by a second statement, after the lock is held: on
    PostgreSQL a row joined to a locked one may be the version from before the wait, and a member who left
    meanwhile (member_exit settles the accounts under their locks) must be seen as gone."""
    sql = (
        f"SELECT {lean_sql.columns(SavingsAccount, 'a')}, {lean_sql.columns(SavingsProduct, 'p')} "  # noqa: S608
        f"FROM {lean_sql.table(SavingsAccount, 'a')} JOIN {lean_sql.table(SavingsProduct, 'p')} ON p.id = a.product_id "
        f"WHERE a.cooperative_id = %s AND a.member_id = %s AND p.kind = %s{lean_sql.for_update('a')}"
    )
    cursor.execute(sql, [cooperative.pk, member_id, kind])
    row = cursor.fetchone()
    if row is None:
        return None
    width = len(lean_sql.model_fields(SavingsAccount))
    account = lean_sql.instance(SavingsAccount, row[:width])
    account.product = lean_sql.instance(SavingsProduct, row[width:])
    cursor.execute(
        f"SELECT {lean_sql.columns(Member, 'm', MEMBER_FIELDS)} FROM {lean_sql.table(Member, 'm')} WHERE m.id = %s",  # noqa: S608
        [member_id],
    )
    account.member = lean_sql.instance(Member, cursor.fetchone(), MEMBER_FIELDS)
    return account


def _product_of_member(
    cooperative: Cooperative, member_id: int, kind: str, cursor: CursorWrapper
) -> tuple[int | None, bool]:
    """For a member without an account in this product: its product's id (None: not set up) and whether the
    cooperative has its chart. A member of another cooperative, or none, is a 404. Lean SQL: every new member's
    first deposits come here."""
    sql = (
        f"SELECT p.id, EXISTS (SELECT 1 FROM {lean_sql.table(Account, 'a')} "  # noqa: S608
        "WHERE a.cooperative_id = m.cooperative_id AND a.code = %s) "
        f"FROM {lean_sql.table(Member, 'm')} LEFT JOIN {lean_sql.table(SavingsProduct, 'p')} "
        "ON p.cooperative_id = m.cooperative_id AND p.kind = %s WHERE m.id = %s AND m.cooperative_id = %s"
    )
    cursor.execute(sql, [chart.CASH, kind, member_id, cooperative.pk])
    row = cursor.fetchone()
    if row is None:
        raise NotFoundError.plain()
    return row[0], bool(row[1])


def _open_account(
    cooperative: Cooperative, member_id: int, product_id: int | None, has_chart: bool, cursor: CursorWrapper
) -> None:
    """The first move of a member in a product opens the account (and the chart, for a cooperative without)."""
    if product_id is None:
        raise _refuse(
            _("This cooperative has not set up its savings products yet."), error_codes.SAVINGS_NOT_SET_UP, "kind"
        )
    if not has_chart:
        chart_of_accounts_create(cooperative=cooperative)
    values = {
        "cooperative": cooperative.pk,
        "member": member_id,
        "product": product_id,
        "balance": Decimal(0),
        "created_at": timezone.now(),
    }
    opening = lean_sql.insert_write("account", SavingsAccount, [values])
    # Two first deposits at once: the second insert waits for the first and then does nothing.
    lean_sql.run_writes([replace(opening, sql=opening.sql + " ON CONFLICT DO NOTHING")], using=cursor)


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
    note: str = "",
    request_hash: str | None = None,
    cursor: CursorWrapper | None = None,
    corrects: SavingsTransaction | None = None,
) -> SavingsTransaction:
    """Move the balance, post the entry and write the rows; the caller holds the account's row lock.

    A correction (`corrects`, with the kind opposite to the corrected one and the reason as its note) posts the
    mirror image of the corrected transaction's entry, marked as reversing it."""
    deposit = kind == SavingsTransactionKind.DEPOSIT
    # The caller holds the row lock, so the balance read with it is current.
    account.balance += amount if deposit else -amount
    ledger_code = ledger_account_code(account.product.kind, account.product.sharia_contract)
    words = {"product": account.product.name, "member": str(member)}
    if corrects is not None:
        description = _("Correction of %(product)s of member %(member)s (entry #%(number)s): %(reason)s") % {
            **words,
            "number": corrects.journal_entry.number,
            "reason": note,
        }
        lines = [
            (code, credit, debit)
            for code, debit, credit in JournalLine.objects.filter(entry_id=corrects.journal_entry_id)
            .order_by("id")
            .values_list("account__code", "debit", "credit")
        ]
    elif deposit:
        description = _("Deposit to %(product)s by member %(member)s") % words
        lines = [(chart.CASH, amount, Decimal(0)), (ledger_code, Decimal(0), amount)]
    else:
        description = _("Withdrawal from %(product)s by member %(member)s") % words
        lines = [(ledger_code, amount, Decimal(0)), (chart.CASH, Decimal(0), amount)]
    # The savings audit row below names the entry: one audit row per deposit is enough.
    entry = journal_post(
        cooperative=cooperative,
        actor=actor,
        date=date,
        description=description,
        lines=lines,
        source="savings",
        reverses=corrects.journal_entry if corrects is not None else None,
        audit=False,
        subledger=Subledger.SAVINGS,
    )
    savings_transaction = SavingsTransaction(
        cooperative=cooperative,
        account=account,
        kind=kind,
        amount=amount,
        balance_after=account.balance,
        date=date,
        journal_entry=entry,
        note=note,
        client_key=client_key or None,
        request_hash=request_hash if client_key else None,
        corrects=corrects,
        actor=actor if actor and actor.pk else None,
        created_at=timezone.now(),
    )
    # Lean SQL, one statement on PostgreSQL: the balance, the transaction row and its audit row.
    written = lean_sql.run_writes(
        [
            lean_sql.update_write("balance", SavingsAccount, account.pk, {"balance": account.balance}),
            lean_sql.insert_write(
                "move",
                SavingsTransaction,
                [lean_sql.instance_values(savings_transaction, TRANSACTION_FIELDS)],
                returning=True,
            ),
            audit_write(
                cooperative=cooperative,
                actor=actor,
                event="savings.correction" if corrects is not None else f"savings.{kind}",
                target=savings_transaction,
                target_id=lean_sql.Earlier("move"),
                changes={
                    "member": member.pk,
                    "product": account.product.kind,
                    "amount": str(amount),
                    "balance": str(account.balance),
                    "journal_entry": entry.number,
                    **({"note": note} if note else {}),
                    **({"corrects": corrects.pk} if corrects is not None else {}),
                },
                ip_address=ip_address,
            ),
        ],
        using=cursor,
    )
    lean_sql.saved(savings_transaction, written["move"])
    return savings_transaction


def _check_deposit(member: Member, account: SavingsAccount, amount: Decimal, date: datetime.date) -> None:
    if not member.is_active:
        raise _refuse(
            _("%(name)s is no longer an active member and cannot make deposits.") % {"name": member.name},
            error_codes.MEMBER_NOT_ACTIVE,
            "member",
        )
    product = account.product
    fixed = (rate_on(product, date) if product.kind != SavingsKind.SUKARELA else None) or Decimal(0)
    if product.kind == SavingsKind.POKOK:
        # A deposit corrected away (and its correction) leaves the pokok unpaid; a paper balance counts as paid.
        paid = account.transactions.filter(
            kind__in=(SavingsTransactionKind.DEPOSIT, SavingsTransactionKind.OPENING),
            corrects__isnull=True,
            corrections__isnull=True,
        )
        if paid.exists():
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
    request_hash = _request_hash(direction, member_id, kind, amount, date) if client_key else None
    replayed = _replayed(cooperative, client_key, request_hash)
    if replayed is not None:
        return replayed
    try:
        with transaction.atomic(), lean_sql.cursor() as cursor:
            account = _lock_account(cooperative, member_id, kind, cursor)
            if account is None:
                # Another cooperative's member is a 404 whatever else is wrong with the request.
                product_id, has_chart = _product_of_member(cooperative, member_id, kind, cursor)
                amount = _check_values(cooperative, kind, amount, date)
                _open_account(cooperative, member_id, product_id, has_chart, cursor)
                account = _lock_account(cooperative, member_id, kind, cursor)
                assert account is not None
            else:
                amount = _check_values(cooperative, kind, amount, date)
            member = account.member
            # A retry that waited on the lock behind its own first attempt finds that attempt here. The hash taken
            # before the lock still holds: values it could not hash were refused by _check_values just now.
            replayed = _replayed(cooperative, client_key, request_hash)
            if replayed is not None:
                return replayed
            if direction == SavingsTransactionKind.DEPOSIT:
                _check_deposit(member, account, amount, date)
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
                request_hash=request_hash,
                cursor=cursor,
            )
    except IntegrityError:
        # The same key sent at once for two different accounts: the first one written wins; the other gets the
        # first one if it was the same request, a 409 if it was another.
        request_hash = _request_hash(direction, member_id, kind, amount, date) if client_key else None
        replayed = _replayed(cooperative, client_key, request_hash)
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


# Cooperative data in Bahasa Indonesia, like the product names: the note printed on the receipt and the history.
SETTLEMENT_NOTE = "Pelunasan simpanan saat keluar"


def savings_settle_on_exit(
    *, cooperative: Cooperative, actor: User | None, member: Member, date: datetime.date, ip_address: str | None = None
) -> list[SavingsTransaction]:
    """Pay every balance of a member who has just left back in cash: one withdrawal per non-zero account.

    Runs inside member_exit's transaction with the member's row locked and its status already changed. Every
    product's account is opened first (an empty one is harmless), so a first deposit racing the exit waits on the
    account row and then finds the member gone. Cash may go below zero in the books: the cooperative owes the money
    either way, and the exit is not held up by the till.
    """
    _ensure_chart(cooperative)
    for product in SavingsProduct.objects.filter(cooperative=cooperative).order_by("pk"):
        SavingsAccount.objects.get_or_create(cooperative=cooperative, member=member, product=product)
    accounts = (
        SavingsAccount.objects.select_for_update(of=("self",))
        .select_related("product")
        .filter(cooperative=cooperative, member=member)
        .order_by("pk")
    )
    settled = []
    for account in accounts:
        if account.balance <= 0:
            continue
        settled.append(
            _record(
                cooperative=cooperative,
                actor=actor,
                member=member,
                account=account,
                kind=SavingsTransactionKind.WITHDRAWAL,
                amount=account.balance,
                date=date,
                client_key=None,
                ip_address=ip_address,
                note=SETTLEMENT_NOTE,
            )
        )
    return settled


# --- paying at the Koperasi Mart from simpanan sukarela (the mart's sale posts the entry; these keep the subledger)


def sukarela_lock_for_mart(*, cooperative: Cooperative, member_id: int, amount: Decimal) -> SavingsAccount:
    """The member's sukarela account, row-locked, checked to cover a purchase of `amount`.

    Called by the mart before it posts the sale (the lock order of a deposit: savings account, then the journal)."""
    with lean_sql.cursor() as cursor:
        account = _lock_account(cooperative, member_id, SavingsKind.SUKARELA, cursor)
    if account is None or not account.member.is_active:
        raise _refuse(
            _("This member has no simpanan sukarela to pay from."), error_codes.INSUFFICIENT_BALANCE, "payments"
        )
    if amount > account.balance:
        raise _refuse(
            _("The simpanan sukarela of %(name)s is %(balance)s: not enough to pay %(amount)s.")
            % {
                "name": account.member.name,
                "balance": format_rupiah(account.balance),
                "amount": format_rupiah(amount),
            },
            error_codes.INSUFFICIENT_BALANCE,
            "payments",
        )
    return account


def sukarela_mart_record(
    *,
    cooperative: Cooperative,
    actor: User | None,
    account: SavingsAccount,
    amount: Decimal,
    date: datetime.date,
    entry: Any,
    note: str,
    refund: bool = False,
) -> SavingsTransaction:
    """Record a purchase paid from sukarela (or its refund) against the entry the mart posted; the caller holds the
    account's lock (sukarela_lock_for_mart, or _lock_account for a refund)."""
    kind = SavingsTransactionKind.DEPOSIT if refund else SavingsTransactionKind.WITHDRAWAL
    account.balance += amount if refund else -amount
    SavingsAccount.objects.filter(pk=account.pk).update(balance=account.balance)
    row = SavingsTransaction.objects.create(
        cooperative=cooperative,
        account=account,
        kind=kind,
        amount=amount,
        balance_after=account.balance,
        date=date,
        journal_entry=entry,
        note=note,
        actor=actor if actor and actor.pk else None,
        created_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        event=f"savings.{kind}",
        target=row,
        cooperative=cooperative,
        changes={
            "member": account.member_id,
            "product": SavingsKind.SUKARELA,
            "amount": str(amount),
            "balance": str(account.balance),
            "journal_entry": entry.number,
            "note": note,
        },
    )
    return row


def sukarela_lock_for_refund(*, cooperative: Cooperative, member_id: int) -> SavingsAccount:
    """The member's sukarela account, row-locked, for a refund of a mart purchase paid from it."""
    with lean_sql.cursor() as cursor:
        account = _lock_account(cooperative, member_id, SavingsKind.SUKARELA, cursor)
    if account is None:
        raise NotFoundError.plain()
    return account
