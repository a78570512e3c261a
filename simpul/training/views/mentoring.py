"""The Dinas officer's mentoring pages (/dinas/<region_code>/pendampingan/…): the region's visits with the overdue
recommendations per officer and per region one level down, a new visit, one visit with its recommendations (add
one, update a follow-up). Outside the office's region, or the URL's, everything is 404."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from simpul.coops.access import access_office_by_region
from simpul.coops.models import Cooperative, GovernmentOffice
from simpul.coops.views.workspace import actor, done
from simpul.core.exceptions import ApplicationError
from simpul.training import access, selectors, services
from simpul.training.models import FollowUp, MentoringVisit, Recommendation
from simpul.training.views.common import refusal

CHILD_LEVEL = {2: "regency_code", 5: "district_code", 8: "village_code"}


def _office(request: HttpRequest, region_code: str) -> GovernmentOffice:
    office, _role = access_office_by_region(actor(request), region_code)
    return office


def _today() -> Any:
    return timezone.localdate()  # the Dinas works in its own zone; settings.TIME_ZONE is Asia/Jakarta


def _cooperatives(office: GovernmentOffice, region_code: str) -> list[Cooperative]:
    cooperatives = Cooperative.objects.filter(access.in_region(office.scope_code))
    if region_code not in ("", "id"):
        cooperatives = cooperatives.filter(access.in_region(region_code))
    return list(cooperatives.order_by("name")[:500])


def _visits_page(
    request: HttpRequest, office: GovernmentOffice, region_code: str, status: int = 200, **extra: Any
) -> HttpResponse:
    visits = access.visits_of_office(office, region_code)
    today = _today()
    level = CHILD_LEVEL.get(len(region_code), "province_code" if region_code == "id" else "village_code")
    context = {
        "office": office,
        "region_code": region_code,
        "today": today,
        "visits": list(visits.select_related("cooperative", "officer").order_by("-date", "-id")[:100]),
        "overdue": list(
            selectors.overdue_recommendations(Recommendation.objects.filter(visit__in=visits), today)[:100]
        ),
        "by_officer": selectors.overdue_by_officer(visits, today),
        "by_region": selectors.overdue_by_region(visits, today, level),
        "cooperatives": _cooperatives(office, region_code),
        "posted": request.POST if request.method == "POST" else {},
        "max_date": today.isoformat(),
        **extra,
    }
    return render(request, "training/dinas_visits.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def dinas_visits(request: HttpRequest, region_code: str) -> HttpResponse:
    office = _office(request, region_code)
    if request.method == "POST":
        try:
            cooperative = access.cooperative_in_office(office, request.POST.get("cooperative"), region_code)
        except ApplicationError:
            return _visits_page(
                request,
                office,
                region_code,
                status=400,
                error=_("Choose a cooperative of your region."),
                error_field="cooperative",
            )
        try:
            visit = services.visit_create(
                office=office, actor=actor(request), cooperative=cooperative, data=request.POST.dict()
            )
        except ApplicationError as error:
            return _visits_page(request, office, region_code, status=400, **refusal(error))
        url = reverse("training:dinas_visit", args=[region_code, visit.pk])
        return done(request, url, _("Visit recorded. Add its recommendations."))
    return _visits_page(request, office, region_code)


def _visit_page(
    request: HttpRequest,
    office: GovernmentOffice,
    region_code: str,
    visit: MentoringVisit,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = {
        "office": office,
        "region_code": region_code,
        "visit": visit,
        "today": _today(),
        "recommendations": list(visit.recommendations.all()),
        "statuses": FollowUp.choices,
        "posted": request.POST if request.method == "POST" else {},
        **extra,
    }
    return render(request, "training/dinas_visit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def dinas_visit(request: HttpRequest, region_code: str, visit_id: int) -> HttpResponse:
    office = _office(request, region_code)
    visit = access.visit_of_office(office, visit_id, region_code=region_code)
    if request.method == "POST":
        try:
            services.recommendation_add(visit=visit, actor=actor(request), data=request.POST.dict())
        except ApplicationError as error:
            return _visit_page(request, office, region_code, visit, status=400, **refusal(error))
        return done(request, reverse("training:dinas_visit", args=[region_code, visit.pk]), _("Recommendation added."))
    return _visit_page(request, office, region_code, visit)


@login_required
@require_POST
def dinas_recommendation(request: HttpRequest, region_code: str, recommendation_id: int) -> HttpResponse:
    office = _office(request, region_code)
    recommendation = access.recommendation_of_office(office, recommendation_id, region_code=region_code)
    visit = access.visit_of_office(office, recommendation.visit_id, region_code=region_code)
    try:
        services.recommendation_follow_up(recommendation=recommendation, actor=actor(request), data=request.POST.dict())
    except ApplicationError as error:
        return _visit_page(request, office, region_code, visit, status=400, failed=recommendation.pk, **refusal(error))
    return done(request, reverse("training:dinas_visit", args=[region_code, visit.pk]), _("Follow-up saved."))


urlpatterns = [
    path("dinas/<str:region_code>/pendampingan/", dinas_visits, name="dinas_visits"),
    path("dinas/<str:region_code>/pendampingan/<int:visit_id>/", dinas_visit, name="dinas_visit"),
    path(
        "dinas/<str:region_code>/pendampingan/rekomendasi/<int:recommendation_id>/",
        dinas_recommendation,
        name="dinas_recommendation",
    ),
]
