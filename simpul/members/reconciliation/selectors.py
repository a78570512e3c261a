"""Members' savings against their control accounts in the ledger, on any date (issue 10 §2).

For each control account of the savings subledger (simpanan pokok, wajib, sukarela, the sharia savings accounts):
- the sum of the members' balances in the products that sit in it, against the account's ledger balance;
- the difference per member: the member's balance against the ledger lines of the entries linked to the member's
  savings transactions (an entry that does not carry its transactions' amounts on the control account);
- a linked entry shared by several members (the opening entry) that does not carry their total, by entry;
- the control account's lines that no savings transaction is linked to, by entry.
The differences per member, per entry and unlinked add up to the account's difference. A fixed number of queries
whatever the number of members or transactions: every comparison is made in SQL and only differences come back.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.money import format_rupiah
from simpul.ledger.models import Account, JournalLine, Subledger
from simpul.members.models import SavingsAccount, SavingsProduct, SavingsTransaction
from simpul.members.savings.selectors import signed_amount
from simpul.members.savings.services import ledger_account_code

ZERO = Decimal(0)
MONEY = DecimalField(max_digits=20, decimal_places=2)
LIST_LIMIT = 200  # rows of each list on the page and in the API; the totals always cover everything


def product_ledger_code(product: SavingsProduct) -> str:
    """The ledger account a product's balances sit in (the same mapping the savings services post with)."""
    return ledger_account_code(product.kind, product.sharia_contract)


@dataclass(frozen=True)
class MemberDifference:
    member_id: int
    number: str
    name: str
    product: str
    savings: Decimal  # the member's balance in the subledger on the date
    ledger: Decimal  # the control account's lines of the entries linked to the member's transactions

    @property
    def difference(self) -> Decimal:
        return self.ledger - self.savings


@dataclass(frozen=True)
class EntryDifference:
    """An entry linked to several members' transactions (the opening entry) whose control lines differ from them."""

    entry_id: int
    number: int
    date: datetime.date
    members: int
    savings: Decimal
    ledger: Decimal

    @property
    def difference(self) -> Decimal:
        return self.ledger - self.savings


@dataclass(frozen=True)
class UnlinkedLine:
    """A control account's line in an entry no savings transaction (of a product in that account) is linked to."""

    entry_id: int
    number: int
    date: datetime.date
    description: str
    source: str
    amount: Decimal  # credit minus debit: what it adds to the members' savings in the books


@dataclass(frozen=True)
class StoredBalanceDifference:
    """A savings account whose balance column is not the sum of its transactions."""

    member_id: int
    number: str
    name: str
    product: str
    stored: Decimal
    transactions: Decimal


@dataclass
class ControlReconciliation:
    code: str
    name: str
    products: list[str]
    savings: Decimal = ZERO  # the sum of the members' balances on the date
    ledger: Decimal = ZERO  # the control account's balance on the date
    members: list[MemberDifference] = field(default_factory=list)
    entries: list[EntryDifference] = field(default_factory=list)
    unlinked: list[UnlinkedLine] = field(default_factory=list)

    @property
    def difference(self) -> Decimal:
        return self.ledger - self.savings

    @property
    def agrees(self) -> bool:
        return not self.difference and not self.members and not self.entries and not self.unlinked


@dataclass
class Reconciliation:
    as_of: datetime.date
    accounts: list[ControlReconciliation]
    stored: list[StoredBalanceDifference]

    @property
    def agrees(self) -> bool:
        return all(account.agrees for account in self.accounts) and not self.stored


def _credit_net() -> Any:
    return Coalesce(Sum("credit"), Value(ZERO), output_field=MONEY) - Coalesce(
        Sum("debit"), Value(ZERO), output_field=MONEY
    )


