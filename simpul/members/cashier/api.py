"""The cashier's desk over the API, with the pages' rules: find members, a member's balances and what they owe,
deposits (and withdrawals when the manager allows it for this cashier) through the savings services with their
client key, the day's own transactions with the closing total, and the manager's per-cashier setting.

Managers and cashiers use the desk; a supervisor or a member gets 403, anyone without a role in the cooperative
404, as does another cooperative's member. A cashier's refused withdrawal is a 403 with the reason in Indonesian.
"""

import datetime
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status

from simpul.api_public import MAX_ID
from simpul.coops.access import WRITE_ROLES, access_cooperative
from simpul.coops.models import Cooperative, RoleKind
from simpul.coops.schemas import InputSchema
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError
from simpul.core.models import User
from simpul.core.money import MoneyIn
from simpul.members import error_codes
from simpul.members.cashier.receipts import receipt_link, receipt_whatsapp_url
from simpul.members.cashier.selectors import (
    cashier_day,
    cashier_member_search,
    may_withdraw,
    savings_summary,
)
from simpul.members.cashier.services import cashier_permission_set, cashier_roles, check_may_withdraw
from simpul.members.models import CashierPermission, SavingsTransaction, SavingsTransactionKind
from simpul.members.savings.selectors import receipt_number, rupiah_in_words, savings_transaction_get
from simpul.members.savings.services import savings_deposit, savings_withdraw
from simpul.members.services import access_member

router = Router(tags=["cashier"])

DESK_ROLES = frozenset({RoleKind.MANAGER, RoleKind.CASHIER})
MEMBER_ID = Path(..., ge=1, le=MAX_ID)
DAY_QUERY = Query(None, description="Default: today in the cooperative's time zone")


class DeskMemberOut(Schema):
    id: int
    number: str
    name: str
    status: str


class DeskSearchOut(Schema):
    query: str
    other_cooperative: bool = Field(description="The card's QR text names another cooperative")
    exact_id: int | None = Field(description="The member a card's QR text or a member number names exactly")
    items: list[DeskMemberOut]


class DeskBalanceOut(Schema):
    product: str
    product_name: str
    balance: Decimal


class DeskMemberSavingsOut(Schema):
    member: DeskMemberOut
    balances: list[DeskBalanceOut]
    total: Decimal
    wajib_rate: Decimal | None
    wajib_months_owed: int
    wajib_owed: Decimal
    pokok_unpaid: Decimal | None = Field(description="The simpanan pokok still to pay; null once paid")
    may_withdraw: bool = Field(description="Whether the caller may pay out withdrawals")


class DeskMoveIn(InputSchema):
    kind: str = Field(..., max_length=10, description="pokok, wajib or sukarela")
    amount: MoneyIn = Field(..., description='Rupiah, at most two decimals, e.g. "100000"')
    date: datetime.date | None = Field(None, description="Default: today in the cooperative's time zone")
    client_key: str | None = Field(
        None, max_length=64, description="A key of the client's choosing: the same key again returns the first one"
    )


class DeskTransactionOut(Schema):
    id: int
    member_id: int
    member_number: str
    member_name: str
    product: str
    kind: str
    amount: Decimal
    balance_after: Decimal
    date: datetime.date
    recorded_at: datetime.datetime
    receipt_number: str
    amount_in_words: str

    @staticmethod
    def from_row(row: SavingsTransaction) -> "DeskTransactionOut":
        member = row.account.member
        return DeskTransactionOut(
            id=row.pk,
            member_id=member.pk,
            member_number=member.number_display,
            member_name=member.name,
            product=row.account.product.kind,
            kind=row.kind,
            amount=row.amount,
            balance_after=row.balance_after,
            date=row.date,
            recorded_at=row.created_at,
            receipt_number=receipt_number(row),
            amount_in_words=rupiah_in_words(row.amount),
        )


class DeskReceiptOut(DeskTransactionOut):
    receipt_url: str = Field(description="A signed link the member opens without logging in; it expires")
    whatsapp_url: str = Field(description="wa.me link with the message and the receipt link filled in")


