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
from simpul.members.cashier.receipts import share_context
from simpul.members.forms import MemberExitForm, MemberFilterForm, MemberForm
from simpul.members.models import Member, MemberStatus, SavingsTransaction
from simpul.members.savings.selectors import member_savings_balances, member_savings_history
from simpul.members.savings.views import savings_form_blank
from simpul.members.selectors import member_counts, member_page
from simpul.members.services import access_member, member_exit, member_register, member_update

LIST_TEMPLATE = "members/list.html"
FORM_TEMPLATE = "members/form.html"
EXIT_TEMPLATE = "members/exit.html"


@login_required
@require_GET
def member_list(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    filter_form = MemberFilterForm(request.GET)
    filters = filter_form.filters()
    # Each member with total savings and wajib arrears; an unreadable amount filter is named (400), not ignored.
    page = member_page(cooperative, filters, request.GET.get("halaman"))
    context = {
        "cooperative": cooperative,
        "can_edit": can_edit,
        "filter_form": filter_form,
        "filters": filters,
        "filtered": any(filters.values()),
        "query": urlencode({k: v for k, v in filters.items() if v}),
        "page": page,
        "counts": member_counts(cooperative),
        "statuses": MemberStatus,
    }
    template = f"{LIST_TEMPLATE}#results" if getattr(request, "htmx", False) else LIST_TEMPLATE
    amount_error = any(filter_form.has_error(name) for name in ("balance_min", "balance_max"))
    return render(request, template, context, status=400 if amount_error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def member_new(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = manager_access(request, slug)
    if request.method != "POST":
        form = MemberForm(initial={"join_date": cooperative.today()})
        return render(request, FORM_TEMPLATE, _form_context(cooperative, form, None))
    form = MemberForm(request.POST, home_code=cooperative.village_id)
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
    context = _form_context(cooperative, form, None)
    return render_form(request, FORM_TEMPLATE, context, partial="form", status=400)


@login_required
@require_GET
def member_detail(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    member = access_member(cooperative, member_id)
    changes = member.status_changes.select_related("actor").order_by("-created_at")
    history = member_savings_history(cooperative, member)
    context = {
        "cooperative": cooperative,
        "can_edit": can_edit,
        "member": member,
        "status_changes": list(changes),
        "savings_balances": member_savings_balances(cooperative, member),
        "savings_history": history,
        "savings_form": savings_form_blank(cooperative) if can_edit else None,
        # Just recorded (?bukti=<id> after a deposit or withdrawal): its receipt is offered at once, WhatsApp included.
        "receipt_offer": _just_recorded(request, history) if can_edit else None,
    }
    return render(request, "members/detail.html", context)


def _just_recorded(request: HttpRequest, history: list[SavingsTransaction]) -> dict[str, Any] | None:
    wanted = request.GET.get("bukti", "")
    row = next((row for row in history if str(row.pk) == wanted), None)
    return None if row is None else {"row": row, **share_context(row)}


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    cooperative = manager_access(request, slug)
    member = access_member(cooperative, member_id)
    if request.method != "POST":
        form = MemberForm(initial=MemberForm.initial_from(member))
        return render(request, FORM_TEMPLATE, _form_context(cooperative, form, member))
    form = MemberForm(request.POST, home_code=cooperative.village_id)
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
    context = _form_context(cooperative, form, member)
    return render_form(request, FORM_TEMPLATE, context, partial="form", status=400)


def _form_context(cooperative: Cooperative, form: MemberForm, member: Member | None) -> dict:
    # The village picker ({% village_picker %}) reads the chosen village from the form, near the cooperative's.
    return {"cooperative": cooperative, "form": form, "member": member}


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
