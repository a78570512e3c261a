"""Pages of the member register under /k/<slug>/anggota/. Managers write; supervisors read, and get 403 on a write."""

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from simpul.coops.access import READ_ROLES
from simpul.coops.models import Cooperative
from simpul.coops.views.workspace import actor, done, manager_access, workspace_access
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError
from simpul.core.forms import add_application_error
from simpul.core.htmx import render_form
from simpul.members.forms import MemberExitForm, MemberFilterForm, MemberForm
from simpul.members.models import Member, MemberStatus
from simpul.members.savings_selectors import member_savings_balances, member_savings_history
from simpul.members.savings_views import savings_form_blank
from simpul.members.selectors import member_counts, member_page
from simpul.members.services import access_member, member_exit, member_register, member_update
from simpul.regions.models import Region

LIST_TEMPLATE = "members/list.html"
FORM_TEMPLATE = "members/form.html"
EXIT_TEMPLATE = "members/exit.html"


def _region_label(code: str | None) -> str:
    if not code:
        return ""
    region = Region.objects.filter(code=code).only("path").first()
    return region.path if region else ""


@login_required
@require_GET
def member_list(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    filter_form = MemberFilterForm(request.GET)
    filters = filter_form.filters()
    page = member_page(cooperative, filters, request.GET.get("halaman"))
    context = {
        "cooperative": cooperative,
        "can_edit": can_edit,
        "filter_form": filter_form,
        "filters": filters,
        "query": urlencode({k: v for k, v in filters.items() if v}),
        "page": page,
        "counts": member_counts(cooperative),
        "statuses": MemberStatus,
    }
    template = f"{LIST_TEMPLATE}#results" if getattr(request, "htmx", False) else LIST_TEMPLATE
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def member_new(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = manager_access(request, slug)
    if request.method != "POST":
        form = MemberForm(initial={"join_date": cooperative.today()})
        return render(request, FORM_TEMPLATE, _form_context(cooperative, form, None, ""))
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            member = member_register(
                cooperative=cooperative, actor=actor(request), data=form.member_data(), ip_address=client_ip(request)
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            message = _("%(name)s is registered as member number %(number)s.") % {
                "name": member.name,
                "number": member.number_display,
            }
            return done(request, reverse("members:detail", args=[cooperative.slug, member.pk]), message)
    context = _form_context(cooperative, form, None, request.POST.get("village"))
    return render_form(request, FORM_TEMPLATE, context, partial="form", status=400)


@login_required
@require_GET
def member_detail(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    member = access_member(cooperative, member_id)
    changes = member.status_changes.select_related("actor").order_by("-created_at")
    context = {
        "cooperative": cooperative,
        "can_edit": can_edit,
        "member": member,
        "status_changes": list(changes),
        "savings_balances": member_savings_balances(cooperative, member),
        "savings_history": member_savings_history(cooperative, member),
        "savings_form": savings_form_blank(cooperative) if can_edit else None,
    }
    return render(request, "members/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    cooperative = manager_access(request, slug)
    member = access_member(cooperative, member_id)
    if request.method != "POST":
        form = MemberForm(initial=MemberForm.initial_from(member))
        return render(request, FORM_TEMPLATE, _form_context(cooperative, form, member, member.village_id))
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            member_update(
                cooperative=cooperative,
                actor=actor(request),
                member_id=member.pk,
                data=form.member_data(),
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            url = reverse("members:detail", args=[cooperative.slug, member.pk])
            return done(request, url, _("The member's data was saved."))
    context = _form_context(cooperative, form, member, request.POST.get("village"))
    return render_form(request, FORM_TEMPLATE, context, partial="form", status=400)


def _form_context(cooperative: Cooperative, form: MemberForm, member: Member | None, village: Any) -> dict:
    return {
        "cooperative": cooperative,
        "form": form,
        "member": member,
        "village_code": village or "",
        "village_label": _region_label(village),
    }


@login_required
@require_http_methods(["GET", "POST"])
def member_leave(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    cooperative = manager_access(request, slug)
    member = access_member(cooperative, member_id)
    if request.method != "POST":
        form = MemberExitForm(initial={"exit_date": cooperative.today()})
        return render(request, EXIT_TEMPLATE, {"cooperative": cooperative, "member": member, "form": form})
    form = MemberExitForm(request.POST)
    if form.is_valid():
        try:
            member_exit(
                cooperative=cooperative,
                actor=actor(request),
                member_id=member.pk,
                status=form.cleaned_data["status"],
                exit_date=form.cleaned_data["exit_date"],
                reason=form.cleaned_data["reason"],
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            url = reverse("members:detail", args=[cooperative.slug, member.pk])
            return done(request, url, _("The membership of %(name)s has ended.") % {"name": member.name})
    context = {"cooperative": cooperative, "member": member, "form": form}
    return render_form(request, EXIT_TEMPLATE, context, partial="form", status=400)


urlpatterns = [
    path("k/<slug:slug>/anggota/", member_list, name="list"),
    path("k/<slug:slug>/anggota/baru/", member_new, name="register"),
    path("k/<slug:slug>/anggota/<int:member_id>/", member_detail, name="detail"),
    path("k/<slug:slug>/anggota/<int:member_id>/ubah/", member_edit, name="edit"),
    path("k/<slug:slug>/anggota/<int:member_id>/keluar/", member_leave, name="exit"),
]
