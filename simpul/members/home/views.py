"""The cooperative's home page (/k/<slug>/): figures first for managers and supervisors, then the profile, outlets,
staff and networks; a cashier goes on to the cashier's page.

It lives here, above coops, because its figures come from the members and the books; it keeps the URL name the
rest of Simpul links to, "coops:dashboard" (simpul/urls.py puts these patterns in the coops namespace)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import formats
from django.views.decorators.http import require_GET

from simpul.coops.access import READ_ROLES, STAFF_ROLES
from simpul.coops.models import Cooperative, RoleKind
from simpul.coops.views.workspace import dashboard_context, workspace_access
from simpul.ledger.figures import cash_position, last_postings, monthly_figures, result_so_far
from simpul.members.home.selectors import (
    member_counts_this_month,
    savings_by_product,
    wajib_arrears_figure,
)

TEMPLATE = "members/home/home.html"
CHART_MONTHS = 12


def month_label(month: dt.date) -> str:
    """ "Jan 2026" / "Jan 2026" in the active language."""
    return formats.date_format(month, "M Y")


def _cashier_home(request: HttpRequest, cooperative: Cooperative) -> str | None:
    """The cashier's page, for a person who is only a cashier here (None while that page does not exist)."""
    kinds = {r.kind for r in getattr(request, "roles", []) if r.cooperative_id == cooperative.pk}
    if RoleKind.CASHIER not in kinds or kinds & READ_ROLES:
        return None
    try:
        return reverse("mart:pos", args=[cooperative.slug])
    except NoReverseMatch:
        return None


def home_figures(cooperative: Cooperative) -> dict[str, Any]:
    """Every figure of the managers' and supervisors' home, each from its own selector, as of the cooperative's
    own today (WIB, WITA or WIT)."""
    today = cooperative.today()
    products = savings_by_product(cooperative)
    months = monthly_figures(cooperative, today, CHART_MONTHS)
    return {
        "today": today,
        "cash": cash_position(cooperative, today),
        "savings_products": products,
        "savings_total": sum((line.total for line in products), Decimal(0)),
        "member_counts": member_counts_this_month(cooperative, today),
        "arrears": wajib_arrears_figure(cooperative),
        "result": result_so_far(cooperative, today),
        "months": months,
        "chart": {
            "labels": [month_label(m.month) for m in months],
            "savings": [str(m.savings) for m in months],
            "results": [str(m.result) for m in months],
        },
        "postings": last_postings(cooperative),
    }


@login_required
@require_GET
def cooperative_home(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, _can_edit = workspace_access(request, slug, STAFF_ROLES)
    cashier_url = _cashier_home(request, cooperative)
    if cashier_url:
        return redirect(cashier_url)
    context = dashboard_context(request, cooperative)
    if context["can_read"]:
        context.update(home_figures(cooperative))
    return render(request, TEMPLATE, context)


urlpatterns = [
    path("k/<slug:slug>/", cooperative_home, name="dashboard"),
]