class DeskDayOut(Schema):
    date: datetime.date
    deposits: Decimal
    withdrawals: Decimal
    net: Decimal
    deposit_count: int
    withdrawal_count: int
    items: list[DeskTransactionOut]


class CashierPermissionOut(Schema):
    user_id: int
    name: str
    may_withdraw: bool


class CashierPermissionIn(InputSchema):
    may_withdraw: bool


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _desk(request: HttpRequest, slug: str) -> tuple[Cooperative, User, bool]:
    user = _user(request)
    # The role of the highest priority comes first: a manager who is also a cashier acts as the manager.
    cooperative, role = access_cooperative(user, slug, DESK_ROLES)
    return cooperative, user, role.kind == RoleKind.MANAGER


def _member_out(member: object) -> DeskMemberOut:
    return DeskMemberOut(
        id=member.pk,  # type: ignore[attr-defined]
        number=member.number_display,  # type: ignore[attr-defined]
        name=member.name,  # type: ignore[attr-defined]
        status=member.status,  # type: ignore[attr-defined]
    )


@router.get(
    "/cooperatives/{slug}/cashier/members",
    response=DeskSearchOut,
    summary="Find a member at the cashier's desk",
    description="By a part of the name, the member number, the phone number (08… or +62…) or the text of the "
    "member card's QR code (`<cooperative>:<number>`). At most 20 members; no NIK, address or phone is returned.",
)
def search_members(
    request: HttpRequest, slug: str, q: str = Query("", max_length=100, description="What was typed or scanned")
) -> DeskSearchOut:
    cooperative = _desk(request, slug)[0]
    found = cashier_member_search(cooperative, q)
    return DeskSearchOut(
        query=found.query,
        other_cooperative=found.other_cooperative,
        exact_id=found.exact.pk if found.exact is not None else None,
        items=[_member_out(m) for m in found.members],
    )


@router.get(
    "/cooperatives/{slug}/cashier/members/{member_id}",
    response=DeskMemberSavingsOut,
    summary="A member at the cashier's desk",
    description="Balances per product, the wajib rate and months owed, the pokok still unpaid, and whether the "
    "caller may pay out withdrawals.",
)
def member_savings(request: HttpRequest, slug: str, member_id: int = MEMBER_ID) -> DeskMemberSavingsOut:
    cooperative, user, is_manager = _desk(request, slug)
    member = access_member(cooperative, member_id)
    summary = savings_summary(cooperative, member)
    return DeskMemberSavingsOut(
        member=_member_out(member),
        balances=[
            DeskBalanceOut(product=b.product.kind, product_name=b.product.name, balance=b.balance)
            for b in summary.balances
        ],
        total=summary.total,
        wajib_rate=summary.wajib_rate,
        wajib_months_owed=summary.wajib_months,
        wajib_owed=summary.wajib_owed,
        pokok_unpaid=summary.pokok_unpaid,
        may_withdraw=is_manager or may_withdraw(cooperative, user),
    )


def _receipt(cooperative: Cooperative, row: SavingsTransaction) -> DeskReceiptOut:
    row = savings_transaction_get(cooperative, row.pk)
    base = DeskTransactionOut.from_row(row)
    return DeskReceiptOut(**base.model_dump(), receipt_url=receipt_link(row), whatsapp_url=receipt_whatsapp_url(row))


def _move(request: HttpRequest, slug: str, member_id: int, payload: DeskMoveIn, direction: str) -> DeskReceiptOut:
    cooperative, user, is_manager = _desk(request, slug)
    access_member(cooperative, member_id)  # another cooperative's member is a 404 whatever else is wrong
    if direction == SavingsTransactionKind.WITHDRAWAL:
        check_may_withdraw(cooperative, user, {RoleKind.MANAGER} if is_manager else {RoleKind.CASHIER})
    record = savings_deposit if direction == SavingsTransactionKind.DEPOSIT else savings_withdraw
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
    return _receipt(cooperative, row)


