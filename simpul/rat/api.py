"""RAT reports over the API, with the same access as the pages: a cooperative's managers record the meeting,
attach the minutes and submit (supervisors read); the Dinas reads expected versus received in its region and
accepts or returns a report. Outside what the side may see is 404."""

from dataclasses import asdict

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Path, Query, Router, UploadedFile

from simpul.api_public import MAX_ID
from simpul.coops.access import READ_ROLES, WRITE_ROLES, access_cooperative, access_office_by_region
from simpul.core.audit import client_ip
from simpul.core.exceptions import NotFoundError
from simpul.core.models import User
from simpul.rat import access, deadlines, selectors
from simpul.rat.models import RatReport
from simpul.rat.schemas import (
    ComplianceOut,
    RatCooperativeStateOut,
    RatDecisionIn,
    RatDetailOut,
    RatEventOut,
    RatIn,
    RatOut,
    RegionRatOut,
)
from simpul.rat.services import rat_decide, rat_record, rat_submit

router = Router(tags=["rat"])

YEAR = Path(..., ge=1900, le=2999)
REPORT_ID = Path(..., ge=1, le=MAX_ID)
REGION_CODE = Path(..., max_length=13)


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _out(report: RatReport) -> dict:
    cooperative = report.cooperative
    state = selectors.state_of(cooperative, report.fiscal_year, report, cooperative.today())
    return {
        "id": report.pk,
        "cooperative": cooperative.slug,
        "fiscal_year": report.fiscal_year,
        "year_start": report.year_start,
        "year_end": report.year_end,
        "status": report.status,
        "meeting_date": report.meeting_date,
        "place": report.place,
        "members_present": report.members_present,
        "members_entitled": report.members_entitled,
        "quorum_percent": report.quorum_percent,
        "quorum_reached": report.quorum_reached,
        "shu_capital_percent": report.shu_capital_percent,
        "shu_business_percent": report.shu_business_percent,
        "has_minutes": bool(report.minutes),
        "minutes_sha256": report.minutes_sha256,
        "pack_sha256": report.pack_sha256,
        "submitted_at": report.submitted_at,
        "first_submitted_on": report.first_submitted_on,
        "decided_at": report.decided_at,
        "return_comment": report.return_comment,
        "meeting_due": state.meeting_due,
        "report_due": state.report_due,
        "on_time": state.on_time,
        "overdue": state.overdue,
    }


def _detail(report: RatReport) -> RatDetailOut:
    events = [
        RatEventOut(
            from_status=e.from_status,
            to_status=e.to_status,
            note=e.note,
            actor=e.actor.full_name if e.actor else "",
            at=e.at,
        )
        for e in selectors.report_events(report)
    ]
    return RatDetailOut(**_out(report), figures=report.figures, events=events)


def _own(request: HttpRequest, slug: str, year: int, roles: frozenset[str]) -> tuple:
    cooperative, _role = access_cooperative(_user(request), slug, roles)
    return cooperative, access.report_of_cooperative(cooperative, year)


@router.get(
    "/cooperatives/{slug}/rat",
    response=list[RatOut],
    summary="The cooperative's RAT reports",
    description="For managers and supervisors: every fiscal year recorded, latest first.",
)
def list_rats(request: HttpRequest, slug: str) -> list[dict]:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return [_out(r) for r in selectors.cooperative_reports(cooperative).select_related("cooperative__village")]


@router.get(
    "/cooperatives/{slug}/rat/{year}",
    response=RatDetailOut,
    summary="One fiscal year's RAT report",
    description="With the frozen pack's figures (after submission) and every change with who and when.",
)
def get_rat(request: HttpRequest, slug: str, year: int = YEAR) -> RatDetailOut:
    _cooperative, report = _own(request, slug, year, READ_ROLES)
    if report is None:
        raise NotFoundError.plain()
    return _detail(report)


