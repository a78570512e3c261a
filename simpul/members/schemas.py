"""API shapes of the member register.

Input schemas forbid unknown fields and cap every text at its column's length; what the values mean (a valid NIK
for the birth date and gender, a real village, dates not in the future) is the services' to check, with a 400
and a stable code.
"""

import datetime
from typing import Literal

from ninja import Field, Schema

from simpul.coops.schemas import InputSchema, RegionRef, _omitted
from simpul.members.models import Gender, MemberStatus

NIK_DESCRIPTION = "16 digits from the KTP; digits 7–12 are the birth date (day + 40 for women)"
VILLAGE_DESCRIPTION = "Kemendagri code of the member's village, e.g. 32.73.01.1001"


class MemberListItem(Schema):
    id: int
    number: int
    number_display: str = Field(description="The member number as printed: 00042")
    name: str
    gender: Gender
    village: RegionRef
    phone: str = Field(description="+62…, or empty")
    join_date: datetime.date
    status: MemberStatus
    is_producer: bool
    business_name: str


class MemberOut(MemberListItem):
    nik: str
    birth_date: datetime.date
    address: str
    exit_date: datetime.date | None
    exit_reason: str
    status_label: str

    @staticmethod
    def resolve_status_label(obj: object) -> str:
        return str(obj.get_status_display())  # type: ignore[attr-defined]


class MemberUpdateIn(InputSchema):
    nik: str = _omitted(max_length=24, description=NIK_DESCRIPTION)
    name: str = _omitted(max_length=150)
    gender: Gender = _omitted()
    birth_date: datetime.date = _omitted()
    address: str = _omitted(max_length=255)
    village: str = _omitted(max_length=13, description=VILLAGE_DESCRIPTION)
    phone: str = _omitted(max_length=20, description="08…, 62… or +62…; stored as +62…")
    join_date: datetime.date = _omitted()
    is_producer: bool = _omitted()
    business_name: str = _omitted(max_length=150, description="Required when is_producer is true")
    confirm_outside_regency: bool = Field(
        False,
        description="True to confirm a village outside the cooperative's regency/city; without it such a village "
        "is refused (400 village_outside_regency), as the register form asks a person to confirm it",
    )


class MemberCreateIn(MemberUpdateIn):
    nik: str = Field(..., max_length=24, description=NIK_DESCRIPTION)
    name: str = Field(..., max_length=150)
    gender: Gender = Field(...)
    birth_date: datetime.date = Field(...)
    village: str = Field(..., max_length=13, description=VILLAGE_DESCRIPTION)
    join_date: datetime.date = Field(...)


class MemberExitIn(InputSchema):
    status: Literal["resigned", "deceased", "expelled"]
    exit_date: datetime.date
    reason: str = Field("", max_length=255, description="Required when the member is expelled")
