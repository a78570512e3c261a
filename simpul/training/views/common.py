"""What the training pages share: refusals shown on the page, materials served through access checks, the
certificate PDF and its QR code."""

from typing import Any

import segno
from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import reverse

from simpul.coops.views.workspace import is_refusal
from simpul.core.exceptions import ApplicationError
from simpul.core.exports import pdf_response
from simpul.training.models import CourseMaterial, Enrolment

CERTIFICATE_TEMPLATE = "training/certificate_pdf.html"


def refusal(error: ApplicationError) -> dict[str, Any]:
    """The refusal for the page (a 404 or 403 goes on to the middleware)."""
    if not is_refusal(error):
        raise error
    return {"error": error.message, "error_field": str(error.extra.get("field") or "")}


def material_response(material: CourseMaterial) -> FileResponse:
    response = FileResponse(material.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="materi.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def verify_url(request: HttpRequest | None, code: str) -> str:
    path = reverse("training:certificate_verify", args=[code])
    return request.build_absolute_uri(path) if request is not None else path


def certificate_qr(url: str) -> str:
    """The QR code of the verification address, as an SVG data URI WeasyPrint draws sharp."""
    return str(segno.make_qr(url, error="m").svg_data_uri(scale=4, border=2, dark="#000"))


def certificate_context(request: HttpRequest | None, enrolment: Enrolment) -> dict[str, Any]:
    url = verify_url(request, enrolment.certificate_code)
    return {"enrolment": enrolment, "course": enrolment.course, "verify_url": url, "qr": certificate_qr(url)}


def certificate_response(request: HttpRequest, enrolment: Enrolment) -> HttpResponse:
    context = certificate_context(request, enrolment)
    return pdf_response(request, CERTIFICATE_TEMPLATE, context, f"sertifikat-{enrolment.pk}.pdf", inline=True)
