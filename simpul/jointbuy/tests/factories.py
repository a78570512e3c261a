"""A small Belanja Bareng world for tests: a network with its coordinator, member cooperatives with their managers
(and supervisors), a supplier with its staff and the network's agreement with it, and helpers that open a round
through round_create, commit through commitments_set and close through round_close.

    world = jointbuy_world(members=3)
    round_ = open_round(world)                              # one item: rice, 10 sacks a case, two tiers
    commit(world, 0, round_, {round_.items.first(): 20})    # the first member's manager commits 20 sacks
    close_round(world, round_)

Everything goes through the services, so a world is what a real network would hold."""

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from simpul.coops.models import (
    Cooperative,
    MembershipStatus,
    Network,
    NetworkMembership,
    RoleKind,
    Supplier,
)
from simpul.coops.tests.factories import (
    CooperativeFactory,
    NetworkFactory,
    SupplierFactory,
    person_with_role,
)
from simpul.core.models import User
from simpul.jointbuy.models import Commitment, Round, RoundItem, RoundSupplier, SupplierAgreement

_agreements = itertools.count(1)


@dataclass
class World:
    """A network buying together, with the people who act in it."""

    network: Network
    coordinator: User  # the network's coordinator (RoleKind.COORDINATOR on the network)
    cooperatives: list[Cooperative]  # active members, in order
    managers: list[User]  # managers[i] manages cooperatives[i]
    supervisors: list[User]  # supervisors[i] supervises cooperatives[i] (read only)
    supplier: Supplier
    supplier_staff: User  # RoleKind.SUPPLIER on the supplier
    agreement: SupplierAgreement  # the network's agreement with the supplier
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def coordinating(self) -> Cooperative | None:
        """The cooperative coordinating the network (not itself one of `cooperatives`)."""
        return self.network.coordinator_cooperative


def agreement_for(
    network: Network, supplier: Supplier, *, valid_until: dt.date | None = None, number: str = ""
) -> SupplierAgreement:
    """An agreement (MoU) between a network and a supplier, signed a month ago."""
    return SupplierAgreement.objects.create(
        network=network,
        supplier=supplier,
        number=number or f"MoU/BB/{next(_agreements):04d}",
        signed_on=timezone.localdate() - dt.timedelta(days=30),
        valid_until=valid_until,
        scope="Beras dan gula untuk anggota jaringan",
    )


def member_add(
    network: Network, cooperative: Cooperative | None = None, status: str = MembershipStatus.ACTIVE
) -> Cooperative:
    """A cooperative (a new one unless given) in the network with the given membership status."""
    cooperative = cooperative or CooperativeFactory.create()
    NetworkMembership.objects.create(
        cooperative=cooperative, network=network, status=status, responded_at=timezone.now()
    )
    return cooperative


def supplier_with_staff(network: Network | None = None) -> tuple[Supplier, User, SupplierAgreement | None]:
    """Another supplier with its staff user, and its agreement with `network` when one is given."""
    supplier = SupplierFactory.create()
    staff = person_with_role(RoleKind.SUPPLIER, supplier)
    return supplier, staff, agreement_for(network, supplier) if network is not None else None


def jointbuy_world(members: int = 3) -> World:
    """A network (coordinated by a cooperative) with `members` active member cooperatives, each with a manager and
    a supervisor; a supplier with one staff user; the network's agreement with that supplier."""
    network = NetworkFactory.create()
    coordinator = person_with_role(RoleKind.COORDINATOR, network)
    cooperatives = [member_add(network) for _ in range(members)]
    managers = [person_with_role(RoleKind.MANAGER, cooperative) for cooperative in cooperatives]
    supervisors = [person_with_role(RoleKind.SUPERVISOR, cooperative) for cooperative in cooperatives]
    supplier, staff, agreement = supplier_with_staff(network)
    assert agreement is not None
    return World(
        network=network,
        coordinator=coordinator,
        cooperatives=cooperatives,
        managers=managers,
        supervisors=supervisors,
        supplier=supplier,
        supplier_staff=staff,
        agreement=agreement,
    )


