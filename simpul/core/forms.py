from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from simpul.core.models import ApiTokenScope
from simpul.core.tokens import TOKEN_NAME_MAX_LENGTH


class LoginForm(AuthenticationForm):
    """Phone number or e-mail address, and a password."""

    username = forms.CharField(
        label=_("Phone number or e-mail"),
        max_length=254,
        help_text=_("For example 0812 3456 7890 or nama@contoh.id"),
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    error_messages: dict[str, Any] = {  # type: ignore[misc]
        "invalid_login": _("The phone number/e-mail or the password is wrong. Check both and try again."),
        "inactive": _("This account has been deactivated."),
    }


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=TOKEN_NAME_MAX_LENGTH,
        help_text=_("Where the token will be used, e.g. “Cash register laptop” or “Accounting app”."),
    )
    scope = forms.ChoiceField(
        label=_("What the token may do"),
        choices=ApiTokenScope.choices,
        initial=ApiTokenScope.FULL,
        required=False,  # not sent: read and write, as before scopes existed
        widget=forms.RadioSelect,
        help_text=_("A read-only token can fetch data but never change anything."),
    )
    expires_on = forms.DateField(
        label=_("Valid until (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The token stops working after this day. Leave empty to keep it until you revoke it."),
    )


def add_application_error(form: forms.Form, error: Exception) -> None:
    """Show a service's refusal on the field it names, or above the form. A 404 or 403 is no form error:
    it is raised again, for the middleware to answer with its page."""
    from simpul.core.exceptions import ApplicationError, NotFoundError, PermissionDeniedError

    assert isinstance(error, ApplicationError)
    if isinstance(error, (NotFoundError, PermissionDeniedError)):
        raise error
    field = error.extra.get("field")
    form.add_error(field if field in form.fields else None, error.message)
