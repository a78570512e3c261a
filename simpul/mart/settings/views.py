"""The mart's settings page (/k/<slug>/mart/pengaturan/: managers change, supervisors read; the PIN is never shown)
and members' kasbon (/k/<slug>/mart/kasbon/: the list with balances; a member's page where the desk takes a
repayment and the manager sets the limit)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from simpul.coops.access import READ_ROLES, STAFF_ROLES, access_cooperative
from simpul.coops.models import Cooperative, RoleKind
from simpul.coops.selectors.paging import LookaheadPaginator, page_number
from simpul.coops.views.workspace import actor, done
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError, NotFoundError, PermissionDeniedError
from simpul.core.forms import add_application_error
from simpul.core.htmx import render_form
from simpul.mart.models import Kasbon
from simpul.mart.sales.kasbon import kasbon_limit_set, kasbon_members, kasbon_repay, kasbon_total
from simpul.mart.settings.forms import KasbonLimitForm, MartSettingsForm
from simpul.mart.settings.services import mart_settings_get, mart_settings_update
from simpul.mart.shifts.forms import KasbonRepaymentForm
from simpul.members.services import access_member

SETTINGS_TEMPLATE = "mart/settings/settings.html"
KASBON_TEMPLATE = "mart/settings/kasbon.html"
KASBON_MEMBER_TEMPLATE = "mart/settings/kasbon_member.html"
LIST_PAGE_SIZE = 50
DESK_ROLES = frozenset({RoleKind.MANAGER, RoleKind.CASHIER})


def _roles(request: HttpRequest, cooperative: Cooperative) -> set[str]:
    return {r.kind for r in getattr(request, "roles", []) if r.cooperative_id == cooperative.pk}


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, slug: str) -> HttpResponse:
    user = actor(request)
    if request.method != "POST":
        cooperative, _role = access_cooperative(user, slug, READ_ROLES)
        settings = mart_settings_get(cooperative)
        can_edit = RoleKind.MANAGER in _roles(request, cooperative)
        form = None
        if can_edit:
            form = MartSettingsForm(
                initial={
                    "max_line_discount_percent": settings.max_line_discount_percent,
                    "max_sale_discount_percent": settings.max_sale_discount_percent,
                    "kasbon_default_limit": settings.kasbon_default_limit,
                    "qris_payload": settings.qris_payload,
                    "receipt_footer": settings.receipt_footer,
                }
            )
        context = {"cooperative": cooperative, "settings": settings, "form": form}
        return render(request, SETTINGS_TEMPLATE, context)
    cooperative, _role = access_cooperative(user, slug, frozenset({RoleKind.MANAGER}))
    form = MartSettingsForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            mart_settings_update(
                cooperative=cooperative,
                actor=user,
                max_line_discount_percent=data["max_line_discount_percent"],
                max_sale_discount_percent=data["max_sale_discount_percent"],
                kasbon_default_limit=data["kasbon_default_limit"],
                qris_payload=data.get("qris_payload") or "",
                receipt_footer=data.get("receipt_footer") or "",
                manager_pin=data.get("manager_pin") or "",
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            if isinstance(error, NotFoundError | PermissionDeniedError):
                raise
            add_application_error(form, error)
        else:
            url = reverse("mart:settings", args=[cooperative.slug])
            return done(request, url, _("The mart settings were saved."))
    context = {"cooperative": cooperative, "settings": mart_settings_get(cooperative), "form": form}
    return render_form(request, SETTINGS_TEMPLATE, context, partial="form", status=400)


@login_required
@require_GET
def kasbon_page(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, _role = access_cooperative(actor(request), slug, STAFF_ROLES)
    page = LookaheadPaginator(kasbon_members(cooperative), LIST_PAGE_SIZE).page(page_number(request.GET.get("halaman")))
    context = {
        "cooperative": cooperative,
        "rows": list(page.object_list),
        "page": page,
        "total": kasbon_total(cooperative),
    }
    return render(request, KASBON_TEMPLATE, context)


def _member_context(cooperative: Cooperative, member: Any, is_manager: bool, **forms: Any) -> dict[str, Any]:
    kasbon = Kasbon.objects.filter(cooperative=cooperative, member=member).first()
    return {
        "cooperative": cooperative,
        "member": member,
        "kasbon": kasbon,
        "is_manager": is_manager,
        "repay_form": forms.get("repay_form") or KasbonRepaymentForm(),
        "limit_form": (forms.get("limit_form") or KasbonLimitForm(initial={"limit": kasbon.limit if kasbon else None}))
        if is_manager
        else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def kasbon_member_page(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    """A member's kasbon: what they owe and the limit; the desk takes a repayment, the manager sets the limit."""
    user = actor(request)
    if request.method != "POST":
        cooperative, _role = access_cooperative(user, slug, STAFF_ROLES)
        member = access_member(cooperative, member_id)
        is_manager = RoleKind.MANAGER in _roles(request, cooperative)
        return render(request, KASBON_MEMBER_TEMPLATE, _member_context(cooperative, member, is_manager))
    cooperative, _role = access_cooperative(user, slug, DESK_ROLES)
    member = access_member(cooperative, member_id)
    is_manager = RoleKind.MANAGER in _roles(request, cooperative)
    url = reverse("mart:kasbon_member", args=[cooperative.slug, member.pk])
    if request.POST.get("action") == "limit":
        if not is_manager:
            raise PermissionDeniedError(_("Your role may not do this."), code="forbidden")
        limit_form = KasbonLimitForm(request.POST)
        if limit_form.is_valid():
            try:
                kasbon_limit_set(
                    cooperative=cooperative,
                    actor=user,
                    member_id=member.pk,
                    limit=limit_form.cleaned_data["limit"],
                    ip_address=client_ip(request),
                )
            except ApplicationError as error:
                add_application_error(limit_form, error)
            else:
                return done(request, url, _("The kasbon limit was saved."))
        context = _member_context(cooperative, member, is_manager, limit_form=limit_form)
        return render_form(request, KASBON_MEMBER_TEMPLATE, context, partial="limit", status=400)
    repay_form = KasbonRepaymentForm(request.POST)
    if repay_form.is_valid():
        try:
            repayment = kasbon_repay(
                cooperative=cooperative,
                actor=user,
                member_id=member.pk,
                amount=repay_form.cleaned_data["amount"],
                method=repay_form.cleaned_data.get("method") or "cash",
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            add_application_error(repay_form, error)
        else:
            receipt = reverse("mart:kasbon_receipt", args=[cooperative.slug, repayment.pk])
            return done(request, receipt, _("The repayment is recorded."))
    context = _member_context(cooperative, member, is_manager, repay_form=repay_form)
    return render_form(request, KASBON_MEMBER_TEMPLATE, context, partial="repay", status=400)


urlpatterns = [
    path("k/<slug:slug>/mart/pengaturan/", settings_page, name="settings"),
    path("k/<slug:slug>/mart/kasbon/", kasbon_page, name="kasbon"),
    path("k/<slug:slug>/mart/kasbon/<int:member_id>/", kasbon_member_page, name="kasbon_member"),
]
