"""The catalog's pages under /k/<slug>/mart/produk/: the product list (search by name, SKU or a scanned barcode,
filter by category), a product's page (units, barcodes, HET status), the product form, the products above the HET,
import and export (Excel), shelf labels and barcode stickers (PDF).

Managers read and write; supervisors read the same pages without edit controls and get 403 on any write; cashiers
and members get 403 (the till finds products through the POS)."""

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simpul.coops.access import READ_ROLES
from simpul.coops.models import Cooperative
from simpul.coops.selectors.paging import LookaheadPaginator, page_number
from simpul.coops.views.workspace import actor, done, manager_access, workspace_access
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError
from simpul.core.exports import download_name, pdf_response, xlsx_response
from simpul.core.forms import add_application_error
from simpul.core.htmx import render_form
from simpul.mart.catalog import imports, labels
from simpul.mart.catalog.forms import UNIT_ROWS, LabelsForm, ProductForm, ProductImportForm
from simpul.mart.catalog.selectors import (
    PAGE_SIZE,
    category_list,
    het_for,
    product_get,
    product_search,
    products_above_het,
    products_by_ids,
)
from simpul.mart.catalog.services import product_create, product_update
from simpul.mart.models import Product
from simpul.members.models import Member

FORM_TEMPLATE = "mart/catalog/form.html"


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


