"""Home pages of members (anggota) and supplier staff."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from simpul.coops.access import access_supplier
from simpul.coops.hooks import member_portal_entries
from simpul.coops.models import Supplier
from simpul.coops.portal_forms import SupplierProfileForm
from simpul.coops.selectors.portal import member_cooperatives, supplier_regions
from simpul.coops.services.suppliers import supplier_update
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.forms import add_application_error
from simpul.core.htmx import render_form
from simpul.core.models import User
from simpul.regions.models import Region


@login_required
@require_GET
def member_home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    cooperatives = member_cooperatives(user)
    if not cooperatives:
        raise NotFoundError.plain()
    # Where the person's own member pages are, per cooperative: the members app answers through the hook.
    entries = member_portal_entries(user=user, cooperative_ids=[c.pk for c in cooperatives])
    rows = [(cooperative, entries.get(cooperative.pk)) for cooperative in cooperatives]
    return render(request, "coops/portal/member_home.html", {"cooperatives": cooperatives, "rows": rows})


@login_required
@require_GET
def supplier_home(request: HttpRequest) -> HttpResponse:
    supplier, _role = access_supplier(request.user)  # type: ignore[arg-type]
    return render(
        request, "coops/portal/supplier_home.html", {"supplier": supplier, "regions": supplier_regions(supplier)}
    )


def _initial(supplier: Supplier, regions: list[Any]) -> dict[str, Any]:
    return {
        "nib": supplier.nib,
        "contact_name": supplier.contact_name,
        "phone": supplier.phone,
        "email": supplier.email,
        "address": supplier.address,
        "regions_served": [r.code for r in regions],
    }


@login_required
@require_http_methods(["GET", "POST"])
def supplier_edit(request: HttpRequest) -> HttpResponse:
    supplier, _role = access_supplier(request.user)  # type: ignore[arg-type]
    regions = supplier_regions(supplier)
    template = "coops/portal/supplier_edit.html"
    if request.method == "POST":
        form = SupplierProfileForm(request.POST, regions=regions)
        if form.is_valid():
            try:
                supplier_update(
                    supplier=supplier,
                    actor=request.user,  # type: ignore[arg-type]
                    data=form.service_data(),
                    ip_address=client_ip(request),
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("The company profile is saved."))
                return redirect("coops:supplier_home")
        added = (form["add_region"].value() or "").strip()
        added_region = Region.objects.filter(code=added).only("code", "path").first() if added else None
        context = {"supplier": supplier, "form": form, "added_region": added_region}
        return render_form(request, template, context, partial="form", status=400)
    form = SupplierProfileForm(initial=_initial(supplier, regions), regions=regions)
    return render_form(request, template, {"supplier": supplier, "form": form})


urlpatterns = [
    path("anggota/", member_home, name="member_home"),
    path("pemasok/", supplier_home, name="supplier_home"),
    path("pemasok/ubah/", supplier_edit, name="supplier_edit"),
]
