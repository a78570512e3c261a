"""Reads of the savings: a member's balance per product and their latest transactions."""

from dataclasses import dataclass
from decimal import Decimal

from simpul.coops.models import Cooperative
from simpul.members.models import Member, SavingsAccount, SavingsProduct, SavingsTransaction

HISTORY_SIZE = 50


@dataclass(frozen=True)
class SavingsBalance:
    product: SavingsProduct
    balance: Decimal


def savings_products(cooperative: Cooperative) -> list[SavingsProduct]:
    order = {"pokok": 0, "wajib": 1, "sukarela": 2}
    return sorted(SavingsProduct.objects.filter(cooperative=cooperative), key=lambda p: order.get(p.kind, 9))


def member_savings_balances(cooperative: Cooperative, member: Member) -> list[SavingsBalance]:
    """Every product of the cooperative, with the member's balance (zero where no account was opened yet)."""
    balances = dict(
        SavingsAccount.objects.filter(cooperative=cooperative, member=member).values_list("product_id", "balance")
    )
    return [SavingsBalance(p, balances.get(p.pk, Decimal(0))) for p in savings_products(cooperative)]


def member_savings_history(cooperative: Cooperative, member: Member) -> list[SavingsTransaction]:
    """The latest transactions, newest first."""
    rows = (
        SavingsTransaction.objects.filter(cooperative=cooperative, account__member=member)
        .select_related("account__product", "journal_entry")
        .order_by("-date", "-id")
    )
    return list(rows[:HISTORY_SIZE])
