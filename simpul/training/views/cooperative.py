"""The cooperative's training pages (/k/<slug>/pelatihan/…): the courses open to it and its enrolled people with
their certificates; a course (the manager enrols people); its mentoring visits, where the manager updates the
follow-up of each recommendation. Managers and supervisors read; the manager writes."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from simpul.coops.access import READ_ROLES
from simpul.coops.models import Cooperative
from simpul.coops.views.workspace import actor, done, manager_access, workspace_access
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.training import access, selectors, services
from simpul.training.models import Audience, Course, Enrolment, FollowUp, MentoringVisit
from simpul.training.views.common import certificate_response, material_response, refusal


@login_required
@require_http_methods(["GET"])
def cooperative_training(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    today = cooperative.today()
    context = {
        "cooperative": cooperative,
        "can_edit": can_edit,
        "courses": selectors.courses_listing(access.courses_for_cooperative(cooperative)),
        "enrolments": list(
            Enrolment.objects.filter(cooperative=cooperative).select_related("course").order_by("-enrolled_at")
        ),
        "overdue": selectors.overdue_recommendation_counts([cooperative.pk], today).get(cooperative.pk, 0),
    }
    return render(request, "training/cooperative_training.html", context)


def _course_page(
    request: HttpRequest, cooperative: Cooperative, course: Course, can_edit: bool, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {
        "cooperative": cooperative,
        "can_edit": can_edit,
        "course": course,
        "sessions": selectors.course_sessions(course),
        "materials": list(course.materials.all()),
        "taken": selectors.seats_taken(course),
        "enrolments": list(Enrolment.objects.filter(cooperative=cooperative, course=course)),
        "audiences": Audience.choices,
        "posted": request.POST if request.method == "POST" else {},
        **extra,
    }
    return render(request, "training/cooperative_course.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def cooperative_course(request: HttpRequest, slug: str, course_id: int) -> HttpResponse:
    if request.method == "POST":
        cooperative = manager_access(request, slug)
        course = access.course_for_cooperative(cooperative, course_id)
        try:
            services.enrolment_create(
                cooperative=cooperative, course=course, actor=actor(request), data=request.POST.dict()
            )
        except ApplicationError as error:
            return _course_page(request, cooperative, course, True, status=400, **refusal(error))
        url = reverse("training:cooperative_course", args=[slug, course.pk])
        return done(request, url, _("Enrolled."))
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    course = access.course_for_cooperative(cooperative, course_id)
    return _course_page(request, cooperative, course, can_edit)


@login_required
@require_http_methods(["GET"])
def cooperative_material(request: HttpRequest, slug: str, course_id: int, material_id: int) -> FileResponse:
    cooperative, _can_edit = workspace_access(request, slug, READ_ROLES)
    course = access.course_for_cooperative(cooperative, course_id)
    return material_response(access.material_of(course, material_id))


@login_required
@require_http_methods(["GET"])
def cooperative_certificate(request: HttpRequest, slug: str, enrolment_id: int) -> HttpResponse:
    cooperative, _can_edit = workspace_access(request, slug, READ_ROLES)
    enrolment = access.enrolment_of_cooperative(cooperative, enrolment_id)
    if not enrolment.certificate_code:
        raise NotFoundError.plain()
    return certificate_response(request, enrolment)


def _visits_page(
    request: HttpRequest, cooperative: Cooperative, can_edit: bool, status: int = 200, **extra: Any
) -> HttpResponse:
    visits = MentoringVisit.objects.filter(cooperative=cooperative)
    context = {
        "cooperative": cooperative,
        "can_edit": can_edit,
        "today": cooperative.today(),
        "visits": selectors.visits_with_recommendations(visits),
        "statuses": FollowUp.choices,
        **extra,
    }
    return render(request, "training/cooperative_visits.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def cooperative_visits(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    return _visits_page(request, cooperative, can_edit)


@login_required
@require_POST
def cooperative_recommendation(request: HttpRequest, slug: str, recommendation_id: int) -> HttpResponse:
    cooperative = manager_access(request, slug)
    recommendation = access.recommendation_of_cooperative(cooperative, recommendation_id)
    try:
        services.recommendation_follow_up(recommendation=recommendation, actor=actor(request), data=request.POST.dict())
    except ApplicationError as error:
        return _visits_page(request, cooperative, True, status=400, failed=recommendation.pk, **refusal(error))
    return done(request, reverse("training:cooperative_visits", args=[slug]), _("Follow-up saved."))


urlpatterns = [
    path("k/<slug:slug>/pelatihan/", cooperative_training, name="cooperative_training"),
    path("k/<slug:slug>/pelatihan/<int:course_id>/", cooperative_course, name="cooperative_course"),
    path(
        "k/<slug:slug>/pelatihan/<int:course_id>/materi/<int:material_id>.pdf",
        cooperative_material,
        name="cooperative_material",
    ),
    path(
        "k/<slug:slug>/pelatihan/sertifikat/<int:enrolment_id>.pdf",
        cooperative_certificate,
        name="cooperative_certificate",
    ),
    path("k/<slug:slug>/pendampingan/", cooperative_visits, name="cooperative_visits"),
    path(
        "k/<slug:slug>/pendampingan/rekomendasi/<int:recommendation_id>/",
        cooperative_recommendation,
        name="cooperative_recommendation",
    ),
]