@router.post(
    "/cooperatives/{slug}/cashier/members/{member_id}/deposits",
    response={201: DeskReceiptOut},
    summary="Record a deposit at the cashier's desk",
    description="For cashiers and managers. The same rules as every deposit (pokok once at its amount, wajib in "
    "whole months); posted to the ledger at once. The same client_key again returns the first deposit. The answer "
    "carries the receipt's signed link and the WhatsApp link to send it.",
)
def deposit(request: HttpRequest, slug: str, payload: DeskMoveIn, member_id: int = MEMBER_ID) -> Status[DeskReceiptOut]:
    return Status(201, _move(request, slug, member_id, payload, SavingsTransactionKind.DEPOSIT))


@router.post(
    "/cooperatives/{slug}/cashier/members/{member_id}/withdrawals",
    response={201: DeskReceiptOut},
    summary="Pay out a withdrawal at the cashier's desk",
    description="For managers, and for cashiers the manager allows to pay out (403 otherwise). Sukarela at any "
    "time; pokok and wajib only once the member has left; never more than the balance.",
)
def withdraw(
    request: HttpRequest, slug: str, payload: DeskMoveIn, member_id: int = MEMBER_ID
) -> Status[DeskReceiptOut]:
    return Status(201, _move(request, slug, member_id, payload, SavingsTransactionKind.WITHDRAWAL))


@router.get(
    "/cooperatives/{slug}/cashier/day",
    response=DeskDayOut,
    summary="The caller's transactions of a day",
    description="What the caller recorded on the day (by when it was recorded, in the cooperative's time zone), "
    "oldest first, with the closing totals: deposits, withdrawals and the net cash.",
)
def day(
    request: HttpRequest,
    slug: str,
    date: datetime.date | None = DAY_QUERY,
) -> DeskDayOut:
    cooperative, user, _manager = _desk(request, slug)
    today = cooperative.today()
    if date is not None and date > today:
        raise ApplicationError(
            _("The date cannot be in the future."), code=error_codes.INVALID_DATE, extra={"field": "date"}
        )
    result = cashier_day(cooperative, user, date or today)
    return DeskDayOut(
        date=result.day,
        deposits=result.deposits,
        withdrawals=result.withdrawals,
        net=result.net,
        deposit_count=result.deposit_count,
        withdrawal_count=result.withdrawal_count,
        items=[DeskTransactionOut.from_row(row) for row in result.rows],
    )


@router.get(
    "/cooperatives/{slug}/cashier/permissions",
    response=list[CashierPermissionOut],
    summary="What each cashier may do",
    description="For managers: the cooperative's active cashiers and whether each may pay out withdrawals.",
)
def list_permissions(request: HttpRequest, slug: str) -> list[CashierPermissionOut]:
    cooperative, _role = access_cooperative(_user(request), slug, WRITE_ROLES)
    allowed = set(
        CashierPermission.objects.filter(cooperative=cooperative, may_withdraw=True).values_list("user_id", flat=True)
    )
    return [
        CashierPermissionOut(user_id=role.user_id, name=role.user.full_name, may_withdraw=role.user_id in allowed)
        for role in cashier_roles(cooperative)
    ]


@router.put(
    "/cooperatives/{slug}/cashier/permissions/{user_id}",
    response=CashierPermissionOut,
    summary="Allow or stop a cashier paying out withdrawals",
    description="For managers. Each change is written to the audit trail; a person who is not an active cashier "
    "of the cooperative is a 404.",
)
def set_permission(
    request: HttpRequest, slug: str, payload: CashierPermissionIn, user_id: int = Path(..., ge=1, le=MAX_ID)
) -> CashierPermissionOut:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    permission = cashier_permission_set(
        cooperative=cooperative,
        actor=user,
        user_id=user_id,
        may_withdraw=payload.may_withdraw,
        ip_address=client_ip(request),
    )
    return CashierPermissionOut(
        user_id=permission.user_id, name=permission.user.full_name, may_withdraw=permission.may_withdraw
    )
