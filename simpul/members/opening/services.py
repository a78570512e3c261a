"""Opening balances from the paper books, members' savings included, in one step (issue 10 §2).

The ledger's opening entry and one opening savings transaction per member and product are written in one database
transaction, linked to each other, after checking that each savings control account's opening amount is exactly
the sum of the members' balances in the products that sit in it: the books and the members agree from day one.
"""

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError
from simpul.core.models import User
from simpul.core.money import CENT, MAX_AMOUNT, format_rupiah
from simpul.ledger.models import Account, JournalEntry, Subledger
from simpul.ledger.services.opening import opening_balances_post
from simpul.members import error_codes
from simpul.members.models import (
    Member,
    SavingsAccount,
    SavingsKind,
    SavingsProduct,
    SavingsTransaction,
    SavingsTransactionKind,
)
from simpul.members.reconciliation.selectors import product_ledger_code

# Cooperative data in Bahasa Indonesia, like the settlement note: shown in the member's history.
OPENING_NOTE = "Saldo awal dari pembukuan sebelumnya"
MAX_ROWS = 100_000


def _row_error(row: int, message: str, field: str) -> ApplicationError:
    return ApplicationError(
        _("Row %(row)s: %(message)s") % {"row": row, "message": message},
        code=error_codes.INVALID_BALANCES,
        extra={"field": "balances", "row": row, "column": field},
    )


