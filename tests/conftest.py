"""Fixtures for the cross-cutting tests: one person per role, each with an own and a foreign organisation."""

from dataclasses import dataclass, field

import pytest

from simpul.coops.models import Cooperative, GovernmentOffice, MembershipStatus, Network, Supplier
from simpul.coops.tests.factories import (
    CILACAP_VILLAGE,
    CooperativeFactory,
    MembershipFactory,
    NetworkFactory,
    OfficeFactory,
    RoleKind,
    SupplierFactory,
    person_with_role,
)
from simpul.core.models import User
from simpul.members.tests.factories import MemberFactory
from simpul.regions.models import Region

# The roles every route is checked against; "anonymous" is nobody logged in.
ROLES = ("manager", "supervisor", "cashier", "member", "coordinator", "dinas", "supplier", "anonymous")


@dataclass
class World:
    """Two of everything: the organisation each role's person belongs to, and a foreign one of the same kind."""

    cooperative: Cooperative
    foreign_cooperative: Cooperative
    network: Network
    foreign_network: Network
    office: GovernmentOffice
    foreign_office: GovernmentOffice
    # A region inside the office's scope and one outside it (Kota Bandung vs Kabupaten Cilacap).
    region_code: str
    foreign_region_code: str
    supplier: Supplier
    foreign_supplier: Supplier
    people: dict[str, User] = field(default_factory=dict)


@pytest.fixture
def world(db, settings, tmp_path) -> World:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"  # uploaded documents land in the test's own folder
    cooperative = CooperativeFactory.create(name="Koperasi Sendiri Sejahtera")
    foreign = CooperativeFactory.create(name="Koperasi Tetangga Makmur")
    network = NetworkFactory.create(name="Jaringan Sendiri")
    foreign_network = NetworkFactory.create(name="Jaringan Lain")
    MembershipFactory.create(cooperative=cooperative, network=network, status=MembershipStatus.ACTIVE)
    MembershipFactory.create(cooperative=foreign, network=foreign_network, status=MembershipStatus.ACTIVE)
    office = OfficeFactory.create()  # Dinas Koperasi Kota Bandung, scope 32.73
    foreign_office = OfficeFactory.create(
        name="Dinas Koperasi Kabupaten Cilacap", region=Region.objects.get(code="33.01")
    )
    supplier = SupplierFactory.create()
    foreign_supplier = SupplierFactory.create()
    people = {
        "manager": person_with_role(RoleKind.MANAGER, cooperative),
        "supervisor": person_with_role(RoleKind.SUPERVISOR, cooperative),
        "cashier": person_with_role(RoleKind.CASHIER, cooperative),
        "member": person_with_role(RoleKind.MEMBER, cooperative),
        "coordinator": person_with_role(RoleKind.COORDINATOR, network),
        "dinas": person_with_role(RoleKind.DINAS, office),
        "supplier": person_with_role(RoleKind.SUPPLIER, supplier),
    }
    # The member's login is linked to their record in the register, as the member portal needs.
    MemberFactory.create(cooperative=cooperative, user=people["member"], name="Anggota Sendiri")
    return World(
        cooperative=cooperative,
        foreign_cooperative=foreign,
        network=network,
        foreign_network=foreign_network,
        office=office,
        foreign_office=foreign_office,
        region_code="32.73",
        foreign_region_code=CILACAP_VILLAGE.rsplit(".", 2)[0],
        supplier=supplier,
        foreign_supplier=foreign_supplier,
        people=people,
    )
