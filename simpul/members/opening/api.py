"""Opening balances with the members' savings over the API: managers only."""

import datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from simpul.coops.access import WRITE_ROLES, access_cooperative
from simpul.coops.schemas import InputSchema
from simpul.core.audit import client_ip
from simpul.core.money import NonNegativeMoneyIn, SignedMoneyIn
from simpul.members.models import SavingsKind
from simpul.members.opening.services import MAX_ROWS, savings_opening_post

router = Router(tags=["savings"])


class MemberBalanceIn(InputSchema):
    member: int = Field(..., ge=1, le=2_000_000_000, description="The member number")
    kind: SavingsKind
    amount: NonNegativeMoneyIn


class SavingsOpeningIn(InputSchema):
    as_of: datetime.date
    amounts: dict[Annotated[str, Field(max_length=20)], SignedMoneyIn] = Field(
        ...,
        max_length=500,
        description="Account code to balance on the account's normal side, savings control accounts included",
    )
    balances: list[MemberBalanceIn] = Field(..., max_length=MAX_ROWS)


class SavingsOpeningOut(Schema):
    entry_id: int
    number: int
    date: datetime.date
    balances: int


@router.post(
    "/cooperatives/{slug}/savings/opening-balances",
    response={201: SavingsOpeningOut},
    summary="Post the opening balances with the members' savings",
    description="For the manager of a cooperative moving from paper books: the ledger's opening balances (as "
    "`/ledger/opening-balances` takes them) and each member's savings balance per product, in one step. Refused "
    "(400), writing nothing, when a savings control account's amount is not the sum of its members' balances "
    "(`opening_mismatch`, naming the difference), for an unknown or departed member, or a member whose account "
    "already has transactions, and for everything the ledger's opening refuses.",
)
def post_savings_opening(request: HttpRequest, slug: str, payload: SavingsOpeningIn) -> Status[SavingsOpeningOut]:
    cooperative, _role = access_cooperative(request.auth, slug, WRITE_ROLES)  # type: ignore[attr-defined]
    entry = savings_opening_post(
        cooperative=cooperative,
        actor=request.auth,  # type: ignore[attr-defined]
        as_of=payload.as_of,
        amounts=payload.amounts,
        balances=[{"member": b.member, "kind": str(b.kind), "amount": b.amount} for b in payload.balances],
        ip_address=client_ip(request),
    )
    count = sum(1 for b in payload.balances if b.amount)
    return Status(201, SavingsOpeningOut(entry_id=entry.pk, number=entry.number, date=entry.date, balances=count))
