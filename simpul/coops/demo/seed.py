"""Write the demo plan. Idempotent: every row is keyed on a slug (or e-mail), so a second run creates nothing.

Cooperatives, outlets, the network, its invitations, their answers and the partnership records go through
their services, so every row has its AuditLog row as in real use. Offices, suppliers, users and roles have no
creating service (they are set up by the platform); they are written here, each with an AuditLog row too.
"""

import datetime
from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction

from simpul.coops.demo.logins import (
    BANDUNG_OFFICE_SLUG,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    DEMO_SUPPLIER_SLUG,
    JATENG_OFFICE_SLUG,
    MINISTRY_SLUG,
    DemoLogin,
)
from simpul.coops.demo.plan import (
    BANDUNG,
    DEMO_COOPERATIVE_SLUG,
    JAWA_TENGAH,
    NETWORK_NAME,
    NETWORK_SLUG,
    CooperativePlan,
    demo_plan,
)
from simpul.coops.hooks import demo_seeded_hooks_run
from simpul.coops.models import (
    Cooperative,
    GovernmentOffice,
    MembershipStatus,
    MembershipStatusChange,
    Network,
    NetworkMembership,
    OfficeKind,
    Outlet,
    Role,
    Supplier,
)
from simpul.coops.services.cooperatives import cooperative_register, outlet_create
from simpul.coops.services.networks import membership_transition, network_create, network_invite, partnership_record
from simpul.core.audit import audit_record
from simpul.core.identifiers import validate_nib
from simpul.core.models import User
from simpul.regions.models import Region

WIB = ZoneInfo("Asia/Jakarta")
INVITATIONS_PENDING_FOR = datetime.timedelta(days=30)  # the open invitations went out a month before the seeding day
DEMO_NOTE = "Data demo"

OFFICES = [
    (BANDUNG_OFFICE_SLUG, "Dinas Koperasi dan UMKM Kota Bandung", OfficeKind.REGENCY, BANDUNG, "Jl. Kawaluyaan No. 2"),
    (
        JATENG_OFFICE_SLUG,
        "Dinas Koperasi dan UKM Provinsi Jawa Tengah",
        OfficeKind.PROVINCE,
        JAWA_TENGAH,
        "Jl. Sisingamangaraja No. 3A, Semarang",
    ),
    (MINISTRY_SLUG, "Kementerian Koperasi Republik Indonesia", OfficeKind.MINISTRY, None, "Jakarta Selatan"),
]

# (slug, name, NIB, contact, address, regions served): invented firms.
SUPPLIERS = [
    (
        DEMO_SUPPLIER_SLUG,
        "PT Mitra Pangan Priangan",
        "9120301734521",
        "Fajar Nugroho",
        "Jl. Soekarno-Hatta No. 410, Kota Bandung",
        ["32"],
    ),
    ("sumber-tani-lestari", "CV Sumber Tani Lestari", "9120204418836", "Wahyu Pratomo", "Kota Semarang", ["33"]),
    (
        "niaga-sembako-nusantara",
        "PT Niaga Sembako Nusantara",
        "8120119036674",
        "Lestiana Putri",
        "Kabupaten Bekasi",
        ["32", "33", "34"],
    ),
    (
        "dapur-rasa-nusantara",
        "PT Dapur Rasa Nusantara",
        "9120008852190",
        "Irwan Gunadi",
        "Kabupaten Bandung Barat",
        ["32.73", "32.04", "32.17"],
    ),
]


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=WIB)


