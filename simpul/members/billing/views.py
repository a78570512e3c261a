"""Simpanan wajib billing: /k/<slug>/anggota/tagihan-wajib/ lists the active members who are behind, with a
WhatsApp reminder link each, and its Excel export. Managers and supervisors read it; nothing is written here."""

from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from simpul.coops.access import READ_ROLES
from simpul.coops.models import Cooperative
from simpul.coops.selectors.paging import LookaheadPaginator
from simpul.coops.views.workspace import workspace_access
from simpul.core.exports import Sheet, download_name, xlsx_response
from simpul.core.money import format_rupiah
from simpul.members.savings.selectors import (
    WajibArrear,
    index_month,
    wajib_arrear_rows,
    wajib_arrears,
    wajib_arrears_totals,
)

PAGE_SIZE = 50
TEMPLATE = "members/wajib_billing.html"


class BillingFilterForm(forms.Form):
    """Anything unreadable is ignored rather than refused, as in the member list."""

    q = forms.CharField(required=False, max_length=100)
    bulan = forms.IntegerField(required=False, min_value=0, max_value=600)

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"q": "", "bulan": 0}
        return {"q": self.cleaned_data.get("q") or "", "bulan": self.cleaned_data.get("bulan") or 0}


def reminder_message(cooperative: Cooperative, arrear: WajibArrear) -> str:
    """The WhatsApp reminder, always in Bahasa Indonesia: it goes to the member, not to the manager's screen."""
    with translation.override("id"):
        return _(
            "Dear %(name)s, according to our records your simpanan wajib at %(cooperative)s is %(months)s month(s) "
            "behind, a total of %(amount)s. Please pay it at the cooperative's office. Thank you."
        ) % {
            "name": arrear.member.name,
            "cooperative": cooperative.name,
            "months": arrear.months,
            "amount": format_rupiah(arrear.arrears),
        }


def whatsapp_link(cooperative: Cooperative, arrear: WajibArrear) -> str:
    """https://wa.me/62…?text=…, or "" for a member without a phone number (stored as +62…)."""
    digits = "".join(ch for ch in arrear.member.phone if ch.isdigit())
    if not digits:
        return ""
    return f"https://wa.me/{digits}?text={quote(reminder_message(cooperative, arrear))}"


def _billing(request: HttpRequest, slug: str) -> tuple[Cooperative, dict[str, Any], Any, Any]:
    cooperative, _can_edit = workspace_access(request, slug, READ_ROLES)
    filters = BillingFilterForm(request.GET).filters()
    schedule, members = wajib_arrears(cooperative, query=filters["q"], min_months=filters["bulan"])
    return cooperative, filters, schedule, members


@login_required
@require_GET
def wajib_billing(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, filters, schedule, members = _billing(request, slug)
    page = LookaheadPaginator(members.select_related(None), PAGE_SIZE).page(request.GET.get("halaman"))
    rows = [(arrear, whatsapp_link(cooperative, arrear)) for arrear in wajib_arrear_rows(schedule, page.object_list)]
    context = {
        "cooperative": cooperative,
        "filters": filters,
        "query": urlencode({k: v for k, v in filters.items() if v}),
        "page": page,
        "rows": rows,
        "totals": wajib_arrears_totals(members),
        "product": schedule.product,
        "current_month": index_month(schedule.current),
        "started": index_month(schedule.start) if schedule.start is not None else None,
        "monthly": schedule.amount_in(schedule.current),
    }
    template = f"{TEMPLATE}#results" if getattr(request, "htmx", False) else TEMPLATE
    return render(request, template, context)


@login_required
@require_GET
def wajib_billing_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, _filters, schedule, members = _billing(request, slug)
    arrears = wajib_arrear_rows(schedule, members.iterator(chunk_size=2000))
    table: list[list[Any]] = [
        [
            a.member.number_display,
            a.member.name,
            a.member.phone,
            a.member.join_date,
            a.months,
            a.arrears,
            a.last_paid,
        ]
        for a in arrears
    ]
    total = sum((row[5] for row in table), Decimal(0))
    table.append(["", _("Total"), "", None, None, total, None])
    today = cooperative.today()
    sheet = Sheet(
        title=_("Wajib billing"),
        header=[
            _("Member number"),
            _("Name"),
            _("Phone/WhatsApp"),
            _("Join date"),
            _("Months behind"),
            _("Amount owed"),
            _("Last payment"),
        ],
        rows=table,
        heading=[_("Simpanan wajib billing"), cooperative.name, today.isoformat()],
        total_rows={len(table) - 1},
        column_widths=[14, 32, 18, 14, 14, 18, 14],
    )
    return xlsx_response([sheet], download_name("tagihan-wajib", cooperative.slug, today.isoformat(), extension="xlsx"))


urlpatterns = [
    path("k/<slug:slug>/anggota/tagihan-wajib/", wajib_billing, name="wajib_billing"),
    path("k/<slug:slug>/anggota/tagihan-wajib/excel/", wajib_billing_xlsx, name="wajib_billing_xlsx"),
]
