"""Schemas of the needs' API. Quantities go in as text ("12", "2.5"), money as text or whole numbers; both come out
as decimal strings, never floats. Texts are capped at their columns' lengths."""

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from simpul.api_public import MAX_ID
from simpul.coops.schemas import InputSchema
from simpul.core.money import NonNegativeMoneyIn

QUANTITY = Field(None, max_length=20, description='A quantity in the need\'s unit, as text ("500", "2.5")')
NOTE = Field("", max_length=1000)


class NeedIn(InputSchema):
    category: Literal["stock", "supplier", "capital", "training", "infrastructure", "licensing"]
    item: str = Field(..., min_length=1, max_length=200, description="What is needed")
    quantity: str | None = QUANTITY
    unit: str = Field("", max_length=20, description="kg, karung, tabung … (required with a quantity)")
    needed_by: datetime.date = Field(..., description="Not in the past, in the cooperative's own zone")
    priority: Literal["low", "normal", "high", "urgent"] = "normal"
    description: str = Field("", max_length=4000)
    submit: bool = Field(False, description="Send it to the Dinas and the network at once (else a draft)")


class NeedTransitionIn(InputSchema):
    to: str = Field(..., max_length=12, description="The next status the lifecycle allows this side")
    note: str = Field("", max_length=1000, description="Required to close or cancel: why")
    officer_id: int | None = Field(None, ge=1, le=MAX_ID, description="When the Dinas acknowledges: its officer")


class NeedAssignIn(InputSchema):
    officer_id: int = Field(..., ge=1, le=MAX_ID)


class NeedMessageIn(InputSchema):
    note: str = Field(..., min_length=1, max_length=1000)


class PledgeIn(InputSchema):
    quantity: str = Field(..., max_length=20, description='In the need\'s unit, as text ("250")')
    unit_price: NonNegativeMoneyIn = Field(..., description="Rupiah per unit (0 for a gift)")
    deliver_by: datetime.date
    note: str = NOTE


class PledgeStepIn(InputSchema):
    to: Literal["accepted", "declined", "withdrawn", "shipped", "received"]
    received_quantity: str | None = Field(None, max_length=20, description="With received: what arrived")
    note: str = NOTE


class NeedEventOut(Schema):
    at: datetime.datetime
    kind: str
    from_status: str
    to_status: str
    by: str = Field(..., description="The side that acted: the cooperative, the Dinas office, the supplier")
    quantity: Decimal | None
    note: str


class PledgeOut(Schema):
    id: int
    giver: str
    giver_kind: Literal["supplier", "cooperative"]
    quantity: Decimal
    unit_price: Decimal
    total: Decimal
    deliver_by: datetime.date
    status: str
    received_quantity: Decimal
    note: str


class NeedOut(Schema):
    id: int
    label: str
    cooperative: str
    cooperative_name: str
    category: str
    item: str
    quantity: Decimal | None
    unit: str
    needed_by: datetime.date
    priority: str
    status: str
    committed_quantity: Decimal
    received_quantity: Decimal
    officer: str | None
    submitted_at: datetime.datetime | None
    first_response_at: datetime.datetime | None
    fulfilled_at: datetime.datetime | None
    response_due_at: datetime.datetime | None
    response_overdue: bool
    fulfilment_overdue: bool


class NeedDetailOut(NeedOut):
    description: str
    has_photo: bool
    events: list[NeedEventOut]
    pledges: list[PledgeOut]


class ServiceLevelsOut(Schema):
    open: int
    response_overdue: int
    fulfilment_overdue: int
    fulfilled: int
    fulfilled_on_time: int
    answered: int
    median_response_hours: Decimal | None


class CategoryCountOut(Schema):
    category: str
    open: int
    overdue: int
    fulfilled: int


class RegionCountOut(Schema):
    code: str
    name: str
    open: int
    overdue: int
    fulfilled: int


class OfficerLoadOut(Schema):
    officer_id: int | None
    name: str
    open: int
    overdue: int


class NeedsSummaryOut(Schema):
    region: str
    levels: ServiceLevelsOut
    categories: list[CategoryCountOut]
    regions: list[RegionCountOut]


class DinasNeedsSummaryOut(NeedsSummaryOut):
    officers: list[OfficerLoadOut]
