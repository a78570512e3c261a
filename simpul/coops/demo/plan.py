"""What the demo holds, decided before anything is written: the same seed and regions give the same plan.

The plan reads only the region table (ordered by code), so two runs on any machine plan the same rows, and
the seeding step can key every row on its slug to stay idempotent.
"""

import datetime
import random
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify

from simpul.coops.demo import names
from simpul.coops.models import CooperativeType, MembershipStatus, OutletKind
from simpul.regions.models import Region, RegionLevel

RANDOM_SEED = 20261125
BANDUNG = "32.73"
JAWA_TENGAH = "33"
NETWORK_SIZE = 100
DEMO_COOPERATIVE_SLUG = "ksu-mitra-sauyunan"
# The network's second member in the plan (a KSU with a Koperasi Mart): its manager is the second manager login, so
# two managers can commit to one Belanja Bareng round. The seed fails loudly if the plan ever names it otherwise.
PARTNER_COOPERATIVE_SLUG = "ksu-sejahtera-sukarasa"
COORDINATOR_SLUG = "puskop-parahyangan"
NETWORK_SLUG = "juk-kota-bandung"
NETWORK_NAME = "Jaringan Usaha Koperasi Kota Bandung"
# Ten Jawa Tengah regencies, one KUD each: Cilacap, Banyumas, Magelang, Boyolali, Klaten, Sragen,
# Grobogan, Pati, Temanggung, Kendal.
KUD_REGENCIES = ["33.01", "33.02", "33.08", "33.09", "33.10", "33.14", "33.15", "33.18", "33.23", "33.24"]
MERAH_PUTIH_COUNT = 5
MERAH_PUTIH_INVITED = 3  # of the five, this many hold a network invitation they have not answered yet

# Mixed types for the network's members (the demo cooperative, a KSU, comes first).
_NETWORK_TYPE_WEIGHTS = {
    CooperativeType.KSU: 26,
    CooperativeType.KSP: 14,
    CooperativeType.KSPPS: 10,
    CooperativeType.KOPONTREN: 8,
    CooperativeType.KARYAWAN: 16,
    CooperativeType.PRODUSEN: 14,
    CooperativeType.PEMASARAN: 12,
}
_SHOP_TYPES = {
    CooperativeType.KSU,
    CooperativeType.KUD,
    CooperativeType.KOPONTREN,
    CooperativeType.KARYAWAN,
    CooperativeType.MERAH_PUTIH,
    CooperativeType.KSPPS,
    CooperativeType.PEMASARAN,
}


@dataclass(frozen=True)
class PartnershipPlan:
    number: str
    signed_on: datetime.date
    valid_until: datetime.date
    scope: str


@dataclass
class CooperativePlan:
    slug: str
    name: str
    type: str
    village: Region
    nik_koperasi: str
    deed_number: str
    deed_date: datetime.date
    founded_on: datetime.date
    address: str
    whatsapp: str
    email: str
    description: str
    outlets: list[tuple[str, str]] = field(default_factory=list)
    network_status: str = ""  # "", "active" or "invited"
    partnership: PartnershipPlan | None = None

    @property
    def profile(self) -> dict[str, Any]:
        """Keyword arguments for `cooperative_register`."""
        return {
            "nik_koperasi": self.nik_koperasi,
            "deed_number": self.deed_number,
            "deed_date": self.deed_date,
            "founded_on": self.founded_on,
            "address": self.address,
            "phone": self.whatsapp,
            "whatsapp": self.whatsapp,
            "email": self.email,
            "description": self.description,
        }


@dataclass
class DemoPlan:
    coordinator: CooperativePlan
    network_members: list[CooperativePlan]
    kuds: list[CooperativePlan]
    merah_putih: list[CooperativePlan]

    @property
    def cooperatives(self) -> list[CooperativePlan]:
        return [self.coordinator, *self.network_members, *self.kuds, *self.merah_putih]


def _deed_number(rng: random.Random, deed: datetime.date) -> str:
    """Older deeds carry a badan hukum number; since 2013 the ministry's AHU number."""
    if deed.year < 2013:
        return f"{rng.randint(100, 9999)}/BH/XIII/{names.ROMAN_MONTHS[deed.month - 1]}/{deed.year}"
    return f"AHU-{rng.randint(1000, 99999):07d}.AH.01.26.TAHUN {deed.year}"


