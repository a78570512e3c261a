"""Downloads of the member register: the list as an Excel workbook and a member's card as a PDF.

Managers and supervisors (pengawas) may download both. The card's QR code holds "<cooperative slug>:<member
number>", enough for a cashier's scanner to find the member in their own cooperative, and nothing personal: never
the NIK, which a lost card would otherwise give away.
"""

from collections.abc import Iterator
from typing import Any

import segno
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from simpul.coops.access import READ_ROLES
from simpul.coops.models import Cooperative
from simpul.coops.views.workspace import workspace_access
from simpul.core.exports import Sheet, download_name, pdf_response, xlsx_response
from simpul.core.templatetags.simpul import tanggal
from simpul.members.forms import MemberFilterForm
from simpul.members.imports import COLUMN_BY_KEY
from simpul.members.models import Gender, Member, MemberStatus
from simpul.members.selectors import member_list
from simpul.members.services import access_member

CARD_TEMPLATE = "members/card.html"


def member_card_payload(cooperative: Cooperative, member: Member) -> str:
    """What the card's QR code says: the cooperative and the member number, never the NIK."""
    return f"{cooperative.slug}:{member.number_display}"


def member_card_qr(payload: str) -> str:
    """The QR code as an SVG data URI, which WeasyPrint draws sharp at any size."""
    return str(segno.make_qr(payload, error="m").svg_data_uri(scale=4, border=2, dark="#000"))


@login_required
@require_GET
def member_card(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    cooperative, _can_edit = workspace_access(request, slug, READ_ROLES)
    member = access_member(cooperative, member_id)
    payload = member_card_payload(cooperative, member)
    context = {"cooperative": cooperative, "member": member, "qr_payload": payload, "qr": member_card_qr(payload)}
    filename = download_name("kartu-anggota", cooperative.slug, member.number_display, extension="pdf")
    return pdf_response(request, CARD_TEMPLATE, context, filename, inline=True)


def _export_header() -> list[str]:
    fixed = COLUMN_BY_KEY  # the import's own headings, so an exported file can be imported elsewhere
    return [
        _("Member number"),
        fixed["nik"].header,
        fixed["name"].header,
        fixed["gender"].header,
        fixed["birth_date"].header,
        fixed["address"].header,
        fixed["village"].header,
        _("Village"),
        fixed["phone"].header,
        fixed["join_date"].header,
        _("Status"),
        _("Exit date"),
        _("Reason for leaving"),
        fixed["is_producer"].header,
        fixed["business_name"].header,
    ]


def _export_rows(members: Any) -> Iterator[list[Any]]:
    for member in members.iterator(chunk_size=2000):
        yield [
            member.number,
            member.nik,
            member.name,
            "P" if member.gender == Gender.FEMALE else "L",
            member.birth_date,
            member.address,
            member.village_id,
            member.village.name,
            member.phone,
            member.join_date,
            capfirst(member.get_status_display()),
            member.exit_date,
            member.exit_reason,
            "Ya" if member.is_producer else "Tidak",
            member.business_name,
        ]


@login_required
@require_GET
def member_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The member list as the list page shows it (the same search and filters), every register field."""
    cooperative, _can_edit = workspace_access(request, slug, READ_ROLES)
    filters = MemberFilterForm(request.GET).filters()
    today = cooperative.today()
    heading = [_("Members of %(name)s") % {"name": cooperative.name}, _("As of %(date)s") % {"date": tanggal(today)}]
    if filters["q"]:
        heading.append(_("Search: %(query)s") % {"query": filters["q"]})
    if filters["status"]:
        heading.append(_("Status: %(status)s") % {"status": capfirst(MemberStatus(filters["status"]).label)})
    if filters["producer"]:
        heading.append(_("Producers only") if filters["producer"] == "1" else _("Not producers"))
    sheet = Sheet(
        title=_("Members"),
        header=_export_header(),
        rows=_export_rows(member_list(cooperative, **filters)),
        heading=heading,
        column_widths=[10, 20, 28, 10, 14, 32, 15, 20, 18, 14, 14, 14, 24, 12, 24],
    )
    return xlsx_response([sheet], download_name("anggota", cooperative.slug, today.isoformat(), extension="xlsx"))


urlpatterns = [
    path("k/<slug:slug>/anggota/ekspor/", member_export, name="export"),
    path("k/<slug:slug>/anggota/<int:member_id>/kartu/", member_card, name="card"),
]