class _Seeder:
    def __init__(self, today: datetime.date) -> None:
        self.today = today  # in WIB, the zone of the demo network
        self.created: Counter[str] = Counter()
        self.password_hash = make_password(DEMO_PASSWORD)
        self.users: dict[str, User] = {}

    def user(self, login: DemoLogin) -> User:
        user = User.objects.filter(email=login.email).first()
        if user is None:
            is_admin = login.key == "platform_admin"
            user = User(
                email=login.email,
                phone=login.phone,
                full_name=login.full_name,
                password=self.password_hash,
                is_staff=is_admin,
                is_superuser=is_admin,
            )
            user.save()
            self.created["users"] += 1
        self.users[login.key] = user
        return user

    def role(self, login: DemoLogin, **organisation: Any) -> None:
        user = self.users[login.key]
        role, created = Role.objects.get_or_create(user=user, kind=login.kind, **organisation)
        if created:
            self.created["roles"] += 1
            target = next(iter(organisation.values()), None)
            audit_record(
                actor=self.admin,
                event="role.granted",
                target=role,
                cooperative_id=getattr(target, "pk", None) if isinstance(target, Cooperative) else None,
                changes={"user": user.login_name, "kind": login.kind},
            )

    @property
    def admin(self) -> User:
        return self.users["platform_admin"]

    def offices(self) -> dict[str, GovernmentOffice]:
        offices = {}
        for slug, name, kind, region_code, address in OFFICES:
            office = GovernmentOffice.objects.filter(slug=slug).first()
            if office is None:
                office = GovernmentOffice.objects.create(
                    slug=slug, name=name, kind=kind, region_id=region_code, address=address
                )
                self.created["offices"] += 1
                audit_record(
                    actor=self.admin,
                    event="office.created",
                    target=office,
                    region_code=region_code or "",
                    changes={"name": name, "kind": kind},
                )
            offices[slug] = office
        return offices

    def suppliers(self) -> dict[str, Supplier]:
        suppliers = {}
        for slug, name, nib, contact, address, served in SUPPLIERS:
            supplier = Supplier.objects.filter(slug=slug).first()
            if supplier is None:
                supplier = Supplier.objects.create(
                    slug=slug,
                    name=name,
                    nib=validate_nib(nib),
                    contact_name=contact,
                    email=f"{slug}@demo.simpul.id",
                    address=address,
                )
                supplier.regions_served.set(Region.objects.filter(code__in=served))
                self.created["suppliers"] += 1
                audit_record(
                    actor=self.admin, event="supplier.created", target=supplier, changes={"name": name, "nib": nib}
                )
            suppliers[slug] = supplier
        return suppliers

    def cooperative(self, plan: CooperativePlan, existing: dict[str, Cooperative], registrar: User) -> Cooperative:
        cooperative = existing.get(plan.slug)
        if cooperative is None:
            office = GovernmentOffice.objects.get(
                slug=BANDUNG_OFFICE_SLUG if plan.village.regency_code == BANDUNG else JATENG_OFFICE_SLUG
            )
            cooperative = cooperative_register(
                actor=registrar,
                office=office,
                name=plan.name,
                type=plan.type,
                village=plan.village.code,
                slug=plan.slug,
                **plan.profile,
            )
            self.created["cooperatives"] += 1
        have = set(Outlet.objects.filter(cooperative=cooperative).values_list("name", flat=True))
        for name, kind in plan.outlets:
            if name not in have:
                outlet_create(
                    cooperative=cooperative,
                    actor=self.admin,
                    data={"name": name, "kind": kind, "address": plan.address, "village": plan.village.code},
                )
                self.created["outlets"] += 1
        return cooperative

    def network(self, coordinator: Cooperative) -> Network:
        network = Network.objects.filter(slug=NETWORK_SLUG).first()
        if network is None:
            network = network_create(
                actor=self.admin,
                name=NETWORK_NAME,
                region=BANDUNG,
                slug=NETWORK_SLUG,
                coordinator_cooperative=coordinator,
                description=(
                    "Seratus koperasi di Kota Bandung yang berbelanja bersama, saling menjual produk UMKM "
                    "anggotanya dan berbagi data harga pemasok."
                ),
            )
            self.created["networks"] += 1
        return network

    def membership(self, network: Network, plan: CooperativePlan, cooperative: Cooperative) -> None:
        """Invite through the network services; accept and record the agreement for active members. The
        services stamp today's time, so the history is then moved back to the plan's dates."""
        if NetworkMembership.objects.filter(network=network, cooperative=cooperative).exists():
            return
        coordinator = self.users["coordinator"]
        membership = network_invite(network=network, actor=coordinator, cooperative=cooperative)
        self.created["memberships"] += 1
        partnership = plan.partnership
        if plan.network_status != MembershipStatus.ACTIVE or partnership is None:
            self._backdate(membership, invited=_at(self.today - INVITATIONS_PENDING_FOR), responded=None)
            return
        answerer = self.users["manager"] if cooperative.slug == DEMO_COOPERATIVE_SLUG else self.admin
        membership = membership_transition(
            membership=membership, actor=answerer, to_status=MembershipStatus.ACTIVE, note=DEMO_NOTE
        )
        partnership_record(
            membership=membership,
            actor=coordinator,
            signed_on=partnership.signed_on,
            valid_until=partnership.valid_until,
            number=partnership.number,
            parties=f"{network.coordinator_cooperative} (koordinator jaringan) dan {cooperative.name}",
            scope=partnership.scope,
        )
        self.created["partnerships"] += 1
        self._backdate(
            membership,
            invited=_at(partnership.signed_on - datetime.timedelta(days=21)),
            responded=_at(partnership.signed_on - datetime.timedelta(days=7)),
        )

    def _backdate(
        self, membership: NetworkMembership, *, invited: datetime.datetime, responded: datetime.datetime | None
    ) -> None:
        NetworkMembership.objects.filter(pk=membership.pk).update(invited_at=invited, responded_at=responded)
        changes = MembershipStatusChange.objects.filter(membership=membership)
        changes.filter(to_status=MembershipStatus.INVITED).update(created_at=invited)
        if responded is not None:
            changes.exclude(to_status=MembershipStatus.INVITED).update(created_at=responded)


