"""The NinjaAPI under /api/v1/: session or token authentication, errors as {"code", "message", "detail"}.

Every refusal is JSON with a 4xx status and a message in the request's language (Bahasa Indonesia unless the
client asks for English): 400 bad request or refused by a service, 401 not logged in, 403 not allowed,
404 missing or someone else's, 405 wrong method, 422 invalid fields. Unexpected failures are logged and answered
with a JSON 500; bad input never reaches one.
"""

import functools
import json
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template import engines
from django.urls import URLPattern, URLResolver, path, re_path
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger

from simpul.api_public import CsrfSessionAuth, TokenAuth, public, session_only, session_or_token
from simpul.core.busy import busy_response, is_database_busy
from simpul.core.exceptions import ApplicationError
from simpul.core.money import AMOUNT_ERROR

logger = logging.getLogger(__name__)


# Swagger UI from the static files django-ninja ships, never from a CDN. No inline script: the settings sit in
# a JSON data block that swagger-ui-init.js reads, so the page runs under the site's CSP.
_DOCS_PAGE = """{% load static %}<!doctype html>
<html lang="{{ language }}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{ title }}</title>
  <link rel="stylesheet" href="{% static 'ninja/swagger-ui.css' %}">
  <link rel="icon" href="{% static 'simpul/icon.svg' %}" type="image/svg+xml">
</head>
<body data-csrf-token="{{ csrf_token }}" data-api-csrf="true">
  <script type="application/json" id="swagger-settings">{{ swagger_settings|safe }}</script>
  <div id="swagger-ui" data-testid="api-docs"></div>
  <script src="{% static 'ninja/swagger-ui-bundle.js' %}"></script>
  <script src="{% static 'ninja/swagger-ui-init.js' %}"></script>
</body>
</html>
"""


