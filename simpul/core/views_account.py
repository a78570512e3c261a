"""The person's own account: log in, passwords, API tokens."""

from typing import Any

from axes.helpers import get_client_ip_address, get_client_username
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError
from simpul.core.forms import ApiTokenForm, LoginForm, add_application_error
from simpul.core.htmx import render_form
from simpul.core.models import User
from simpul.core.tokens import api_token_create, api_token_revoke, api_tokens_of


def _forget_failed_logins(request: HttpRequest, typed_login: str) -> None:
    """Clear this login's failure count after a success.

    Axes resets by `user.get_username()` (the e-mail, or nothing for a phone-only account), but it counted the
    failures under the login as typed; so a person who mistyped four times and then got in would stay one
    failure away from the lock."""
    if not (settings.AXES_ENABLED and settings.AXES_RESET_ON_SUCCESS):
        return
    ip_address = get_client_ip_address(request)
    username = get_client_username(request, {settings.AXES_USERNAME_FORM_FIELD: typed_login})
    if ip_address and username:
        axes_reset(ip=ip_address, username=username)


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        _forget_failed_logins(self.request, form.cleaned_data.get("username", ""))
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        # A refused login is a 400 like every other refused form.
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/password_change.html"
    success_url = reverse_lazy("core:home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your new password is saved."))
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "core/password_reset.html"
    email_template_name = "core/password_reset_email.txt"
    subject_template_name = "core/password_reset_subject.txt"
    success_url = reverse_lazy("core:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "core/password_reset_confirm.html"
    success_url = reverse_lazy("core:login")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your new password is saved. Log in with it now."))
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


def _tokens_page(request: HttpRequest, form: ApiTokenForm, *, new_key: str = "", status: int = 200) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    context = {"form": form, "tokens": list(api_tokens_of(user)), "new_key": new_key}
    return render_form(request, "core/tokens.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """List the person's API tokens and create one; a new token's key is shown on this response only."""
    if request.method != "POST":
        return _tokens_page(request, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _tokens_page(request, form, status=400)
    user = request.user
    assert isinstance(user, User)
    try:
        _token, key = api_token_create(user=user, name=form.cleaned_data["name"], ip_address=client_ip(request))
    except ApplicationError as error:
        add_application_error(form, error)
        return _tokens_page(request, form, status=400)
    return _tokens_page(request, ApiTokenForm(), new_key=key)


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    token = api_token_revoke(user=user, token_id=token_id, ip_address=client_ip(request))
    messages.success(request, _("The token “%(name)s” is revoked and no longer works.") % {"name": token.name})
    return redirect("core:api_tokens")
