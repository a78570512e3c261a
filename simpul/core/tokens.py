"""API tokens: issue one (the plain key is returned once), list and revoke them, resolve a presented key.

A token has a scope ("full": whatever its owner's roles allow; "read": GET, HEAD and OPTIONS only) and may expire
at the end of a chosen day. Changing or resetting the password revokes every token of the person.
"""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, AuthenticationFailedError, NotFoundError, PermissionDeniedError
from simpul.core.models import ApiToken, ApiTokenScope, User
from simpul.core.templatetags.simpul import tanggal

TOKEN_NAME_MAX_LENGTH = 100
# Methods a read-only token may use.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _end_of(day: datetime.date) -> datetime.datetime:
    """The first moment after `day` in the platform's zone (WIB): a token "until 31 December" works all that day."""
    start_of_next = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
    return start_of_next.astimezone(datetime.UTC)  # stored and answered in UTC, like every other moment


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ApplicationError(
            _("Give the token a name, e.g. the app or computer that will use it."),
            code="required",
            extra={"field": "name"},
        )
    if len(name) > TOKEN_NAME_MAX_LENGTH:
        raise ApplicationError(
            _("The name may be at most %(count)d characters.") % {"count": TOKEN_NAME_MAX_LENGTH},
            code="too_long",
            extra={"field": "name"},
        )
    return name


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str,
    scope: str = ApiTokenScope.FULL,
    expires_on: datetime.date | None = None,
    ip_address: str | None = None,
) -> tuple[ApiToken, str]:
    name = _check_name(name)
    if scope not in ApiTokenScope.values:
        raise ApplicationError(_("Choose read only or read and write."), code="invalid_scope", extra={"field": "scope"})
    if expires_on is not None and expires_on < timezone.localdate():
        raise ApplicationError(
            _("The expiry date cannot be in the past."), code="invalid_date", extra={"field": "expires_on"}
        )
    key = "smp_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=_hash(key),
        scope=scope,
        expires_at=_end_of(expires_on) if expires_on else None,
    )
    changes: dict[str, object] = {"name": name, "scope": scope}
    if expires_on:
        changes["expires_on"] = expires_on.isoformat()
    audit_record(actor=user, event="api_token.created", target=token, changes=changes, ip_address=ip_address)
    return token, key


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int, ip_address: str | None = None) -> ApiToken:
    """Revoke one of the user's own tokens; someone else's token is "not found". Revoking twice is harmless."""
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
    if token is None:
        raise NotFoundError.plain()
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=user, event="api_token.revoked", target=token, changes={"name": token.name}, ip_address=ip_address
        )
    return token


@transaction.atomic
def api_tokens_revoke_all(*, user: User, reason: str, ip_address: str | None = None) -> int:
    """Revoke every live token of the person (their password changed: whoever had it may have made tokens too).
    One audit row per token, naming the reason."""
    tokens = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True).order_by("pk"))
    now = timezone.now()
    for token in tokens:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=user,
            event="api_token.revoked",
            target=token,
            changes={"name": token.name, "reason": reason},
            ip_address=ip_address,
        )
    return len(tokens)


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    # Active tokens first (NULLs sort differently on SQLite and PostgreSQL, so say where they go).
    return ApiToken.objects.filter(user=user).order_by(F("revoked_at").desc(nulls_first=True), "-created_at")


def user_for_api_key(key: str, *, method: str = "GET") -> User | None:
    """The person a presented key acts for, or None (an unknown or revoked key, an inactive person).

    An expired token is a 401 that says so; a read-only token used to write is a 403."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.expires_at is not None and token.expires_at <= now:
        raise AuthenticationFailedError(
            _("This API token has expired (it was valid until %(date)s). Create a new one on the API tokens page.")
            % {"date": tanggal(token.valid_until)},
            code="token_expired",
        )
    if token.scope == ApiTokenScope.READ and method.upper() not in READ_METHODS:
        raise PermissionDeniedError(
            _("This API token is read-only: it may read (GET) but not change anything."), code="token_read_only"
        )
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
