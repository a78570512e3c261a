"""API shapes of cooperatives, outlets, offices, suppliers, the caller and their tokens.

Input schemas forbid unknown fields (a typo is a 422, not a silent no-op) and cap every text at its column's
length, so bad input is refused before a service runs. Fields that may not be empty are typed without None:
an explicit null is a 422 too. Meaning (a real village, a valid NIK Koperasi, a date not in the future) is the
services' to check; they answer with a 400 and a stable code.
"""

import datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict

from simpul.coops.models import CooperativeType, OfficeKind, OutletKind, RoleKind


class InputSchema(Schema):
    model_config = ConfigDict(extra="forbid")


def _omitted(**constraints: Any) -> Any:
    """The default of a field that may be left out but not sent as null (null fails the field's type)."""
    return Field(None, **constraints)


class RegionRef(Schema):
    code: str
    name: str
    path: str = Field(description="Nearest first, as written in an address: 'Sukasari, Kota Bandung, Jawa Barat'")


# --- cooperatives


class CooperativeListItem(Schema):
    slug: str
    name: str
    type: CooperativeType
    type_label: str
    is_sharia: bool
    status: str
    village: RegionRef
    province_code: str
    regency_code: str
    district_code: str

    @staticmethod
    def resolve_type_label(obj: object) -> str:
        return str(obj.get_type_display())  # type: ignore[attr-defined]


class CooperativeOut(CooperativeListItem):
    nik_koperasi: str | None
    deed_number: str
    deed_date: datetime.date | None
    address: str
    phone: str
    whatsapp: str
    email: str
    founded_on: datetime.date | None
    fiscal_year_start_month: int
    description: str
    timezone: str = Field(description="IANA zone of the cooperative's province: Asia/Jakarta, Asia/Makassar …")

    @staticmethod
    def resolve_timezone(obj: object) -> str:
        return str(obj.village.timezone)  # type: ignore[attr-defined]


def _email(value: str) -> str:
    if value.strip():
        try:
            validate_email(value.strip())
        except DjangoValidationError:
            raise ValueError(_("Enter a valid e-mail address.")) from None
    return value


# An e-mail address, or "" to clear it.
Email = Annotated[str, AfterValidator(_email)]


class _ProfileFields(InputSchema):
    """The fields of a cooperative's profile that its manager may change (all optional: PATCH semantics)."""

    name: str = _omitted(max_length=200)
    nik_koperasi: str | None = _omitted(max_length=32, description="16 digits; dots, spaces and dashes allowed")
    deed_number: str = _omitted(max_length=100)
    deed_date: datetime.date | None = None
    type: CooperativeType = _omitted()
    is_sharia: bool = _omitted()
    village: str = _omitted(max_length=13, description="Kemendagri code of a village, e.g. 32.73.01.1002")
    address: str = _omitted(max_length=255)
    phone: str = _omitted(max_length=20, description="08… or +62…; stored as +62…")
    whatsapp: str = _omitted(max_length=20)
    email: Email = _omitted(max_length=254)
    founded_on: datetime.date | None = None
    fiscal_year_start_month: int = _omitted(ge=1, le=12)
    description: str = _omitted(max_length=5000)


class CooperativeUpdateIn(_ProfileFields):
    status: Literal["active", "dormant", "dissolved"] = _omitted()


class CooperativeCreateIn(_ProfileFields):
    name: str = Field(..., max_length=200)
    type: CooperativeType
    village: str = Field(..., max_length=13, description="Kemendagri code of a village, e.g. 32.73.01.1002")
    slug: str = Field("", max_length=80, description="Web address; made from the name when empty")


# --- outlets


class OutletOut(Schema):
    id: int
    name: str
    kind: OutletKind
    address: str
    village: RegionRef | None
    is_active: bool


class OutletUpdateIn(InputSchema):
    name: str = _omitted(max_length=120)
    kind: OutletKind = _omitted()
    address: str = _omitted(max_length=255)
    village: str | None = _omitted(max_length=13, description="Kemendagri code of a village, or null")
    is_active: bool = _omitted()
    confirm_outside_regency: bool = Field(
        False,
        description="True to confirm a village outside the cooperative's regency/city; without it such a village "
        "is refused (400 village_outside_regency)",
    )


class OutletCreateIn(OutletUpdateIn):
    name: str = Field(..., max_length=120)


# --- offices and suppliers


class OfficeOut(Schema):
    slug: str
    name: str
    kind: OfficeKind
    kind_label: str
    region: RegionRef | None = Field(description="The region subtree the office oversees; null for the ministry")
    address: str
    phone: str

    @staticmethod
    def resolve_kind_label(obj: object) -> str:
        return str(obj.get_kind_display())  # type: ignore[attr-defined]


class SupplierOut(Schema):
    slug: str
    name: str
    nib: str
    address: str
    phone: str
    email: str
    regions_served: list[RegionRef]

    @staticmethod
    def resolve_regions_served(obj: object) -> list[object]:
        # Prefetched by the selector: .all() reads the cache, no query per supplier.
        return list(obj.regions_served.all())  # type: ignore[attr-defined]


# --- the caller


class OrganisationRef(Schema):
    type: Literal["cooperative", "network", "office", "supplier"]
    slug: str
    name: str


class RoleOut(Schema):
    id: int
    kind: RoleKind
    kind_label: str
    read_only: bool
    organisation: OrganisationRef | None


class MeOut(Schema):
    id: int
    full_name: str
    email: str | None
    phone: str | None
    language: str
    roles: list[RoleOut]


# --- API tokens


class TokenCreateIn(InputSchema):
    name: str = Field(..., max_length=100, description="What will use the token, e.g. 'Kasir laptop'")
    scope: Literal["full", "read"] = Field(
        "full", description="'full': what your roles allow; 'read': GET only (any other method is 403)"
    )
    expires_on: datetime.date | None = Field(
        None, description="The last day the token works (not in the past); none: until revoked"
    )


class TokenOut(Schema):
    id: int
    name: str
    scope: str = Field(description="'full' or 'read'")
    created_at: datetime.datetime
    expires_at: datetime.datetime | None = Field(description="From this moment on the token gets 401")
    last_used_at: datetime.datetime | None
    revoked_at: datetime.datetime | None


class TokenCreatedOut(TokenOut):
    key: str = Field(description="Send as 'Authorization: Bearer <key>'. Shown only this once.")
