from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Phone number or e-mail address, and a password."""

    username = forms.CharField(
        label=_("Phone number or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "inputmode": "email"}),
    )

    error_messages: dict[str, Any] = {  # type: ignore[misc]
        "invalid_login": _("The phone number/e-mail or the password is wrong. Check both and try again."),
        "inactive": _("This account has been deactivated."),
    }


def add_application_error(form: forms.Form, error: Exception) -> None:
    """Show a service's refusal on the field it names, or above the form."""
    from simpul.core.exceptions import ApplicationError

    assert isinstance(error, ApplicationError)
    field = error.extra.get("field")
    form.add_error(field if field in form.fields else None, error.message)
