"""The kasir's point of sale at /k/<slug>/mart/kasir/ (managers and cashiers), and its service worker.

The page is one HTML document that keeps working with the network cut: its service worker (sw.js, served at the
page's own path so its scope is the till) keeps the page and the static files it loaded; pos.js keeps the outlet's
products and members in IndexedDB and every sale in an outbox until the server has answered for it.
"""

import hashlib
import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from simpul.coops.access import access_cooperative
from simpul.coops.models import RoleKind
from simpul.coops.views.workspace import actor
from simpul.mart.models import PaymentMethod
from simpul.mart.pos.selectors import pos_outlets

POS_ROLES = frozenset({RoleKind.MANAGER, RoleKind.CASHIER})

# The static files the till needs offline besides those base.html loads (the page tells its worker what it loaded).
POS_STATIC = (
    "vendor/idb/umd.js",
    "vendor/qrcode-generator/qrcode.js",
    "mart/pos/pos.js",
    "mart/pos/pos.css",
)


def pos_texts() -> dict[str, object]:
    """The words pos.js shows, translated here (the page may open offline, with no server to ask)."""
    return {
        "online": _("Online"),
        "offline": _("Offline: sales are kept on this device"),
        "waiting": _("{count} sales waiting to be sent"),
        "limits": _("Discounts at most {line}% of a line and {sale}% of the sale."),
        "no_snapshot": _("The product list could not be loaded. Connect to the internet once to load it."),
        "quantity": _("Quantity"),
        "discount": _("Discount"),
        "line_discount": _("Line discount"),
        "remove": _("Remove"),
        "bad_quantity": _("Type a quantity above zero, e.g. 2 or 1,5."),
        "no_fractions": _("%(name)s is sold in whole units only.") % {"name": "{name}"},
        "bad_amount": _("Type an amount in rupiah, e.g. 25.000."),
        "discount_over": _("The discount is above the limit the manager set ({limit})."),
        "non_member": _("not a member (non-member sale)"),
        "member_set": _("Member prices for {name}."),
        "other_card": _("This card belongs to another cooperative."),
        "no_member": _("No member found."),
        "unknown_barcode": _("Unknown barcode {code}: scan again or search by name."),
        "no_product": _("No product matches “{text}”."),
        "already_paid": _("The total is already paid."),
        "member_needed": _("Choose the member first: savings and kasbon are a member's own."),
        "over_due": _("This method pays at most what is still due ({due})."),
        "refused": _("The sale was refused."),
        "rejected": _("{count} sales could not be recorded: {message}"),
        "receipt_number": _("Receipt no."),
        "receipt_pending": _("Receipt (not yet sent)"),
        "receipt_waits": _("This sale waits to be sent; it goes as soon as the internet is back."),
        "member": _("Member"),
        "total": _("Total"),
        "tendered": _("given"),
        "change": _("Change due"),
        "no_receipt": _("No sale on this device yet."),
        "no_camera": _("The camera could not be opened: use the scanner or type the code."),
        "log_in_again": _("Log in again to send the waiting sales; they stay on this device meanwhile."),
        "methods": {value: str(label) for value, label in PaymentMethod.choices},
    }


@login_required
@require_GET
def pos_page(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, _role = access_cooperative(actor(request), slug, POS_ROLES)
    outlets = [{"id": o.pk, "name": o.name} for o in pos_outlets(cooperative)]
    context = {
        "cooperative": cooperative,
        "outlets": outlets,
        "texts": pos_texts(),
        "methods": PaymentMethod.choices,
        "config": {
            "slug": cooperative.slug,
            "name": cooperative.name,
            "timezone": cooperative.timezone,
            "user": actor(request).pk,
            "cashier": actor(request).full_name,
            "outlets": outlets,
            "snapshot": f"/api/v1/cooperatives/{cooperative.slug}/mart/pos/snapshot",
            "sale": f"/api/v1/cooperatives/{cooperative.slug}/mart/sales",
            "sync": f"/api/v1/cooperatives/{cooperative.slug}/mart/sync",
            "worker": reverse("mart:pos_sw", args=[cooperative.slug]),
            "scope": reverse("mart:pos", args=[cooperative.slug]),
        },
    }
    response = render(request, "mart/pos/pos.html", context)
    # The page is kept by the till's service worker; the browser's own cache must not serve a stale one online.
    response["Cache-Control"] = "private, no-cache"
    return response


def _worker_version(files: list[str]) -> str:
    return hashlib.sha256("\n".join(files).encode()).hexdigest()[:16]


@login_required
@require_GET
def pos_worker(request: HttpRequest, slug: str) -> HttpResponse:
    """The till's service worker. Its text names the static files of this deploy, so a new deploy is a new worker."""
    cooperative, _role = access_cooperative(actor(request), slug, POS_ROLES)
    files = [static(name) for name in POS_STATIC]
    page = reverse("mart:pos", args=[cooperative.slug])
    context = {"version": _worker_version([page, *files]), "page": json.dumps(page), "files": json.dumps(files)}
    response = render(request, "mart/pos/sw.js", context, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = page
    return response


urlpatterns = [
    path("k/<slug:slug>/mart/kasir/", pos_page, name="pos"),
    path("k/<slug:slug>/mart/kasir/sw.js", pos_worker, name="pos_sw"),
]
