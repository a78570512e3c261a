"""Staff invitations: the manager's page (invite, share, revoke) and the invitee's page behind the link."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from simpul.coops.access import WRITE_ROLES, access_cooperative
from simpul.coops.context_processors import role_home_url
from simpul.coops.middleware import ACTIVE_ROLE_SESSION_KEY
from simpul.coops.models import Cooperative, Invitation, RoleKind
from simpul.coops.selectors.invitations import (
    cooperative_staff,
    invitation_by_token,
    invitations_accepted,
    invitations_open,
    invitee_account,
)
from simpul.coops.services.invitations import (
    INVITABLE_ROLES,
    InvitationClosedError,
    InvitationState,
    invitation_accept,
    invitation_create,
    invitation_link,
    invitation_path,
    invitation_revoke,
    invitation_state,
    invitation_whatsapp_url,
)
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.forms import add_application_error
from simpul.core.htmx import render_form
from simpul.core.models import User

LOGIN_BACKEND = "simpul.core.auth.PhoneOrEmailBackend"


class InvitationForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=150)
    kind = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=[(kind.value, kind.label) for kind in INVITABLE_ROLES],
        initial=RoleKind.CASHIER.value,
        widget=forms.RadioSelect,
    )
    phone = forms.CharField(
        label=gettext_lazy("Phone number (WhatsApp)"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("For example 0812 3456 7890. You share the link yourself through WhatsApp."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.CharField(
        label=gettext_lazy("or e-mail"),
        required=False,
        max_length=254,
        help_text=gettext_lazy("Simpul sends the link by e-mail."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class InvitationPasswordForm(forms.Form):
    password1 = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("At least 8 characters; not only digits, not your name, not a common password."),
    )
    password2 = forms.CharField(
        label=gettext_lazy("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords are not the same."))
        return data


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _share_links(request: HttpRequest, invitation: Invitation) -> dict[str, Any]:
    link = invitation_link(invitation)
    return {
        "invitation": invitation,
        "link": link,
        "whatsapp_url": invitation_whatsapp_url(invitation, link) if invitation.phone else "",
    }


def _invitations_page(
    request: HttpRequest, cooperative: Cooperative, form: InvitationForm, *, status: int = 200
) -> HttpResponse:
    open_rows = [_share_links(request, invitation) for invitation in invitations_open(cooperative)]
    new_id = request.GET.get("baru", "")
    context = {
        "cooperative": cooperative,
        "form": form,
        "open_rows": open_rows,
        "new_row": next((row for row in open_rows if str(row["invitation"].pk) == new_id), None),
        "accepted": invitations_accepted(cooperative),
        "staff": cooperative_staff(cooperative),
    }
    return render_form(request, "coops/invitations/list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The manager's page: the staff, open and accepted invitations, and the form to invite someone."""
    cooperative, _role = access_cooperative(_actor(request), slug, WRITE_ROLES)
    if request.method != "POST":
        return _invitations_page(request, cooperative, InvitationForm())
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return _invitations_page(request, cooperative, form, status=400)
    try:
        invitation = invitation_create(
            cooperative=cooperative,
            actor=_actor(request),
            kind=form.cleaned_data["kind"],
            full_name=form.cleaned_data["full_name"],
            email=form.cleaned_data["email"],
            phone=form.cleaned_data["phone"],
            ip_address=client_ip(request),
        )
    except ApplicationError as error:
        add_application_error(form, error)
        return _invitations_page(request, cooperative, form, status=400)
    if invitation.email:
        messages.success(
            request,
            _("The invitation for %(name)s is sent to %(email)s.")
            % {"name": invitation.full_name, "email": invitation.email},
        )
    else:
        messages.success(
            request,
            _("The invitation for %(name)s is ready. Send it through WhatsApp.") % {"name": invitation.full_name},
        )
    return redirect(f"{reverse('coops:invitations', args=[cooperative.slug])}?baru={invitation.pk}")


