"""Savings over the API: products of the by-laws, a member's balances and history, deposits and withdrawals (with
`client_key` so a retried request records once), one transaction's receipt data, and the wajib arrears.

The same access as the pages: managers and supervisors read, only managers write (a supervisor gets 403, anyone
without a role in the cooperative 404, as does another cooperative's member or transaction).
"""

import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status

from simpul.api_public import MAX_ID
from simpul.coops.access import READ_ROLES, WRITE_ROLES, access_cooperative
from simpul.coops.schemas import InputSchema
from simpul.core.audit import client_ip
from simpul.core.models import User
from simpul.core.money import MoneyIn
from simpul.members.cashier.api import router as cashier_router
from simpul.members.corrections.services import REASON_MAX, savings_correct
from simpul.members.models import SavingsProduct, SavingsTransaction, SavingsTransactionKind, ShariaContract
from simpul.members.opening.api import router as opening_router
from simpul.members.reconciliation.api import router as reconciliation_router
from simpul.members.savings.selectors import (
    member_savings_balances,
    member_savings_history,
    receipt_number,
    rupiah_in_words,
    savings_products,
    savings_transaction_get,
    wajib_arrear_rows,
    wajib_arrears,
    wajib_arrears_totals,
)
from simpul.members.savings.services import savings_deposit, savings_products_setup, savings_withdraw
from simpul.members.services import access_member

router = Router(tags=["savings"])
# The savings sub-domains' own routers (members/opening, members/reconciliation, members/cashier), same paths.
router.add_router("", opening_router)
router.add_router("", reconciliation_router)
router.add_router("", cashier_router)

MEMBER_ID = Path(..., ge=1, le=MAX_ID)


class RateOut(Schema):
    effective_from: datetime.date
    amount: Decimal


class ProductOut(Schema):
    kind: str
    name: str
    fixed_amount: Decimal | None
    sharia_contract: str = Field(description="'', 'wadiah' or 'mudharabah' (sharia cooperatives)")
    rates: list[RateOut]

    @staticmethod
    def resolve_rates(obj: SavingsProduct) -> list[RateOut]:
        return [RateOut(effective_from=r.effective_from, amount=r.amount) for r in obj.rates.order_by("effective_from")]


class ProductsIn(InputSchema):
    pokok_amount: MoneyIn
    wajib_amount: MoneyIn
    effective_from: datetime.date | None = Field(
        None, description="The month the amounts apply from (default: this month); a change never reaches back"
    )
    pokok_contract: ShariaContract = ShariaContract.WADIAH
    wajib_contract: ShariaContract = ShariaContract.WADIAH
    sukarela_contract: ShariaContract = ShariaContract.WADIAH


class TransactionOut(Schema):
    id: int
    member_id: int
    product: str
    product_name: str
    kind: str
    amount: Decimal
    balance_after: Decimal
    date: datetime.date
    note: str
    journal_entry: int
    receipt_number: str
    amount_in_words: str
    corrects: int | None = Field(None, description="On a correction: the id of the transaction it corrects")

    @staticmethod
    def from_row(row: SavingsTransaction) -> "TransactionOut":
        return TransactionOut(
            id=row.pk,
            member_id=row.account.member_id,
            product=row.account.product.kind,
            product_name=row.account.product.name,
            kind=row.kind,
            amount=row.amount,
            balance_after=row.balance_after,
            date=row.date,
            note=row.note,
            journal_entry=row.journal_entry.number,
            receipt_number=receipt_number(row),
            amount_in_words=rupiah_in_words(row.amount),
            corrects=row.corrects_id,
        )


class BalanceOut(Schema):
    product: str
    product_name: str
    balance: Decimal


class MemberSavingsOut(Schema):
    member_id: int
    balances: list[BalanceOut]
    history: list[TransactionOut]


class MoveIn(InputSchema):
    kind: str = Field(..., max_length=10, description="pokok, wajib or sukarela")
    amount: MoneyIn = Field(..., description='Rupiah, at most two decimals, e.g. "25000"')
    date: datetime.date | None = Field(None, description="Default: today in the cooperative's time zone")
    client_key: str | None = Field(
        None, max_length=64, description="A key of the client's choosing: the same key again returns the first one"
    )


class ArrearOut(Schema):
    member_id: int
    number: str
    name: str
    phone: str
    months: int
    amount: Decimal
    since: datetime.date
    last_paid: datetime.date | None


class ArrearsOut(Schema):
    count: int
    total: Decimal
    items: list[ArrearOut]


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


@router.get(
    "/cooperatives/{slug}/savings/products",
    response=list[ProductOut],
    summary="Savings products",
    description="Simpanan pokok, wajib and sukarela as the by-laws set them, with the amount history.",
)
def list_products(request: HttpRequest, slug: str) -> list[SavingsProduct]:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return savings_products(cooperative)


@router.put(
    "/cooperatives/{slug}/savings/products",
    response=list[ProductOut],
    summary="Set the savings products",
    description="For managers. Creates the three products or changes the amounts from a month on.",
)
def set_products(request: HttpRequest, slug: str, payload: ProductsIn) -> list[SavingsProduct]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    savings_products_setup(
        cooperative=cooperative,
        actor=user,
        pokok_amount=payload.pokok_amount,
        wajib_amount=payload.wajib_amount,
        effective_from=payload.effective_from,
        pokok_contract=payload.pokok_contract,
        wajib_contract=payload.wajib_contract,
        sukarela_contract=payload.sukarela_contract,
        ip_address=client_ip(request),
    )
    return savings_products(cooperative)


