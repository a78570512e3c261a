"""Placeholders replaced as each page is built."""

from django.http import HttpRequest, HttpResponse


def todo(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return HttpResponse("todo")
