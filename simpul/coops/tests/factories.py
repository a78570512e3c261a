"""Factories every app's tests use. Regions are real: the test database holds the whole table."""

import itertools

import factory

from simpul.coops.models import (
    Cooperative,
    CooperativeType,
    GovernmentOffice,
    Network,
    NetworkMembership,
    OfficeKind,
    Outlet,
    Role,
    RoleKind,
    Supplier,
)
from simpul.core.models import User
from simpul.regions.models import Region

# Villages of Kota Bandung (32.73) and Kabupaten Cilacap, Jawa Tengah (33.01).
BANDUNG_VILLAGE = "32.73.01.1002"  # Gegerkalong, Sukasari
CILACAP_VILLAGE = "33.01.01.2001"  # Tambakreja
_sequence = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User

    full_name = factory.Sequence(lambda n: f"Pengguna {n}")
    email = factory.Sequence(lambda n: f"pengguna{n}@contoh.id")
    phone = factory.Sequence(lambda n: f"+62812{n:08d}")
    password = factory.django.Password("rahasia-123")


def _village(code: str) -> Region:
    return Region.objects.get(code=code)


class CooperativeFactory(factory.django.DjangoModelFactory[Cooperative]):
    class Meta:
        model = Cooperative

    class Params:
        village_code = BANDUNG_VILLAGE

    name = factory.Sequence(lambda n: f"Koperasi Contoh {n}")
    slug = factory.Sequence(lambda n: f"koperasi-contoh-{n}")
    type = CooperativeType.KSU
    village = factory.LazyAttribute(lambda o: _village(o.village_code))
    province_code = factory.LazyAttribute(lambda o: o.village.province_code)
    regency_code = factory.LazyAttribute(lambda o: o.village.regency_code)
    district_code = factory.LazyAttribute(lambda o: o.village.district_code)
    search_name = factory.LazyAttribute(lambda o: o.name.lower())


class OutletFactory(factory.django.DjangoModelFactory[Outlet]):
    class Meta:
        model = Outlet

    cooperative = factory.SubFactory(CooperativeFactory)
    name = factory.Sequence(lambda n: f"Koperasi Mart {n}")


class OfficeFactory(factory.django.DjangoModelFactory[GovernmentOffice]):
    class Meta:
        model = GovernmentOffice

    name = "Dinas Koperasi dan UMKM Kota Bandung"
    slug = factory.Sequence(lambda n: f"dinas-{n}")
    kind = OfficeKind.REGENCY
    region = factory.LazyFunction(lambda: Region.objects.get(code="32.73"))


class SupplierFactory(factory.django.DjangoModelFactory[Supplier]):
    class Meta:
        model = Supplier

    name = factory.Sequence(lambda n: f"PT Pemasok Contoh {n}")
    slug = factory.Sequence(lambda n: f"pemasok-{n}")
    nib = factory.Sequence(lambda n: f"{9120000000000 + n}")


class NetworkFactory(factory.django.DjangoModelFactory[Network]):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Jaringan Usaha Koperasi {n}")
    slug = factory.Sequence(lambda n: f"jaringan-{n}")
    region = factory.LazyFunction(lambda: Region.objects.get(code="32.73"))
    coordinator_cooperative = factory.SubFactory(CooperativeFactory)


class MembershipFactory(factory.django.DjangoModelFactory[NetworkMembership]):
    class Meta:
        model = NetworkMembership

    cooperative = factory.SubFactory(CooperativeFactory)
    network = factory.SubFactory(NetworkFactory)


def grant(user: User, kind: str, organisation: object = None) -> Role:
    """Give `user` a role in an organisation (a cooperative, network, office or supplier)."""
    fields: dict[type, str] = {
        Cooperative: "cooperative",
        Network: "network",
        GovernmentOffice: "office",
        Supplier: "supplier",
    }
    field = fields.get(type(organisation))
    kwargs = {field: organisation} if field else {}
    return Role.objects.create(user=user, kind=kind, **kwargs)


def person_with_role(kind: str, organisation: object = None, **user_fields: object) -> User:
    user = UserFactory.create(**user_fields)
    grant(user, kind, organisation)
    return user


__all__ = [
    "BANDUNG_VILLAGE",
    "CILACAP_VILLAGE",
    "CooperativeFactory",
    "MembershipFactory",
    "NetworkFactory",
    "OfficeFactory",
    "OutletFactory",
    "RoleKind",
    "SupplierFactory",
    "UserFactory",
    "grant",
    "person_with_role",
]
