"""A small world for the monitoring tests: a mart cooperative in Kota Bandung (make_mart: a member with savings, a
shift, noodles and rice), the Dinas of Kota Bandung with an officer, a Cilacap cooperative outside its region."""

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from simpul.coops.models import Cooperative, GovernmentOffice, OfficeKind, RoleKind
from simpul.coops.tests.factories import CILACAP_VILLAGE, CooperativeFactory, OfficeFactory, person_with_role
from simpul.core.models import User
from simpul.mart.models import Sale
from simpul.mart.sales.services import sale_record
from simpul.mart.tests.sale_world import Mart, make_mart
from simpul.needs.services.needs import need_create
from simpul.regions.models import Region


@dataclass
class World:
    mart: Mart
    office: GovernmentOffice
    officer: User
    stranger: Cooperative  # Cilacap, outside the Bandung office's region
    cilacap_office: GovernmentOffice
    cilacap_officer: User


def world() -> World:
    mart = make_mart()
    office = OfficeFactory.create()
    cilacap = OfficeFactory.create(
        name="Dinas Koperasi Kabupaten Cilacap", kind=OfficeKind.REGENCY, region=Region.objects.get(code="33.01")
    )
    return World(
        mart=mart,
        office=office,
        officer=person_with_role(RoleKind.DINAS, office, full_name="Pak Dedi"),
        stranger=CooperativeFactory.create(name="Koperasi Tambakreja", village_code=CILACAP_VILLAGE),
        cilacap_office=cilacap,
        cilacap_officer=person_with_role(RoleKind.DINAS, cilacap),
    )


def sell(mart: Mart, quantity: int, *, member: bool = False) -> Sale:
    price = 3300 if member else 3500
    return sale_record(
        cooperative=mart.cooperative,
        actor=mart.cashier,
        outlet_id=mart.outlet.pk,
        client_id=uuid.uuid4(),
        lines=[{"product_id": mart.noodles.pk, "quantity": str(quantity)}],
        payments=[{"method": "cash", "amount": str(quantity * price)}],
        member_id=mart.member.pk if member else None,
    ).sale


def post_need(cooperative: Cooperative, actor: User, **overrides: Any) -> Any:
    data: dict[str, Any] = {
        "category": "stock",
        "item": "Beras medium",
        "quantity": "100",
        "unit": "kg",
        "needed_by": (cooperative.today() + dt.timedelta(days=10)).isoformat(),
        **overrides,
    }
    return need_create(cooperative=cooperative, actor=actor, data=data, submit=True)


D = Decimal
