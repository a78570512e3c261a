"""The savings reconciliation over the API: managers and supervisors read it (the page's figures, as JSON)."""

import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from simpul.coops.access import READ_ROLES, access_cooperative
from simpul.members.reconciliation.selectors import savings_reconciliation

router = Router(tags=["savings"])
AS_OF = Query(None, description="Default: today in the cooperative's time zone")


class MemberDifferenceOut(Schema):
    member_id: int
    number: str
    name: str
    product: str
    savings: Decimal
    ledger: Decimal
    difference: Decimal


class EntryDifferenceOut(Schema):
    entry_id: int
    number: int
    date: datetime.date
    members: int
    savings: Decimal
    ledger: Decimal
    difference: Decimal


class UnlinkedLineOut(Schema):
    entry_id: int
    number: int
    date: datetime.date
    description: str
    source: str
    amount: Decimal


class ControlAccountOut(Schema):
    code: str
    name: str
    products: list[str]
    savings: Decimal
    ledger: Decimal
    difference: Decimal
    agrees: bool
    members: list[MemberDifferenceOut]
    entries: list[EntryDifferenceOut]
    unlinked: list[UnlinkedLineOut]


class StoredBalanceOut(Schema):
    member_id: int
    number: str
    name: str
    product: str
    stored: Decimal
    transactions: Decimal


class ReconciliationOut(Schema):
    as_of: datetime.date
    agrees: bool
    accounts: list[ControlAccountOut]
    stored: list[StoredBalanceOut]


@router.get(
    "/cooperatives/{slug}/savings/reconciliation",
    response=ReconciliationOut,
    summary="Members' savings against the ledger",
    description="For managers and supervisors: per savings control account, the sum of the members' balances and "
    "the account's ledger balance at the end of `date` (default: today), the difference per member, shared entries "
    "that differ, and control-account lines no savings transaction is linked to. Lists hold at most 200 rows each; "
    "the totals cover everything.",
)
def get_reconciliation(request: HttpRequest, slug: str, date: datetime.date | None = AS_OF) -> ReconciliationOut:
    cooperative, _role = access_cooperative(request.auth, slug, READ_ROLES)  # type: ignore[attr-defined]
    report = savings_reconciliation(cooperative, date or cooperative.today())
    return ReconciliationOut(
        as_of=report.as_of,
        agrees=report.agrees,
        accounts=[
            ControlAccountOut(
                code=a.code,
                name=a.name,
                products=a.products,
                savings=a.savings,
                ledger=a.ledger,
                difference=a.difference,
                agrees=a.agrees,
                members=[MemberDifferenceOut(**vars(m), difference=m.difference) for m in a.members],
                entries=[EntryDifferenceOut(**vars(e), difference=e.difference) for e in a.entries],
                unlinked=[UnlinkedLineOut(**vars(u)) for u in a.unlinked],
            )
            for a in report.accounts
        ],
        stored=[StoredBalanceOut(**vars(s)) for s in report.stored],
    )
