"""Log in with a phone number or an e-mail address."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from lokal.phone import normalize_phone

from simpul.core.models import User


def find_user_by_login(login: str) -> User | None:
    login = (login or "").strip()
    if not login:
        return None
    if "@" in login:
        return User.objects.filter(email__iexact=login).first()
    phone = normalize_phone(login)
    return User.objects.filter(phone=phone).first() if phone else None


class PhoneOrEmailBackend(ModelBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        user = find_user_by_login(username or kwargs.get("email") or "")
        if user is None:
            User().set_password(password)  # same work as a real check, so timing tells nothing
            return None
        if user.check_password(password or "") and self.user_can_authenticate(user):
            return user
        return None