@router.get(
    "/cooperatives/{slug}/members/{member_id}/savings",
    response=MemberSavingsOut,
    summary="A member's savings",
    description="Balances per product and the latest 50 transactions, newest first.",
)
def member_savings(request: HttpRequest, slug: str, member_id: int = MEMBER_ID) -> MemberSavingsOut:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    member = access_member(cooperative, member_id)
    balances = [
        BalanceOut(product=b.product.kind, product_name=b.product.name, balance=b.balance)
        for b in member_savings_balances(cooperative, member)
    ]
    history = [TransactionOut.from_row(row) for row in member_savings_history(cooperative, member)]
    return MemberSavingsOut(member_id=member.pk, balances=balances, history=history)


def _move(request: HttpRequest, slug: str, member_id: int, payload: MoveIn, kind: str) -> Status[TransactionOut]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    record = savings_deposit if kind == SavingsTransactionKind.DEPOSIT else savings_withdraw
    row = record(
        cooperative=cooperative,
        actor=user,
        member_id=member_id,
        kind=payload.kind,
        amount=payload.amount,
        date=payload.date or cooperative.today(),
        client_key=payload.client_key,
        ip_address=client_ip(request),
    )
    return Status(201, TransactionOut.from_row(savings_transaction_get(cooperative, row.pk)))


@router.post(
    "/cooperatives/{slug}/members/{member_id}/savings/deposits",
    response={201: TransactionOut},
    summary="Record a deposit",
    description="For managers. Posts to the ledger at once. Sending the same client_key again returns the first "
    "deposit instead of recording another.",
)
def deposit(request: HttpRequest, slug: str, payload: MoveIn, member_id: int = MEMBER_ID) -> Status[TransactionOut]:
    return _move(request, slug, member_id, payload, SavingsTransactionKind.DEPOSIT)


@router.post(
    "/cooperatives/{slug}/members/{member_id}/savings/withdrawals",
    response={201: TransactionOut},
    summary="Record a withdrawal",
    description="For managers. Sukarela at any time; pokok and wajib only once the member has left. Never more "
    "than the balance.",
)
def withdraw(request: HttpRequest, slug: str, payload: MoveIn, member_id: int = MEMBER_ID) -> Status[TransactionOut]:
    return _move(request, slug, member_id, payload, SavingsTransactionKind.WITHDRAWAL)


@router.get(
    "/cooperatives/{slug}/savings/transactions/{transaction_id}",
    response=TransactionOut,
    summary="One savings transaction",
    description="What its receipt shows: number, amount and amount in words, balance after.",
)
def get_transaction(
    request: HttpRequest, slug: str, transaction_id: int = Path(..., ge=1, le=MAX_ID)
) -> TransactionOut:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return TransactionOut.from_row(savings_transaction_get(cooperative, transaction_id))


class CorrectionIn(InputSchema):
    reason: str = Field(..., max_length=REASON_MAX, description="Why the transaction is corrected (required)")
    date: datetime.date | None = Field(None, description="Default: today in the cooperative's time zone")
    client_key: str | None = Field(
        None, max_length=64, description="A key of the client's choosing: the same key again returns the first one"
    )


@router.post(
    "/cooperatives/{slug}/savings/transactions/{transaction_id}/correct",
    response={201: TransactionOut},
    summary="Correct a savings transaction",
    description="For managers. Records the same amount the other way on the member's account (a deposit corrected "
    "by a withdrawal and back) and posts the mirror image of its journal entry, marked as reversing it. Refused "
    "(400) for a transaction already corrected, a correction, an opening balance, a missing reason, or a balance "
    "that would go below zero. Sending the same client_key again returns the first correction.",
)
def correct_transaction(
    request: HttpRequest, slug: str, payload: CorrectionIn, transaction_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[TransactionOut]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    row = savings_correct(
        cooperative=cooperative,
        actor=user,
        transaction_id=transaction_id,
        reason=payload.reason,
        date=payload.date,
        client_key=payload.client_key,
        ip_address=client_ip(request),
    )
    return Status(201, TransactionOut.from_row(savings_transaction_get(cooperative, row.pk)))


@router.get(
    "/cooperatives/{slug}/savings/wajib-arrears",
    response=ArrearsOut,
    summary="Simpanan wajib arrears",
    description="Active members behind on simpanan wajib, most owed first: months behind, amount owed, last "
    "payment. `count` and `total` cover every match; `items` the page.",
)
def wajib_arrears_list(
    request: HttpRequest,
    slug: str,
    q: str = Query("", max_length=100, description="A part of the name, or a member number"),
    months: int = Query(0, ge=0, le=600, description="Only members at least this many months behind"),
    limit: int = Query(50, ge=1, le=100),
    offset: int = Query(0, ge=0, le=MAX_ID),
) -> ArrearsOut:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    schedule, members = wajib_arrears(cooperative, query=q, min_months=months)
    totals = wajib_arrears_totals(members)
    items = [
        ArrearOut(
            member_id=a.member.pk,
            number=a.member.number_display,
            name=a.member.name,
            phone=a.member.phone,
            months=a.months,
            amount=a.arrears,
            since=a.since,
            last_paid=a.last_paid,
        )
        for a in wajib_arrear_rows(schedule, members[offset : offset + limit])
    ]
    return ArrearsOut(count=totals["count"], total=totals["total"], items=items)
