"""The caller (GET /me) and their API tokens (/auth/tokens)."""

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Path, Router
from ninja.responses import Status

from simpul.api_public import MAX_ID, MAX_PAGE_SIZE, session_only
from simpul.coops.access import user_roles
from simpul.coops.models import Role
from simpul.coops.schemas import MeOut, TokenCreatedOut, TokenCreateIn, TokenOut
from simpul.core.audit import client_ip
from simpul.core.models import ApiToken, User
from simpul.core.tokens import api_token_create, api_token_revoke, api_tokens_of

router = Router(tags=["me"])


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _organisation(role: Role) -> dict[str, str] | None:
    for kind in ("cooperative", "network", "office", "supplier"):
        organisation = getattr(role, kind)
        if organisation is not None:
            return {"type": kind, "slug": organisation.slug, "name": organisation.name}
    return None


@router.get("/me", response=MeOut, summary="Who I am and my roles")
def me(request: HttpRequest) -> dict[str, object]:
    user = _user(request)
    roles = [
        {
            "id": role.pk,
            "kind": role.kind,
            "kind_label": str(role.get_kind_display()),
            "read_only": role.is_read_only,
            "organisation": _organisation(role),
        }
        for role in user_roles(user)
    ]
    return {
        "id": user.pk,
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "language": get_language(),
        "roles": roles,
    }


@router.get("/auth/tokens", response=list[TokenOut], summary="My API tokens", tags=["auth"])
def list_tokens(request: HttpRequest) -> list[ApiToken]:
    # A person holds a handful of tokens: no paging, but a bounded list.
    return list(api_tokens_of(_user(request))[:MAX_PAGE_SIZE])


@router.post(
    "/auth/tokens",
    response={201: TokenCreatedOut},
    auth=session_only,
    summary="Create an API token",
    description="Needs the browser session (with the CSRF token), not a token. The key is in this answer "
    "only; keep it safe.",
    tags=["auth"],
)
def create_token(request: HttpRequest, payload: TokenCreateIn) -> Status[dict[str, object]]:
    token, key = api_token_create(
        user=_user(request),
        name=payload.name,
        scope=payload.scope,
        expires_on=payload.expires_on,
        ip_address=client_ip(request),
    )
    return Status(
        201,
        {
            "id": token.pk,
            "name": token.name,
            "scope": token.scope,
            "created_at": token.created_at,
            "expires_at": token.expires_at,
            "last_used_at": token.last_used_at,
            "revoked_at": token.revoked_at,
            "key": key,
        },
    )


@router.delete(
    "/auth/tokens/{token_id}",
    response={204: None},
    summary="Revoke an API token",
    description="One of your own tokens; revoking it twice is harmless. Someone else's token is 404. A read-only "
    "token may not revoke any (403).",
    tags=["auth"],
)
def revoke_token(request: HttpRequest, token_id: int = Path(..., ge=1, le=MAX_ID)) -> Status[None]:
    api_token_revoke(user=_user(request), token_id=token_id, ip_address=client_ip(request))
    return Status(204, None)
