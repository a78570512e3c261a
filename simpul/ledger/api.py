"""The books of one cooperative under /api/v1/cooperatives/{slug}/ledger/: accounts, journal entries, reversals,
closing periods and opening balances.

The same rules as the pages: managers (pengurus) write; supervisors (pengawas) read and get 403 on writes; other
roles of the cooperative 403; anyone without a role there 404, as for a missing cooperative. Amounts are strings
("150000.50"): a JSON number with a fraction is not exact and is refused.
"""

import calendar
import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import ConfigDict

from simpul.api_public import MAX_ID, LimitOffset
from simpul.coops.access import READ_ROLES, WRITE_ROLES, access_cooperative
from simpul.coops.models import Cooperative
from simpul.core.exceptions import ApplicationError
from simpul.core.models import User
from simpul.core.money import NonNegativeMoneyIn, SignedMoneyIn
from simpul.ledger import error_codes
from simpul.ledger.forms import fiscal_year
from simpul.ledger.journal.selectors import (
    PeriodRow,
    account_get,
    entry_get,
    entry_list,
    entry_reversed_by,
    fiscal_year_periods,
)
from simpul.ledger.models import Account, JournalEntry, JournalLine, PeriodKind
from simpul.ledger.services import (
    account_create,
    account_delete,
    account_rename,
    journal_post,
    journal_reverse,
    opening_balances_post,
    period_close,
)
from simpul.ledger.views import attachment_response

router = Router(tags=["ledger"])

PREFIX = "/cooperatives/{slug}/ledger"
MAX_LINES = 200
FROM_DATE = Query(None, alias="from", description="First date, YYYY-MM-DD")
UNTIL_DATE = Query(None, alias="until", description="Last date, YYYY-MM-DD")


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _reader(request: HttpRequest, slug: str) -> Cooperative:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return cooperative


def _writer(request: HttpRequest, slug: str) -> Cooperative:
    cooperative, _role = access_cooperative(_user(request), slug, WRITE_ROLES)
    return cooperative


# --- shapes


class InputSchema(Schema):
    model_config = ConfigDict(extra="forbid")


class AccountOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    normal_balance: str
    parent: str | None = Field(description="The parent account's code")
    is_system: bool = Field(description="Part of the standard chart: never renamed or deleted")
    revenue_source: str = Field(description="member, non_member or empty (SAK EP)")
    cash_flow_class: str = Field(description="cash, operating, investing, financing or empty (by its kind)")
    subledger: str = Field(description="The subledger it is the control account of (savings …), or empty")

    @staticmethod
    def resolve_parent(obj: Account) -> str | None:
        return obj.parent.code if obj.parent_id and obj.parent else None


class AccountCreateIn(InputSchema):
    parent_code: str = Field(
        "", max_length=20, description="The account it sits under, e.g. 1102; empty for a top-level account"
    )
    code: str = Field(max_length=20, description="e.g. 1102.01; a top-level account's starts with its class digit")
    name: str = Field(max_length=150)
    kind: str = Field(
        "",
        max_length=10,
        description="A top-level account's class: asset, liability, equity, revenue, expense "
        "(syirkah in a sharia cooperative); a sub-account takes its parent's",
    )
    cash_flow_class: str = Field(
        "", max_length=10, description="A top-level account's: operating, investing, financing, cash (assets) or empty"
    )
    revenue_source: str = Field("", max_length=10, description="A top-level revenue account's: member, non_member")


class AccountRenameIn(InputSchema):
    name: str = Field(max_length=150)


class LineIn(InputSchema):
    account: str = Field(max_length=20, description="Account code, e.g. 1101")
    debit: NonNegativeMoneyIn = Decimal(0)
    credit: NonNegativeMoneyIn = Decimal(0)


class EntryIn(InputSchema):
    date: dt.date
    description: str = Field(max_length=255)
    lines: list[LineIn] = Field(max_length=MAX_LINES, description="Debits and credits must be equal")


class LineOut(Schema):
    account: str
    account_name: str
    debit: Decimal
    credit: Decimal

    @staticmethod
    def resolve_account(obj: JournalLine) -> str:
        return obj.account.code

    @staticmethod
    def resolve_account_name(obj: JournalLine) -> str:
        return obj.account.name


class EntryOut(Schema):
    id: int
    number: int
    date: dt.date
    description: str
    source: str = Field(description="manual, reversal, opening, or the posting app's word (savings …)")
    posted_by: str | None
    created_at: dt.datetime
    reverses: int | None = Field(description="Number of the entry this one reverses")
    reversed_by: int | None = Field(description="Number of the entry that reversed this one")
    has_attachment: bool
    attachment_url: str | None = Field(description="Download link; needs the same access as this entry")
    hash: str
    lines: list[LineOut]

    @staticmethod
    def resolve_posted_by(obj: JournalEntry) -> str | None:
        return str(obj.posted_by) if obj.posted_by_id and obj.posted_by else None

    @staticmethod
    def resolve_reverses(obj: JournalEntry) -> int | None:
        return obj.reverses.number if obj.reverses_id and obj.reverses else None

    @staticmethod
    def resolve_reversed_by(obj: JournalEntry) -> int | None:
        reversal = entry_reversed_by(obj)
        return reversal.number if reversal else None

    @staticmethod
    def resolve_has_attachment(obj: JournalEntry) -> bool:
        return bool(obj.attachment)

    @staticmethod
    def resolve_attachment_url(obj: JournalEntry) -> str | None:
        if not obj.attachment:
            return None
        return reverse("ledger:entry_attachment", args=[obj.cooperative.slug, obj.pk])

    @staticmethod
    def resolve_lines(obj: JournalEntry) -> list[JournalLine]:
        return list(obj.lines.all())


