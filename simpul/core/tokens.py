"""API tokens: issue one (the plain key is returned once), list and revoke them, resolve a presented key."""

import hashlib
import secrets

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import ApiToken, User

TOKEN_NAME_MAX_LENGTH = 100


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str, ip_address: str | None = None) -> tuple[ApiToken, str]:
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
    key = "smp_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, key_hash=_hash(key))
    audit_record(actor=user, event="api_token.created", target=token, changes={"name": name}, ip_address=ip_address)
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


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    # Active tokens first (NULLs sort differently on SQLite and PostgreSQL, so say where they go).
    return ApiToken.objects.filter(user=user).order_by(F("revoked_at").desc(nulls_first=True), "-created_at")


def user_for_api_key(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
