"""API of the mart's back office at the till: shifts and Z reports, the mart's settings, voids and returns with the
manager's PIN, members' kasbon, and the dynamic QRIS for an amount.

Access as on the pages: the desk (manager, cashier) opens and closes shifts, voids, returns, takes kasbon
repayments and makes QRIS codes; managers and supervisors read Z reports of any shift and outlet (a cashier those of
their own shifts); only managers change the settings and kasbon limits. Anyone without a role in the cooperative
gets 404, as does another cooperative's shift, sale, outlet or member."""

import datetime
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from ninja.responses import Status

from simpul.coops.access import READ_ROLES, STAFF_ROLES, WRITE_ROLES, access_cooperative
from simpul.coops.models import Cooperative, RoleKind
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import User
from simpul.core.money import MoneyIn
from simpul.mart import error_codes
from simpul.mart.models import ChecklistPhase, SaleReturn
from simpul.mart.sales.kasbon import (
    kasbon_balance,
    kasbon_history,
    kasbon_limit_set,
    kasbon_list,
    kasbon_repay,
    kasbon_total,
)
from simpul.mart.sales.qris import qris_dynamic, qris_parse
from simpul.mart.sales.returns import sale_return, sale_void
from simpul.mart.settings.services import mart_settings_get, mart_settings_update
from simpul.mart.shifts.schemas import (
    MAX_ID,
    CurrentShiftOut,
    KasbonHistoryEntryOut,
    KasbonHistoryOut,
    KasbonRepaymentOut,
    MartSettingsIn,
    MartSettingsOut,
    MemberKasbonLimitIn,
    MemberKasbonListOut,
    MemberKasbonOut,
    MemberKasbonRepayIn,
    QrisPayloadOut,
    SaleReturnIn,
    SaleReturnOut,
    SaleVoidIn,
    ShiftChecklistItemOut,
    ShiftCloseIn,
    ShiftOpenIn,
    ShiftOut,
    ZReportOut,
)
from simpul.mart.shifts.selectors import (
    checklist_for,
    expected_cash,
    open_shift_of,
    shift_get,
    z_report_day,
    z_report_shift,
)
from simpul.mart.shifts.services import shift_close, shift_open
from simpul.members.services import access_member

router = Router(tags=["mart-shifts"])
DESK_ROLES = frozenset({RoleKind.MANAGER, RoleKind.CASHIER})
ID = Path(..., ge=1, le=MAX_ID)
BASE = "/cooperatives/{slug}/mart"
DAY = Query(None, description="Default: today in the cooperative's time zone")


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _checklist(cooperative: Cooperative, phase: str) -> list[ShiftChecklistItemOut]:
    return [ShiftChecklistItemOut(id=i.id, text=i.text, done=False) for i in checklist_for(cooperative, phase)]


# --- shifts ------------------------------------------------------------------------------------------------


@router.get(
    f"{BASE}/shifts/current",
    response=CurrentShiftOut,
    summary="My open shift",
    description="The caller's open shift (with the cash the till should hold now), and the network's checklists.",
)
def current_shift(request: HttpRequest, slug: str) -> CurrentShiftOut:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, DESK_ROLES)
    shift = open_shift_of(cooperative, user)
    return CurrentShiftOut(
        shift=ShiftOut.of(shift) if shift is not None else None,
        expected_cash=expected_cash(shift) if shift is not None else None,
        opening_checklist=_checklist(cooperative, ChecklistPhase.OPENING),
        closing_checklist=_checklist(cooperative, ChecklistPhase.CLOSING),
    )


@router.post(
    f"{BASE}/shifts",
    response={201: ShiftOut},
    summary="Open a shift",
    description="Opening cash and the ticked items of the network's opening checklist. One open shift per cashier "
    "and outlet: a second is refused with 409 (shift_already_open).",
)
def open_shift(request: HttpRequest, slug: str, payload: ShiftOpenIn) -> Status[ShiftOut]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, DESK_ROLES)
    shift = shift_open(
        cooperative=cooperative,
        actor=user,
        outlet_id=payload.outlet_id,
        opening_cash=payload.opening_cash,
        checklist=payload.checklist,
        ip_address=client_ip(request),
    )
    return Status(201, ShiftOut.of(shift))


