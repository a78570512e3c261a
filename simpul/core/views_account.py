"""The person's own account: log in, passwords, API tokens."""

from typing import Any
from urllib.parse import urlsplit

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError
from simpul.core.forms import ApiTokenForm, LoginForm, add_application_error
from simpul.core.htmx import render_form
from simpul.core.login_throttle import ADDRESS, address_failure_limit, forget_account_failures
from simpul.core.models import ApiTokenScope, User
from simpul.core.password_reset import password_reset_allowed
from simpul.core.tokens import api_token_create, api_token_revoke, api_tokens_of, api_tokens_revoke_all


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form: Any) -> HttpResponse:
        # A refused login is a 400 like every other refused form.
        response = super().form_invalid(form)
        response.status_code = 400
        return response


def lockout(request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the locked-out page (429), saying what is locked and how the owner gets in anyway."""
    handler = AxesProxyHandler.get_implementation()
    reason = handler.lock_reason(request, credentials) if hasattr(handler, "lock_reason") else None
    context = {
        "by_address": reason == ADDRESS,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "address_failure_limit": address_failure_limit(),
        "minutes": round(float(settings.AXES_COOLOFF_TIME) * 60),
    }
    return render(request, "core/lockout.html", context, status=429)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/password_change.html"
    success_url = reverse_lazy("core:home")

    @transaction.atomic
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        revoked = api_tokens_revoke_all(user=form.user, reason="password_changed", ip_address=client_ip(self.request))
        messages.success(self.request, _("Your new password is saved."))
        if revoked:
            messages.info(self.request, _("Your API tokens were revoked with the old password: create new ones."))
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


def _site_link_parts() -> dict[str, str]:
    """The reset link's scheme and host from settings.SITE_URL, never from the request's Host header."""
    site = urlsplit(settings.SITE_URL)
    return {"protocol": site.scheme or "https", "domain": site.netloc, "site_name": site.netloc}


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for a reset link. Limited per account and per client address; past a limit the answer is the same page,
    without an e-mail, so it tells nothing about whether the address has an account."""

    template_name = "core/password_reset.html"
    email_template_name = "core/password_reset_email.txt"
    subject_template_name = "core/password_reset_subject.txt"
    success_url = reverse_lazy("core:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        if not password_reset_allowed(email=form.cleaned_data["email"], ip_address=client_ip(self.request)):
            return HttpResponseRedirect(self.get_success_url())
        self.extra_email_context = _site_link_parts()
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "core/password_reset_confirm.html"
    success_url = reverse_lazy("core:login")

    @transaction.atomic
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # The owner proved it by the link: lift the account's lock and end whatever the old password let others do.
        forget_account_failures(form.user)
        api_tokens_revoke_all(user=form.user, reason="password_reset", ip_address=client_ip(self.request))
        messages.success(self.request, _("Your new password is saved. Log in with it now."))
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


def may_use_api(request: HttpRequest) -> bool:
    """Staff may turn the API on for themselves: platform staff and whoever holds a role other than member (the
    roles ActiveRoleMiddleware put on the request; core names no domain app). A member alone does not."""
    user = request.user
    if getattr(user, "is_staff", False):
        return True
    return any(getattr(role, "kind", "member") != "member" for role in getattr(request, "roles", []))


def _api_access_page(request: HttpRequest, *, status: int = 200, refused: bool = False) -> HttpResponse:
    context = {"may_use_api": may_use_api(request), "refused": refused}
    return render(request, "core/api_access.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def api_access(request: HttpRequest) -> HttpResponse:
    """The person's "I use the API" setting: on, the account menu offers API tokens. Members get 403."""
    user = request.user
    assert isinstance(user, User)
    if not may_use_api(request) and not user.api_access:
        return _api_access_page(request, status=403)
    if request.method == "POST":
        user.api_access = request.POST.get("api_access") == "1"
        user.save(update_fields=["api_access"])
        if user.api_access:
            messages.success(request, _("API use is on: API tokens are in your account menu."))
            return redirect("core:api_tokens" if user.api_access else "core:api_access")
        messages.success(request, _("API use is off. Tokens you made keep working until you revoke them."))
        return redirect("core:api_access")
    return _api_access_page(request)


def _refuse_without_api_access(request: HttpRequest) -> HttpResponse | None:
    """The tokens pages are for people who use the API: anyone else gets a 403 that says how to turn it on."""
    if getattr(request.user, "api_access", False):
        return None
    return _api_access_page(request, status=403, refused=True)


def _tokens_page(request: HttpRequest, form: ApiTokenForm, *, new_key: str = "", status: int = 200) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    context = {"form": form, "tokens": list(api_tokens_of(user)), "new_key": new_key}
    return render_form(request, "core/tokens.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """List the person's API tokens and create one; a new token's key is shown on this response only."""
    if (refusal := _refuse_without_api_access(request)) is not None:
        return refusal
    if request.method != "POST":
        return _tokens_page(request, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _tokens_page(request, form, status=400)
    user = request.user
    assert isinstance(user, User)
    try:
        _token, key = api_token_create(
            user=user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"] or ApiTokenScope.FULL,
            expires_on=form.cleaned_data["expires_on"],
            ip_address=client_ip(request),
        )
    except ApplicationError as error:
        add_application_error(form, error)
        return _tokens_page(request, form, status=400)
    return _tokens_page(request, ApiTokenForm(), new_key=key)


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    # Revoking one's own token is always allowed, API use on or off: a token must never outlive the wish to stop it.
    user = request.user
    assert isinstance(user, User)
    token = api_token_revoke(user=user, token_id=token_id, ip_address=client_ip(request))
    messages.success(request, _("The token “%(name)s” is revoked and no longer works.") % {"name": token.name})
    return redirect("core:api_tokens" if user.api_access else "core:api_access")
