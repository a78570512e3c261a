"""Training and mentoring over the API, with the same access as the pages: a cooperative's managers and supervisors
read the courses open to it and its recommendations, the manager enrols people and updates follow-ups; a Dinas
officer reads the overdue recommendations of a region in the office's scope. Outside that, 404."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Router
from ninja.responses import Status

from simpul.api_public import MAX_ID
from simpul.coops.access import READ_ROLES, WRITE_ROLES, access_cooperative, access_office_by_region
from simpul.core.models import User
from simpul.training import access, selectors, services
from simpul.training.models import Course, Enrolment, Recommendation
from simpul.training.schemas import CourseOut, EnrolmentIn, EnrolmentOut, FollowUpIn, RecommendationOut

router = Router(tags=["training"])

COURSE_ID = Path(..., ge=1, le=MAX_ID)
RECOMMENDATION_ID = Path(..., ge=1, le=MAX_ID)
REGION_CODE = Path(..., max_length=13)
LISTED = 200


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _course_out(course: Any) -> dict[str, Any]:
    return {
        "id": course.pk,
        "title": course.title,
        "description": course.description,
        "audience": course.audience,
        "organiser": course.organiser_name,
        "capacity": course.capacity,
        "taken": getattr(course, "enrolled", 0),
        "sessions": [
            {"date": s.date, "starts_at": s.starts_at, "ends_at": s.ends_at, "place": s.place, "link": s.link}
            for s in course.sessions.all()
        ],
    }


def _enrolment_out(enrolment: Enrolment) -> dict[str, Any]:
    return {
        "id": enrolment.pk,
        "course_id": enrolment.course_id,
        "full_name": enrolment.full_name,
        "phone": enrolment.phone,
        "position": enrolment.position,
        "certified": bool(enrolment.certificate_code),
        "certified_on": enrolment.certified_on,
    }


def _recommendation_out(recommendation: Recommendation, today: Any) -> dict[str, Any]:
    visit = recommendation.visit
    return {
        "id": recommendation.pk,
        "visit_date": visit.date,
        "cooperative": visit.cooperative.slug,
        "officer": visit.officer.full_name,
        "text": recommendation.text,
        "owner": recommendation.owner,
        "deadline": recommendation.deadline,
        "status": recommendation.status,
        "note": recommendation.note,
        "overdue": recommendation.is_overdue(today),
    }


@router.get(
    "/cooperatives/{slug}/training/courses",
    response=list[CourseOut],
    summary="Courses open to the cooperative",
    description="For managers and supervisors: the published courses of its Dinas offices and its networks.",
)
def list_courses(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    courses = Course.objects.filter(pk__in=access.courses_for_cooperative(cooperative).values("pk"))
    listed = selectors.courses_listing(courses)[:LISTED]
    sessions = Course.objects.filter(pk__in=[c.pk for c in listed]).prefetch_related("sessions")
    by_id = {c.pk: c for c in sessions}
    for course in listed:
        course._prefetched_objects_cache = by_id[course.pk]._prefetched_objects_cache  # type: ignore[attr-defined]
    return [_course_out(course) for course in listed]


@router.post(
    "/cooperatives/{slug}/training/courses/{course_id}/enrolments",
    response={201: EnrolmentOut},
    summary="Enrol a person of the cooperative",
    description="For managers: refused when the course is full (training_course_full), the person is already on it "
    "(training_already_enrolled) or the phone is not an Indonesian number (invalid_phone).",
)
def enrol(request: HttpRequest, slug: str, payload: EnrolmentIn, course_id: int = COURSE_ID) -> Status[dict[str, Any]]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    course = access.course_for_cooperative(cooperative, course_id)
    enrolment = services.enrolment_create(cooperative=cooperative, course=course, actor=user, data=payload.model_dump())
    return Status(201, _enrolment_out(enrolment))


@router.get(
    "/cooperatives/{slug}/training/recommendations",
    response=list[RecommendationOut],
    summary="The cooperative's mentoring recommendations",
    description="For managers and supervisors: every recommendation of its visits, earliest deadline first.",
)
def list_recommendations(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    today = cooperative.today()
    rows = Recommendation.objects.filter(cooperative=cooperative).select_related("visit__officer", "visit__cooperative")
    return [_recommendation_out(r, today) for r in rows[:LISTED]]


@router.post(
    "/cooperatives/{slug}/training/recommendations/{recommendation_id}/follow-up",
    response=RecommendationOut,
    summary="Update a recommendation's follow-up",
    description="For managers: the status (open, in_progress, done, dropped) and a note.",
)
def follow_up(
    request: HttpRequest, slug: str, payload: FollowUpIn, recommendation_id: int = RECOMMENDATION_ID
) -> dict[str, Any]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    recommendation = access.recommendation_of_cooperative(cooperative, recommendation_id)
    services.recommendation_follow_up(recommendation=recommendation, actor=user, data=payload.model_dump())
    row = Recommendation.objects.select_related("visit__officer", "visit__cooperative").get(pk=recommendation.pk)
    return _recommendation_out(row, cooperative.today())


@router.get(
    "/dinas/{region_code}/training/overdue-recommendations",
    response=list[RecommendationOut],
    summary="Overdue recommendations in your region",
    description="For an officer whose office covers the region: past their deadline, neither done nor dropped.",
)
def region_overdue(request: HttpRequest, region_code: str = REGION_CODE) -> list[dict[str, Any]]:
    office, _role = access_office_by_region(_user(request), region_code)
    today = timezone.localdate()
    visits = access.visits_of_office(office, region_code)
    rows = selectors.overdue_recommendations(Recommendation.objects.filter(visit__in=visits), today)
    return [_recommendation_out(r, today) for r in rows[:LISTED]]
