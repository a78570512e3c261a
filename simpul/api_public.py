"""Authentication marker for endpoints anyone may read."""

from typing import Any

from django.http import HttpRequest


def public(request: HttpRequest) -> Any:
    return True