def rice_item(supplier: Supplier, **overrides: Any) -> dict[str, Any]:
    """Rice in 5 kg sacks counted in pcs (whole units), 10 sacks a case: Rp70,000 a sack for 1–9 cases, Rp68,000
    from 10 cases; Rp72,000 buying alone."""
    item: dict[str, Any] = {
        "supplier_id": supplier.pk,
        "name": "Beras medium 5 kg",
        "supplier_code": "BRS-5",
        "unit": "pcs",
        "fractional": False,
        "case_size": "10",
        "min_cases": 1,
        "max_cases": None,
        "list_price": "72000",
        "tiers": [
            {"min_cases": 1, "max_cases": 9, "price": "70000"},
            {"min_cases": 10, "max_cases": None, "price": "68000"},
        ],
    }
    item.update(overrides)
    return item


def sugar_item(supplier: Supplier, **overrides: Any) -> dict[str, Any]:
    """Sugar by the kg (fractions allowed), 50 kg a case: Rp16,500 a kg, Rp16,000 from 5 cases; Rp17,500 alone."""
    item: dict[str, Any] = {
        "supplier_id": supplier.pk,
        "name": "Gula pasir",
        "supplier_code": "GLP-50",
        "unit": "kg",
        "fractional": True,
        "case_size": "50",
        "min_cases": 1,
        "max_cases": None,
        "list_price": "17500",
        "tiers": [
            {"min_cases": 1, "max_cases": 4, "price": "16500"},
            {"min_cases": 5, "max_cases": None, "price": "16000"},
        ],
    }
    item.update(overrides)
    return item


def round_data(world: World, items: Sequence[Mapping[str, Any]] | None = None, **overrides: Any) -> dict[str, Any]:
    """round_create's data: open now, closing in three days, delivered to each cooperative, paid on delivery,
    each cooperative paying the supplier; the world's supplier with its agreement; rice unless `items` are given."""
    now = timezone.now()
    data: dict[str, Any] = {
        "title": "Beras dan gula bulan ini",
        "opens_at": now - dt.timedelta(minutes=1),
        "closes_at": now + dt.timedelta(days=3),
        "delivery_mode": "each",
        "hub_address": "",
        "payment_terms": "on_delivery",
        "deposit_percent": "0",
        "payment_route": "direct",
        "allocation_rule": "proportional",
        "default_limit": None,
        "suppliers": [{"supplier_id": world.supplier.pk, "agreement_id": world.agreement.pk}],
        "items": [dict(item) for item in items] if items is not None else [rice_item(world.supplier)],
    }
    data.update(overrides)
    return data


def open_round(world: World, items: Sequence[Mapping[str, Any]] | None = None, **overrides: Any) -> Round:
    """A round opened by the world's coordinator through round_create (see round_data for the defaults)."""
    from simpul.jointbuy.services.rounds import round_create

    return round_create(network=world.network, actor=world.coordinator, data=round_data(world, items, **overrides))


def round_items(round_: Round) -> list[RoundItem]:
    """The round's items in their order."""
    return list(RoundItem.objects.filter(round=round_).order_by("position", "id"))


def commit(
    world: World,
    member: int,
    round_: Round,
    quantities: Mapping[RoundItem | int, Any],
    tolerances: Mapping[RoundItem | int, Any] | None = None,
) -> list[Commitment]:
    """world.cooperatives[member]'s manager commits: {item (or its id): quantity}, tolerances likewise."""
    from simpul.jointbuy.services.commitments import commitments_set

    tolerances = tolerances or {}

    def key(item: RoundItem | int) -> int:
        return item if isinstance(item, int) else item.pk

    tolerance_by_id = {key(item): value for item, value in tolerances.items()}
    lines = [
        {"item_id": key(item), "quantity": str(quantity), "tolerance": str(tolerance_by_id.get(key(item), "0"))}
        for item, quantity in quantities.items()
    ]
    return commitments_set(
        cooperative=world.cooperatives[member], actor=world.managers[member], round_id=round_.pk, lines=lines
    )


def close_round(world: World, round_: Round) -> Round:
    """The coordinator closes the round (allocations, purchase orders)."""
    from simpul.jointbuy.services.closing import round_close

    return round_close(network=world.network, actor=world.coordinator, round_id=round_.pk)


def supplier_order(world: World, round_: Round) -> RoundSupplier:
    """The world's supplier's purchase order in the round (after closing: order_number set)."""
    return RoundSupplier.objects.get(round=round_, supplier=world.supplier)


__all__ = [
    "World",
    "agreement_for",
    "close_round",
    "commit",
    "jointbuy_world",
    "member_add",
    "open_round",
    "rice_item",
    "round_data",
    "round_items",
    "sugar_item",
    "supplier_order",
    "supplier_with_staff",
]
