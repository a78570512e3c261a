"""The Dinas officer's needs pages (/dinas/<region_code>/kebutuhan/…): the region's needs with their service levels
(overdue per officer and per region one level down), and one need: acknowledge it and name its officer, reassign it,
commit help that is not goods, close it, write on its timeline.

`access_office_by_region` lets the officer in only where the office's scope holds the URL's region; a need outside
that region is 404 like one that does not exist."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from simpul.coops.access import access_office_and_region
from simpul.coops.models import GovernmentOffice, Role, RoleKind
from simpul.coops.selectors.dinas import region_trail
from simpul.coops.views.public import filter_query
from simpul.coops.views.workspace import actor, done
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError
from simpul.needs import access, lifecycle, selectors
from simpul.needs.forms import AssignForm, CommentForm, RegionNeedFilterForm, TransitionForm
from simpul.needs.models import GOODS_CATEGORIES, Need, NeedStatus
from simpul.needs.services.needs import need_assign, need_comment, need_transition
from simpul.needs.views.common import detail_context, list_page, refuse_on
from simpul.regions.models import Region


def _office(request: HttpRequest, region_code: str) -> tuple[GovernmentOffice, Region | None]:
    return access_office_and_region(actor(request), region_code)


def _officers(office: GovernmentOffice, need: Need) -> list[tuple[int, str]]:
    """The active officers of the offices whose region holds the need, the acting office's first."""
    roles = (
        Role.objects.filter(kind=RoleKind.DINAS, is_active=True, user__is_active=True)
        .select_related("office", "user")
        .order_by("user__full_name", "user_id")
    )
    found: dict[int, str] = {}
    for role in sorted(roles, key=lambda r: r.office_id != office.pk):
        if role.office is not None and role.office.covers(need.village_code) and role.user_id not in found:
            found[role.user_id] = f"{role.user.full_name} ({role.office.name})"
    return list(found.items())


@login_required
@require_GET
def region_needs(request: HttpRequest, region_code: str) -> HttpResponse:
    office, region = _office(request, region_code)
    needs = access.needs_of_office(office, region_code)
    form = RegionNeedFilterForm(request.GET)
    filters = selectors.NeedFilters(group="terbuka")
    query = ""
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.NeedFilters(
            group=data["keadaan"],
            category=data["kategori"],
            overdue=data["terlambat"],
            officer_id=actor(request).pk if request.GET.get("saya") else None,
        )
        query = filter_query(data, ("keadaan", "kategori", "terlambat"))
    now = timezone.now()
    context: dict[str, Any] = {
        "office": office,
        "region": region,
        "region_code": region_code,
        "region_name": region.name if region else _("Indonesia"),
        "trail": region_trail(scope_code=office.scope_code, region=region),
        "form": form,
        "filter_query": query,
        "page": list_page(request, selectors.filtered(needs, filters, now=now)),
        "levels": selectors.service_levels(needs, now=now),
        "officers": selectors.overdue_by_officer(needs, now=now),
        "regions": selectors.by_child_region(needs, region=region, now=now),
        "categories": selectors.category_counts(needs, now=now),
    }
    return render(request, "needs/dinas_needs.html", context, status=400 if form.errors else 200)


def _need_page(
    request: HttpRequest,
    office: GovernmentOffice,
    region_code: str,
    need: Need,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    actions = lifecycle.allowed_targets(need.status, lifecycle.DINAS)
    if need.category in GOODS_CATEGORIES:
        # Goods are committed by the pledges the cooperative accepts, not by the Dinas's word.
        actions = [to for to in actions if to != NeedStatus.COMMITTED]
    officers = _officers(office, need)
    context = detail_context(
        need,
        office=office,
        region_code=region_code,
        side="dinas",
        can_edit=True,
        actions=[(to, lifecycle.ACTION_LABELS.get(to, to), to in lifecycle.NOTE_REQUIRED) for to in actions],
        officers=officers,
        transition_form=forms.get("transition_form") or TransitionForm(),
        assign_form=forms.get("assign_form")
        or (AssignForm(officers=officers, initial={"officer": need.officer_id}) if need.is_open else None),
        comment_form=forms.get("comment_form") or CommentForm(),
        status_url=reverse("needs:dinas_need_status", args=[region_code, need.pk]),
        assign_url=reverse("needs:dinas_need_assign", args=[region_code, need.pk]),
        comment_url=reverse("needs:dinas_need_comment", args=[region_code, need.pk]),
    )
    return render(request, "needs/need_detail.html", context, status=status)


@login_required
@require_GET
def region_need(request: HttpRequest, region_code: str, need_id: int) -> HttpResponse:
    office, _region = _office(request, region_code)
    return _need_page(request, office, region_code, access.need_of_office(office, need_id, region_code=region_code))


def _back(region_code: str, need: Need, message: str, request: HttpRequest) -> HttpResponse:
    return done(request, reverse("needs:dinas_need", args=[region_code, need.pk]), message)


@login_required
@require_POST
def region_need_status(request: HttpRequest, region_code: str, need_id: int) -> HttpResponse:
    office, _region = _office(request, region_code)
    need = access.need_of_office(office, need_id, region_code=region_code)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            need = need_transition(
                need_id=need.pk,
                actor=actor(request),
                side=lifecycle.DINAS,
                to=form.cleaned_data["to"],
                note=form.cleaned_data["note"],
                office=office,
                officer_id=form.cleaned_data.get("officer"),
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            message = _("%(need)s is now %(status)s.") % {"need": need.label, "status": need.get_status_display()}
            return _back(region_code, need, message, request)
    return _need_page(request, office, region_code, need, status=400, transition_form=form)


@login_required
@require_POST
def region_need_assign(request: HttpRequest, region_code: str, need_id: int) -> HttpResponse:
    office, _region = _office(request, region_code)
    need = access.need_of_office(office, need_id, region_code=region_code)
    form = AssignForm(request.POST, officers=_officers(office, need))
    if form.is_valid():
        try:
            need = need_assign(
                need_id=need.pk,
                office=office,
                actor=actor(request),
                officer_id=form.cleaned_data["officer"],
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            assert need.officer is not None
            message = _("%(need)s is assigned to %(officer)s.") % {
                "need": need.label,
                "officer": need.officer.full_name,
            }
            return _back(region_code, need, message, request)
    return _need_page(request, office, region_code, need, status=400, assign_form=form)


@login_required
@require_POST
def region_need_comment(request: HttpRequest, region_code: str, need_id: int) -> HttpResponse:
    office, _region = _office(request, region_code)
    need = access.need_of_office(office, need_id, region_code=region_code)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            need_comment(
                need_id=need.pk,
                actor=actor(request),
                actor_side=office.name,
                note=form.cleaned_data["note"],
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            return _back(region_code, need, _("Your message is added."), request)
    return _need_page(request, office, region_code, need, status=400, comment_form=form)


urlpatterns = [
    path("dinas/<str:region_code>/kebutuhan/", region_needs, name="dinas_needs"),
    path("dinas/<str:region_code>/kebutuhan/<int:need_id>/", region_need, name="dinas_need"),
    path("dinas/<str:region_code>/kebutuhan/<int:need_id>/status/", region_need_status, name="dinas_need_status"),
    path("dinas/<str:region_code>/kebutuhan/<int:need_id>/petugas/", region_need_assign, name="dinas_need_assign"),
    path("dinas/<str:region_code>/kebutuhan/<int:need_id>/pesan/", region_need_comment, name="dinas_need_comment"),
]