class ReverseIn(InputSchema):
    date: dt.date
    reason: str = Field(max_length=200)


class PeriodCloseIn(InputSchema):
    kind: Literal["month", "year"]
    start: dt.date = Field(description="First day of the month, or of the fiscal year")


class PeriodOut(Schema):
    kind: str
    start: dt.date
    end: dt.date
    closed: bool
    closed_with_year: bool
    closed_at: dt.datetime | None
    closed_by: str | None

    @staticmethod
    def resolve_closed(obj: PeriodRow) -> bool:
        return obj.is_closed

    @staticmethod
    def resolve_closed_by(obj: PeriodRow) -> str | None:
        return str(obj.closed_by) if obj.closed_by else None


class OpeningIn(InputSchema):
    as_of: dt.date
    amounts: dict[Annotated[str, Field(max_length=20)], SignedMoneyIn] = Field(
        max_length=500,
        description='Account code → balance on the account\'s normal side, e.g. {"1101": "2500000"}',
    )


# --- accounts


@router.get(
    f"{PREFIX}/accounts",
    response=list[AccountOut],
    summary="The chart of accounts",
    description="For the cooperative's managers and supervisors, in code order.",
)
def list_accounts(request: HttpRequest, slug: str) -> list[Account]:
    cooperative = _reader(request, slug)
    return list(Account.objects.filter(cooperative=cooperative).select_related("parent").order_by("code"))


@router.post(
    f"{PREFIX}/accounts",
    response={201: AccountOut},
    summary="Add an account",
    description="For the manager. A sub-account (parent_code) takes its kind and normal balance from its parent; "
    "a top-level account names its class (kind), its code starts with the class digit "
    "(1 asset, 2 liability and syirkah, 3 equity, 4 revenue, 5 expense) and its normal balance is the class's.",
)
def create_account(request: HttpRequest, slug: str, payload: AccountCreateIn) -> Status[Account]:
    cooperative = _writer(request, slug)
    account = account_create(
        cooperative=cooperative,
        actor=_user(request),
        parent_code=payload.parent_code,
        code=payload.code,
        name=payload.name,
        kind=payload.kind,
        cash_flow_class=payload.cash_flow_class,
        revenue_source=payload.revenue_source,
    )
    return Status(201, account)


@router.patch(
    f"{PREFIX}/accounts/{{account_id}}",
    response=AccountOut,
    summary="Rename a sub-account",
    description="For the manager. Accounts of the standard chart keep their names (400).",
)
def rename_account(
    request: HttpRequest, slug: str, payload: AccountRenameIn, account_id: int = Path(..., ge=1, le=MAX_ID)
) -> Account:
    cooperative = _writer(request, slug)
    account_get(cooperative, account_id)
    return account_rename(cooperative=cooperative, actor=_user(request), account_id=account_id, name=payload.name)


@router.delete(
    f"{PREFIX}/accounts/{{account_id}}",
    response={204: None},
    summary="Delete an unused sub-account",
    description="For the manager. Refused (400) for accounts of the standard chart, accounts with postings and "
    "accounts with sub-accounts.",
)
def delete_account(request: HttpRequest, slug: str, account_id: int = Path(..., ge=1, le=MAX_ID)) -> Status[None]:
    cooperative = _writer(request, slug)
    account_get(cooperative, account_id)
    account_delete(cooperative=cooperative, actor=_user(request), account_id=account_id)
    return Status(204, None)


# --- journal entries


@router.get(
    f"{PREFIX}/entries",
    response=list[EntryOut],
    summary="Journal entries",
    description="For managers and supervisors, by date then number, with their lines. `from`/`until` limit the "
    "dates (both inclusive).",
)
@paginate(LimitOffset)
def list_entries(
    request: HttpRequest,
    slug: str,
    start: dt.date | None = FROM_DATE,
    end: dt.date | None = UNTIL_DATE,
) -> QuerySet[JournalEntry]:
    cooperative = _reader(request, slug)
    if start and end and start > end:
        raise ApplicationError(
            _("The end date comes before the start date."), code=error_codes.INVALID_DATE, extra={"field": "until"}
        )
    return entry_list(cooperative, start=start, end=end)


