"""Turn refusals raised in views into the friendly 403/404 pages; refuse control characters in any request."""

import json
import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from simpul.core.exceptions import NotFoundError, PermissionDeniedError
from simpul.core.text import control_character_path, has_control_characters


class ApplicationErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFoundError):
            return render(request, "404.html", {"message": exception.message}, status=404)
        if isinstance(exception, PermissionDeniedError):
            from simpul.core.views import forbidden_response  # the 403 page names the person's roles

            return forbidden_response(request, exception.message)
        return None


def _control_character_field(data: QueryDict) -> str | None:
    for key, values in data.lists():
        if has_control_characters(key) or any(has_control_characters(value) for value in values):
            return key
    return None


# What a JSON body holding a control character must contain: the character itself (raw, or C1 as UTF-8) or its \\u
# escape. A body without any of these holds none, and is not decoded here (a till's batch of sales is ~50 KB).
JSON_MAY_HOLD_CONTROL = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\\u00(?:[01][0-9a-fA-F]|7[fF]|[89][0-9a-fA-F])"
)


def _json_control_character_field(request: HttpRequest) -> str | None:
    if request.content_type != "application/json":
        return None
    try:
        body = request.body
        if not JSON_MAY_HOLD_CONTROL.search(body):
            return None
        data = json.loads(body)
    except (RequestDataTooBig, ValueError):
        return None  # the API answers a body too large or not JSON itself
    return control_character_path(data)


class RefuseControlCharactersMiddleware:
    """A control character (simpul/core/text.py) in the path, the query string, a form field or a JSON body is a
    400 before any view runs: the friendly page with the reason, or the API's JSON error under /api/.

    PostgreSQL refuses NUL in every text value, and a control character stored in a memo or a name breaks the
    Excel exports for good (the journal is immutable), so none may reach a service."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        field = self._refused_field(request)
        if field is None:
            return self.get_response(request)
        message = _(
            "The request contains a control character (an invisible character such as NUL), which is not allowed."
        )
        if request.path_info.startswith("/api/"):
            detail = {"field": field} if field else None
            return JsonResponse({"code": "invalid_characters", "message": message, "detail": detail}, status=400)
        return render(request, "400.html", {"message": message}, status=400)

    @staticmethod
    def _refused_field(request: HttpRequest) -> str | None:
        """The name of the field that holds a control character ("" for the path); None if nothing does."""
        if has_control_characters(request.path_info):
            return ""
        found = _control_character_field(request.GET)
        if found is None and request.method == "POST" and request.content_type != "application/json":
            found = _control_character_field(request.POST)
        if found is None:
            found = _json_control_character_field(request)
        return found


# Views that show NIK, phone numbers or balances (the member register, savings, receipts, cards, billing, exports,
# the member portal, the audit trails) and the whole API (every answer is someone's data): "namespace:*" or a
# qualified URL name. A new page in the members app is covered without a change here.
NO_STORE_VIEWS = frozenset({"members:*", "api:*", "coops:audit_trail", "coops:dinas_audit", "coops:member_home"})


def _no_store(view_name: str, namespace: str) -> bool:
    return view_name in NO_STORE_VIEWS or f"{namespace}:*" in NO_STORE_VIEWS


class NoStoreMiddleware:
    """`Cache-Control: no-store` (Django's never-cache headers) on the views of NO_STORE_VIEWS, so no browser,
    shared computer or proxy keeps a copy of a page with personal data after the person has gone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        if match is not None and _no_store(match.view_name, match.namespace):
            add_never_cache_headers(response)
        return response


class IndonesianFirstLocaleMiddleware(LocaleMiddleware):
    """Pages are in Bahasa Indonesia unless the person chose English with the language switch (a cookie).

    Many Indonesian phones run an English system language, so the browser's Accept-Language does not decide
    the pages. API clients do declare their language with Accept-Language; under /api/ it is honoured."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        if chosen in supported:
            language = chosen
        elif request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request)
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
