"""Opening balances (saldo awal) of a cooperative moving from paper books: one journal entry, posted once."""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError
from simpul.core.models import User
from simpul.core.money import CENT, format_rupiah
from simpul.core.templatetags.simpul import tanggal
from simpul.ledger import error_codes, subledgers
from simpul.ledger.locks import lock_journal_sequence
from simpul.ledger.models import Account, AccountKind, JournalEntry, NormalBalance
from simpul.ledger.services.journal import MAX_AMOUNT, journal_post

OPENING_SOURCE = "opening"
BALANCE_SHEET_KINDS = (AccountKind.ASSET, AccountKind.LIABILITY, AccountKind.EQUITY)


def opening_entry_active(cooperative: Cooperative) -> JournalEntry | None:
    """The opening entry still standing (posted and not reversed), if any."""
    return (
        JournalEntry.objects.filter(cooperative=cooperative, source=OPENING_SOURCE, reversals__isnull=True)
        .order_by("number")
        .first()
    )


def _amount(code: str, value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise ApplicationError(
            _("Account %(code)s: the balance must be an exact decimal number.") % {"code": code},
            code=error_codes.INVALID_AMOUNT,
            extra={"field": "amounts", "account": code},
        )
    amount = Decimal(value)
    if not amount.is_finite() or abs(amount) >= MAX_AMOUNT or amount.quantize(CENT) != amount:
        raise ApplicationError(
            _("Account %(code)s: the balance is not a valid Rupiah amount (at most two decimal places).")
            % {"code": code},
            code=error_codes.INVALID_AMOUNT,
            extra={"field": "amounts", "account": code},
        )
    return amount.quantize(CENT)


@transaction.atomic
def opening_balances_post(
    *, cooperative: Cooperative, actor: User, as_of: dt.date, amounts: Mapping[str, Any], subledger: str = ""
) -> JournalEntry:
    """Post the balances of the balance-sheet accounts as of `as_of` as one entry (source "opening").

    `amounts` maps account codes to the balance on the account's normal side (a negative amount sits on the other
    side, e.g. a loss carried in equity). Assets must equal liabilities plus equity; the entry is refused when an
    opening entry already stands (reverse it first) or when any other entry is dated before `as_of`.

    A control account's balance (members' savings) is refused here: it comes in with each member's balance, through
    its subledger's opening service, which passes its `subledger` and writes the members' side in this transaction.
    """
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        raise ApplicationError(_("Give the opening date."), code=error_codes.INVALID_DATE, extra={"field": "as_of"})
    cleaned = {str(code).strip(): _amount(str(code), value) for code, value in amounts.items()}
    cleaned = {code: amount for code, amount in cleaned.items() if amount}
    if not cleaned:
        raise ApplicationError(
            _("Enter the balance of at least one account."), code=error_codes.OPENING_EMPTY, extra={"field": "amounts"}
        )
    accounts = {a.code: a for a in Account.objects.filter(cooperative=cooperative, code__in=cleaned)}
    unknown = sorted(set(cleaned) - set(accounts))
    if unknown:
        raise ApplicationError(
            _("There is no account with code “%(code)s” in this cooperative's chart.") % {"code": unknown[0]},
            code=error_codes.UNKNOWN_ACCOUNT,
            extra={"field": "amounts", "codes": unknown},
        )
    outside = sorted(code for code, account in accounts.items() if account.kind not in BALANCE_SHEET_KINDS)
    if outside:
        raise ApplicationError(
            _(
                "Account %(code)s is a revenue or expense account; opening balances are for assets, liabilities and "
                "equity only."
            )
            % {"code": outside[0]},
            code=error_codes.NOT_BALANCE_SHEET_ACCOUNT,
            extra={"field": "amounts", "codes": outside},
        )
    controlled = sorted(code for code, account in accounts.items() if account.subledger not in ("", subledger))
    if controlled:
        account = accounts[controlled[0]]
        raise ApplicationError(
            subledgers.opening_message(account.code, account.name, account.subledger),
            code=error_codes.CONTROL_ACCOUNT,
            extra={"field": "amounts", "codes": controlled, "subledger": account.subledger},
        )

    lines: list[tuple[str, Decimal, Decimal]] = []
    assets = claims = Decimal(0)  # claims: liabilities plus equity
    for code in sorted(cleaned):
        account, amount = accounts[code], cleaned[code]
        debit_side = (account.normal_balance == NormalBalance.DEBIT) == (amount > 0)
        if account.kind == AccountKind.ASSET:
            assets += amount if account.normal_balance == NormalBalance.DEBIT else -amount
        else:
            claims += amount if account.normal_balance == NormalBalance.CREDIT else -amount
        lines.append((code, abs(amount), Decimal(0)) if debit_side else (code, Decimal(0), abs(amount)))
    if assets != claims:
        raise ApplicationError(
            _(
                "Assets (%(assets)s) must equal liabilities plus equity (%(claims)s); the difference is "
                "%(difference)s. Check the balances against the paper books."
            )
            % {
                "assets": format_rupiah(assets),
                "claims": format_rupiah(claims),
                "difference": format_rupiah(assets - claims),
            },
            code=error_codes.OPENING_UNBALANCED,
            extra={"field": "amounts", "difference": str(assets - claims)},
        )

    lock_journal_sequence(cooperative)  # checked under the posting lock: no entry slips in between
    standing = opening_entry_active(cooperative)
    if standing is not None:
        raise ApplicationError(
            _(
                "The opening balances were already posted as entry #%(number)s on %(date)s. "
                "Reverse that entry first to post them again."
            )
            % {"number": standing.number, "date": tanggal(standing.date)},
            code=error_codes.OPENING_EXISTS,
        )
    # Earlier opening entries and their reversals do not count: they are what is being replaced.
    earlier = (
        JournalEntry.objects.filter(cooperative=cooperative, date__lt=as_of)
        .exclude(Q(source=OPENING_SOURCE) | Q(reverses__source=OPENING_SOURCE))
        .order_by("date", "number")
        .first()
    )
    if earlier is not None:
        raise ApplicationError(
            _(
                "Entry #%(number)s is dated %(date)s, before the opening date. Opening balances must come before "
                "every other entry; choose a date on or before %(date)s."
            )
            % {"number": earlier.number, "date": tanggal(earlier.date)},
            code=error_codes.OPENING_AFTER_ENTRIES,
            extra={"field": "as_of"},
        )
    entry = journal_post(
        cooperative=cooperative,
        actor=actor,
        date=as_of,
        description=_("Opening balances as of %(date)s") % {"date": tanggal(as_of)},
        lines=lines,
        source=OPENING_SOURCE,
        subledger=subledger,
    )
    audit_record(
        actor=actor,
        event="ledger.opening_balances_posted",
        target=entry,
        cooperative=cooperative,
        changes={"entry": entry.number, "as_of": as_of.isoformat(), "accounts": len(lines), "assets": str(assets)},
    )
    return entry