def savings_reconciliation(cooperative: Cooperative, as_of: datetime.date) -> Reconciliation:
    """The savings subledger against its control accounts at the end of `as_of` (8 queries, whatever the size)."""
    controls = list(
        Account.objects.filter(cooperative=cooperative, subledger=Subledger.SAVINGS)
        .order_by("code")
        .only("id", "code", "name")
    )
    by_code = {account.code: account for account in controls}
    products = list(SavingsProduct.objects.filter(cooperative=cooperative).order_by("kind", "id"))
    # Each product's control account; a product whose account is not a control account is not reconciled here.
    account_of = {p.pk: by_code[code].pk for p in products if (code := product_ledger_code(p)) in by_code}
    products_in: dict[int, list[int]] = defaultdict(list)
    for product_id, account_id in account_of.items():
        products_in[account_id].append(product_id)
    names = {p.pk: p.name for p in products}
    result = {a.pk: ControlReconciliation(a.code, a.name, [names[p] for p in products_in[a.pk]]) for a in controls}
    if not controls:
        return Reconciliation(as_of, [], [])
    control_ids = [a.pk for a in controls]
    lines = JournalLine.objects.filter(cooperative=cooperative, account_id__in=control_ids, date__lte=as_of)

    # The control accounts' balances.
    for row in lines.order_by().values("account_id").annotate(net=_credit_net()):
        result[row["account_id"]].ledger = row["net"]

    # The members' balances per product, summed.
    moves = SavingsTransaction.objects.filter(cooperative=cooperative, date__lte=as_of)
    for per_product in moves.order_by().values("account__product_id").annotate(total=Sum(signed_amount())):
        control_id = account_of.get(per_product["account__product_id"])
        if control_id is not None:
            result[control_id].savings += per_product["total"] or ZERO

    # Linked entries whose control lines differ from their transactions, per (entry, product).
    if account_of:
        ledger_of_entry = Case(
            *(
                When(
                    account__product_id=product_id,
                    then=Subquery(
                        JournalLine.objects.filter(entry_id=OuterRef("journal_entry_id"), account_id=account_id)
                        .order_by()
                        .values("entry_id")
                        .annotate(net=_credit_net())
                        .values("net")[:1],
                        output_field=MONEY,
                    ),
                )
                for product_id, account_id in account_of.items()
            ),
            output_field=MONEY,
        )
        mismatched = (
            moves.filter(account__product_id__in=list(account_of))
            .order_by()
            .values("journal_entry_id", "account__product_id")
            .annotate(
                amount=Sum(signed_amount()),
                ledger=Coalesce(ledger_of_entry, Value(ZERO), output_field=MONEY),
                members=Count("account__member_id", distinct=True),
                member_id=Min("account__member_id"),
                number=Max("journal_entry__number"),
                date=Max("journal_entry__date"),
            )
            .exclude(amount=F("ledger"))
            .order_by("number")
        )
        per_member: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
        for mismatch in mismatched[: LIST_LIMIT * 5]:
            account_id = account_of[mismatch["account__product_id"]]
            if mismatch["members"] == 1:
                per_member[(mismatch["member_id"], mismatch["account__product_id"])] += (
                    mismatch["ledger"] - mismatch["amount"]
                )
            elif len(result[account_id].entries) < LIST_LIMIT:
                result[account_id].entries.append(
                    EntryDifference(
                        mismatch["journal_entry_id"],
                        mismatch["number"],
                        mismatch["date"],
                        mismatch["members"],
                        mismatch["amount"],
                        mismatch["ledger"],
                    )
                )
        if per_member:
            wanted = Q()
            for member_id, product_id in per_member:
                wanted |= Q(member_id=member_id, product_id=product_id)
            holders = (
                SavingsAccount.objects.filter(wanted, cooperative=cooperative)
                .annotate(
                    moved=Coalesce(
                        Sum(signed_amount("transactions__"), filter=Q(transactions__date__lte=as_of)),
                        Value(ZERO),
                        output_field=MONEY,
                    )
                )
                .values("member_id", "member__number", "member__name", "product_id", "moved")
                .order_by("member__number", "product_id")
            )
            for holder in holders:
                key = (holder["member_id"], holder["product_id"])
                account_id = account_of[holder["product_id"]]
                if len(result[account_id].members) < LIST_LIMIT:
                    result[account_id].members.append(
                        MemberDifference(
                            holder["member_id"],
                            f"{holder['member__number']:05d}",
                            holder["member__name"],
                            names[holder["product_id"]],
                            holder["moved"],
                            holder["moved"] + per_member[key],
                        )
                    )

    # Control lines no savings transaction of a product in that account is linked to.
    unlinked = Q()
    for account_id in control_ids:
        linked = SavingsTransaction.objects.filter(
            cooperative=cooperative,
            journal_entry_id=OuterRef("entry_id"),
            account__product_id__in=products_in[account_id],
        )
        unlinked |= Q(account_id=account_id) & Q(~Exists(linked))
    rows = (
        lines.filter(unlinked)
        .values("entry_id", "entry__number", "entry__date", "entry__description", "entry__source", "account_id")
        .annotate(net=_credit_net())
        .order_by("entry__number", "account_id")
    )
    for row in rows[: LIST_LIMIT * len(control_ids)]:
        target = result[row["account_id"]]
        if len(target.unlinked) < LIST_LIMIT:
            target.unlinked.append(
                UnlinkedLine(
                    row["entry_id"],
                    row["entry__number"],
                    row["entry__date"],
                    row["entry__description"],
                    row["entry__source"],
                    row["net"],
                )
            )

    # Balance columns that are not the sum of their transactions (a change behind the services' back).
    stored = (
        SavingsAccount.objects.filter(cooperative=cooperative)
        .annotate(moved=Coalesce(Sum(signed_amount("transactions__")), Value(ZERO), output_field=MONEY))
        .exclude(balance=F("moved"))
        .values("member_id", "member__number", "member__name", "product_id", "balance", "moved")
        .order_by("member__number", "product_id")
    )
    stored_rows = [
        StoredBalanceDifference(
            r["member_id"],
            f"{r['member__number']:05d}",
            r["member__name"],
            names[r["product_id"]],
            r["balance"],
            r["moved"],
        )
        for r in stored[:LIST_LIMIT]
    ]
    return Reconciliation(as_of, [result[a.pk] for a in controls], stored_rows)


