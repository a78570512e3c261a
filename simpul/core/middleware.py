"""Turn refusals raised in views into the friendly 403/404 pages."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation

from simpul.core.exceptions import NotFoundError, PermissionDeniedError


class ApplicationErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFoundError):
            return render(request, "404.html", {"message": exception.message}, status=404)
        if isinstance(exception, PermissionDeniedError):
            return render(request, "403.html", {"message": exception.message}, status=403)
        return None


def _has_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


class RefuseNulCharactersMiddleware:
    """A NUL character in the path, the query string or a form field is a 400 before any view runs.

    PostgreSQL refuses NUL in every text value, so one that reaches a query (a raw token from the URL, a search
    term, a POST field a view reads without a form) would be a 500. The API refuses them itself, in JSON."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith("/api/") and (
            "\x00" in request.path_info
            or _has_nul(request.GET)
            or (request.method == "POST" and _has_nul(request.POST))
        ):
            # Django answers BadRequest with the friendly 400 page (handler400).
            raise BadRequest("NUL character in the request")
        return self.get_response(request)


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