class OfflineSwagger(Swagger):
    """The docs page at /api/v1/docs. Its static files are found because "ninja" is in INSTALLED_APPS."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        # "</" must not close the <script type="application/json"> block the settings sit in.
        settings_json = json.dumps(self.settings, indent=1).replace("</", "<\\/")
        template = engines["django"].from_string(_DOCS_PAGE)
        context = {"swagger_settings": settings_json, "title": api.title, "language": get_language()}
        return HttpResponse(template.render(context, request))


class SimpulAPI(NinjaAPI):
    """NinjaAPI whose unknown paths and wrong methods answer in the same JSON error shape."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        patterns: list[URLResolver | URLPattern] = []
        for pattern in super()._get_urls():
            if isinstance(pattern, URLPattern) and pattern.name == "api-root":
                continue
            if isinstance(pattern, URLPattern):
                pattern = URLPattern(pattern.pattern, _guarded(pattern.callback), pattern.default_args, pattern.name)
            patterns.append(pattern)
        patterns.append(path("", self._unknown_path, name="api-root"))
        patterns.append(re_path(r"^.*$", self._unknown_path, name="api-unknown"))
        return patterns

    def _unknown_path(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return error_response(request, 404, "not_found", _("There is no API endpoint at this address."))

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        """The spec, with the error answers each operation can give documented as the one Error shape."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        operations = {self._operation_id(op): op for op in self._operations()}
        for methods in schema["paths"].values():
            for method, spec in methods.items():
                for status in _error_statuses(method, spec, operations.get(spec.get("operationId"))):
                    spec["responses"].setdefault(status, _error_response(status))
        return schema

    def _operations(self) -> list[Any]:
        # The bound routers hold the operations with the auth and throttles they inherit, as the spec is built.
        views = [view for bound in self._get_bound_routers() for view in bound.path_operations.values()]
        return [op for view in views for op in view.operations]

    def _operation_id(self, operation: Any) -> str:
        return operation.operation_id or self.get_openapi_operation_id(operation)


ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "code": {"type": "string", "description": "Stable, e.g. not_found, invalid_amount, validation_error"},
        "message": {"type": "string", "description": "For people: Bahasa Indonesia unless Accept-Language asks for en"},
        "detail": {"description": "What the code needs: the fields at fault, the allowed methods, …"},
    },
    "required": ["code", "message", "detail"],
}

_ERROR_MEANINGS = {
    400: "Bad request, or refused by a rule (the message says which)",
    401: "Not logged in, or the API token is not valid",
    403: "Your role may not do this",
    404: "Missing, or not yours to see",
    409: "Clashes with what is already recorded",
    413: "The request body is too large",
    422: "Fields missing or not valid (detail lists them)",
    429: "Too many requests",
}


def _error_response(status: int) -> dict[str, Any]:
    return {
        "description": _ERROR_MEANINGS[status],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _error_statuses(method: str, spec: dict[str, Any], operation: Any) -> list[int]:
    """The error statuses an operation can answer: every route refuses bad input (400: a control character, bad
    JSON, a service's refusal) and missing objects (404); parameters and bodies can be invalid (422); a body can be
    too large (413); routes behind authentication answer 401 and 403; writes can clash (409); throttled routes 429."""
    statuses = [400, 404]
    if spec.get("parameters") or "requestBody" in spec:
        statuses.append(422)
    if "requestBody" in spec:
        statuses.append(413)
    if operation is None or any(auth is not public for auth in operation.auth_callbacks):
        statuses += [401, 403]
    if method.lower() in {"post", "put", "patch", "delete"}:
        statuses.append(409)
    if operation is None or operation.throttle_objects:
        statuses.append(429)
    return sorted(statuses)


def _refusal(request: HttpRequest) -> HttpResponse | None:
    """Refuse a JSON body over the size limit before a handler reads it. Control characters (NUL included) never
    get here: RefuseControlCharactersMiddleware answers them for pages and API alike."""
    if request.content_type == "application/json":
        try:
            request.body  # noqa: B018 - reading it is the check
        except RequestDataTooBig:
            return error_response(request, 413, "too_large", _("The request is too large."))
    return None


def _guarded(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse oversized bodies before the handler runs; turn ninja's plain-text 405 into the JSON shape."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        refusal = _refusal(request)
        if refusal is not None:
            return refusal
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            json_response = error_response(
                request,
                405,
                "method_not_allowed",
                _("This endpoint does not accept %(method)s.") % {"method": request.method},
                {"allowed_methods": [m.strip() for m in allowed.split(",")]},
            )
            json_response["Allow"] = allowed
            return json_response
        return response

    return wrapper


api = SimpulAPI(
    title="Simpul API",
    version="1",
    description=(
        "Regions, cooperatives, outlets, networks, offices and suppliers of the Simpul platform.\n\n"
        "Authenticate with the browser session (writes need the `X-CSRFToken` header) or with "
        "`Authorization: Bearer <token>` (create a token with `POST /api/v1/auth/tokens`). "
        'Every error is `{"code", "message", "detail"}` with a 4xx status; `message` is in Bahasa Indonesia '
        "unless `Accept-Language: en` asks for English."
    ),
    auth=session_or_token,
    urls_namespace="api",
    # No validator badge: it would fetch an image from validator.swagger.io.
    docs=OfflineSwagger(settings={"validatorUrl": None}),
)


def error_response(request: HttpRequest, status: int, code: str, message: str, detail: Any = None) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, "detail": detail}, status=status)


@api.exception_handler(ApplicationError)
def on_application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return error_response(request, exc.status, exc.code, exc.message, exc.extra or None)


# What each pydantic error type means, in words a cooperative manager reads; the rest fall back to a generic one.
_FIELD_MESSAGES = {
    "missing": gettext_lazy("Fill in this field."),
    "string_type": gettext_lazy("Must be text."),
    "string_too_short": gettext_lazy("Too short."),
    "string_too_long": gettext_lazy("Too long."),
    "int_type": gettext_lazy("Must be a whole number."),
    "int_parsing": gettext_lazy("Must be a whole number."),
    "int_from_float": gettext_lazy("Must be a whole number."),
    "bool_type": gettext_lazy("Must be true or false."),
    "bool_parsing": gettext_lazy("Must be true or false."),
    "date_type": gettext_lazy("Must be a date in the form YYYY-MM-DD."),
    "date_parsing": gettext_lazy("Must be a date in the form YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Must be a date in the form YYYY-MM-DD."),
    "date_from_datetime_inexact": gettext_lazy("Must be a date in the form YYYY-MM-DD."),
    "enum": gettext_lazy("Not one of the allowed choices."),
    "literal_error": gettext_lazy("Not one of the allowed choices."),
    "greater_than_equal": gettext_lazy("Too small."),
    "greater_than": gettext_lazy("Too small."),
    "less_than_equal": gettext_lazy("Too large."),
    "less_than": gettext_lazy("Too large."),
    "extra_forbidden": gettext_lazy("This field is not accepted here."),
    "model_attributes_type": gettext_lazy("Must be a JSON object."),
    "dict_type": gettext_lazy("Must be a JSON object."),
    "model_type": gettext_lazy("Must be a JSON object."),
    "value_error": gettext_lazy("This value is not valid."),
}


def _field_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """pydantic's errors as {"field", "in", "type", "message"}; "field" is dotted and drops ninja's wrapper name."""
    result = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ())]
        source = location[0] if location else ""
        field_parts = location[1:]
        # A body schema is wrapped under the handler's parameter name (["body", "payload", "name"]).
        if source == "body" and len(field_parts) > 1:
            field_parts = field_parts[1:]
        kind = str(error.get("type", ""))
        message = str(_FIELD_MESSAGES.get(kind) or _("This value is not valid."))
        ctx = error.get("ctx") or {}
        if kind == "value_error" and ctx.get("error"):
            # A validator's own (translated) words.
            message = str(ctx["error"])
        elif kind == AMOUNT_ERROR:
            message = str(error.get("msg", message))
        elif kind == "string_too_long" and ctx.get("max_length") is not None:
            # Refused, never cut: say the limit, as the forms do.
            message = _("Too long: at most %(max)s characters.") % {"max": ctx["max_length"]}
        result.append(
            {
                "field": ".".join(field_parts),
                "in": source,
                "type": kind,
                "message": message,
            }
        )
    return result


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = _field_errors(exc.errors)
    if errors and all(e["type"] == AMOUNT_ERROR for e in errors):
        # Only amounts are wrong: the same 400 "invalid_amount" a service gives, whichever layer noticed.
        return error_response(request, 400, AMOUNT_ERROR, errors[0]["message"], errors)
    return error_response(request, 422, "validation_error", _("Some fields are missing or not valid."), errors)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "unauthenticated", _("Log in or send a valid API token."))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", _("The page or object you asked for does not exist."))


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(request, 403, "forbidden", _("Your role may not do this."))


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    # A model or form check that a service let through: still the client's input, still a 400.
    detail = exc.message_dict if hasattr(exc, "error_dict") else None
    return error_response(request, 400, "invalid", " ".join(str(m) for m in exc.messages), detail)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status = exc.status_code
    if status == 400 and str(exc).startswith("Cannot parse request body"):
        return error_response(request, 400, "malformed_json", _("The request body is not valid JSON."))
    if status == 403:
        return error_response(request, 403, "forbidden", _("Your role may not do this."))
    if status == 429:
        return error_response(request, 429, "throttled", _("Too many requests. Wait a moment and try again."))
    if 400 <= status < 500:
        return error_response(request, status, "bad_request", _("The request could not be understood."))
    logger.error("API HttpError %s: %s", status, exc)
    return error_response(request, status, "server_error", _("Something went wrong on our side. Try again later."))


@api.exception_handler(DataError)
@api.exception_handler(OverflowError)
def on_value_out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The database refused a value (a number beyond its range, a text beyond its column): bad input that a
    # schema should have bounded. Answer 400, and log it so the missing bound gets added.
    logger.warning("API value out of range on %s %s: %s", request.method, request.path, exc)
    return error_response(request, 400, "value_out_of_range", _("A value in the request is too large or too long."))


@api.exception_handler(Exception)
def on_unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    if is_database_busy(exc):  # SQLite's write lock, waited for in vain: 503, try again
        logger.warning("Database busy on %s %s", request.method, request.path)
        return busy_response(request)
    logger.exception("Unexpected API error on %s %s", request.method, request.path)
    return error_response(request, 500, "server_error", _("Something went wrong on our side. Try again later."))


__all__ = ["CsrfSessionAuth", "TokenAuth", "api", "error_response", "session_only", "session_or_token"]


def _register_routers() -> None:
    from simpul.coops.api import router as coops_router
    from simpul.jointbuy.api import router as jointbuy_router
    from simpul.ledger.api import router as ledger_router
    from simpul.ledger.heads.api import router as ledger_heads_router
    from simpul.ledger.reports.api import router as ledger_reports_router
    from simpul.mart.api import ROUTERS as mart_routers
    from simpul.members.api import router as members_router
    from simpul.members.imports.api import router as member_imports_router
    from simpul.members.portal.api import router as member_portal_router
    from simpul.members.savings.api import router as savings_router
    from simpul.monitoring.api import router as monitoring_router
    from simpul.needs.api import router as needs_router
    from simpul.potential.api import router as potential_router
    from simpul.rat.api import router as rat_router
    from simpul.regions.api import router as regions_router
    from simpul.training.api import router as training_router

    api.add_router("/regions", regions_router)
    api.add_router("/", coops_router)
    api.add_router("/", ledger_router)
    api.add_router("/", members_router)
    api.add_router("/", member_imports_router)
    api.add_router("/", member_portal_router)
    api.add_router("/", savings_router)
    api.add_router("/", ledger_reports_router)
    api.add_router("/", ledger_heads_router)
    for mart_router in mart_routers:
        api.add_router("/", mart_router)
    api.add_router("/", jointbuy_router)
    api.add_router("/", needs_router)
    api.add_router("/", potential_router)
    api.add_router("/", monitoring_router)
    api.add_router("/", rat_router)
    api.add_router("/", training_router)


_register_routers()
