"""Schemas of the shifts API (shifts, Z reports, the mart's settings, voids and returns, kasbon, QRIS)."""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from simpul.coops.schemas import InputSchema
from simpul.core.money import MoneyIn, NonNegativeMoneyIn, quantize
from simpul.mart.models import Kasbon, KasbonRepayment, MartSettings, SaleReturn, Shift
from simpul.mart.shifts.selectors import ZReport

MAX_ID = 2**31 - 1


class ShiftChecklistItemOut(Schema):
    id: int
    text: str
    done: bool


class ShiftOut(Schema):
    id: int
    outlet_id: int
    outlet: str
    cashier_id: int
    status: str = Field(..., description="open or closed")
    opened_at: datetime.datetime
    opening_cash: Decimal
    opening_checklist: list[ShiftChecklistItemOut]
    closed_at: datetime.datetime | None
    expected_cash: Decimal | None
    counted_cash: Decimal | None
    cash_variance: Decimal | None = Field(None, description="Counted minus expected: below zero is a shortage")
    closing_checklist: list[ShiftChecklistItemOut]
    closing_note: str

    @staticmethod
    def of(shift: Shift) -> "ShiftOut":
        return ShiftOut(
            id=shift.pk,
            outlet_id=shift.outlet_id,
            outlet=shift.outlet.name,
            cashier_id=shift.cashier_id,
            status=shift.status,
            opened_at=shift.opened_at,
            opening_cash=shift.opening_cash,
            opening_checklist=[ShiftChecklistItemOut(**item) for item in shift.opening_checklist],
            closed_at=shift.closed_at,
            expected_cash=shift.expected_cash,
            counted_cash=shift.counted_cash,
            cash_variance=shift.cash_variance,
            closing_checklist=[ShiftChecklistItemOut(**item) for item in shift.closing_checklist],
            closing_note=shift.closing_note,
        )


class CurrentShiftOut(Schema):
    shift: ShiftOut | None = Field(None, description="The caller's open shift, if any")
    expected_cash: Decimal | None = None
    opening_checklist: list[ShiftChecklistItemOut] = Field(
        default_factory=list, description="The network's opening checklist (to tick when opening)"
    )
    closing_checklist: list[ShiftChecklistItemOut] = Field(default_factory=list)


class ShiftOpenIn(InputSchema):
    outlet_id: int = Field(..., ge=1, le=MAX_ID)
    opening_cash: NonNegativeMoneyIn
    checklist: list[int] = Field(default_factory=list, max_length=200, description="Ids of the ticked items")


class ShiftCloseIn(InputSchema):
    counted_cash: NonNegativeMoneyIn
    checklist: list[int] = Field(default_factory=list, max_length=200, description="Ids of the ticked items")
    note: str = Field("", max_length=255)


class ZMethodTotal(Schema):
    method: str
    amount: Decimal


class ZReportOut(Schema):
    outlet: str
    date: datetime.date | None
    sales_count: int
    voided_count: int
    gross: Decimal
    discounts: Decimal
    net: Decimal
    tax: Decimal
    member_sales: Decimal
    member_count: int
    non_member_sales: Decimal
    non_member_count: int
    by_method: list[ZMethodTotal]
    returns_count: int
    returns_total: Decimal
    cash_refunds: Decimal
    kasbon_repaid: Decimal = Field(..., description="Kasbon repaid in the shift(s), every method")
    kasbon_repaid_cash: Decimal = Field(..., description="Of it in cash: counted in the cash expected")
    opening_cash: Decimal
    cash_expected: Decimal | None
    cash_counted: Decimal | None
    variance: Decimal | None
    shift_ids: list[int]

    @staticmethod
    def of(report: ZReport) -> "ZReportOut":
        def money(value: Decimal | None) -> Decimal | None:
            return quantize(value) if value is not None else None

        return ZReportOut(
            outlet=report.outlet_name,
            date=report.date,
            sales_count=report.sales_count,
            voided_count=report.voided_count,
            gross=quantize(report.gross),
            discounts=quantize(report.discounts),
            net=quantize(report.net),
            tax=quantize(report.tax),
            member_sales=quantize(report.member_sales),
            member_count=report.member_count,
            non_member_sales=quantize(report.non_member_sales),
            non_member_count=report.non_member_count,
            by_method=[ZMethodTotal(method=m, amount=quantize(a)) for m, a in report.by_method],
            returns_count=report.returns_count,
            returns_total=quantize(report.returns_total),
            cash_refunds=quantize(report.cash_refunds),
            kasbon_repaid=quantize(report.kasbon_repaid),
            kasbon_repaid_cash=quantize(report.kasbon_repaid_cash),
            opening_cash=quantize(report.opening_cash),
            cash_expected=money(report.cash_expected),
            cash_counted=money(report.cash_counted),
            variance=money(report.variance),
            shift_ids=[s.pk for s in report.shifts],
        )


class MartSettingsOut(Schema):
    max_line_discount_percent: Decimal
    max_sale_discount_percent: Decimal
    kasbon_default_limit: Decimal
    qris_payload: str
    receipt_footer: str
    manager_pin_set: bool = Field(..., description="Whether a manager's PIN is set (the PIN itself is never shown)")

    @staticmethod
    def of(settings: MartSettings) -> "MartSettingsOut":
        return MartSettingsOut(
            max_line_discount_percent=settings.max_line_discount_percent,
            max_sale_discount_percent=settings.max_sale_discount_percent,
            kasbon_default_limit=settings.kasbon_default_limit,
            qris_payload=settings.qris_payload,
            receipt_footer=settings.receipt_footer,
            manager_pin_set=bool(settings.manager_pin_hash),
        )


