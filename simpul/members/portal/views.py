"""The member portal.

- A manager's panel on the member page (/k/<slug>/anggota/<id>/portal/…): does the member have a login, the open
  invitation with its WhatsApp link, invite, revoke, unlink. Supervisors read it; only managers act.
- The member's own page (/anggota/k/<slug>/): their register data, savings balances and history. It answers only
  for the logged-in person's own member record; any other cooperative is 404.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from simpul.coops.access import READ_ROLES
from simpul.coops.forms import Form
from simpul.coops.models import Cooperative
from simpul.coops.services.invitations import invitation_link
from simpul.coops.views.workspace import actor, manager_access, workspace_access
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError
from simpul.core.forms import add_application_error
from simpul.core.models import User
from simpul.members.home.selectors import member_savings_months
from simpul.members.home.views import month_label
from simpul.members.models import Member
from simpul.members.portal.selectors import member_open_invitation, portal_member
from simpul.members.portal.services import (
    member_invitation_whatsapp_url,
    member_portal_invite,
    member_portal_revoke,
    member_portal_unlink,
)
from simpul.members.savings.selectors import (
    WajibArrear,
    member_savings_balances,
    member_savings_history,
    wajib_arrear_rows,
    wajib_arrears,
)
from simpul.members.services import access_member

ACCESS_TEMPLATE = "members/portal/access.html"
HOME_TEMPLATE = "members/portal/home.html"


class PortalInviteForm(Form):
    phone = forms.CharField(
        label=gettext_lazy("Phone number (WhatsApp)"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("You send the link yourself through WhatsApp."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.CharField(
        label=gettext_lazy("or e-mail"),
        required=False,
        max_length=254,
        help_text=gettext_lazy("Simpul sends the link by e-mail."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


# --- the manager's panel on the member page -----------------------------------------------------------------------


def _access_context(
    request: HttpRequest, cooperative: Cooperative, member: Member, can_edit: bool, form: PortalInviteForm | None
) -> dict[str, Any]:
    invitation = member_open_invitation(cooperative, member) if member.user_id is None else None
    link = invitation_link(invitation) if invitation else ""
    if form is None and can_edit and invitation is None and member.user_id is None and member.is_active:
        form = PortalInviteForm(initial={"phone": member.phone})
    return {
        "cooperative": cooperative,
        "member": member,
        "can_edit": can_edit,
        "login": member.user,
        "invitation": invitation,
        "invitation_link": link,
        "whatsapp_url": member_invitation_whatsapp_url(invitation, link) if invitation and invitation.phone else "",
        "form": form,
    }


def _panel(request: HttpRequest, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    """The panel alone for HTMX (the member page loads it in place), the whole page otherwise."""
    template = f"{ACCESS_TEMPLATE}#panel" if getattr(request, "htmx", False) else ACCESS_TEMPLATE
    return render(request, template, context, status=status)


def _after_action(request: HttpRequest, cooperative: Cooperative, member: Member, message: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        member.refresh_from_db()
        context = _access_context(request, cooperative, member, True, None) | {"notice": message}
        return _panel(request, context)
    messages.success(request, message)
    return redirect("members:detail", slug=cooperative.slug, member_id=member.pk)


@login_required
@require_GET
def member_portal_access(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    member = access_member(cooperative, member_id)
    return _panel(request, _access_context(request, cooperative, member, can_edit, None))


@login_required
@require_POST
def member_portal_invite_view(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    cooperative = manager_access(request, slug)
    member = access_member(cooperative, member_id)
    form = PortalInviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = member_portal_invite(
                cooperative=cooperative,
                actor=actor(request),
                member_id=member.pk,
                phone=form.cleaned_data["phone"],
                email=form.cleaned_data["email"],
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            if invitation.phone:
                message = _("The invitation for %(name)s is ready. Send it through WhatsApp.") % {"name": member.name}
            else:
                message = _("The invitation for %(name)s is sent to %(email)s.") % {
                    "name": member.name,
                    "email": invitation.email,
                }
            return _after_action(request, cooperative, member, message)
    return _panel(request, _access_context(request, cooperative, member, True, form), status=400)


def _refused(request: HttpRequest, cooperative: Cooperative, member: Member, error: ApplicationError) -> HttpResponse:
    if getattr(request, "htmx", False):
        context = _access_context(request, cooperative, member, True, None) | {"error": error.message}
        return _panel(request, context, status=error.status)
    messages.error(request, error.message)
    return redirect("members:detail", slug=cooperative.slug, member_id=member.pk)


@login_required
@require_POST
def member_portal_revoke_view(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    cooperative = manager_access(request, slug)
    member = access_member(cooperative, member_id)
    try:
        member_portal_revoke(
            cooperative=cooperative, actor=actor(request), member_id=member.pk, ip_address=client_ip(request)
        )
    except ApplicationError as error:
        return _refused(request, cooperative, member, error)
    message = _("The invitation for %(name)s is revoked; its link no longer works.") % {"name": member.name}
    return _after_action(request, cooperative, member, message)


@login_required
@require_POST
def member_portal_unlink_view(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    cooperative = manager_access(request, slug)
    member = access_member(cooperative, member_id)
    try:
        member_portal_unlink(
            cooperative=cooperative, actor=actor(request), member_id=member.pk, ip_address=client_ip(request)
        )
    except ApplicationError as error:
        return _refused(request, cooperative, member, error)
    message = _("%(name)s no longer has a login for the member portal.") % {"name": member.name}
    return _after_action(request, cooperative, member, message)


# --- the member's own page -----------------------------------------------------------------------------------------


@login_required
@require_GET
def portal_home(request: HttpRequest, slug: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    member = portal_member(user, slug)
    cooperative = member.cooperative
    balances = member_savings_balances(cooperative, member)
    context = {
        "cooperative": cooperative,
        "member": member,
        "savings_balances": balances,
        "savings_total": sum((line.balance for line in balances), Decimal(0)),
        "savings_history": member_savings_history(cooperative, member),
        "wajib_arrear": _wajib_arrear(member),
        **_savings_chart(cooperative, member),
    }
    return render(request, HOME_TEMPLATE, context)


def _savings_chart(cooperative: Cooperative, member: Member) -> dict[str, Any]:
    """The member's savings at each month's end over the last 12 months, for the chart and its table."""
    months = member_savings_months(cooperative, member, cooperative.today())
    chart = {"labels": [month_label(m.month) for m in months], "savings": [str(m.balance) for m in months]}
    return {"savings_months": months, "savings_chart": chart}


def _wajib_arrear(member: Member) -> WajibArrear | None:
    """How far behind the member is on simpanan wajib (None when not behind, or no longer a member)."""
    if not member.is_active:
        return None
    schedule, behind = wajib_arrears(member.cooperative)
    rows = wajib_arrear_rows(schedule, behind.filter(pk=member.pk))
    return rows[0] if rows else None


urlpatterns = [
    path("k/<slug:slug>/anggota/<int:member_id>/portal/", member_portal_access, name="portal_access"),
    path("k/<slug:slug>/anggota/<int:member_id>/portal/undang/", member_portal_invite_view, name="portal_invite"),
    path("k/<slug:slug>/anggota/<int:member_id>/portal/batal/", member_portal_revoke_view, name="portal_revoke"),
    path("k/<slug:slug>/anggota/<int:member_id>/portal/lepas/", member_portal_unlink_view, name="portal_unlink"),
    path("anggota/k/<slug:slug>/", portal_home, name="portal_home"),
]