def savings_problems(cooperative: Cooperative) -> list[str]:
    """The reconciliation today, in plain words (verify_books runs it through ledger.subledgers)."""
    found: list[str] = []
    report = savings_reconciliation(cooperative, cooperative.today())
    for account in report.accounts:
        words = {"account": f"{account.code} {account.name}"}
        if account.difference:
            found.append(
                _(
                    "%(account)s: the books hold %(ledger)s, the members' savings add up to %(savings)s "
                    "(difference %(difference)s)"
                )
                % {
                    **words,
                    "ledger": format_rupiah(account.ledger),
                    "savings": format_rupiah(account.savings),
                    "difference": format_rupiah(account.difference),
                }
            )
        for member in account.members:
            found.append(
                _("%(account)s: member %(number)s %(name)s has %(savings)s in %(product)s, the books %(ledger)s")
                % {
                    **words,
                    "number": member.number,
                    "name": member.name,
                    "savings": format_rupiah(member.savings),
                    "product": member.product,
                    "ledger": format_rupiah(member.ledger),
                }
            )
        for entry in account.entries:
            found.append(
                _("%(account)s: entry #%(number)s carries %(ledger)s for savings transactions of %(savings)s")
                % {
                    **words,
                    "number": entry.number,
                    "ledger": format_rupiah(entry.ledger),
                    "savings": format_rupiah(entry.savings),
                }
            )
        for line in account.unlinked:
            found.append(
                _("%(account)s: entry #%(number)s moves %(amount)s without a savings transaction")
                % {**words, "number": line.number, "amount": format_rupiah(line.amount)}
            )
    for row in report.stored:
        found.append(
            _("Member %(number)s %(name)s: the %(product)s balance is %(stored)s, its transactions add up to %(moved)s")
            % {
                "number": row.number,
                "name": row.name,
                "product": row.product,
                "stored": format_rupiah(row.stored),
                "moved": format_rupiah(row.transactions),
            }
        )
    return found