@router.post(
    f"{BASE}/shifts/{{shift_id}}/close",
    response=ShiftOut,
    summary="Close a shift",
    description="The counted cash, the ticked closing checklist and a note. The variance against the expected "
    "cash (opening + cash sales + kasbon repaid − cash refunds) is posted against Kas (5203 Selisih Kas). A closed "
    "shift is refused with 409 (shift_closed). A cashier closes their own shifts; a manager any.",
)
def close_shift(request: HttpRequest, slug: str, payload: ShiftCloseIn, shift_id: int = ID) -> ShiftOut:
    user = _user(request)
    cooperative, role = access_cooperative(user, slug, DESK_ROLES)
    shift = shift_close(
        cooperative=cooperative,
        actor=user,
        shift_id=shift_id,
        counted_cash=payload.counted_cash,
        checklist=payload.checklist,
        note=payload.note,
        as_manager=role.kind == RoleKind.MANAGER,
        ip_address=client_ip(request),
    )
    return ShiftOut.of(shift)


@router.get(
    f"{BASE}/shifts/{{shift_id}}/z-report",
    response=ZReportOut,
    summary="Z report of a shift",
    description="Sales count, gross, discounts, net, by payment method, member and non-member, returns, cash "
    "expected, counted and the variance. A cashier reads only their own shifts'.",
)
def shift_z_report(request: HttpRequest, slug: str, shift_id: int = ID) -> ZReportOut:
    user = _user(request)
    cooperative, role = access_cooperative(user, slug, STAFF_ROLES)
    shift = shift_get(cooperative, shift_id)
    if role.kind == RoleKind.CASHIER and shift.cashier_id != user.pk:
        raise NotFoundError.plain()
    return ZReportOut.of(z_report_shift(shift))


@router.get(
    f"{BASE}/outlets/{{outlet_id}}/z-report",
    response=ZReportOut,
    summary="Z report of an outlet's day",
    description="The outlet's business day (in the cooperative's time zone): its sales and the shifts opened that "
    "day. Cash figures once every shift of the day is closed.",
)
def outlet_z_report(
    request: HttpRequest,
    slug: str,
    outlet_id: int = ID,
    date: datetime.date | None = DAY,
) -> ZReportOut:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return ZReportOut.of(z_report_day(cooperative, outlet_id, date or cooperative.today()))


# --- settings ------------------------------------------------------------------------------------------------


@router.get(f"{BASE}/settings", response=MartSettingsOut, summary="The mart's settings")
def get_settings(request: HttpRequest, slug: str) -> MartSettingsOut:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return MartSettingsOut.of(mart_settings_get(cooperative))


@router.put(
    f"{BASE}/settings",
    response=MartSettingsOut,
    summary="Change the mart's settings",
    description="For managers: discount limits (0–100 %), the default kasbon limit, the static QRIS payload "
    "(checked, CRC included), the receipt footer, and the manager's PIN (4–8 digits; empty keeps it; never shown).",
)
def put_settings(request: HttpRequest, slug: str, payload: MartSettingsIn) -> MartSettingsOut:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    settings = mart_settings_update(
        cooperative=cooperative,
        actor=user,
        max_line_discount_percent=payload.max_line_discount_percent,
        max_sale_discount_percent=payload.max_sale_discount_percent,
        kasbon_default_limit=payload.kasbon_default_limit,
        qris_payload=payload.qris_payload,
        receipt_footer=payload.receipt_footer,
        manager_pin=payload.manager_pin,
        ip_address=client_ip(request),
    )
    return MartSettingsOut.of(settings)


@router.get(
    f"{BASE}/qris",
    response=QrisPayloadOut,
    summary="Dynamic QRIS for an amount",
    description="The cooperative's static QRIS turned into a dynamic one (point of initiation 12, the amount in "
    "tag 54, a fresh CRC). 400 (invalid_qris) when no static QRIS is set.",
)
def qris_for_amount(request: HttpRequest, slug: str, amount: MoneyIn = Query(...)) -> QrisPayloadOut:  # noqa: B008
    cooperative, _role = access_cooperative(_user(request), slug, DESK_ROLES)
    static = mart_settings_get(cooperative).qris_payload
    if not static:
        raise _no_qris()
    payload = qris_dynamic(static, Decimal(amount))
    return QrisPayloadOut(payload=payload, merchant_name=qris_parse(payload).merchant_name, amount=Decimal(amount))


def _no_qris() -> ApplicationError:
    return ApplicationError(
        _("The mart has no QRIS code yet: the manager enters it in the mart settings."),
        code=error_codes.INVALID_QRIS,
        extra={"field": "qris_payload"},
    )


# --- voids and returns ---------------------------------------------------------------------------------------


def _return_out(row: SaleReturn) -> SaleReturnOut:
    return SaleReturnOut.of(SaleReturn.objects.select_related("journal_entry").get(pk=row.pk))


