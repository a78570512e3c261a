"""The RAT API's bodies and answers (simpul/rat/api.py)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema


class RatIn(Schema):
    meeting_date: dt.date = Field(description="The day the meeting was held: after the fiscal year, not in the future")
    place: str = Field(max_length=200)
    members_present: int = Field(ge=0, le=10_000_000, description="At most the members on the register that day")
    quorum_percent: Decimal = Field(
        Decimal(50), ge=0, lt=100, description="More than this percent must be present (AD/ART; default half)"
    )
    shu_capital_percent: Decimal = Field(Decimal(0), ge=0, le=100, description="Jasa modal: % of the SHU")
    shu_business_percent: Decimal = Field(Decimal(0), ge=0, le=100, description="Jasa usaha: % of the SHU")


class RatEventOut(Schema):
    from_status: str
    to_status: str
    note: str
    actor: str
    at: dt.datetime


class RatOut(Schema):
    id: int
    cooperative: str
    fiscal_year: int
    year_start: dt.date
    year_end: dt.date
    status: str
    meeting_date: dt.date
    place: str
    members_present: int
    members_entitled: int
    quorum_percent: Decimal
    quorum_reached: bool
    shu_capital_percent: Decimal
    shu_business_percent: Decimal
    has_minutes: bool
    minutes_sha256: str
    pack_sha256: str
    submitted_at: dt.datetime | None
    first_submitted_on: dt.date | None
    decided_at: dt.datetime | None
    return_comment: str
    meeting_due: dt.date
    report_due: dt.date
    on_time: bool
    overdue: bool


class RatDetailOut(RatOut):
    figures: dict[str, Any] = Field(description="The pack frozen at submission: the year's statements from the books")
    events: list[RatEventOut]


class RatDecisionIn(Schema):
    accept: bool
    comment: str = Field("", max_length=2000, description="Required when returning the report")


class ComplianceOut(Schema):
    code: str
    name: str
    expected: int
    received: int
    accepted: int
    on_time: int
    late: int
    overdue: int
    returned: int


class RatCooperativeStateOut(Schema):
    cooperative_id: int
    name: str
    slug: str
    status: str
    report_id: int | None
    meeting_date: dt.date | None
    reported_on: dt.date | None
    on_time: bool
    late: bool
    overdue: bool


class RegionRatOut(Schema):
    fiscal_year: int
    total: ComplianceOut
    children: list[ComplianceOut]
    cooperatives: list[RatCooperativeStateOut]
