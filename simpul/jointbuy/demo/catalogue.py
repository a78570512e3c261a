"""What the Bandung network buys together in the demo: its suppliers' items, case sizes, minimums and tiers.

Prices are per unit (kg, liter, pcs) as the round and the mart count them, below the HET of Jawa Barat where one
applies (beras medium Rp13.500/kg, Minyakita Rp15.700/liter, gula Rp17.500/kg): what a cooperative pays the
supplier, its shelf price is higher. Each item names the network's standard product the marts sell it as."""

from dataclasses import dataclass
from decimal import Decimal

from simpul.mart.models import Staple

BULOG = "bulog"
MITRA = "mitra"  # PT Mitra Pangan Priangan: the supplier demo login's firm


@dataclass(frozen=True)
class StandardSpec:
    """A product of the network's standard list (named as the demo mart already sells it, so adopting links it)."""

    name: str
    base_unit: str
    recommended_price: Decimal
    staple: str = ""
    fractional: bool = False


@dataclass(frozen=True)
class ItemSpec:
    key: str
    supplier: str
    name: str
    code: str
    standard: StandardSpec
    unit: str
    case_size: int
    min_cases: int
    list_price: Decimal  # per unit, buying alone
    tiers: tuple[tuple[int, int | None, Decimal], ...]  # (from cases, to cases or None, price per unit)
    max_cases: int | None = None


def _d(value: int) -> Decimal:
    return Decimal(value)


MEDIUM_RICE = ItemSpec(
    "medium",
    BULOG,
    "Beras Medium SPHP karung 25 kg",
    "SPHP-25",
    StandardSpec("Beras SPHP Bulog", "kg", _d(12_500), Staple.RICE, True),
    "kg",
    25,
    20,
    _d(11_600),
    ((1, 39, _d(11_300)), (40, 99, _d(11_100)), (100, None, _d(10_950))),
)
# The supplier's cap is below what the network asks for: the cases are shared in proportion.
PREMIUM_RICE = ItemSpec(
    "premium",
    BULOG,
    "Beras Premium karung 25 kg",
    "PRM-25",
    StandardSpec("Beras Premium Pandan Wangi", "kg", _d(13_500), Staple.RICE, True),
    "kg",
    25,
    10,
    _d(13_300),
    ((1, 19, _d(12_900)), (20, None, _d(12_750))),
    max_cases=30,
)
COOKING_OIL = ItemSpec(
    "oil",
    MITRA,
    "Minyakita 1 liter, dus isi 12",
    "MYK-12",
    StandardSpec("Minyak Goreng Minyakita 1 liter", "liter", _d(15_700), Staple.COOKING_OIL),
    "liter",
    12,
    10,
    _d(14_900),
    ((1, 49, _d(14_500)), (50, 149, _d(14_250)), (150, None, _d(14_000))),
)
SUGAR = ItemSpec(
    "sugar",
    MITRA,
    "Gula Pasir Kristal Putih karung 50 kg",
    "GLP-50",
    StandardSpec("Gula Pasir Curah", "kg", _d(17_500), Staple.SUGAR, True),
    "kg",
    50,
    5,
    _d(16_600),
    ((1, 9, _d(16_100)), (10, None, _d(15_800))),
)
SOAP = ItemSpec(
    "soap",
    MITRA,
    "Sabun Mandi Batang Wangi Melati, dus isi 72",
    "SBN-72",
    StandardSpec("Sabun Mandi Batang Wangi Melati", "pcs", _d(4_000)),
    "pcs",
    72,
    5,
    _d(3_450),
    ((1, 9, _d(3_250)), (10, None, _d(3_150))),
)

PAST_ITEMS = (MEDIUM_RICE, PREMIUM_RICE, COOKING_OIL, SUGAR, SOAP)
OPEN_ITEMS = (MEDIUM_RICE, COOKING_OIL, SUGAR)
