"""Correcting a savings transaction: a correcting transaction that moves the member's balance and posts the mirror
image of the corrected entry together (the ledger's control accounts take savings postings only from here and from
simpul/members/savings.py; a generic journal reversal of a savings entry is refused)."""

import datetime
import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core import lean_sql
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import User
from simpul.core.money import format_rupiah
from simpul.core.templatetags.simpul import tanggal
from simpul.members import error_codes
from simpul.members.models import SavingsTransaction, SavingsTransactionKind
from simpul.members.savings.services import _lock_account, _record, _replayed

OPPOSITE = {
    SavingsTransactionKind.DEPOSIT: SavingsTransactionKind.WITHDRAWAL,
    SavingsTransactionKind.WITHDRAWAL: SavingsTransactionKind.DEPOSIT,
}
REASON_MAX = 255


def correction_request_hash(*, transaction_id: int, reason: str, date: datetime.date) -> str:
    canonical = {"operation": "savings.correction", "transaction": transaction_id, "reason": reason, "date": str(date)}
    return hashlib.sha256(json.dumps(canonical, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _refuse(message: str, code: str, field: str | None = None) -> ApplicationError:
    return ApplicationError(message, code=code, extra={"field": field} if field else {})


def _check(cooperative: Cooperative, original: SavingsTransaction, reason: str, date: datetime.date) -> None:
    if original.corrects_id is not None:
        raise _refuse(
            _("This transaction is itself a correction; record a new deposit or withdrawal instead."),
            error_codes.NOT_CORRECTABLE,
        )
    if original.kind not in OPPOSITE:
        raise _refuse(
            _(
                "An opening balance came in with the ledger's opening entry and cannot be corrected on its own; "
                "record a deposit or withdrawal for the difference."
            ),
            error_codes.NOT_CORRECTABLE,
        )
    if not reason:
        raise _refuse(_("Say why the transaction is corrected."), error_codes.REQUIRED, "reason")
    if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
        raise _refuse(_("Give the transaction a date."), error_codes.INVALID_DATE, "date")
    if date > cooperative.today():
        raise _refuse(_("The date cannot be in the future."), error_codes.INVALID_DATE, "date")
    if date < original.date:
        raise _refuse(
            _("A correction cannot be dated before the transaction it corrects (%(date)s).")
            % {"date": tanggal(original.date)},
            error_codes.INVALID_DATE,
            "date",
        )


def savings_correct(
    *,
    cooperative: Cooperative,
    actor: User | None,
    transaction_id: int,
    reason: str,
    date: datetime.date | None = None,
    client_key: str | None = None,
    ip_address: str | None = None,
) -> SavingsTransaction:
    """Cancel a deposit or withdrawal recorded by mistake: the same amount the other way on the same member's account
    in the same product, with the reason as its note, and the corrected entry's mirror image in the ledger (marked as
    reversing it). Once per transaction; refused when it would take the balance below zero. `date` defaults to the
    cooperative's today. A `client_key` makes a retry return the first correction."""
    reason = " ".join((reason or "").split())[:REASON_MAX]
    client_key = (client_key or "").strip()[:64] or None
    day = date if date is not None else cooperative.today()
    request_hash = (
        correction_request_hash(transaction_id=transaction_id, reason=reason, date=day)
        if client_key and isinstance(day, datetime.date)
        else None
    )
    replayed = _replayed(cooperative, client_key, request_hash)
    if replayed is not None:
        return replayed
    original = (
        SavingsTransaction.objects.filter(cooperative=cooperative, pk=transaction_id)
        .select_related("account__product", "journal_entry")
        .first()
    )
    if original is None:
        raise NotFoundError.plain()
    try:
        with transaction.atomic(), lean_sql.cursor() as cursor:
            account = _lock_account(cooperative, original.account.member_id, original.account.product.kind, cursor)
            assert account is not None and account.pk == original.account_id
            replayed = _replayed(cooperative, client_key, request_hash)
            if replayed is not None:
                return replayed
            _check(cooperative, original, reason, day)
            done = SavingsTransaction.objects.filter(cooperative=cooperative, corrects=original).first()
            if done is not None:
                raise _refuse(
                    _("This transaction was already corrected on %(date)s.") % {"date": tanggal(done.date)},
                    error_codes.ALREADY_CORRECTED,
                )
            kind = OPPOSITE[SavingsTransactionKind(original.kind)]
            if kind == SavingsTransactionKind.WITHDRAWAL and original.amount > account.balance:
                raise _refuse(
                    _(
                        "The correction would take the balance below zero: %(amount)s is more than the balance of "
                        "%(balance)s. Correct the later withdrawals first."
                    )
                    % {"amount": format_rupiah(original.amount), "balance": format_rupiah(account.balance)},
                    error_codes.INSUFFICIENT_BALANCE,
                )
            return _record(
                cooperative=cooperative,
                actor=actor,
                member=account.member,
                account=account,
                kind=kind,
                amount=original.amount,
                date=day,
                client_key=client_key,
                ip_address=ip_address,
                note=reason,
                request_hash=request_hash,
                cursor=cursor,
                corrects=original,
            )
    except IntegrityError:
        # Two corrections of one transaction at once (the unique constraint), or the same key twice.
        replayed = _replayed(cooperative, client_key, request_hash)
        if replayed is not None:
            return replayed
        if SavingsTransaction.objects.filter(cooperative=cooperative, corrects=original).exists():
            raise _refuse(
                _("This transaction was already corrected on %(date)s.") % {"date": tanggal(day)},
                error_codes.ALREADY_CORRECTED,
            ) from None
        raise
