"""A small world for the RAT tests: a Kota Bandung cooperative with books and ten members joined in 2020, its
manager, supervisor and a member with a portal login; the Dinas of Kota Bandung and of Kabupaten Cilacap with an
officer each. The fiscal year 2025 has ended under every clock the calendar runs use."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from simpul.coops.models import Cooperative, GovernmentOffice, OfficeKind, RoleKind
from simpul.coops.tests.factories import CooperativeFactory, OfficeFactory, person_with_role
from simpul.core.models import User
from simpul.ledger import chart
from simpul.ledger.services import chart_of_accounts_create, journal_post
from simpul.members.models import Member
from simpul.members.tests.factories import MemberFactory
from simpul.rat.demo.seed import DEMO_MINUTES
from simpul.regions.models import Region

D = Decimal
YEAR = 2025
MEETING = dt.date(2026, 3, 14)


@dataclass
class RatWorld:
    cooperative: Cooperative
    manager: User
    supervisor: User
    member_user: User
    member: Member
    office: GovernmentOffice
    officer: User
    other_office: GovernmentOffice
    other_officer: User


def rat_world() -> RatWorld:
    cooperative = CooperativeFactory.create(name="Koperasi Sukamaju")
    chart_of_accounts_create(cooperative=cooperative)
    members = MemberFactory.create_batch(10, cooperative=cooperative)
    member_user = person_with_role(RoleKind.MEMBER, cooperative)
    members[0].user = member_user
    members[0].save(update_fields=["user"])
    office = OfficeFactory.create()
    other_office = OfficeFactory.create(
        name="Dinas Koperasi Kabupaten Cilacap", kind=OfficeKind.REGENCY, region=Region.objects.get(code="33.01")
    )
    return RatWorld(
        cooperative=cooperative,
        manager=person_with_role(RoleKind.MANAGER, cooperative, full_name="Ibu Sari"),
        supervisor=person_with_role(RoleKind.SUPERVISOR, cooperative),
        member_user=member_user,
        member=members[0],
        office=office,
        officer=person_with_role(RoleKind.DINAS, office, full_name="Pak Dinas"),
        other_office=other_office,
        other_officer=person_with_role(RoleKind.DINAS, other_office),
    )


def sale(cooperative: Cooperative, actor: User, amount: str, on: dt.date) -> None:
    journal_post(
        cooperative=cooperative,
        actor=actor,
        date=on,
        description="Penjualan",
        lines=[(chart.CASH, D(amount), D(0)), (chart.SALES_TO_MEMBERS, D(0), D(amount))],
    )


def minutes() -> SimpleUploadedFile:
    return SimpleUploadedFile("notulen.pdf", DEMO_MINUTES, content_type="application/pdf")


def meeting_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "meeting_date": MEETING.isoformat(),
        "place": "Balai Desa Sukamaju",
        "members_present": 6,
        "quorum_percent": "50",
        "shu_capital_percent": "20",
        "shu_business_percent": "25",
    }
    data.update(overrides)
    return data
