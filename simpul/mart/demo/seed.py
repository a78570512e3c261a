"""The Koperasi Mart of the demo cooperatives, seeded by `manage.py seed_demo` through the coops demo hook.

Runs after the members' demo and the year of books (which leave a 1301 Persediaan balance: the shop's goods). For the
demo cooperative, its first KUD and its first Merah Putih cooperative (the ones with members, books and shops):
- the HET of rice, cooking oil, sugar and LPG in Jawa Barat and Jawa Tengah (PriceCeiling rows, the Dinas's);
- a few hundred products with in-store EAN-13 codes, categories, dus/karung/peti units, prices within the HET (one
  premium rice above it, with the manager's reason), suppliers with their products;
- the opening stock of the main outlet through `stock_opening_record` (Dr 1302 / Cr 1301), sized to what 1301 holds,
  dated on the first day of the demo's month of sales (its moves at that day's start, before the first sale);
- MartSettings: discount limits, a kasbon limit, a static QRIS payload and the manager's PIN "1234";
- a month of sales by members and non-members through `sale_record` (offline=True: the till's past times), one
  shift a day, closed with its cash counted and the cash taken to the bank; and an open shift today for the kasir.

Deterministic (a seeded random.Random per cooperative; the days run back from `today`) and idempotent: a cooperative
that already has products is left alone.
"""

import datetime as dt
import importlib
import random
import uuid
import zoneinfo
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Sum
from django.utils import translation

from simpul.coops.demo.logins import DEMO_LOGINS
from simpul.coops.demo.plan import DEMO_COOPERATIVE_SLUG, RANDOM_SEED, DemoPlan
from simpul.coops.models import Cooperative, Outlet, OutletKind, Role, RoleKind
from simpul.core.models import User
from simpul.ledger import chart
from simpul.ledger.models import JournalLine
from simpul.ledger.services.journal import journal_post
from simpul.mart.books import mart_books_ensure
from simpul.mart.demo.catalogue import HET, ProductSpec, demo_catalogue
from simpul.mart.models import (
    Barcode,
    Category,
    MartSettings,
    MartSupplier,
    PaymentMethod,
    PriceCeiling,
    Product,
    ProductUnit,
    SalePayment,
    Shift,
    ShiftStatus,
    SupplierProduct,
)
from simpul.mart.sales.qris import crc_hex
from simpul.members.models import Member, MemberStatus
from simpul.regions.models import Region

SALES_DAYS = 30
HET_VALID_FROM = dt.date(2025, 1, 1)
MANAGER_PIN = "1234"
OPENING_SHARE = Decimal("0.8")  # of the 1301 balance the opening stock may take
ZERO = Decimal(0)
CENT = Decimal("0.01")


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


# A static QRIS of a demo merchant (EMVCo merchant-presented, point of initiation 11); the CRC is added below.
_QRIS_BODY = "".join(
    [
        _tlv("00", "01"),
        _tlv("01", "11"),
        _tlv(
            "26",
            _tlv("00", "ID.CO.BANKDEMO.WWW")
            + _tlv("01", "9360000012345678901")
            + _tlv("02", "000195123456789")
            + _tlv("03", "UMI"),
        ),
        _tlv("51", _tlv("00", "ID.CO.QRIS.WWW") + _tlv("02", "ID1026123456789") + _tlv("03", "UMI")),
        _tlv("52", "5411"),
        _tlv("53", "360"),
        _tlv("58", "ID"),
        _tlv("59", "KOPERASI MART DEMO"),
        _tlv("60", "BANDUNG"),
        _tlv("61", "40153"),
        "6304",
    ]
)


@dataclass(frozen=True)
class MartScope:
    """How big a cooperative's mart is: products on its shelves and sales a day."""

    products: int
    sales_per_day: int
    member_share: float  # of the sales


def demo_mart_scopes(plan: DemoPlan) -> dict[str, MartScope]:
    """The cooperatives whose books carry a shop (ledger.demo.demo_books_scopes) get a mart."""
    return {
        # The main demo mart and the first KUD carry the whole catalogue (251 products): the stock list and the
        # reorder suggestions page, and the purchase order form shows one supplier's products 25 a page, so those
        # pages stay under the page budget (tests/e2e/test_mart_order_form.py weighs them).
        DEMO_COOPERATIVE_SLUG: MartScope(251, 16, 0.6),
        plan.kuds[0].slug: MartScope(251, 6, 0.5),
        plan.merah_putih[0].slug: MartScope(120, 5, 0.45),
    }