class _Planner:
    def __init__(self) -> None:
        self.rng = random.Random(RANDOM_SEED)  # noqa: S311 - repeatable demo data, not secrets
        self.slugs: set[str] = set()
        self.serial = 0

    def villages(self, prefix: str) -> list[Region]:
        return list(Region.objects.filter(level=RegionLevel.VILLAGE, code__startswith=prefix + ".").order_by("code"))

    def cooperative(self, *, name: str, slug: str, type: str, village: Region, description: str) -> CooperativePlan:
        self.serial += 1
        self.slugs.add(slug)
        rng = self.rng
        founded = datetime.date(rng.randint(1988, 2022), rng.randint(1, 12), rng.randint(1, 28))
        deed = founded + datetime.timedelta(days=rng.randint(20, 200))
        regency_digits = village.regency_code.replace(".", "")
        district_digits = village.district_code.split(".")[-1]
        street = rng.choice(names.STREETS)
        return CooperativePlan(
            slug=slug,
            name=name,
            type=type,
            village=village,
            # NIK Koperasi: regency code, district, founding year, serial — 16 digits.
            nik_koperasi=f"{regency_digits}{district_digits}{founded.year % 100:02d}{self.serial:08d}",
            deed_number=_deed_number(rng, deed),
            deed_date=deed,
            founded_on=founded,
            address=f"Jl. {street} No. {rng.randint(1, 120)}, RT {rng.randint(1, 9):02d}/RW {rng.randint(1, 15):02d}",
            whatsapp=f"0812-0000-{1000 + self.serial:04d}",
            email=f"{slug}@demo.simpul.id",
            description=description,
        )

    def unique_slug(self, *parts: str) -> str:
        slug = slugify(" ".join(parts))[:80].strip("-")
        candidate, n = slug, 2
        while candidate in self.slugs:
            candidate = f"{slug[:76]}-{n}"
            n += 1
        return candidate


def _network_member(planner: _Planner, type: str, village: Region) -> CooperativePlan:
    rng, place = planner.rng, village.name
    word = rng.choice(names.GOOD_WORDS)
    islamic = rng.choice(names.ISLAMIC_WORDS)
    product = rng.choice(names.PRODUCTS)
    by_type = {
        CooperativeType.KSU: (
            f"Koperasi Serba Usaha {word} {place}",
            ("ksu", word, place),
            f"Koperasi serba usaha warga {place}: toko kebutuhan pokok, simpan pinjam dan jasa.",
        ),
        CooperativeType.KSP: (
            f"Koperasi Simpan Pinjam {word} {place}",
            ("ksp", word, place),
            f"Simpanan dan pinjaman untuk anggota di Kelurahan {place}.",
        ),
        CooperativeType.KSPPS: (
            f"KSPPS BMT {islamic} {place}",
            ("kspps", islamic, place),
            f"Simpan pinjam dan pembiayaan syariah untuk pedagang kecil di {place}.",
        ),
        CooperativeType.KOPONTREN: (
            f"Koperasi Pondok Pesantren {islamic} {place}",
            ("kopontren", islamic, place),
            f"Koperasi santri dan warga sekitar pesantren di {place}.",
        ),
        CooperativeType.KARYAWAN: (
            f"Koperasi Karyawan {word} {place}",
            ("kopkar", word, place),
            f"Koperasi karyawan perusahaan dan kantor di sekitar {place}.",
        ),
        CooperativeType.PRODUSEN: (
            f"Koperasi Produsen {product} {place}",
            ("koperasi-produsen", product, place),
            f"Perajin dan produsen {product.lower()} di {place} memasarkan produknya bersama.",
        ),
        CooperativeType.PEMASARAN: (
            f"Koperasi Pemasaran {word} {place}",
            ("koperasi-pemasaran", word, place),
            f"Memasarkan hasil usaha anggota dari {place} ke toko dan pasar di Kota Bandung.",
        ),
    }
    name, slug_parts, description = by_type[type]  # type: ignore[index]
    return planner.cooperative(
        name=name, slug=planner.unique_slug(*slug_parts), type=type, village=village, description=description
    )


