"""Reads of training and mentoring: course pages, overdue recommendations, certificate verification."""

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from simpul.training.models import (
    PENDING,
    Attendance,
    Course,
    CourseSession,
    Enrolment,
    MentoringVisit,
    Recommendation,
)


def overdue_recommendation_counts(cooperative_ids: Any, today: datetime.date) -> dict[int, int]:
    """{cooperative id: recommendations past their deadline and neither done nor dropped}. A deadline of `today`
    is not overdue yet. Cooperatives with none are left out."""
    rows = (
        Recommendation.objects.filter(cooperative_id__in=cooperative_ids, status__in=PENDING, deadline__lt=today)
        .values("cooperative_id")
        .annotate(n=Count("id"))
    )
    return {row["cooperative_id"]: row["n"] for row in rows}


def overdue_recommendations(
    recommendations: QuerySet[Recommendation], today: datetime.date
) -> QuerySet[Recommendation]:
    return (
        recommendations.filter(status__in=PENDING, deadline__lt=today)
        .select_related("visit__officer", "visit__cooperative")
        .order_by("deadline", "id")
    )


@dataclass
class OverdueLine:
    label: str
    count: int


def overdue_by_officer(visits: QuerySet[MentoringVisit], today: datetime.date) -> list[OverdueLine]:
    rows = (
        Recommendation.objects.filter(visit__in=visits, status__in=PENDING, deadline__lt=today)
        .values("visit__officer__full_name")
        .annotate(n=Count("id"))
        .order_by("-n", "visit__officer__full_name")
    )
    return [OverdueLine(row["visit__officer__full_name"] or "—", row["n"]) for row in rows]


def overdue_by_region(visits: QuerySet[MentoringVisit], today: datetime.date, level_column: str) -> list[OverdueLine]:
    from simpul.regions.models import Region

    rows = (
        Recommendation.objects.filter(visit__in=visits, status__in=PENDING, deadline__lt=today)
        .values(f"visit__{level_column}")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    codes = [row[f"visit__{level_column}"] for row in rows]
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return [
        OverdueLine(names.get(row[f"visit__{level_column}"], row[f"visit__{level_column}"]), row["n"]) for row in rows
    ]


def courses_listing(courses: QuerySet[Course]) -> list[Course]:
    return list(
        courses.select_related("office", "network")
        .annotate(enrolled=Count("enrolments", distinct=True), session_count=Count("sessions", distinct=True))
        .order_by("-created_at", "-id")
    )


def course_sessions(course: Course) -> list[CourseSession]:
    return list(CourseSession.objects.filter(course=course))


def attendance_grid(course: Course, enrolments: QuerySet[Enrolment]) -> dict[int, set[int]]:
    """{session id: enrolment ids present}."""
    grid: dict[int, set[int]] = {}
    for session_id, enrolment_id in Attendance.objects.filter(
        session__course=course, enrolment__in=enrolments
    ).values_list("session_id", "enrolment_id"):
        grid.setdefault(session_id, set()).add(enrolment_id)
    return grid


def attended_counts(course: Course, enrolments: QuerySet[Enrolment]) -> Counter[int]:
    counts: Counter[int] = Counter()
    for enrolment_id in Attendance.objects.filter(session__course=course, enrolment__in=enrolments).values_list(
        "enrolment_id", flat=True
    ):
        counts[enrolment_id] += 1
    return counts


def seats_taken(course: Course) -> int:
    return Enrolment.objects.filter(course=course).count()


def certificate_by_code(code: str) -> Enrolment | None:
    """The certified enrolment with this code, or None (an empty or unknown code)."""
    code = (code or "").strip()
    if not code or len(code) > 32:
        return None
    return (
        Enrolment.objects.filter(certificate_code=code)
        .exclude(certificate_code="")
        .select_related("course__office", "course__network")
        .first()
    )


def visits_with_recommendations(visits: QuerySet[MentoringVisit]) -> list[MentoringVisit]:
    return list(visits.select_related("cooperative", "officer", "office").prefetch_related("recommendations"))


def pending_filter() -> Q:
    return Q(status__in=PENDING)