def crc16_ccitt_false(text: str) -> str:
    """The QRIS CRC in four uppercase hex digits, as the till's QRIS module makes it."""
    return crc_hex(text)


def demo_qris_payload() -> str:
    return _QRIS_BODY + crc16_ccitt_false(_QRIS_BODY)


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    """A service another part of the mart provides, when it is there."""
    try:
        return getattr(importlib.import_module(module), name, None)  # type: ignore[no-any-return]
    except ImportError:
        return None


def _login_user(key: str) -> User | None:
    login = next(login for login in DEMO_LOGINS if login.key == key)
    return User.objects.filter(email=login.email).first()


def demo_mart_seed(
    *, cooperatives: dict[str, Cooperative], plan: DemoPlan, today: dt.date | None, created: Counter[str], **_: Any
) -> None:
    """The marts of the cooperatives `demo_mart_scopes` names, with a month of sales up to `today` (None: each
    cooperative's own today, in its zone)."""
    with translation.override(settings.LANGUAGE_CODE):  # what the services write into the books: Indonesian
        ceilings = _price_ceilings()
        if ceilings:  # a second run creates nothing and says so
            created["price ceilings (HET)"] += ceilings
        for slug, scope in demo_mart_scopes(plan).items():
            cooperative = cooperatives.get(slug)
            if cooperative is None or Product.objects.filter(cooperative=cooperative).exists():
                continue
            with transaction.atomic():
                _Mart(cooperative, scope, today or cooperative.today(), created).seed()


def _price_ceilings() -> int:
    made = 0
    for province, prices in HET.items():
        region = Region.objects.filter(code=province).first()
        if region is None:
            continue
        for (staple, unit), price in prices.items():
            _row, was_made = PriceCeiling.objects.get_or_create(
                region=region,
                staple=staple,
                unit=unit,
                valid_from=HET_VALID_FROM,
                network=None,
                defaults={"price": price},
            )
            made += was_made
    return made


