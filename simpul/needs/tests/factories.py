"""A small world for the needs' tests: two cooperatives of one Bandung network (the first posts needs, the second
can pledge), a Cilacap cooperative outside it, the Dinas of Kota Bandung and of Kabupaten Cilacap with an officer
each, a supplier serving Kota Bandung and one serving only Cilacap. Everything is written through the services."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from simpul.coops.models import (
    Cooperative,
    GovernmentOffice,
    MembershipStatus,
    NetworkMembership,
    OfficeKind,
    RoleKind,
    Supplier,
)
from simpul.coops.tests.factories import (
    CILACAP_VILLAGE,
    CooperativeFactory,
    NetworkFactory,
    OfficeFactory,
    SupplierFactory,
    person_with_role,
)
from simpul.core.models import User
from simpul.needs import lifecycle
from simpul.needs.models import Need, NeedStatus, Pledge
from simpul.needs.services.needs import need_create, need_transition
from simpul.needs.services.pledges import pledge_offer, pledge_transition
from simpul.regions.models import Region


@dataclass
class NeedsWorld:
    cooperative: Cooperative  # posts the needs (Kota Bandung)
    manager: User
    supervisor: User
    cashier: User
    peer: Cooperative  # a fellow member of the same network
    peer_manager: User
    stranger: Cooperative  # Cilacap, in no network with the first
    stranger_manager: User
    office: GovernmentOffice  # Dinas Kota Bandung (32.73)
    officer: User
    other_office: GovernmentOffice  # Dinas Kabupaten Cilacap (33.01)
    other_officer: User
    supplier: Supplier  # serves Kota Bandung
    supplier_staff: User
    far_supplier: Supplier  # serves only Cilacap
    far_supplier_staff: User
    coordinator: User


def needs_world() -> NeedsWorld:
    cooperative = CooperativeFactory.create(name="Koperasi Sukamaju")
    peer = CooperativeFactory.create(name="Koperasi Sukarasa")
    stranger = CooperativeFactory.create(name="Koperasi Tambakreja", village_code=CILACAP_VILLAGE)
    network = NetworkFactory.create(coordinator_cooperative=peer)
    for member in (cooperative, peer):
        NetworkMembership.objects.create(cooperative=member, network=network, status=MembershipStatus.ACTIVE)
    office = OfficeFactory.create()
    other_office = OfficeFactory.create(
        name="Dinas Koperasi Kabupaten Cilacap", kind=OfficeKind.REGENCY, region=Region.objects.get(code="33.01")
    )
    supplier = SupplierFactory.create(name="PT Beras Priangan")
    supplier.regions_served.add(Region.objects.get(code="32.73"))
    far_supplier = SupplierFactory.create(name="PT Cilacap Jaya")
    far_supplier.regions_served.add(Region.objects.get(code="33.01"))
    return NeedsWorld(
        cooperative=cooperative,
        manager=person_with_role(RoleKind.MANAGER, cooperative, full_name="Ibu Sari"),
        supervisor=person_with_role(RoleKind.SUPERVISOR, cooperative),
        cashier=person_with_role(RoleKind.CASHIER, cooperative),
        peer=peer,
        peer_manager=person_with_role(RoleKind.MANAGER, peer),
        stranger=stranger,
        stranger_manager=person_with_role(RoleKind.MANAGER, stranger),
        office=office,
        officer=person_with_role(RoleKind.DINAS, office, full_name="Pak Dedi"),
        other_office=other_office,
        other_officer=person_with_role(RoleKind.DINAS, other_office),
        supplier=supplier,
        supplier_staff=person_with_role(RoleKind.SUPPLIER, supplier),
        far_supplier=far_supplier,
        far_supplier_staff=person_with_role(RoleKind.SUPPLIER, far_supplier),
        coordinator=person_with_role(RoleKind.COORDINATOR, network),
    )


def need_data(cooperative: Cooperative, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "category": "stock",
        "item": "Beras medium",
        "quantity": "500",
        "unit": "kg",
        "needed_by": (cooperative.today() + dt.timedelta(days=10)).isoformat(),
        "priority": "high",
        "description": "Stok beras tinggal dua karung.",
    }
    data.update(overrides)
    return data


def post_need(world: NeedsWorld, *, submit: bool = True, **overrides: Any) -> Need:
    return need_create(
        cooperative=world.cooperative,
        actor=world.manager,
        data=need_data(world.cooperative, **overrides),
        submit=submit,
    )


def acknowledge(world: NeedsWorld, need: Need) -> Need:
    return need_transition(
        need_id=need.pk, actor=world.officer, side=lifecycle.DINAS, to=NeedStatus.ACKNOWLEDGED, office=world.office
    )


def pledge(world: NeedsWorld, need: Need, quantity: str = "300", price: str = "12500", **kwargs: Any) -> Pledge:
    giver: dict[str, Any] = kwargs or {"supplier": world.supplier}
    actor = world.peer_manager if "from_cooperative" in giver else world.supplier_staff
    return pledge_offer(
        need_id=need.pk,
        actor=actor,
        data={
            "quantity": quantity,
            "unit_price": price,
            "deliver_by": (world.cooperative.today() + dt.timedelta(days=3)).isoformat(),
        },
        **giver,
    )


def accept(world: NeedsWorld, p: Pledge) -> Pledge:
    return pledge_transition(pledge_id=p.pk, actor=world.manager, to="accepted", asker=world.cooperative)


def ship(world: NeedsWorld, p: Pledge) -> Pledge:
    return pledge_transition(pledge_id=p.pk, actor=world.supplier_staff, to="shipped", supplier=world.supplier)


def receive(world: NeedsWorld, p: Pledge, quantity: str | Decimal) -> Pledge:
    return pledge_transition(
        pledge_id=p.pk, actor=world.manager, to="received", asker=world.cooperative, received_quantity=str(quantity)
    )