@router.post(
    "/cooperatives/{slug}/rat/{year}",
    response=RatDetailOut,
    summary="Record the RAT of a fiscal year",
    description="For managers, while a draft or returned (rat_not_editable after): the meeting after the year's end "
    "and not in the future (rat_bad_date), members present at most those on the register that day "
    "(rat_bad_attendance).",
)
def record_rat(request: HttpRequest, slug: str, payload: RatIn, year: int = YEAR) -> RatDetailOut:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    report = rat_record(
        cooperative=cooperative,
        actor=user,
        fiscal_year=year,
        data=payload.model_dump(),
        ip_address=client_ip(request),
    )
    return _detail(report)


@router.post(
    "/cooperatives/{slug}/rat/{year}/minutes",
    response=RatDetailOut,
    summary="Attach the minutes (PDF)",
    description="For managers, while a draft or returned: multipart/form-data with the minutes as a PDF in "
    "`document`, of at most 10 MB (rat_bad_minutes).",
)
def attach_minutes(request: HttpRequest, slug: str, document: File[UploadedFile], year: int = YEAR) -> RatDetailOut:
    user = _user(request)
    cooperative, report = _own(request, slug, year, WRITE_ROLES)
    if report is None:
        raise NotFoundError.plain()
    data = {
        name: getattr(report, name)
        for name in ("meeting_date", "place", "members_present", "quorum_percent", "shu_capital_percent")
    }
    data["shu_business_percent"] = report.shu_business_percent
    report = rat_record(
        cooperative=cooperative,
        actor=user,
        fiscal_year=year,
        data=data,
        minutes=document,
        ip_address=client_ip(request),
    )
    return _detail(report)


@router.post(
    "/cooperatives/{slug}/rat/{year}/submit",
    response=RatDetailOut,
    summary="Submit the RAT report to the Dinas",
    description="For managers: freezes the pack (the year's statements and their PDF with its SHA-256). Needs the "
    "minutes and the quorum (rat_incomplete).",
)
def submit_rat(request: HttpRequest, slug: str, year: int = YEAR) -> RatDetailOut:
    user = _user(request)
    cooperative, report = _own(request, slug, year, WRITE_ROLES)
    if report is None:
        raise NotFoundError.plain()
    return _detail(rat_submit(cooperative=cooperative, actor=user, report=report, ip_address=client_ip(request)))


@router.get(
    "/dinas/{region_code}/rat",
    response=RegionRatOut,
    summary="RAT compliance in the region",
    description="Expected (active cooperatives) versus received for a fiscal year, per child region, with each "
    "cooperative's state. On time: held within 6 months of the year end and reported within a month after.",
)
def region_rat(
    request: HttpRequest, region_code: str = REGION_CODE, year: int | None = Query(None, ge=1900, le=2999)
) -> RegionRatOut:
    access_office_by_region(_user(request), region_code)
    today = timezone.localdate()
    fiscal_year = year or deadlines.last_ended_fiscal_year(today, 1)
    found = selectors.region_compliance(region_code=region_code, fiscal_year=fiscal_year, today=today)
    return RegionRatOut(
        fiscal_year=fiscal_year,
        total=ComplianceOut(**asdict(found.total)),
        children=[ComplianceOut(**asdict(c)) for c in found.children],
        cooperatives=[
            RatCooperativeStateOut(
                cooperative_id=c.pk,
                name=c.name,
                slug=c.slug,
                status=s.status,
                report_id=s.report_id,
                meeting_date=s.meeting_date,
                reported_on=s.reported_on,
                on_time=s.on_time,
                late=s.late,
                overdue=s.overdue,
            )
            for c, s in found.rows
        ],
    )


@router.post(
    "/dinas/{region_code}/rat/{report_id}/decision",
    response=RatDetailOut,
    summary="Accept or return a RAT report",
    description="For the Dinas over the cooperative: accepting locks the pack and the year's periods in the books; "
    "returning needs a comment (rat_required).",
)
def decide_rat(
    request: HttpRequest, payload: RatDecisionIn, region_code: str = REGION_CODE, report_id: int = REPORT_ID
) -> RatDetailOut:
    user = _user(request)
    office, _role = access_office_by_region(user, region_code)
    report = access.report_of_office(office, report_id, region_code=region_code)
    report = rat_decide(
        office=office,
        actor=user,
        report=report,
        accept=payload.accept,
        comment=payload.comment,
        ip_address=client_ip(request),
    )
    return _detail(report)