class MartSettingsIn(InputSchema):
    max_line_discount_percent: Decimal = Field(..., ge=0, le=100, decimal_places=2)
    max_sale_discount_percent: Decimal = Field(..., ge=0, le=100, decimal_places=2)
    kasbon_default_limit: NonNegativeMoneyIn
    qris_payload: str = Field("", max_length=512, description="The static QRIS payload (EMVCo), empty for none")
    receipt_footer: str = Field("", max_length=200)
    manager_pin: str = Field("", max_length=8, description="4 to 8 digits; empty keeps the PIN")


class SaleVoidIn(InputSchema):
    pin: str = Field(..., max_length=8, description="The manager's PIN")
    reason: str = Field(..., max_length=255)


class SaleReturnLineIn(InputSchema):
    line_id: int = Field(..., ge=1, le=MAX_ID, description="The sale line")
    quantity: Decimal = Field(..., gt=0, max_digits=14, decimal_places=3, description="In the product's base unit")


class SaleReturnIn(InputSchema):
    pin: str = Field(..., max_length=8, description="The manager's PIN")
    reason: str = Field(..., max_length=255)
    lines: list[SaleReturnLineIn] = Field(..., min_length=1, max_length=200)
    refund_method: str = Field("", max_length=10, description="cash, savings or kasbon (default: as paid)")


class SaleReturnLineOut(Schema):
    sale_line_id: int
    base_quantity: Decimal
    refund: Decimal
    cost: Decimal


class SaleReturnOut(Schema):
    id: int
    sale_id: int
    is_void: bool
    reason: str
    refund: Decimal
    refund_method: str
    shift_id: int | None
    approved_by: int
    journal_entry: int
    lines: list[SaleReturnLineOut]

    @staticmethod
    def of(row: SaleReturn) -> "SaleReturnOut":
        return SaleReturnOut(
            id=row.pk,
            sale_id=row.sale_id,
            is_void=row.is_void,
            reason=row.reason,
            refund=row.refund,
            refund_method=row.refund_method,
            shift_id=row.shift_id,
            approved_by=row.approved_by_id,
            journal_entry=row.journal_entry.number,
            lines=[
                SaleReturnLineOut(
                    sale_line_id=line.sale_line_id, base_quantity=line.base_quantity, refund=line.refund, cost=line.cost
                )
                for line in row.lines.order_by("pk")
            ],
        )


class MemberKasbonOut(Schema):
    member_id: int
    member_number: str
    member_name: str
    limit: Decimal
    balance: Decimal

    @staticmethod
    def of(row: Kasbon) -> "MemberKasbonOut":
        return MemberKasbonOut(
            member_id=row.member_id,
            member_number=row.member.number_display,
            member_name=row.member.name,
            limit=row.limit,
            balance=row.balance,
        )


class MemberKasbonListOut(Schema):
    total: Decimal
    items: list[MemberKasbonOut]


class MemberKasbonLimitIn(InputSchema):
    limit: NonNegativeMoneyIn


class MemberKasbonRepayIn(InputSchema):
    amount: MoneyIn
    method: str = Field("cash", max_length=20, description="cash (the default), qris or transfer")


class KasbonRepaymentOut(MemberKasbonOut):
    """The repayment and, as MemberKasbonOut, the member's kasbon after it."""

    id: int
    number: str = Field(..., description="The receipt number")
    amount: Decimal
    method: str = Field(..., description="cash, qris or transfer")
    balance_after: Decimal = Field(..., description="What the member still owed after this repayment")
    shift_id: int | None
    cashier_id: int
    journal_entry: int = Field(..., description="The journal entry's number")
    created_at: datetime.datetime

    @staticmethod
    def of_repayment(row: KasbonRepayment) -> "KasbonRepaymentOut":
        return KasbonRepaymentOut(
            member_id=row.member_id,
            member_number=row.member.number_display,
            member_name=row.member.name,
            limit=row.kasbon.limit,
            balance=row.kasbon.balance,
            id=row.pk,
            number=row.number,
            amount=row.amount,
            method=row.method,
            balance_after=row.balance_after,
            shift_id=row.shift_id,
            cashier_id=row.cashier_id,
            journal_entry=row.journal_entry.number,
            created_at=row.created_at,
        )


class KasbonHistoryEntryOut(Schema):
    kind: str = Field(..., description="sale (adds to kasbon), void, return or repayment (lower it)")
    at: datetime.datetime
    change: Decimal = Field(..., description="Above zero: owed more; below zero: owed less")
    balance: Decimal = Field(..., description="What the member owed after it")
    number: str = Field(..., description="The sale's receipt number, or the repayment's")
    method: str = Field(..., description="A repayment's method; empty for the others")


class KasbonHistoryOut(Schema):
    member_id: int
    balance: Decimal = Field(..., description="What the member owes now")
    page: int
    has_more: bool
    items: list[KasbonHistoryEntryOut]


class QrisPayloadOut(Schema):
    payload: str = Field(..., description="The dynamic QRIS payload to show as a QR code")
    merchant_name: str
    amount: Decimal