@login_required
@require_GET
def product_list(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    q = request.GET.get("q", "")[:100]
    category_id = _int(request.GET.get("kategori"))
    status = request.GET.get("status", "")
    active = {"dijual": True, "pensiun": False}.get(status)
    products = product_search(cooperative, q=q, category_id=category_id, active=active)
    page = LookaheadPaginator(products, PAGE_SIZE).page(page_number(request.GET.get("halaman")))
    query = urlencode({k: v for k, v in (("q", q), ("kategori", category_id or ""), ("status", status)) if v})
    template = "mart/catalog/list.html#results" if getattr(request, "htmx", False) else "mart/catalog/list.html"
    return render(
        request,
        template,
        {
            "cooperative": cooperative,
            "can_edit": can_edit,
            "page": page,
            "products": list(page.object_list),
            "q": q,
            "categories": list(category_list(cooperative)),
            "category_id": category_id,
            "status": status,
            "query": query,
        },
    )


def _producers(cooperative: Cooperative) -> list[tuple[int, str]]:
    members = Member.objects.filter(cooperative=cooperative, is_producer=True).order_by("name").only("id", "name")
    return [(m.pk, m.name) for m in members[:500]]


def _form_context(cooperative: Cooperative, form: ProductForm, product: Product | None) -> dict[str, Any]:
    return {
        "cooperative": cooperative,
        "form": form,
        "product": product,
        "unit_rows": form.unit_rows(),
        "categories": list(category_list(cooperative)),
    }


@login_required
@require_http_methods(["GET", "POST"])
def product_new(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = manager_access(request, slug)
    producers = _producers(cooperative)
    if request.method != "POST":
        form = ProductForm(producers=producers, initial={"base_unit": "pcs", "is_active": True, "min_stock": "0"})
        return render(request, FORM_TEMPLATE, _form_context(cooperative, form, None))
    form = ProductForm(request.POST, producers=producers)
    if form.is_valid():
        try:
            product = product_create(
                cooperative=cooperative, actor=actor(request), ip_address=client_ip(request), **form.service_data()
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            url = reverse("mart:product_detail", args=[cooperative.slug, product.pk])
            return done(request, url, _("The product %(name)s was saved.") % {"name": product.name})
    return render_form(request, FORM_TEMPLATE, _form_context(cooperative, form, None), partial="form", status=400)


def _initial(product: Product) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "name": product.name,
        "sku": product.sku,
        "category_name": product.category.name if product.category else "",
        "base_unit": product.base_unit,
        "fractional": product.fractional,
        "price": product.price,
        "member_price": product.member_price,
        "min_stock": f"{product.min_stock.normalize():f}",
        "taxed": product.taxed,
        "staple": product.staple,
        "het_reason": product.het_reason,
        "producer_id": product.producer_id,
        "producer_name": product.producer_name,
        "is_active": product.is_active,
    }
    unit_codes: dict[int, str] = {}
    plain = []
    for code in product.barcodes.all():
        if code.unit_id:
            unit_codes.setdefault(code.unit_id, code.code)
        else:
            plain.append(code.code)
    initial["barcodes"] = " ".join(plain)
    for index, unit in enumerate(list(product.units.all())[:UNIT_ROWS], start=1):
        initial[f"unit_{index}_name"] = unit.name
        initial[f"unit_{index}_factor"] = f"{unit.factor.normalize():f}"
        initial[f"unit_{index}_price"] = unit.price or ""
        initial[f"unit_{index}_barcode"] = unit_codes.get(unit.pk, "")
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, slug: str, product_id: int) -> HttpResponse:
    cooperative = manager_access(request, slug)
    product = product_get(cooperative, product_id)
    producers = _producers(cooperative)
    if request.method != "POST":
        form = ProductForm(producers=producers, initial=_initial(product))
        return render(request, FORM_TEMPLATE, _form_context(cooperative, form, product))
    form = ProductForm(request.POST, producers=producers)
    if form.is_valid():
        data = form.service_data()
        data["is_active"] = bool(form.cleaned_data.get("is_active"))
        if len(list(product.units.all())) > UNIT_ROWS:
            data.pop("units")  # the form shows three packs; more are kept as they are (the API edits them all)
        try:
            product_update(
                cooperative=cooperative,
                actor=actor(request),
                product_id=product.pk,
                data=data,
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            url = reverse("mart:product_detail", args=[cooperative.slug, product.pk])
            return done(request, url, _("The product %(name)s was saved.") % {"name": data["name"]})
    return render_form(request, FORM_TEMPLATE, _form_context(cooperative, form, product), partial="form", status=400)


@login_required
@require_GET
def product_detail(request: HttpRequest, slug: str, product_id: int) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    product = product_get(cooperative, product_id)
    het = het_for(cooperative, product.staple, product.base_unit) if product.staple else None
    units = [
        {"unit": unit, "price": unit.price or unit.factor * product.price, "own_price": bool(unit.price)}
        for unit in product.units.all()
    ]
    return render(
        request,
        "mart/catalog/detail.html",
        {
            "cooperative": cooperative,
            "can_edit": can_edit,
            "product": product,
            "units": units,
            "barcodes": list(product.barcodes.all()),
            "het": het,
            "above_het": het is not None and max(product.price, product.member_price) > het,
        },
    )


@login_required
@require_GET
def above_het(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    return render(
        request,
        "mart/catalog/above_het.html",
        {"cooperative": cooperative, "can_edit": can_edit, "rows": products_above_het(cooperative)},
    )


# --- import and export -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def product_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload → preview (every row checked; the errors listed in Indonesian) → confirm (all rows, or none)."""
    cooperative = manager_access(request, slug)
    context: dict[str, Any] = {"cooperative": cooperative, "limits": imports.limits_text()}
    if request.method != "POST":
        return render(request, "mart/catalog/import.html", {**context, "form": ProductImportForm()})
    form = ProductImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "mart/catalog/import.html", {**context, "form": form}, status=400)
    upload = form.cleaned_data["file"]
    try:
        preview = imports.product_import_preview(cooperative=cooperative, content=upload.read(), filename=upload.name)
    except ApplicationError as error:
        add_application_error(form, error)
        return render(request, "mart/catalog/import.html", {**context, "form": form}, status=400)
    status = 200 if preview.ok else 400
    return render(request, "mart/catalog/import_preview.html", {**context, "preview": preview}, status=status)


@login_required
@require_POST
def product_import_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = manager_access(request, slug)
    try:
        result = imports.product_import_confirm(
            cooperative=cooperative,
            actor=actor(request),
            token=request.POST.get("token", ""),
            ip_address=client_ip(request),
        )
    except imports.ImportRowsRefused as refused:
        context = {"cooperative": cooperative, "limits": imports.limits_text(), "preview": refused.preview}
        return render(request, "mart/catalog/import_preview.html", context, status=400)
    except ApplicationError as error:
        if error.status != 400:
            raise
        context = {"cooperative": cooperative, "limits": imports.limits_text(), "form": ProductImportForm()}
        return render(request, "mart/catalog/import.html", {**context, "error": error.message}, status=400)
    message = _("Products imported: %(created)s new, %(updated)s changed.") % result
    return done(request, reverse("mart:product_list", args=[cooperative.slug]), message)


@login_required
@require_GET
def product_import_template(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = manager_access(request, slug)
    return xlsx_response(imports.template_sheets(), download_name("templat-produk", cooperative.slug, extension="xlsx"))


@login_required
@require_GET
def product_export(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, _can_edit = workspace_access(request, slug, READ_ROLES)
    return xlsx_response(
        imports.export_sheets(cooperative), download_name("produk", cooperative.slug, extension="xlsx")
    )


# --- labels --------------------------------------------------------------------------------------------------


@login_required
@require_GET
def product_labels(request: HttpRequest, slug: str) -> HttpResponse:
    """Choose products (ticked in the list, or all of a search) and the kind of label; the PDF opens."""
    cooperative, _can_edit = workspace_access(request, slug, READ_ROLES)
    ids = [i for i in (_int(v) for v in request.GET.getlist("produk")) if i][:500]
    form = LabelsForm(request.GET if "kind" in request.GET else None)
    if ids and form.is_valid():
        products = products_by_ids(cooperative, ids)
        kind = form.cleaned_data["kind"]
        context = labels.label_context(cooperative, products, kind=kind, copies=form.cleaned_data["copies"])
        name = download_name("label" if kind == "shelf" else "stiker-barcode", cooperative.slug, extension="pdf")
        return pdf_response(request, labels.TEMPLATES[kind], context, name, inline=True)
    q = request.GET.get("q", "")[:100]
    products = list(product_search(cooperative, q=q, active=True)[:200])
    return render(
        request,
        "mart/catalog/labels.html",
        {
            "cooperative": cooperative,
            "form": form if form.is_bound else LabelsForm(),
            "products": products,
            "chosen": set(ids),
            "q": q,
            "nothing_chosen": "kind" in request.GET and not ids,
        },
    )


urlpatterns = [
    path("k/<slug:slug>/mart/produk/", product_list, name="product_list"),
    path("k/<slug:slug>/mart/produk/baru/", product_new, name="product_new"),
    path("k/<slug:slug>/mart/produk/di-atas-het/", above_het, name="products_above_het"),
    path("k/<slug:slug>/mart/produk/impor/", product_import, name="product_import"),
    path("k/<slug:slug>/mart/produk/impor/konfirmasi/", product_import_confirm, name="product_import_confirm"),
    path("k/<slug:slug>/mart/produk/impor/templat/", product_import_template, name="product_import_template"),
    path("k/<slug:slug>/mart/produk/ekspor/", product_export, name="product_export"),
    path("k/<slug:slug>/mart/produk/label/", product_labels, name="product_labels"),
    path("k/<slug:slug>/mart/produk/<int:product_id>/", product_detail, name="product_detail"),
    path("k/<slug:slug>/mart/produk/<int:product_id>/ubah/", product_edit, name="product_edit"),
]