@login_required
@require_POST
def invitation_revoke_view(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    cooperative, _role = access_cooperative(_actor(request), slug, WRITE_ROLES)
    try:
        invitation = invitation_revoke(
            cooperative=cooperative, actor=_actor(request), invitation_id=invitation_id, ip_address=client_ip(request)
        )
    except InvitationClosedError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The invitation for %(name)s is revoked; its link no longer works.") % {"name": invitation.full_name},
        )
    return redirect("coops:invitations", slug=cooperative.slug)


def _accept_mode(invitation: Invitation, user: User | None) -> tuple[str, User | None]:
    """What the invitee's page offers: set a password, log in, accept, or log out of the wrong account."""
    account = invitee_account(invitation)
    if account is None:
        return ("new" if user is None else "logout_first"), None
    if user is None:
        return "login", account
    return ("confirm" if user.pk == account.pk else "wrong_account"), account


def _accept_page(
    request: HttpRequest,
    invitation: Invitation,
    form: InvitationPasswordForm | None,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user if request.user.is_authenticated else None
    mode, account = _accept_mode(invitation, user)  # type: ignore[arg-type]
    if status == 200 and mode in ("logout_first", "wrong_account"):
        status = 403
    context = {
        "invitation": invitation,
        "mode": mode,
        "account": account,
        "form": form or InvitationPasswordForm(),
        "error": error,
        "login_url": f"{reverse('core:login')}?next={invitation_path(invitation)}",
    }
    return render(request, "coops/invitations/accept.html", context, status=status)


@require_http_methods(["GET", "POST"])
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    """The page behind the invitation link."""
    invitation = invitation_by_token(token)
    if invitation is None:
        raise NotFoundError(_("This invitation link does not exist. Check that it was copied whole."), code="not_found")
    state = invitation_state(invitation)
    if state != InvitationState.OPEN:
        return _closed_page(request, invitation, state)
    if request.method != "POST":
        return _accept_page(request, invitation, None)
    actor = request.user if request.user.is_authenticated else None
    form = InvitationPasswordForm(request.POST) if actor is None else None
    if form is not None and not form.is_valid():
        return _accept_page(request, invitation, form, status=400)
    try:
        accepted = invitation_accept(
            token=token,
            actor=actor,  # type: ignore[arg-type]
            password=form.cleaned_data["password1"] if form is not None else "",
            ip_address=client_ip(request),
        )
    except InvitationClosedError:
        invitation.refresh_from_db()
        return _closed_page(request, invitation, invitation_state(invitation))
    except ApplicationError as error:
        # A refusal about the password goes on its field; any other (log in first, wrong account) above the page.
        if form is not None and error.extra.get("field") in form.fields:
            add_application_error(form, error)
            return _accept_page(request, invitation, form, status=error.status)
        return _accept_page(request, invitation, form, error=error.message, status=error.status)
    if accepted.new_account:
        login(request, accepted.user, backend=LOGIN_BACKEND)
    request.session[ACTIVE_ROLE_SESSION_KEY] = accepted.role.pk
    messages.success(
        request,
        _("Welcome! You are now %(role)s of %(cooperative)s.")
        % {"role": accepted.role.get_kind_display(), "cooperative": invitation.cooperative.name},
    )
    return redirect(role_home_url(accepted.role))


def _closed_page(request: HttpRequest, invitation: Invitation, state: InvitationState) -> HttpResponse:
    return render(request, "coops/invitations/closed.html", {"invitation": invitation, "state": str(state)}, status=410)


urlpatterns = [
    path("k/<slug:slug>/undangan/", invitation_list, name="invitations"),
    path("k/<slug:slug>/undangan/<int:invitation_id>/batal/", invitation_revoke_view, name="invitation_revoke"),
    path("undangan/<str:token>/", invitation_accept_view, name="invitation_accept"),
]