@router.get(
    f"{PREFIX}/entries/{{entry_id}}",
    response=EntryOut,
    summary="One journal entry with its lines",
)
def get_entry(request: HttpRequest, slug: str, entry_id: int = Path(..., ge=1, le=MAX_ID)) -> JournalEntry:
    cooperative = _reader(request, slug)
    return entry_get(cooperative, entry_id)


@router.get(
    f"{PREFIX}/entries/{{entry_id}}/attachment",
    response={200: None},
    summary="Download an entry's attachment",
    description="The receipt or invoice behind a manual entry (PDF, JPEG or PNG); 404 when it has none.",
)
def get_entry_attachment(request: HttpRequest, slug: str, entry_id: int = Path(..., ge=1, le=MAX_ID)) -> FileResponse:
    cooperative = _reader(request, slug)
    return attachment_response(entry_get(cooperative, entry_id))


@router.post(
    f"{PREFIX}/entries",
    response={201: EntryOut},
    summary="Post a manual journal entry",
    description="For the manager. Each line names an account code and a debit or a credit, as strings "
    '("150000.50"). Refused (400), writing nothing, when unbalanced, dated in a closed period, or naming an '
    "account outside the cooperative's chart.",
)
def create_entry(request: HttpRequest, slug: str, payload: EntryIn) -> Status[JournalEntry]:
    cooperative = _writer(request, slug)
    lines = [(line.account, line.debit, line.credit) for line in payload.lines]
    entry = journal_post(
        cooperative=cooperative,
        actor=_user(request),
        date=payload.date,
        description=payload.description,
        lines=lines,
    )
    return Status(201, entry_get(cooperative, entry.pk))


@router.post(
    f"{PREFIX}/entries/{{entry_id}}/reverse",
    response={201: EntryOut},
    summary="Reverse a journal entry",
    description="For the manager: posts the entry's mirror image, dated `date`. Refused (400) for an entry already "
    "reversed, for a reversing entry, and for a date in a closed period.",
)
def reverse_entry(
    request: HttpRequest, slug: str, payload: ReverseIn, entry_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[JournalEntry]:
    cooperative = _writer(request, slug)
    entry = entry_get(cooperative, entry_id)
    reversal = journal_reverse(
        cooperative=cooperative, actor=_user(request), entry_id=entry.pk, date=payload.date, reason=payload.reason
    )
    return Status(201, entry_get(cooperative, reversal.pk))


# --- periods and opening balances


def _period_rows(cooperative: Cooperative, start: dt.date) -> list[PeriodRow]:
    periods = fiscal_year_periods(cooperative, start=start, today=cooperative.today())
    return [*periods.months, periods.year]


@router.get(
    f"{PREFIX}/periods",
    response=list[PeriodOut],
    summary="Months and the fiscal year, closed or open",
    description="For managers and supervisors: the twelve months of the fiscal year that starts in `year` (default: "
    "the current fiscal year), then the year itself, with who closed each and when.",
)
def list_periods(request: HttpRequest, slug: str, year: int | None = Query(None, ge=1900, le=2999)) -> list[PeriodRow]:
    cooperative = _reader(request, slug)
    start, _end = fiscal_year(cooperative.today(), cooperative.fiscal_year_start_month)
    if year is not None:
        start = start.replace(year=year)
    return _period_rows(cooperative, start)


@router.post(
    f"{PREFIX}/periods/close",
    response={201: PeriodOut},
    summary="Close a month or the fiscal year",
    description="For the manager. Only a period that has ended; nothing dated inside it can be posted afterwards.",
)
def close_period(request: HttpRequest, slug: str, payload: PeriodCloseIn) -> Status[PeriodRow]:
    cooperative = _writer(request, slug)
    start = payload.start
    if payload.kind == PeriodKind.MONTH:
        end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    else:
        try:
            end = start.replace(year=start.year + 1) - dt.timedelta(days=1)
        except ValueError:  # 29 February: period_close refuses it as not a fiscal year's start
            end = start
    period = period_close(cooperative=cooperative, actor=_user(request), start=start, end=end, kind=payload.kind)
    fiscal_start, _end = fiscal_year(period.start, cooperative.fiscal_year_start_month)
    rows = _period_rows(cooperative, fiscal_start)
    row = next(r for r in rows if r.kind == period.kind and r.start == period.start)
    return Status(201, row)


@router.post(
    f"{PREFIX}/opening-balances",
    response={201: EntryOut},
    summary="Post the opening balances",
    description="For the manager of a cooperative moving from paper books: the balance of each asset, liability and "
    "equity account on `as_of`, as one entry. Refused (400) when assets differ from liabilities plus equity, when "
    "an opening entry already stands (reverse it first), or when another entry is dated before `as_of`.",
)
def post_opening_balances(request: HttpRequest, slug: str, payload: OpeningIn) -> Status[JournalEntry]:
    cooperative = _writer(request, slug)
    entry = opening_balances_post(
        cooperative=cooperative, actor=_user(request), as_of=payload.as_of, amounts=payload.amounts
    )
    return Status(201, entry_get(cooperative, entry.pk))
