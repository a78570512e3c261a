"""The client's address, seen through a configured number of trusted reverse proxies.

Behind N proxies (SIMPUL_TRUSTED_PROXIES = N) each proxy appends the address it received the request from to
X-Forwarded-For, so the client is the N-th entry from the right; everything left of it was written by the client
and is never believed. With 0 (no proxy) the address is REMOTE_ADDR and X-Forwarded-For is ignored.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = int(getattr(settings, "SIMPUL_TRUSTED_PROXIES", 0))
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # The request did not come through every proxy (someone reached the server directly): what it carries is
        # the client's own words, and REMOTE_ADDR is the client.
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