def _outlets(planner: _Planner, plan: CooperativePlan) -> list[tuple[str, str]]:
    place = plan.village.name
    if plan.type == CooperativeType.PRODUSEN:
        return [(f"Lapak Produk {place}", OutletKind.STALL)]
    if plan.type not in _SHOP_TYPES:
        return []
    outlets: list[tuple[str, str]] = [(f"Koperasi Mart {place}", OutletKind.MART)]
    if planner.rng.random() < 0.35:
        outlets.append((f"Warung {planner.rng.choice(names.GOOD_WORDS)}", OutletKind.WARUNG))
    return outlets


def _partnership(planner: _Planner, index: int) -> PartnershipPlan:
    rng = planner.rng
    signed = datetime.date(rng.choice([2024, 2025]), rng.randint(1, 12), rng.randint(1, 28))
    return PartnershipPlan(
        number=f"{index:03d}/PKS/JUK-BDG/{names.ROMAN_MONTHS[signed.month - 1]}/{signed.year}",
        signed_on=signed,
        valid_until=signed.replace(year=signed.year + 3),
        scope=rng.choice(names.SCOPES),
    )


def demo_plan() -> DemoPlan:
    planner = _Planner()
    rng = planner.rng
    bandung = planner.villages(BANDUNG)
    by_code = {v.code: v for v in bandung}

    coordinator = planner.cooperative(
        name="Pusat Koperasi Parahyangan Kota Bandung",
        slug=COORDINATOR_SLUG,
        type=CooperativeType.SEKUNDER,
        village=by_code["32.73.09.1001"],
        description="Koperasi sekunder yang mengoordinasikan Jaringan Usaha Koperasi Kota Bandung.",
    )
    demo = planner.cooperative(
        name="Koperasi Serba Usaha Mitra Sauyunan",
        slug=DEMO_COOPERATIVE_SLUG,
        type=CooperativeType.KSU,
        village=by_code["32.73.01.1002"],
        description="Koperasi warga Gegerkalong: Koperasi Mart, simpanan anggota dan penjualan produk UMKM.",
    )
    demo.outlets = [("Koperasi Mart Gegerkalong", OutletKind.MART), ("Warung Sauyunan", OutletKind.WARUNG)]

    types = list(_NETWORK_TYPE_WEIGHTS)
    weights = list(_NETWORK_TYPE_WEIGHTS.values())
    others = [v for v in bandung if v.code not in {coordinator.village.code, demo.village.code}]
    members = [demo]
    for village in sorted(rng.sample(others, NETWORK_SIZE - 1), key=lambda v: v.code):
        plan = _network_member(planner, rng.choices(types, weights)[0], village)
        plan.outlets = _outlets(planner, plan)
        members.append(plan)
    for index, plan in enumerate(members, start=1):
        plan.network_status = MembershipStatus.ACTIVE
        plan.partnership = _partnership(planner, index)

    kuds = []
    for regency in KUD_REGENCIES:
        desa = [v for v in planner.villages(regency) if v.kind == "desa"]
        village = rng.choice(desa)
        word = rng.choice(names.KUD_WORDS)
        plan = planner.cooperative(
            name=f"KUD {word} {village.name}",
            slug=planner.unique_slug("kud", word, village.name),
            type=CooperativeType.KUD,
            village=village,
            description=f"Koperasi Unit Desa {village.name}: pupuk, gabah, simpan pinjam dan toko desa.",
        )
        plan.outlets = _outlets(planner, plan)
        kuds.append(plan)

    used = {p.village.code for p in [coordinator, *members]}
    merah_putih = []
    for index, village in enumerate(rng.sample([v for v in bandung if v.code not in used], MERAH_PUTIH_COUNT)):
        plan = planner.cooperative(
            name=f"Koperasi Kelurahan Merah Putih {village.name}",
            slug=planner.unique_slug("kkmp", village.name),
            type=CooperativeType.MERAH_PUTIH,
            village=village,
            description=f"Koperasi Kelurahan Merah Putih {village.name}: gerai sembako, simpan pinjam dan klinik.",
        )
        plan.outlets = _outlets(planner, plan)
        if index < MERAH_PUTIH_INVITED:
            plan.network_status = MembershipStatus.INVITED
        merah_putih.append(plan)

    return DemoPlan(coordinator=coordinator, network_members=members, kuds=kuds, merah_putih=merah_putih)
