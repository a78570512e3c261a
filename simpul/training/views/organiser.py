"""The organiser's course pages, for a Dinas office (/dinas/<region_code>/pelatihan/…) and a network's coordinators
(/jaringan/<slug>/pelatihan/…): the list and a new course, one course with its sessions, materials, participants
and attendance. A Dinas officer sees the courses of the office whatever region of its scope the URL names."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from simpul.coops.access import access_network, access_office_by_region
from simpul.coops.models import GovernmentOffice, Network
from simpul.coops.views.workspace import actor, done
from simpul.core.exceptions import ApplicationError
from simpul.training import access, selectors, services
from simpul.training.models import Audience, Course, Enrolment
from simpul.training.views.common import material_response, refusal


@dataclass
class Organiser:
    side: str  # "dinas" or "network"
    key: str  # the region code or the network's slug
    office: GovernmentOffice | None = None
    network: Network | None = None

    @property
    def name(self) -> str:
        organisation = self.office or self.network
        return organisation.name if organisation else ""

    @property
    def home_url(self) -> str:
        if self.side == "dinas":
            return reverse("coops:dinas_home", args=[self.key])
        return reverse("coops:network_home", args=[self.key])

    def url(self, name: str, *args: Any) -> str:
        return reverse(f"training:{self.side}_{name}", args=[self.key, *args])

    def owns(self) -> dict[str, Any]:
        return {"office": self.office} if self.office is not None else {"network": self.network}


def _dinas(request: HttpRequest, region_code: str) -> Organiser:
    office, _role = access_office_by_region(actor(request), region_code)
    return Organiser("dinas", region_code, office=office)


def _network(request: HttpRequest, slug: str) -> Organiser:
    network, _role = access_network(actor(request), slug)
    return Organiser("network", slug, network=network)


def _courses(request: HttpRequest, organiser: Organiser) -> HttpResponse:
    extra: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        try:
            course = services.course_create(actor=actor(request), data=request.POST.dict(), **organiser.owns())
        except ApplicationError as error:
            extra, status = refusal(error), 400
        else:
            return done(request, organiser.url("course", course.pk), _("Course created. Add its sessions."))
    context = {
        "organiser": organiser,
        "courses": selectors.courses_listing(access.courses_of_organiser(**organiser.owns())),
        "audiences": Audience.choices,
        "posted": request.POST if request.method == "POST" else {},
        **extra,
    }
    return render(request, "training/organiser_courses.html", context, status=status)


def _course_page(
    request: HttpRequest, organiser: Organiser, course: Course, status: int = 200, **extra: Any
) -> HttpResponse:
    enrolments = Enrolment.objects.filter(course=course).select_related("cooperative")
    sessions = selectors.course_sessions(course)
    grid = selectors.attendance_grid(course, enrolments)
    people = list(enrolments)
    counts = selectors.attended_counts(course, enrolments)
    for person in people:
        person.attended_count = counts[person.pk]  # type: ignore[attr-defined]
    context = {
        "organiser": organiser,
        "course": course,
        "sessions": [(session, grid.get(session.pk, set())) for session in sessions],
        "materials": list(course.materials.all()),
        "enrolments": people,
        "session_count": len(sessions),
        "posted": request.POST if request.method == "POST" else {},
        **extra,
    }
    return render(request, "training/organiser_course.html", context, status=status)


def _course(request: HttpRequest, organiser: Organiser, course_id: int) -> HttpResponse:
    course = access.course_of_organiser(course_id, **organiser.owns())
    return _course_page(request, organiser, course)


def _act(request: HttpRequest, organiser: Organiser, course_id: int, action: str) -> HttpResponse:
    course = access.course_of_organiser(course_id, **organiser.owns())
    person = actor(request)
    try:
        if action == "session":
            services.session_add(course=course, actor=person, data=request.POST.dict())
            message = _("Session added.")
        elif action == "material":
            services.material_add(
                course=course,
                actor=person,
                title=request.POST.get("title"),
                upload=request.FILES.get("file"),
                link=request.POST.get("link"),
            )
            message = _("Material added.")
        elif action == "publish":
            services.course_publish(course=course, actor=person)
            message = _("The course is published: the cooperatives can enrol their people.")
        else:
            services.attendance_record(
                course=course,
                session_id=request.POST.get("session"),
                actor=person,
                present_ids=request.POST.getlist("present"),
            )
            message = _("Attendance saved.")
    except ApplicationError as error:
        return _course_page(request, organiser, course, status=400, action=action, **refusal(error))
    return done(request, organiser.url("course", course.pk), message)


def _material(request: HttpRequest, organiser: Organiser, course_id: int, material_id: int) -> FileResponse:
    course = access.course_of_organiser(course_id, **organiser.owns())
    return material_response(access.material_of(course, material_id))


# Dinas -----------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def dinas_courses(request: HttpRequest, region_code: str) -> HttpResponse:
    return _courses(request, _dinas(request, region_code))


@login_required
@require_http_methods(["GET"])
def dinas_course(request: HttpRequest, region_code: str, course_id: int) -> HttpResponse:
    return _course(request, _dinas(request, region_code), course_id)


def _dinas_action(action: str) -> Any:
    @login_required
    @require_POST
    def view(request: HttpRequest, region_code: str, course_id: int) -> HttpResponse:
        return _act(request, _dinas(request, region_code), course_id, action)

    view.__name__ = f"dinas_course_{action}"
    return view


@login_required
@require_http_methods(["GET"])
def dinas_material(request: HttpRequest, region_code: str, course_id: int, material_id: int) -> FileResponse:
    return _material(request, _dinas(request, region_code), course_id, material_id)


# Network ---------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def network_courses(request: HttpRequest, slug: str) -> HttpResponse:
    return _courses(request, _network(request, slug))


@login_required
@require_http_methods(["GET"])
def network_course(request: HttpRequest, slug: str, course_id: int) -> HttpResponse:
    return _course(request, _network(request, slug), course_id)


def _network_action(action: str) -> Any:
    @login_required
    @require_POST
    def view(request: HttpRequest, slug: str, course_id: int) -> HttpResponse:
        return _act(request, _network(request, slug), course_id, action)

    view.__name__ = f"network_course_{action}"
    return view


@login_required
@require_http_methods(["GET"])
def network_material(request: HttpRequest, slug: str, course_id: int, material_id: int) -> FileResponse:
    return _material(request, _network(request, slug), course_id, material_id)


ACTIONS = ("session", "material", "publish", "attendance")

urlpatterns = [
    path("dinas/<str:region_code>/pelatihan/", dinas_courses, name="dinas_courses"),
    path("dinas/<str:region_code>/pelatihan/<int:course_id>/", dinas_course, name="dinas_course"),
    *[
        path(
            f"dinas/<str:region_code>/pelatihan/<int:course_id>/{action}/",
            _dinas_action(action),
            name=f"dinas_course_{action}",
        )
        for action in ACTIONS
    ],
    path(
        "dinas/<str:region_code>/pelatihan/<int:course_id>/materi/<int:material_id>.pdf",
        dinas_material,
        name="dinas_material",
    ),
    path("jaringan/<slug:slug>/pelatihan/", network_courses, name="network_courses"),
    path("jaringan/<slug:slug>/pelatihan/<int:course_id>/", network_course, name="network_course"),
    *[
        path(
            f"jaringan/<slug:slug>/pelatihan/<int:course_id>/{action}/",
            _network_action(action),
            name=f"network_course_{action}",
        )
        for action in ACTIONS
    ],
    path(
        "jaringan/<slug:slug>/pelatihan/<int:course_id>/materi/<int:material_id>.pdf",
        network_material,
        name="network_material",
    ),
]