@router.post(
    f"{BASE}/sales/{{sale_id}}/void",
    response={201: SaleReturnOut},
    summary="Void a sale",
    description="The whole sale, on its own business day, with the manager's PIN: stock back, the entry reversed, "
    "each payment paid back as it was paid. 403 wrong_pin (audited; after 5 wrong tries in 10 minutes pin_locked), "
    "409 already_voided.",
)
def void_sale(request: HttpRequest, slug: str, payload: SaleVoidIn, sale_id: int = ID) -> Status[SaleReturnOut]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, DESK_ROLES)
    row = sale_void(
        cooperative=cooperative,
        actor=user,
        sale_id=sale_id,
        pin=payload.pin,
        reason=payload.reason,
        ip_address=client_ip(request),
    )
    return Status(201, _return_out(row))


@router.post(
    f"{BASE}/sales/{{sale_id}}/returns",
    response={201: SaleReturnOut},
    summary="Return goods of a sale",
    description="Some quantities (in base units) of some lines, never more than sold minus already returned, with "
    "the manager's PIN. Refunded in cash from the open shift, to simpanan sukarela, or off kasbon.",
)
def return_goods(request: HttpRequest, slug: str, payload: SaleReturnIn, sale_id: int = ID) -> Status[SaleReturnOut]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, DESK_ROLES)
    quantities: dict[int, Decimal] = {}
    for line in payload.lines:
        quantities[line.line_id] = quantities.get(line.line_id, Decimal(0)) + line.quantity
    row = sale_return(
        cooperative=cooperative,
        actor=user,
        sale_id=sale_id,
        quantities=quantities,
        pin=payload.pin,
        reason=payload.reason,
        refund_method=payload.refund_method,
        ip_address=client_ip(request),
    )
    return Status(201, _return_out(row))


# --- kasbon ----------------------------------------------------------------------------------------------------


@router.get(
    f"{BASE}/kasbon", response=MemberKasbonListOut, summary="Members' kasbon", description="What members owe first."
)
def list_kasbon(request: HttpRequest, slug: str) -> MemberKasbonListOut:
    cooperative, _role = access_cooperative(_user(request), slug, STAFF_ROLES)
    return MemberKasbonListOut(
        total=kasbon_total(cooperative), items=[MemberKasbonOut.of(k) for k in kasbon_list(cooperative)]
    )


@router.put(
    f"{BASE}/kasbon/{{member_id}}/limit",
    response=MemberKasbonOut,
    summary="Set a member's kasbon limit",
    description="For managers. 0 stops new kasbon; what is owed stays owed.",
)
def set_kasbon_limit(
    request: HttpRequest, slug: str, payload: MemberKasbonLimitIn, member_id: int = ID
) -> MemberKasbonOut:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    row = kasbon_limit_set(
        cooperative=cooperative, actor=user, member_id=member_id, limit=payload.limit, ip_address=client_ip(request)
    )
    return MemberKasbonOut.of(row)


@router.post(
    f"{BASE}/kasbon/{{member_id}}/repayments",
    response={201: KasbonRepaymentOut},
    summary="Record a kasbon repayment",
    description=(
        "At the till: cash Dr 1101 Kas, QRIS Dr 1104, a transfer Dr 1102 Bank / Cr 1205 Piutang Kasbon; never more "
        "than owed. The repayment gets a receipt number and belongs to the cashier's open shift (cash counts in its "
        "expected cash)."
    ),
)
def repay_kasbon(
    request: HttpRequest, slug: str, payload: MemberKasbonRepayIn, member_id: int = ID
) -> Status[KasbonRepaymentOut]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, DESK_ROLES)
    row = kasbon_repay(
        cooperative=cooperative,
        actor=user,
        member_id=member_id,
        amount=payload.amount,
        method=payload.method,
        ip_address=client_ip(request),
    )
    return Status(201, KasbonRepaymentOut.of_repayment(row))


@router.get(
    f"{BASE}/kasbon/{{member_id}}/history",
    response=KasbonHistoryOut,
    summary="A member's kasbon history",
    description="Sales by kasbon, voids and returns refunded off it, repayments: the newest first, 50 a page, each "
    "with what the member owed after it.",
)
def kasbon_history_api(
    request: HttpRequest, slug: str, member_id: int = ID, page: int = Query(1, ge=1, le=10000)
) -> KasbonHistoryOut:
    cooperative, _role = access_cooperative(_user(request), slug, STAFF_ROLES)
    member = access_member(cooperative, member_id)
    history = kasbon_history(cooperative, member, page)
    return KasbonHistoryOut(
        member_id=member.pk,
        balance=kasbon_balance(cooperative, member),
        page=history.page.number,
        has_more=history.page.has_more,
        items=[
            KasbonHistoryEntryOut(
                kind=e.kind, at=e.at, change=e.change, balance=e.balance, number=e.number, method=e.method
            )
            for e in history.entries
        ],
    )
