"""Log in with a phone number (`0812…`, `62812…`, `+62812…`) or an e-mail address."""

from functools import cache
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from django.http import HttpRequest
from lokal.phone import normalize_phone

from simpul.core import lean_sql
from simpul.core.login_throttle import account_key
from simpul.core.models import User


def normalize_login(login: str) -> str:
    """The one spelling of a login: an e-mail in lower case, a phone number as +62…, anything else as typed.

    Login throttling keys on this too, so `0812…` and `+62812…` count as the same login."""
    login = (login or "").strip()
    if "@" in login:
        return login.lower()
    return normalize_phone(login) or login


def find_user_by_login(login: str) -> User | None:
    login = normalize_login(login)
    if not login:
        return None
    if "@" in login:
        return User.objects.filter(email__iexact=login).first()
    return User.objects.filter(phone=login).first() if login.startswith("+") else None


def find_users_by_contact(*, email: str = "", phone: str = "") -> list[User]:
    """Every account that owns the e-mail address or the phone number (at most two, one per contact)."""
    condition = Q()
    if email:
        condition |= Q(email__iexact=email)
    if phone:
        condition |= Q(phone=phone)
    if not condition:
        return []
    return list(User.objects.filter(condition).order_by("pk"))


def axes_username(request: HttpRequest | None, credentials: dict[str, Any] | None = None) -> str:
    """AXES_USERNAME_CALLABLE: the account a login names, whatever its spelling.

    "user:<id>" when the login belongs to someone (the e-mail and the phone number of one person are one key);
    "login:<normalised login>" otherwise, so the two kinds never meet."""
    raw = (credentials or {}).get("username") or ""
    if not raw and request is not None:
        raw = request.POST.get("username", "")
    login = normalize_login(str(raw))
    if not login:
        return ""
    # Axes asks several times per request: look the person up once.
    cache: dict[str, str] = getattr(request, "_simpul_login_keys", {}) if request is not None else {}
    if login not in cache:
        user = find_user_by_login(login)
        cache[login] = account_key(user) if user is not None else f"login:{login}"
        if request is not None:
            request._simpul_login_keys = cache  # type: ignore[attr-defined]
    return cache[login]


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

    def get_user(self, user_id: Any) -> User | None:
        """The logged-in person of every request, read with one prepared statement (lean SQL, ADR 0005) rather than
        the ORM's; the same rule as Django's: an inactive account is nobody."""
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        with lean_sql.cursor() as cursor:
            cursor.execute(_user_sql(), [pk])
            row = cursor.fetchone()
        user = lean_sql.instance(User, row) if row is not None else None
        return user if user is not None and self.user_can_authenticate(user) else None


@cache
def _user_sql() -> str:
    # Identifiers from the model, values as parameters.
    return f"SELECT {lean_sql.columns(User, 'u')} FROM {lean_sql.table(User, 'u')} WHERE u.id = %s"  # noqa: S608
