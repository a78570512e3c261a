"""Who reaches what, by side; each gives the same 404 for "does not exist" and "someone else's" (convention 2).

- A course: its organiser (the Dinas office that made it, the network's coordinators); once published, the
  cooperatives of the office's region or the network's active members.
- Enrolments: the cooperative's own; the organiser sees those of its course.
- Visits and recommendations: the cooperative visited, and the Dinas offices whose region holds it (and the URL's
  region, when the page names one)."""

from typing import Any

from django.db.models import Q, QuerySet

from simpul.coops.models import Cooperative, GovernmentOffice, MembershipStatus, Network, NetworkMembership
from simpul.core.exceptions import NotFoundError
from simpul.regions.models import within
from simpul.training.models import Course, CourseMaterial, CourseStatus, Enrolment, MentoringVisit, Recommendation


def _key(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFoundError.plain() from None


def in_region(region_code: str) -> Q:
    """Rows with copied region columns inside the region ("" or "id": all)."""
    code = (region_code or "").strip()
    if code in ("", "id"):
        return Q()
    column = {2: "province_code", 5: "regency_code", 8: "district_code"}.get(len(code), "village_code")
    return Q(**{column: code})


def courses_of_organiser(*, office: GovernmentOffice | None = None, network: Network | None = None) -> QuerySet[Course]:
    if office is not None:
        return Course.objects.filter(office=office)
    return Course.objects.filter(network=network)


def course_of_organiser(course_id: Any, **organiser: Any) -> Course:
    course = courses_of_organiser(**organiser).filter(pk=_key(course_id)).first()
    if course is None:
        raise NotFoundError.plain()
    return course


def _ancestors(cooperative: Cooperative) -> list[str]:
    return [
        cooperative.province_code,
        cooperative.regency_code,
        cooperative.district_code,
        cooperative.village_id or "",
    ]


def courses_for_cooperative(cooperative: Cooperative) -> QuerySet[Course]:
    """Published courses of the Dinas offices whose region holds the cooperative and of its active networks."""
    networks = NetworkMembership.objects.filter(cooperative=cooperative, status=MembershipStatus.ACTIVE).values(
        "network_id"
    )
    reach = Q(office__region_id__in=_ancestors(cooperative)) | Q(office__isnull=False, office__region__isnull=True)
    return Course.objects.filter(status=CourseStatus.PUBLISHED).filter(reach | Q(network_id__in=networks))


def course_for_cooperative(cooperative: Cooperative, course_id: Any) -> Course:
    course = courses_for_cooperative(cooperative).filter(pk=_key(course_id)).select_related("office", "network").first()
    if course is None:
        raise NotFoundError.plain()
    return course


def material_of(course: Course, material_id: Any) -> CourseMaterial:
    material = CourseMaterial.objects.filter(course=course, pk=_key(material_id)).first()
    if material is None or not material.file:
        raise NotFoundError.plain()
    return material


def enrolment_of_cooperative(cooperative: Cooperative, enrolment_id: Any) -> Enrolment:
    enrolment = (
        Enrolment.objects.filter(cooperative=cooperative, pk=_key(enrolment_id)).select_related("course").first()
    )
    if enrolment is None:
        raise NotFoundError.plain()
    return enrolment


def visits_of_office(office: GovernmentOffice, region_code: str = "") -> QuerySet[MentoringVisit]:
    visits = MentoringVisit.objects.filter(in_region(office.scope_code))
    return visits.filter(in_region(region_code)) if region_code else visits


def visits_of_office_region(region_code: str) -> QuerySet[MentoringVisit]:
    """The visits to the cooperatives of a region the caller has already checked access to."""
    return MentoringVisit.objects.filter(in_region(region_code))


def visit_of_office(office: GovernmentOffice, visit_id: Any, *, region_code: str = "") -> MentoringVisit:
    visit = visits_of_office(office, region_code).filter(pk=_key(visit_id)).select_related("cooperative").first()
    if visit is None or not office.covers(visit.village_code):
        raise NotFoundError.plain()
    if region_code not in ("", "id") and not within(visit.village_code, region_code):
        raise NotFoundError.plain()
    return visit


def recommendation_of_office(
    office: GovernmentOffice, recommendation_id: Any, *, region_code: str = ""
) -> Recommendation:
    recommendation = Recommendation.objects.filter(pk=_key(recommendation_id)).select_related("visit").first()
    if recommendation is None:
        raise NotFoundError.plain()
    visit_of_office(office, recommendation.visit_id, region_code=region_code)
    return recommendation


def recommendation_of_cooperative(cooperative: Cooperative, recommendation_id: Any) -> Recommendation:
    recommendation = Recommendation.objects.filter(cooperative=cooperative, pk=_key(recommendation_id)).first()
    if recommendation is None:
        raise NotFoundError.plain()
    return recommendation


def cooperative_in_office(office: GovernmentOffice, cooperative_id: Any, region_code: str = "") -> Cooperative:
    cooperative = Cooperative.objects.filter(pk=_key(cooperative_id)).first()
    if cooperative is None or not office.covers(cooperative.village_id or ""):
        raise NotFoundError.plain()
    if region_code not in ("", "id") and not within(cooperative.village_id or "", region_code):
        raise NotFoundError.plain()
    return cooperative
