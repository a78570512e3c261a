"""The operator's boundary import (/peta-batas/impor/): platform staff upload a GeoJSON FeatureCollection; the whole
file is checked first and refused with the first bad features listed, or imported (a region imported again is
replaced)."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from simpul.coops.views.workspace import actor, done
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError
from simpul.potential.forms import BoundaryFileForm
from simpul.potential.models import Boundary
from simpul.potential.services.boundaries import boundaries_import

MAX_BYTES = 50 * 1024 * 1024


@staff_member_required
@require_http_methods(["GET", "POST"])
def boundary_import(request: HttpRequest) -> HttpResponse:
    form = BoundaryFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_BYTES:
                raise ApplicationError(_("The file is larger than 50 MB."), code="invalid_file")
            result = boundaries_import(raw=upload.read(), actor=actor(request), ip_address=client_ip(request))
        except ApplicationError as error:
            form.add_error("file", error.message)
        else:
            message = _("Boundaries imported: %(created)s new, %(replaced)s replaced.") % {
                "created": result.created,
                "replaced": result.replaced,
            }
            return done(request, reverse("potential:boundary_import"), message)
    context = {"form": form, "count": Boundary.objects.count()}
    return render(request, "potential/boundary_import.html", context, status=400 if form.errors else 200)


urlpatterns = [path("peta-batas/impor/", boundary_import, name="boundary_import")]
