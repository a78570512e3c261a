"""The public certificate verification page (/sertifikat/<code>/): the course, its date and the participant's name,
nothing else (no phone, no cooperative staff data). An unknown code is a 404 with its own page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from simpul.training import selectors


@require_GET
def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    enrolment = selectors.certificate_by_code(code)
    if enrolment is None:
        return render(request, "training/certificate_unknown.html", {}, status=404)
    context = {
        "name": enrolment.full_name,
        "course": enrolment.course.title,
        "organiser": enrolment.course.organiser_name,
        "date": enrolment.certified_on,
    }
    return render(request, "training/certificate_verify.html", context)


urlpatterns = [path("sertifikat/<str:code>/", certificate_verify, name="certificate_verify")]
