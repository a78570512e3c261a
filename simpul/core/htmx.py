"""Render a form page: the whole page normally, only the form partial for an HTMX request.

A refused form comes back with status 400 so clients and tests see the refusal; base.html tells HTMX
to swap 4xx responses in, so the person sees the message in place."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_form(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    name = f"{template}#{partial}" if partial and getattr(request, "htmx", False) else template
    return render(request, name, context, status=status)