@transaction.atomic
def demo_seed(*, today: datetime.date | None = None) -> dict[str, int]:
    """Create whatever of the demo is missing; returns how many rows of each kind were created.

    `today` is the last day the histories of the apps above coops reach (members' savings, a year of books): they
    are planned back from it, so the reports always show the latest months. By default (None) it is each
    cooperative's own today, in its zone (`Cooperative.today()`): the day its books and billing are in."""
    if not Region.objects.filter(code=BANDUNG).exists():
        raise RuntimeError("The region table is empty: run `manage.py load_regions` first.")
    plan = demo_plan()
    seeder = _Seeder(today or datetime.datetime.now(WIB).date())
    logins = {login.key: login for login in DEMO_LOGINS}
    for login in DEMO_LOGINS:
        seeder.user(login)
    seeder.role(logins["platform_admin"])

    offices = seeder.offices()
    seeder.role(logins["dinas_bandung"], office=offices[BANDUNG_OFFICE_SLUG])
    seeder.role(logins["dinas_jateng"], office=offices[JATENG_OFFICE_SLUG])
    suppliers = seeder.suppliers()
    seeder.role(logins["supplier"], supplier=suppliers[DEMO_SUPPLIER_SLUG])

    existing = {c.slug: c for c in Cooperative.objects.filter(slug__in=[p.slug for p in plan.cooperatives])}
    cooperatives = {}
    for cooperative_plan in plan.cooperatives:
        registrar = seeder.users[
            "dinas_bandung" if cooperative_plan.village.regency_code == BANDUNG else "dinas_jateng"
        ]
        cooperatives[cooperative_plan.slug] = seeder.cooperative(cooperative_plan, existing, registrar)

    network = seeder.network(cooperatives[plan.coordinator.slug])
    seeder.role(logins["coordinator"], network=network)
    for member_plan in plan.cooperatives:
        if member_plan.network_status:
            seeder.membership(network, member_plan, cooperatives[member_plan.slug])

    demo = cooperatives[DEMO_COOPERATIVE_SLUG]
    for key in ("manager", "supervisor", "cashier", "member"):
        seeder.role(logins[key], cooperative=demo)
    partner = logins["partner_manager"]
    seeder.role(partner, cooperative=cooperatives[partner.organisation_slug])
    # Members, savings and books come from the apps above coops, which register here (coops imports none of them).
    demo_seeded_hooks_run(
        cooperatives=cooperatives,
        plan=plan,
        today=today,
        created=seeder.created,
    )
    return dict(seeder.created)