def _member_number(value: Any, row: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip().isdigit():
        raise _row_error(row, _("give the member number."), "member")
    return int(str(value).strip())


def _balance(value: Any, row: int) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise _row_error(row, _("the balance must be an exact number."), "amount")
    amount = Decimal(value)
    if not amount.is_finite() or amount >= MAX_AMOUNT or amount.quantize(CENT) != amount or amount < 0:
        raise _row_error(row, _("the balance is not a valid Rupiah amount."), "amount")
    return amount.quantize(CENT)


def _clean_balances(balances: Sequence[Mapping[str, Any]]) -> dict[tuple[int, str], Decimal]:
    """{(member number, product kind): balance}, zero balances left out; each row names a member, a kind, an amount."""
    if len(balances) > MAX_ROWS:
        raise ApplicationError(
            _("At most %(count)s balances at once.") % {"count": MAX_ROWS},
            code=error_codes.INVALID_BALANCES,
            extra={"field": "balances"},
        )
    cleaned: dict[tuple[int, str], Decimal] = {}
    for row, raw in enumerate(balances, start=1):
        if not isinstance(raw, Mapping):
            raise _row_error(row, _("give a member, a product and a balance."), "member")
        number = _member_number(raw.get("member"), row)
        kind = raw.get("kind")
        if kind not in SavingsKind.values:
            raise _row_error(row, _("choose pokok, wajib or sukarela."), "kind")
        amount = _balance(raw.get("amount"), row)
        if (number, str(kind)) in cleaned:
            raise _row_error(row, _("member %(number)s appears twice for this product.") % {"number": number}, "member")
        if amount:
            cleaned[(number, str(kind))] = amount
    return cleaned


def _ledger_amount(value: Any) -> Decimal | None:
    """The amount as the ledger's opening will read it, or None when it is not one (the ledger refuses it)."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        return None
    amount = Decimal(value)
    return amount if amount.is_finite() else None


@transaction.atomic
def savings_opening_post(
    *,
    cooperative: Cooperative,
    actor: User,
    as_of: datetime.date,
    amounts: Mapping[str, Any],
    balances: Sequence[Mapping[str, Any]],
    ip_address: str | None = None,
) -> JournalEntry:
    """Post the ledger's opening balances (`amounts`: account code -> balance, as opening_balances_post takes them)
    with every member's savings balance (`balances`: [{"member": number, "kind": "wajib", "amount": 250000}]).

    Refused, writing nothing: a savings control account whose amount is not the sum of its members' balances
    (naming the difference), an unknown or departed member, a product not set up, a member's account that already
    has transactions (paper balances come before the first deposit), and everything the ledger's opening refuses."""
    cleaned = _clean_balances(balances)
    products = {p.kind: p for p in SavingsProduct.objects.filter(cooperative=cooperative)}
    missing = sorted({kind for _number, kind in cleaned} - set(products))
    if missing:
        raise ApplicationError(
            _("This cooperative has not set up its savings products yet."),
            code=error_codes.SAVINGS_NOT_SET_UP,
            extra={"field": "balances", "kinds": missing},
        )
    numbers = sorted({number for number, _kind in cleaned})
    members = {m.number: m for m in Member.objects.filter(cooperative=cooperative, number__in=numbers)}
    unknown = [n for n in numbers if n not in members]
    if unknown:
        raise ApplicationError(
            _("There is no member number %(number)s in this cooperative.") % {"number": f"{unknown[0]:05d}"},
            code=error_codes.INVALID_BALANCES,
            extra={"field": "balances", "members": unknown[:50]},
        )
    departed = [m for n, m in sorted(members.items()) if not m.is_active]
    if departed:
        raise ApplicationError(
            _("%(name)s is no longer an active member; a member who left has no savings to bring in.")
            % {"name": str(departed[0])},
            code=error_codes.MEMBER_NOT_ACTIVE,
            extra={"field": "balances"},
        )

    # Each savings control account's amount must be the sum of its members' balances.
    controls = {a.code: a for a in Account.objects.filter(cooperative=cooperative, subledger=Subledger.SAVINGS)}
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for (_number, kind), amount in cleaned.items():
        sums[product_ledger_code(products[kind])] += amount
    given = {str(code).strip(): value for code, value in amounts.items()}
    for code in sorted(set(controls) | set(sums)):
        stated = _ledger_amount(given.get(code, 0))
        if stated is None:
            continue  # the ledger's opening refuses it with its own message
        if stated != sums[code]:
            control = controls.get(code)
            raise ApplicationError(
                _(
                    "Account %(account)s: the opening balance is %(stated)s but the members' balances add up to "
                    "%(sum)s; the difference is %(difference)s."
                )
                % {
                    "account": f"{code} {control.name}" if control else code,
                    "stated": format_rupiah(stated),
                    "sum": format_rupiah(sums[code]),
                    "difference": format_rupiah(stated - sums[code]),
                },
                code=error_codes.OPENING_MISMATCH,
                extra={"field": "amounts", "account": code, "difference": str(stated - sums[code])},
            )

    # The members' accounts first, locked in primary-key order (as deposits lock them before the journal).
    for number, kind in sorted(cleaned):
        SavingsAccount.objects.get_or_create(cooperative=cooperative, member=members[number], product=products[kind])
    wanted = {(members[number].pk, products[kind].pk): amount for (number, kind), amount in cleaned.items()}
    accounts = list(
        SavingsAccount.objects.select_for_update()
        .filter(cooperative=cooperative, member_id__in=[m for m, _p in wanted])
        .order_by("pk")
    )
    accounts = [a for a in accounts if (a.member_id, a.product_id) in wanted]
    used = SavingsTransaction.objects.filter(cooperative=cooperative, account__in=accounts).select_related(
        "account__member"
    )
    first = used.order_by("account__member__number").first()
    if first is not None:
        raise ApplicationError(
            _(
                "%(name)s already has savings transactions; opening balances come before the first deposit. "
                "Leave this member out and record the difference as a deposit."
            )
            % {"name": str(first.account.member)},
            code=error_codes.OPENING_HAS_TRANSACTIONS,
            extra={"field": "balances"},
        )

    entry = opening_balances_post(
        cooperative=cooperative, actor=actor, as_of=as_of, amounts=amounts, subledger=Subledger.SAVINGS
    )
    now = timezone.now()
    rows = []
    for account in accounts:
        amount = wanted[(account.member_id, account.product_id)]
        account.balance += amount
        rows.append(
            SavingsTransaction(
                cooperative=cooperative,
                account=account,
                kind=SavingsTransactionKind.OPENING,
                amount=amount,
                balance_after=account.balance,
                date=as_of,
                journal_entry=entry,
                note=OPENING_NOTE,
                actor=actor if actor is not None and actor.pk else None,
                created_at=now,
            )
        )
    SavingsTransaction.objects.bulk_create(rows, batch_size=1000)
    SavingsAccount.objects.bulk_update(accounts, ["balance"], batch_size=1000)
    audit_record(
        actor=actor,
        event="savings.opening_posted",
        target=entry,
        cooperative=cooperative,
        changes={
            "entry": entry.number,
            "as_of": as_of.isoformat(),
            "members": len({m for m, _p in wanted}),
            "balances": len(rows),
            "total": str(sum(wanted.values(), Decimal(0))),
        },
        ip_address=ip_address,
    )
    return entry
