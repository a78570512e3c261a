"""The demo mart's shelves: a few hundred products a village minimarket sells, with units, prices and codes.

Planned, not random: the same cooperative serial gives the same products, SKUs and barcodes on every machine.
Prices are Rupiah including PPN where taxed; a member pays a little less. Staples (rice, cooking oil, sugar, LPG) are
priced at or below their HET, except premium rice, priced above the medium-rice HET with the manager's reason.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from simpul.mart.catalog.barcodes import gtin_check_digit
from simpul.mart.models import Staple

# The government's highest retail prices (HET) in the demo provinces (Jawa Barat 32, Jawa Tengah 33), per unit.
# Beras medium (zona 1), Minyakita, gula konsumsi, LPG 3 kg at the base agent (the province sets it).
HET: dict[str, dict[tuple[str, str], Decimal]] = {
    "32": {
        (Staple.RICE, "kg"): Decimal(13_500),
        (Staple.COOKING_OIL, "liter"): Decimal(15_700),
        (Staple.SUGAR, "kg"): Decimal(17_500),
        (Staple.LPG, "tabung"): Decimal(19_000),
    },
    "33": {
        (Staple.RICE, "kg"): Decimal(13_500),
        (Staple.COOKING_OIL, "liter"): Decimal(15_700),
        (Staple.SUGAR, "kg"): Decimal(17_500),
        (Staple.LPG, "tabung"): Decimal(18_000),
    },
}
PREMIUM_RICE_REASON = "Beras premium: HET beras premium zona 1 Rp14.900/kg, bukan HET beras medium"


@dataclass(frozen=True)
class ProductSpec:
    sku: str
    name: str
    category: str
    price: Decimal
    member_price: Decimal
    cost: Decimal  # per base unit, what the opening stock cost
    base_unit: str = "pcs"
    fractional: bool = False
    taxed: bool = False
    staple: str = ""
    het_reason: str = ""
    units: tuple[tuple[str, Decimal], ...] = ()  # (name, factor): dus, karung, pak
    min_stock: Decimal = Decimal(0)
    opening: Decimal = Decimal(0)  # base units on the shelf when the mart opens its books
    weight: int = 1  # how often it sells, relative to the others
    barcodes: tuple[str, ...] = field(default=())


def ean13_check_digit(twelve: str) -> str:
    """The EAN-13 check digit of twelve digits, as the catalog checks it."""
    return str(gtin_check_digit(twelve))


def in_store_ean13(cooperative_serial: int, number: int) -> str:
    """The mart's own EAN-13 in the in-store range (prefix 20–29): 2 + 1-digit shop group + 4-digit cooperative +
    5-digit product + check digit."""
    twelve = f"2{cooperative_serial % 10}{cooperative_serial % 10_000:04d}{number:06d}"[:12]
    return twelve + ean13_check_digit(twelve)


def _rupiah(value: Decimal, step: int = 100) -> Decimal:
    return Decimal(int(value // step * step))


# (category, [(name, base price, dus factor or 0, weight)]) and the variants each base comes in.
_PACKAGED: list[tuple[str, list[tuple[str, int, int, int]], list[tuple[str, Decimal]]]] = [
    (
        "Mi Instan",
        [
            ("Mi Instan Goreng", 3_500, 40, 8),
            ("Mi Instan Kuah", 3_300, 40, 7),
            ("Mi Cup", 6_000, 24, 2),
            ("Mi Telur", 4_000, 40, 2),
            ("Bihun Instan", 3_000, 40, 1),
        ],
        [
            ("Rasa Ayam Bawang", Decimal(1)),
            ("Rasa Soto", Decimal(1)),
            ("Rasa Kari Ayam", Decimal("1.05")),
            ("Rasa Rendang", Decimal("1.1")),
            ("Pedas", Decimal("1.1")),
            ("Rasa Baso Sapi", Decimal(1)),
            ("Rasa Ayam Geprek", Decimal("1.1")),
            ("Rasa Sambal Matah", Decimal("1.1")),
        ],
    ),
    (
        "Minuman",
        [
            ("Air Mineral", 3_500, 24, 6),
            ("Teh Manis Botol", 5_000, 24, 4),
            ("Kopi Susu Botol", 7_500, 24, 2),
            ("Minuman Isotonik", 7_000, 24, 2),
            ("Jus Jeruk", 6_000, 24, 1),
            ("Susu Kedelai", 5_500, 24, 1),
            ("Minuman Soda", 6_500, 24, 1),
        ],
        [("330 ml", Decimal("0.8")), ("600 ml", Decimal(1)), ("1,5 liter", Decimal("1.9"))],
    ),
    (
        "Kopi dan Teh",
        [
            ("Kopi Bubuk", 2_000, 0, 4),
            ("Kopi Sachet 3in1", 1_500, 0, 5),
            ("Teh Celup", 7_000, 0, 3),
            ("Teh Tubruk", 6_000, 0, 1),
            ("Cokelat Bubuk", 2_500, 0, 1),
            ("Jahe Instan", 2_000, 0, 1),
        ],
        [("Sachet", Decimal(1)), ("Renceng 10", Decimal("9.5")), ("Pak Besar", Decimal(6))],
    ),
    (
        "Makanan Ringan",
        [
            ("Keripik Singkong", 5_000, 0, 3),
            ("Biskuit Kelapa", 8_000, 0, 3),
            ("Wafer Cokelat", 2_500, 0, 4),
            ("Kacang Atom", 6_000, 0, 2),
            ("Roti Sobek", 12_000, 0, 3),
        ],
        [
            (f"{flavour} {size}", factor)
            for flavour in ("Original", "Balado", "Keju", "Rumput Laut")
            for size, factor in (("Kecil", Decimal(1)), ("Besar", Decimal("3.2")))
        ],
    ),
    (
        "Bumbu Dapur",
        [
            ("Kecap Manis", 9_000, 0, 3),
            ("Saus Sambal", 8_000, 0, 2),
            ("Garam Beryodium", 3_000, 0, 3),
            ("Penyedap Rasa", 1_000, 0, 4),
            ("Terasi Udang", 2_000, 0, 1),
            ("Bumbu Nasi Goreng", 3_000, 0, 2),
            ("Santan Instan", 3_500, 0, 2),
            ("Bumbu Rendang", 5_000, 0, 1),
        ],
        [("Kecil", Decimal(1)), ("Sedang", Decimal("1.8")), ("Besar", Decimal(3))],
    ),
    (
        "Perlengkapan Mandi",
        [
            ("Sabun Mandi Batang", 4_000, 0, 3),
            ("Sampo Sachet", 1_000, 0, 4),
            ("Pasta Gigi", 9_000, 0, 3),
            ("Sikat Gigi", 6_000, 0, 1),
            ("Sabun Cair", 18_000, 0, 1),
            ("Deodoran", 14_000, 0, 1),
        ],
        [
            ("Wangi Melati", Decimal(1)),
            ("Wangi Lemon", Decimal(1)),
            ("Wangi Mawar", Decimal(1)),
            ("Ukuran Keluarga", Decimal("2.2")),
        ],
    ),
    (
        "Kebersihan Rumah",
        [
            ("Sabun Cuci Piring", 4_500, 0, 3),
            ("Deterjen Bubuk", 5_000, 0, 4),
            ("Pewangi Pakaian", 1_000, 0, 3),
            ("Pembersih Lantai", 12_000, 0, 1),
            ("Pemutih Pakaian", 6_000, 0, 1),
        ],
        [("Kemasan Kecil", Decimal(1)), ("Kemasan Sedang", Decimal("3.5")), ("Isi Ulang Besar", Decimal(6))],
    ),
    (
        "Susu dan Bayi",
        [
            ("Susu Kental Manis", 12_000, 48, 3),
            ("Susu UHT", 6_000, 36, 3),
            ("Susu Bubuk", 45_000, 0, 1),
            ("Popok Bayi", 3_000, 0, 2),
            ("Bubur Bayi", 4_500, 0, 1),
        ],
        [("Cokelat", Decimal(1)), ("Putih", Decimal(1)), ("Stroberi", Decimal("1.05"))],
    ),
    (
        "Makanan Kaleng dan Beku",
        [
            ("Sarden", 11_000, 48, 2),
            ("Kornet Sapi", 22_000, 48, 1),
            ("Nugget Ayam", 35_000, 0, 1),
            ("Sosis Ayam", 25_000, 0, 1),
            ("Bakso Sapi Beku", 30_000, 0, 1),
        ],
        [("Kecil", Decimal(1)), ("Besar", Decimal("1.8"))],
    ),
    (
        "Alat Tulis",
        [
            ("Buku Tulis", 4_000, 0, 2),
            ("Pulpen", 3_000, 0, 2),
            ("Pensil", 2_500, 0, 1),
            ("Penghapus", 2_000, 0, 1),
            ("Spidol", 7_000, 0, 1),
            ("Lem Kertas", 3_500, 0, 1),
        ],
        [("Biasa", Decimal(1)), ("Isi 3", Decimal("2.8"))],
    ),
    (
        "Obat dan Kesehatan",
        [
            ("Minyak Kayu Putih", 15_000, 0, 1),
            ("Obat Masuk Angin", 3_000, 0, 2),
            ("Plester Luka", 1_000, 0, 1),
            ("Masker", 1_500, 0, 1),
            ("Vitamin C", 2_000, 0, 1),
            ("Obat Batuk Sirup", 16_000, 0, 1),
        ],
        [("Satuan", Decimal(1)), ("Kotak", Decimal(9))],
    ),
]

# Members' own products (UMKM), sold on consignment-like terms: a short list, no dus.
_UMKM = [
    ("Keripik Tempe Sauyunan", 10_000),
    ("Rengginang Ketan", 12_000),
    ("Sambal Botol Rumahan", 18_000),
    ("Kopi Arabika Gunung Manglayang 200 g", 45_000),
    ("Dodol Garut Mini", 15_000),
    ("Opak Singkong", 8_000),
    ("Gula Aren Cetak", 22_000),
    ("Madu Hutan 250 ml", 55_000),
    ("Kerupuk Kulit", 14_000),
    ("Sale Pisang", 16_000),
    ("Rempeyek Kacang", 12_000),
    ("Abon Sapi Rumahan", 35_000),
]


def _staples() -> list[ProductSpec]:
    """Rice, cooking oil, sugar, LPG and eggs, in the units their HET is set in."""
    kg, liter = "kg", "liter"
    return [
        ProductSpec(
            "STP-001",
            "Beras Medium Curah",
            "Sembako",
            Decimal(13_000),
            Decimal(12_800),
            Decimal(11_900),
            kg,
            True,
            staple=Staple.RICE,
            units=(("karung", Decimal(25)),),
            min_stock=Decimal(100),
            opening=Decimal(500),
            weight=12,
        ),
        ProductSpec(
            "STP-002",
            "Beras SPHP Bulog",
            "Sembako",
            Decimal(12_500),
            Decimal(12_500),
            Decimal(11_000),
            kg,
            True,
            staple=Staple.RICE,
            units=(("karung", Decimal(25)),),
            min_stock=Decimal(50),
            opening=Decimal(250),
            weight=6,
        ),
        ProductSpec(
            "STP-003",
            "Beras Premium Pandan Wangi",
            "Sembako",
            Decimal(14_800),
            Decimal(14_500),
            Decimal(13_200),
            kg,
            True,
            staple=Staple.RICE,
            het_reason=PREMIUM_RICE_REASON,
            units=(("karung", Decimal(25)),),
            min_stock=Decimal(50),
            opening=Decimal(200),
            weight=4,
        ),
        ProductSpec(
            "STP-004",
            "Minyak Goreng Minyakita 1 liter",
            "Sembako",
            Decimal(15_700),
            Decimal(15_500),
            Decimal(14_300),
            liter,
            False,
            staple=Staple.COOKING_OIL,
            units=(("dus", Decimal(12)),),
            min_stock=Decimal(48),
            opening=Decimal(144),
            weight=8,
        ),
        ProductSpec(
            "STP-005",
            "Gula Pasir Curah",
            "Sembako",
            Decimal(17_500),
            Decimal(17_000),
            Decimal(15_800),
            kg,
            True,
            staple=Staple.SUGAR,
            units=(("karung", Decimal(50)),),
            min_stock=Decimal(50),
            opening=Decimal(200),
            weight=7,
        ),
        ProductSpec(
            "STP-006",
            "LPG 3 kg (isi ulang)",
            "Sembako",
            Decimal(18_000),
            Decimal(18_000),
            Decimal(16_500),
            "tabung",
            False,
            staple=Staple.LPG,
            min_stock=Decimal(20),
            opening=Decimal(60),
            weight=6,
        ),
        ProductSpec(
            "STP-007",
            "Telur Ayam Ras",
            "Sembako",
            Decimal(29_000),
            Decimal(28_000),
            Decimal(26_000),
            kg,
            True,
            units=(("peti", Decimal(15)),),
            min_stock=Decimal(15),
            opening=Decimal(60),
            weight=6,
        ),
        ProductSpec(
            "STP-008",
            "Tepung Terigu Serbaguna 1 kg",
            "Sembako",
            Decimal(13_000),
            Decimal(12_500),
            Decimal(11_200),
            units=(("dus", Decimal(12)),),
            min_stock=Decimal(24),
            opening=Decimal(72),
            weight=3,
        ),
    ]


def demo_catalogue(cooperative_serial: int, size: int) -> list[ProductSpec]:
    """About `size` products (never fewer than the staples and the UMKM list), each with an in-store EAN-13."""
    products = _staples()
    umkm = [
        ProductSpec(
            f"UMKM-{n:03d}",
            name,
            "Produk UMKM Anggota",
            Decimal(price),
            _rupiah(Decimal(price) * Decimal("0.95")),
            _rupiah(Decimal(price) * Decimal("0.8")),
            min_stock=Decimal(5),
            opening=Decimal(20),
            weight=1,
        )
        for n, (name, price) in enumerate(_UMKM, start=1)
    ]
    packaged: list[ProductSpec] = []
    for category_index, (category, bases, variants) in enumerate(_PACKAGED, start=1):
        for base_index, (base, price, dus, weight) in enumerate(bases, start=1):
            for variant_index, (variant, factor) in enumerate(variants, start=1):
                selling = max(Decimal(500), _rupiah(Decimal(price) * factor))
                taxed = category not in {"Mi Instan", "Makanan Ringan"} and base_index % 2 == 0
                packaged.append(
                    ProductSpec(
                        f"P{category_index:02d}{base_index:02d}{variant_index:02d}",
                        f"{base} {variant}",
                        category,
                        selling,
                        max(Decimal(500), _rupiah(selling * Decimal("0.96"))),
                        _rupiah(selling * Decimal("0.82"), 10),
                        taxed=taxed,
                        units=(("dus", Decimal(dus)),) if dus else (),
                        min_stock=Decimal(6 if selling > 20_000 else 12),
                        opening=Decimal(12 if selling > 20_000 else 36) + Decimal(dus),
                        weight=weight,
                    )
                )
    wanted = max(0, size - len(products) - len(umkm))
    products += umkm + packaged[:wanted]
    return [
        ProductSpec(
            **{**spec.__dict__, "barcodes": (in_store_ean13(cooperative_serial, number),)},
        )
        for number, spec in enumerate(products, start=1)
    ]
