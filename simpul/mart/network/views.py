"""The network's Koperasi Mart standard: the coordinator's page /jaringan/<slug>/mart/standar/ (the standard product
list, the opening and closing checklists, the HET list of the region), and the member cooperative's page
/k/<slug>/mart/standar/ where its manager adopts a network's list in one step."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from simpul.coops.access import READ_ROLES, access_network
from simpul.coops.models import Network
from simpul.coops.views.workspace import actor, done, manager_access, workspace_access
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError
from simpul.core.forms import add_application_error
from simpul.mart import error_codes
from simpul.mart.models import ChecklistPhase
from simpul.mart.network.forms import ChecklistForm, HetForm, StandardProductForm
from simpul.mart.network.selectors import (
    checklist_items,
    network_het_list,
    standard_product_get,
    standard_products,
    standards_for,
)
from simpul.mart.network.services import (
    checklist_set,
    het_publish,
    standard_adopt,
    standard_product_remove,
    standard_product_save,
)

STANDARD_TEMPLATE = "mart/network/standard.html"


def _int(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 12 else None


def _standard_context(network: Network, **forms: Any) -> dict[str, Any]:
    checklists = {}
    for phase in ChecklistPhase.values:
        texts = [item.text for item in checklist_items(network, phase)]
        checklists[phase] = {
            "texts": texts,
            "form": forms.get(f"checklist_{phase}") or ChecklistForm(initial={"texts": "\n".join(texts)}, prefix=phase),
        }
    return {
        "network": network,
        "products": list(standard_products(network)),
        "product_form": forms.get("product_form") or StandardProductForm(initial={"base_unit": "pcs"}),
        "opening": checklists[ChecklistPhase.OPENING],
        "closing": checklists[ChecklistPhase.CLOSING],
        "het_rows": list(network_het_list(network)),
        "het_form": forms.get("het_form") or HetForm(initial={"unit": "kg", "region_code": network.region_id}),
        "editing": forms.get("editing"),
    }


@login_required
@require_GET
def standard(request: HttpRequest, slug: str) -> HttpResponse:
    network, _role = access_network(actor(request), slug)
    editing = standard_product_get(network, _int(request.GET.get("ubah")) or 0)
    forms: dict[str, Any] = {"editing": editing}
    if editing is not None:
        forms["product_form"] = StandardProductForm(
            initial={
                "standard_id": editing.pk,
                "name": editing.name,
                "barcode": editing.barcode,
                "category": editing.category,
                "base_unit": editing.base_unit,
                "fractional": editing.fractional,
                "recommended_price": editing.recommended_price,
                "staple": editing.staple,
            }
        )
    return render(request, STANDARD_TEMPLATE, _standard_context(network, **forms))


def _back(network: Network) -> str:
    return reverse("mart:network_standard", args=[network.slug])


@login_required
@require_POST
def standard_product_post(request: HttpRequest, slug: str) -> HttpResponse:
    network, _role = access_network(actor(request), slug)
    form = StandardProductForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = standard_product_save(
                network=network,
                actor=actor(request),
                standard_id=data.get("standard_id"),
                name=data["name"],
                barcode=data.get("barcode", ""),
                category=data.get("category", ""),
                base_unit=data.get("base_unit") or "pcs",
                fractional=bool(data.get("fractional")),
                recommended_price=data["recommended_price"],
                staple=data.get("staple") or "",
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return done(request, _back(network), _("%(name)s is on the standard list.") % {"name": item.name})
    return render(request, STANDARD_TEMPLATE, _standard_context(network, product_form=form), status=400)


@login_required
@require_POST
def standard_product_delete(request: HttpRequest, slug: str) -> HttpResponse:
    network, _role = access_network(actor(request), slug)
    standard_id = _int(request.POST.get("standard_id"))
    if standard_id is None:
        return render(request, STANDARD_TEMPLATE, _standard_context(network), status=400)
    standard_product_remove(
        network=network, actor=actor(request), standard_id=standard_id, ip_address=client_ip(request)
    )
    return done(request, _back(network), _("The product was taken off the standard list."))


@login_required
@require_POST
def checklist_post(request: HttpRequest, slug: str) -> HttpResponse:
    network, _role = access_network(actor(request), slug)
    phase = request.POST.get("phase", "")
    form = ChecklistForm(request.POST, prefix=phase if phase in ChecklistPhase.values else None)
    if phase in ChecklistPhase.values and form.is_valid():
        try:
            checklist_set(
                network=network,
                actor=actor(request),
                phase=phase,
                texts=form.cleaned_data["texts"].splitlines(),
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return done(request, _back(network), _("The checklist was saved."))
    elif phase not in ChecklistPhase.values:
        form.add_error(None, _("Choose opening or closing."))
    forms = {f"checklist_{phase}": form} if phase in ChecklistPhase.values else {}
    return render(request, STANDARD_TEMPLATE, _standard_context(network, **forms), status=400)


@login_required
@require_POST
def het_post(request: HttpRequest, slug: str) -> HttpResponse:
    network, _role = access_network(actor(request), slug)
    form = HetForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            het_publish(
                network=network,
                actor=actor(request),
                region_code=data["region_code"],
                staple=data["staple"],
                unit=data["unit"],
                price=data["price"],
                valid_from=data["valid_from"],
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return done(request, _back(network), _("The HET was published."))
    return render(request, STANDARD_TEMPLATE, _standard_context(network, het_form=form), status=400)


# --- the member cooperative ----------------------------------------------------------------------------------


@login_required
@require_GET
def adopt_page(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    return render(
        request,
        "mart/network/adopt.html",
        {"cooperative": cooperative, "can_edit": can_edit, "offers": standards_for(cooperative)},
    )


@login_required
@require_POST
def adopt(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = manager_access(request, slug)
    network_id = _int(request.POST.get("network"))
    try:
        if network_id is None:
            raise ApplicationError(_("Choose a network."), code=error_codes.REQUIRED)
        result = standard_adopt(
            cooperative=cooperative, actor=actor(request), network_id=network_id, ip_address=client_ip(request)
        )
    except ApplicationError as error:
        if error.status != 400:
            raise
        context = {"cooperative": cooperative, "can_edit": True, "offers": standards_for(cooperative)}
        return render(request, "mart/network/adopt.html", {**context, "error": error.message}, status=400)
    message = _("Standard adopted: %(created)s products added, %(linked)s already sold here linked.") % {
        "created": len(result.created),
        "linked": len(result.linked),
    }
    if result.skipped:
        message += " " + _("Skipped: %(list)s.") % {"list": "; ".join(f"{n} ({why})" for n, why in result.skipped)}
    return done(request, reverse("mart:standard_adopt", args=[cooperative.slug]), message)


urlpatterns = [
    path("jaringan/<slug:slug>/mart/standar/", standard, name="network_standard"),
    path("jaringan/<slug:slug>/mart/standar/produk/", standard_product_post, name="network_standard_product"),
    path(
        "jaringan/<slug:slug>/mart/standar/produk/hapus/",
        standard_product_delete,
        name="network_standard_product_delete",
    ),
    path("jaringan/<slug:slug>/mart/standar/daftar-periksa/", checklist_post, name="network_checklist"),
    path("jaringan/<slug:slug>/mart/standar/het/", het_post, name="network_het"),
    path("k/<slug:slug>/mart/standar/", adopt_page, name="standard_adopt"),
    path("k/<slug:slug>/mart/standar/adopsi/", adopt, name="standard_adopt_post"),
]
