"""Reopening closed periods over the API, under /api/v1/cooperatives/{slug}/ledger/periods/reopen-requests: a
manager or a supervisor asks (a reason required), the other role approves or rejects, the asker may withdraw
(reject their own request). Refusals are 400 with a stable code; another cooperative's request is 404."""

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema
from ninja.responses import Status

from simpul.api_public import MAX_ID
from simpul.coops.access import READ_ROLES, access_cooperative
from simpul.coops.models import Cooperative
from simpul.coops.schemas import InputSchema
from simpul.core.exceptions import NotFoundError
from simpul.core.models import User
from simpul.ledger.models import Period, PeriodReopenRequest
from simpul.ledger.services.periods import period_reopen_approve, period_reopen_reject, period_reopen_request

router = Router(tags=["ledger"])
BASE = "/cooperatives/{slug}/ledger/periods/reopen-requests"
ACCESS = " For the cooperative's managers and supervisors; cashiers and members get 403, anyone else 404."


class ReopenRequestIn(InputSchema):
    kind: Literal["month", "year"]
    start: dt.date = Field(description="First day of the closed month, or of the closed fiscal year")
    reason: str = Field(min_length=1, max_length=2000)


class ReopenDecisionIn(InputSchema):
    note: str = Field("", max_length=2000)


class ReopenRequestOut(Schema):
    id: int
    kind: str
    start: dt.date
    end: dt.date
    reason: str
    status: str = Field(description="pending, approved, rejected or withdrawn")
    requested_by: str
    requested_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_note: str


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _cooperative(request: HttpRequest, slug: str) -> Cooperative:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return cooperative


def _name(user: User | None) -> str | None:
    return None if user is None else (user.full_name or str(user))


def _out(item: PeriodReopenRequest) -> ReopenRequestOut:
    return ReopenRequestOut(
        id=item.pk,
        kind=item.period.kind,
        start=item.period.start,
        end=item.period.end,
        reason=item.reason,
        status=item.status,
        requested_by=_name(item.requested_by) or "",
        requested_at=item.requested_at,
        decided_by=_name(item.decided_by),
        decided_at=item.decided_at,
        decision_note=item.decision_note,
    )


def _fresh(cooperative: Cooperative, request_id: int) -> ReopenRequestOut:
    item = PeriodReopenRequest.objects.select_related("period", "requested_by", "decided_by").get(
        cooperative=cooperative, pk=request_id
    )
    return _out(item)


@router.get(
    BASE,
    response=list[ReopenRequestOut],
    summary="Requests to reopen closed periods",
    description="The latest 100, newest first: waiting ones and the history." + ACCESS,
)
def list_reopen_requests(request: HttpRequest, slug: str) -> list[ReopenRequestOut]:
    cooperative = _cooperative(request, slug)
    items = (
        PeriodReopenRequest.objects.filter(cooperative=cooperative)
        .select_related("period", "requested_by", "decided_by")
        .order_by("-requested_at")[:100]
    )
    return [_out(item) for item in items]


@router.post(
    BASE,
    response={201: ReopenRequestOut},
    summary="Ask to reopen a closed period",
    description="The period opens only when the other role approves. Refused (400) for a period not closed, locked "
    "by the RAT, a month of a closed year, a period with a later one still closed, or one already asked for." + ACCESS,
)
def ask_reopen(request: HttpRequest, slug: str, payload: ReopenRequestIn) -> Status[ReopenRequestOut]:
    cooperative = _cooperative(request, slug)
    period = Period.objects.filter(cooperative=cooperative, kind=payload.kind, start=payload.start).first()
    if period is None:
        raise NotFoundError.plain()
    item = period_reopen_request(
        cooperative=cooperative, actor=_user(request), period_id=period.pk, reason=payload.reason
    )
    return Status(201, _fresh(cooperative, item.pk))


@router.post(
    f"{BASE}/{{request_id}}/approve",
    response=ReopenRequestOut,
    summary="Approve a request: the period reopens",
    description="By the other role than the one who asked (a supervisor for a manager's request, a manager for a "
    "supervisor's); a year's closing entry is reversed." + ACCESS,
)
def approve_reopen(
    request: HttpRequest, slug: str, payload: ReopenDecisionIn, request_id: int = Path(..., ge=1, le=MAX_ID)
) -> ReopenRequestOut:
    cooperative = _cooperative(request, slug)
    period_reopen_approve(cooperative=cooperative, actor=_user(request), request_id=request_id, note=payload.note)
    return _fresh(cooperative, request_id)


@router.post(
    f"{BASE}/{{request_id}}/reject",
    response=ReopenRequestOut,
    summary="Reject a request (or withdraw one's own)",
    description="The period stays closed." + ACCESS,
)
def reject_reopen(
    request: HttpRequest, slug: str, payload: ReopenDecisionIn, request_id: int = Path(..., ge=1, le=MAX_ID)
) -> ReopenRequestOut:
    cooperative = _cooperative(request, slug)
    period_reopen_reject(cooperative=cooperative, actor=_user(request), request_id=request_id, note=payload.note)
    return _fresh(cooperative, request_id)