class _Mart:
    def __init__(self, cooperative: Cooperative, scope: MartScope, today: dt.date, created: Counter[str]) -> None:
        self.cooperative = cooperative
        self.scope = scope
        self.today = today
        self.created = created
        self.rng = random.Random(f"{RANDOM_SEED}:mart:{cooperative.slug}")  # noqa: S311 - repeatable demo data
        self.zone = zoneinfo.ZoneInfo(cooperative.timezone)
        outlets = list(Outlet.objects.filter(cooperative=cooperative).order_by("pk"))
        self.outlet = next((o for o in outlets if o.kind == OutletKind.MART), outlets[0])
        is_demo = cooperative.slug == DEMO_COOPERATIVE_SLUG
        self.manager = _login_user("manager") if is_demo else None
        self.cashier = _login_user("cashier") if is_demo else None
        if self.cashier is None:
            self.cashier = self._own_cashier()
        self.specs: list[ProductSpec] = []
        self.products: dict[str, Product] = {}
        self.units: dict[tuple[int, str], int] = {}
        self.on_hand: dict[int, Decimal] = {}
        self.whole_units_sold = 0

    def seed(self) -> None:
        mart_books_ensure(self.cooperative)
        self.settings()
        self.catalogue()
        self.suppliers()
        self.opening_stock()
        self.sales()
        self.open_today()

    # --- people and settings -------------------------------------------------------------------------------------

    def _own_cashier(self) -> User:
        """A kasir of a cooperative without a demo login: someone to ring up its sales."""
        email = f"kasir.{self.cooperative.slug}@demo.simpul.id"[:254]
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create(full_name=f"Kasir {self.outlet.name}"[:150], email=email)
            user.set_unusable_password()
            user.save(update_fields=["password"])
            self.created["users"] += 1
        Role.objects.get_or_create(user=user, kind=RoleKind.CASHIER, cooperative=self.cooperative)
        return user

    def settings(self) -> None:
        update = _optional("simpul.mart.settings.services", "mart_settings_update")
        values = {
            "max_line_discount_percent": Decimal(10),
            "max_sale_discount_percent": Decimal(5),
            "kasbon_default_limit": Decimal(500_000),
            "qris_payload": demo_qris_payload(),
            "receipt_footer": "Terima kasih telah berbelanja di Koperasi Mart. Barang yang dibeli tidak dapat ditukar.",
        }
        if update is not None and self.manager is not None:
            update(cooperative=self.cooperative, actor=self.manager, manager_pin=MANAGER_PIN, **values)
        else:
            MartSettings.objects.update_or_create(
                cooperative=self.cooperative, defaults={**values, "manager_pin_hash": make_password(MANAGER_PIN)}
            )

    # --- products ---------------------------------------------------------------------------------------------------

    def catalogue(self) -> None:
        self.specs = demo_catalogue(self.cooperative.pk, self.scope.products)
        create = _optional("simpul.mart.catalog.services", "product_create")
        if create is not None:
            for spec in self.specs:
                create(
                    cooperative=self.cooperative,
                    actor=self.manager,
                    sku=spec.sku,
                    name=spec.name,
                    price=spec.price,
                    member_price=spec.member_price,
                    base_unit=spec.base_unit,
                    fractional=spec.fractional,
                    category_name=spec.category,
                    barcodes=spec.barcodes,
                    units=spec.units,
                    min_stock=spec.min_stock,
                    taxed=spec.taxed,
                    staple=spec.staple,
                    het_reason=spec.het_reason,
                )
        else:
            self._catalogue_rows()
        products = Product.objects.filter(cooperative=self.cooperative)
        self.products = {product.sku: product for product in products}
        self.units = {
            (unit.product_id, unit.name): unit.pk for unit in ProductUnit.objects.filter(cooperative=self.cooperative)
        }
        self.created["mart products"] += len(self.products)

    def _catalogue_rows(self) -> None:
        """Without the catalog's service: the same rows in bulk (no audit rows)."""
        names = sorted({spec.category for spec in self.specs})
        Category.objects.bulk_create([Category(cooperative=self.cooperative, name=name) for name in names])
        categories = {c.name: c for c in Category.objects.filter(cooperative=self.cooperative)}
        products = Product.objects.bulk_create(
            [
                Product(
                    cooperative=self.cooperative,
                    sku=spec.sku,
                    name=spec.name,
                    category=categories[spec.category],
                    base_unit=spec.base_unit,
                    fractional=spec.fractional,
                    price=spec.price,
                    member_price=spec.member_price,
                    taxed=spec.taxed,
                    min_stock=spec.min_stock,
                    staple=spec.staple,
                    het_reason=spec.het_reason,
                )
                for spec in self.specs
            ]
        )
        ProductUnit.objects.bulk_create(
            ProductUnit(cooperative=self.cooperative, product=product, name=name, factor=factor)
            for product, spec in zip(products, self.specs, strict=True)
            for name, factor in spec.units
        )
        Barcode.objects.bulk_create(
            Barcode(cooperative=self.cooperative, product=product, code=code)
            for product, spec in zip(products, self.specs, strict=True)
            for code in spec.barcodes
        )

    def suppliers(self) -> None:
        """Three suppliers: staples, packaged goods, and the members' own products."""
        groups = [
            ("Bulog Cabang " + (self.cooperative.village.name if self.cooperative.village else "Kota"), "STP-"),
            ("CV Sinar Grosir Nusantara", "P"),
            ("Paguyuban UMKM Anggota", "UMKM-"),
        ]
        for serial, (name, prefix) in enumerate(groups, start=1):
            supplier = MartSupplier.objects.create(
                cooperative=self.cooperative,
                name=name[:150],
                phone=f"0813-0000-{self.cooperative.pk % 100:02d}{serial:02d}",
                address=f"Jl. Raya Pasar No. {10 * serial}",
            )
            SupplierProduct.objects.bulk_create(
                SupplierProduct(cooperative=self.cooperative, supplier=supplier, product=product, last_cost=spec.cost)
                for spec in self.specs
                if spec.sku.startswith(prefix)
                for product in [self.products[spec.sku]]
            )
            self.created["mart suppliers"] += 1

    # --- stock ------------------------------------------------------------------------------------------------------

    def opening_stock(self) -> None:
        """What is on the shelves when the mart starts here, scaled so its value fits in the 1301 balance on the
        opening day and on every day after it (the books' demo moves 1301 during the month too)."""
        balance = self._lowest_inventory_balance_from(self.first_sales_day)
        wanted = sum((spec.opening * spec.cost for spec in self.specs), ZERO)
        scale = min(Decimal(1), balance * OPENING_SHARE / wanted) if wanted > 0 and balance > 0 else ZERO
        items = []
        for spec in self.specs:
            quantity = (spec.opening * scale).to_integral_value(rounding=ROUND_HALF_UP)
            if quantity > 0:
                product = self.products[spec.sku]
                items.append((product.pk, quantity, spec.cost))
                self.on_hand[product.pk] = quantity
        if not items:
            return
        record = _optional("simpul.mart.stock.opening", "stock_opening_record")
        assert record is not None  # committed with the stock package
        record(
            cooperative=self.cooperative,
            actor=self.manager,
            outlet_id=self.outlet.pk,
            items=items,
            on=self.first_sales_day,
        )
        self.created["mart opening stock lines"] += len(items)

    def _lowest_inventory_balance_from(self, day: dt.date) -> Decimal:
        lines = JournalLine.objects.filter(cooperative=self.cooperative, account__code=chart.INVENTORY)
        before = lines.filter(date__lt=day).aggregate(debit=Sum("debit"), credit=Sum("credit"))
        running = (before["debit"] or ZERO) - (before["credit"] or ZERO)
        lowest = running
        by_day = lines.filter(date__gte=day).values("date").annotate(debit=Sum("debit"), credit=Sum("credit"))
        for row in by_day.order_by("date"):
            running += (row["debit"] or ZERO) - (row["credit"] or ZERO)
            lowest = min(lowest, running)
        return lowest

    # --- sales ------------------------------------------------------------------------------------------------------

    @property
    def first_sales_day(self) -> dt.date:
        """The first day of the month of sales: the opening stock is dated on it, before its first sale."""
        return self.today - dt.timedelta(days=SALES_DAYS)

    def _basket(self, is_member: bool) -> list[dict[str, Any]]:
        weighted = [spec for spec in self.specs if self.on_hand.get(self.products[spec.sku].pk, ZERO) > 0]
        if not weighted:
            return []
        count = self.rng.choices([1, 2, 3, 4, 5, 6], weights=[20, 25, 22, 15, 10, 8])[0]
        chosen = self.rng.choices(weighted, weights=[spec.weight for spec in weighted], k=count)
        lines: list[dict[str, Any]] = []
        seen: set[str] = set()
        for spec in chosen:
            if spec.sku in seen:
                continue
            seen.add(spec.sku)
            product = self.products[spec.sku]
            left = self.on_hand[product.pk]
            if spec.fractional:
                quantity = Decimal(self.rng.choice([1, 1, 2, 2, 3, 5, 10])) / (2 if self.rng.random() < 0.2 else 1)
            else:
                quantity = Decimal(self.rng.choice([1, 1, 1, 2, 2, 3]))
            line: dict[str, Any] = {"product_id": product.pk, "quantity": quantity}
            # A whole dus or karung now and then, and surely once, whatever the random draws of the month.
            if spec.units and (self.rng.random() < 0.04 or not self.whole_units_sold):
                name, factor = spec.units[0]
                if factor <= left:
                    self.whole_units_sold += 1
                    quantity = factor
                    line = {"product_id": product.pk, "quantity": Decimal(1), "unit_id": self.units[(product.pk, name)]}
            if quantity > left:
                continue
            self.on_hand[product.pk] = left - quantity
            line["_amount"] = self._price(spec, is_member) * quantity
            lines.append(line)
        return lines

    @staticmethod
    def _price(spec: ProductSpec, is_member: bool) -> Decimal:
        return spec.member_price if is_member and spec.member_price > 0 else spec.price

    def _payments(self, total: Decimal, is_member: bool) -> list[dict[str, Any]]:
        roll = self.rng.random()
        if is_member and roll < 0.06 and total <= 100_000:
            return [{"method": PaymentMethod.KASBON, "amount": total}]
        if roll < 0.25:
            return [{"method": PaymentMethod.QRIS, "amount": total, "reference": f"QR{self.rng.randint(10**8, 10**9)}"}]
        if roll < 0.28:
            return [{"method": PaymentMethod.TRANSFER, "amount": total}]
        # Cash: the note or notes the customer hands over.
        step = self.rng.choice([1_000, 5_000, 10_000, 50_000, 100_000])
        tendered = ((total + step - 1) // step) * step if total % step else total
        return [{"method": PaymentMethod.CASH, "amount": tendered}]

    def _sell(self, when: dt.datetime, members: list[int], shift: Shift, offline: bool) -> bool:
        from simpul.mart.sales.services import sale_record

        assert self.cashier is not None
        is_member = bool(members) and self.rng.random() < self.scope.member_share
        member_id = self.rng.choice(members) if is_member else None
        lines = self._basket(is_member)
        if not lines:
            return False
        total = sum((line.pop("_amount") for line in lines), ZERO).quantize(CENT, rounding=ROUND_HALF_UP)
        sale_record(
            cooperative=self.cooperative,
            actor=self.cashier,
            outlet_id=self.outlet.pk,
            client_id=uuid.UUID(int=self.rng.getrandbits(128), version=4),
            lines=lines,
            payments=self._payments(total, member_id is not None),
            member_id=member_id,
            sold_at=when if offline else None,
            offline=offline,
            shift_id=shift.pk if offline else None,
        )
        return True

    def _shift(self, opened_at: dt.datetime, opening_cash: Decimal) -> Shift:
        assert self.cashier is not None
        return Shift.objects.create(
            cooperative=self.cooperative,
            outlet=self.outlet,
            cashier=self.cashier,
            opened_at=opened_at,
            opening_cash=opening_cash,
        )

    def sales(self) -> None:
        """A shift a day for the past month: sales from 07:00 to 20:00, closed with the cash counted, the day's
        cash and QRIS taken to the bank."""
        members = list(
            Member.objects.filter(cooperative=self.cooperative, status=MemberStatus.ACTIVE).values_list("pk", flat=True)
        )
        count = 0
        for back in range(SALES_DAYS, 0, -1):
            day = self.today - dt.timedelta(days=back)
            opened = dt.datetime.combine(day, dt.time(6, 45), self.zone)
            shift = self._shift(opened, Decimal(200_000))
            sales_today = max(1, round(self.scope.sales_per_day * self.rng.uniform(0.7, 1.3)))
            minutes = sorted(self.rng.sample(range(7 * 60, 20 * 60), sales_today))
            for minute in minutes:
                when = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), self.zone)
                count += self._sell(when, members, shift, offline=True)
            self._close(shift, day)
        self.created["mart sales"] += count

    def _close(self, shift: Shift, day: dt.date) -> None:
        """The shift closed with exactly the expected cash; the takings (cash above the float, QRIS) to the bank."""
        paid = dict(
            SalePayment.objects.filter(sale__shift=shift)
            .values("method")
            .annotate(total=Sum("amount"))
            .values_list("method", "total")
        )
        cash = paid.get(PaymentMethod.CASH, ZERO)
        expected = shift.opening_cash + cash
        closed_at = dt.datetime.combine(day, dt.time(20, 30), self.zone)
        Shift.objects.filter(pk=shift.pk).update(
            status=ShiftStatus.CLOSED,
            closed_at=closed_at,
            expected_cash=expected,
            counted_cash=expected,
            cash_variance=ZERO,
            closing_checklist=[],
        )
        lines: list[tuple[str, Decimal, Decimal]] = []
        if cash > 0:
            lines.append((chart.CASH, ZERO, cash))
        qris = paid.get(PaymentMethod.QRIS, ZERO)
        if qris > 0:
            lines.append((chart.QRIS_CLEARING, ZERO, qris))
        if lines:
            journal_post(
                cooperative=self.cooperative,
                actor=self.manager,
                date=day,
                description=f"Setoran penjualan {self.outlet.name} ke bank (tunai dan QRIS)",
                lines=[(chart.BANK, cash + qris, ZERO), *lines],
                source="manual",
            )

    def open_today(self) -> None:
        """Today's shift of the kasir is open with its float: a newcomer logged in as the kasir sells at once."""
        assert self.cashier is not None
        if Shift.objects.filter(
            cooperative=self.cooperative, outlet=self.outlet, cashier=self.cashier, status=ShiftStatus.OPEN
        ).exists():
            return
        opened = dt.datetime.combine(self.today, dt.time(7, 0), self.zone)
        open_shift = _optional("simpul.mart.shifts.services", "shift_open")
        if open_shift is not None:
            open_shift(
                cooperative=self.cooperative,
                actor=self.cashier,
                outlet_id=self.outlet.pk,
                opening_cash=Decimal(200_000),
                checklist=[],
            )
        else:
            self._shift(min(opened, dt.datetime.now(self.zone)), Decimal(200_000))
        self.created["mart open shifts"] += 1
