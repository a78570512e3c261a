"""Belanja Bareng in the Bandung demo network, seeded by `manage.py seed_demo` through the coops demo hook.

Runs after the mart's demo. Writes, through the app's services only:
- Perum BULOG's regional office as a supplier (with a staff user), the network's agreements with it and with
  PT Mitra Pangan Priangan (the supplier login's firm), and the standard products the round items are sold as,
  adopted by the marts taking part;
- a past round, delivered and settled: six cooperatives committed (premium rice capped by the supplier, so its
  cases are shared in proportion; tiers reached), the coordinator closed it, both suppliers confirmed, every
  cooperative received its goods into its mart's stock and books, paid the coordinator's bill (central payment),
  and the coordinator paid the suppliers;
- for the cooperatives of the past round that keep no books here yet, their bank balance brought in a month back
  (the money they pay with);
- an open round closing in five days, with commitments from four cooperatives.

Deterministic (a seeded random.Random per cooperative and round) and idempotent: a network that already has a round
is left alone. What the services stamp is the seeding time; the past round opened sixteen days before it.
"""

import datetime as dt
import random
import zoneinfo
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone, translation

from simpul.coops.demo.logins import DEMO_LOGINS, demo_login_user
from simpul.coops.demo.plan import DEMO_COOPERATIVE_SLUG, NETWORK_SLUG, RANDOM_SEED, DemoPlan
from simpul.coops.models import Cooperative, Network, Outlet, OutletKind, Role, RoleKind, Supplier
from simpul.core.audit import audit_record
from simpul.core.identifiers import validate_nib
from simpul.core.models import User
from simpul.jointbuy.demo.catalogue import BULOG, MITRA, OPEN_ITEMS, PAST_ITEMS, ItemSpec
from simpul.jointbuy.models import CentralBill, Round, RoundSupplier, SupplierAgreement
from simpul.jointbuy.reports import round_report
from simpul.jointbuy.services.agreements import supplier_agreement_create
from simpul.jointbuy.services.closing import round_close
from simpul.jointbuy.services.commitments import commitments_set
from simpul.jointbuy.services.receipts import round_receipt_record
from simpul.jointbuy.services.rounds import round_create
from simpul.jointbuy.services.settlement import central_bill_pay, mart_supplier_for
from simpul.jointbuy.services.suppliers import supplier_order_confirm
from simpul.ledger import chart
from simpul.ledger.models import JournalEntry, JournalLine
from simpul.ledger.services.opening import opening_balances_post
from simpul.mart.models import MartSupplier
from simpul.mart.network.selectors import standard_products
from simpul.mart.network.services import standard_adopt, standard_product_save
from simpul.mart.purchasing.services.payables import supplier_payment_record
from simpul.regions.models import Region

BULOG_SLUG = "bulog-kanwil-jawa-barat"
MITRA_SLUG = "mitra-pangan-priangan"
PAST_COOPERATIVES = 6  # the network's first marts in the plan, the demo cooperative first
OPEN_COOPERATIVES = 4
PAST_OPENED_DAYS_AGO = 16
OPEN_CLOSES_IN_DAYS = 5
OPENING_DAYS_AGO = 30
MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
# Cases each cooperative asks for: (least, most) drawn per cooperative; the demo cooperative asks for `demo`.
# Even the fewest draws reach a lower tier for every item of the past round and exceed the premium rice's cap.
PAST_ASKS = {"medium": (8, 16, 20), "premium": (5, 9, 10), "oil": (8, 16, 18), "sugar": (2, 3, 4), "soap": (2, 3, 3)}
OPEN_ASKS = {"medium": (6, 10, 10), "oil": (5, 9, 8), "sugar": (1, 2, 2)}


def demo_jointbuy_seed(
    *, cooperatives: dict[str, Cooperative], plan: DemoPlan, created: Counter[str], **_: Any
) -> None:
    network = Network.objects.filter(slug=NETWORK_SLUG).first()
    if network is None or Round.objects.filter(network=network).exists():
        return  # a second run creates nothing
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():  # the books' words: Indonesian
        _JointBuy(network, cooperatives, plan, created).seed()


class _JointBuy:
    def __init__(
        self, network: Network, cooperatives: dict[str, Cooperative], plan: DemoPlan, created: Counter[str]
    ) -> None:
        self.network = network
        self.created = created
        self.zone = zoneinfo.ZoneInfo(network.region.timezone)
        self.today = timezone.localdate(timezone=self.zone)
        self.coordinator = demo_login_user("coordinator")
        self.admin = demo_login_user("platform_admin")
        shops = [
            cooperatives[p.slug]
            for p in plan.network_members
            if any(kind == OutletKind.MART for _name, kind in p.outlets) and p.slug in cooperatives
        ]
        self.past = shops[:PAST_COOPERATIVES]
        self.open = [shops[0], *shops[PAST_COOPERATIVES : PAST_COOPERATIVES + OPEN_COOPERATIVES - 1]]
        self.taking_part = list(dict.fromkeys([*self.past, *self.open]))
        self.managers = {cooperative.pk: self._manager(cooperative) for cooperative in self.taking_part}

    def seed(self) -> None:
        self.suppliers = {BULOG: self._bulog(), MITRA: Supplier.objects.get(slug=MITRA_SLUG)}
        self.staff = {BULOG: self._staff(self.suppliers[BULOG], "staf.bulog"), MITRA: demo_login_user("supplier")}
        self.agreements = self._agreements()
        self.standards = self._standards()
        for cooperative in self.taking_part:
            standard_adopt(cooperative=cooperative, actor=self.managers[cooperative.pk], network_id=self.network.pk)
        for cooperative in self.past:
            self._opening_funds(cooperative)
        self._past_round()
        self._open_round()

    # --- people, suppliers, agreements, standard products ---------------------------------------------------------

    def _manager(self, cooperative: Cooperative) -> User:
        """The demo logins' managers; for the other cooperatives a manager without a login (someone to act)."""
        if cooperative.slug == DEMO_COOPERATIVE_SLUG:
            return demo_login_user("manager")
        login = next((x for x in DEMO_LOGINS if x.key == "partner_manager"), None)
        if login is not None and login.organisation_slug == cooperative.slug:
            return demo_login_user("partner_manager")
        return self._person(f"pengurus.{cooperative.slug}", f"Pengurus {cooperative.name}", cooperative=cooperative)

    def _staff(self, supplier: Supplier, mailbox: str) -> User:
        return self._person(mailbox, f"Staf {supplier.name}", supplier=supplier)

    def _person(self, mailbox: str, name: str, **organisation: Any) -> User:
        email = f"{mailbox}@demo.simpul.id"[:254]
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create(full_name=name[:150], email=email)
            user.set_unusable_password()
            user.save(update_fields=["password"])
            self.created["users"] += 1
        kind = RoleKind.SUPPLIER if "supplier" in organisation else RoleKind.MANAGER
        role, made = Role.objects.get_or_create(user=user, kind=kind, **organisation)
        if made:
            self.created["roles"] += 1
            cooperative = organisation.get("cooperative")
            audit_record(
                actor=self.admin,
                event="role.granted",
                target=role,
                cooperative_id=cooperative.pk if cooperative else None,
                changes={"user": user.login_name, "kind": kind},
            )
        return user

    def _bulog(self) -> Supplier:
        """The state logistics agency's West Java office: the network buys its rice there (no creating service:
        suppliers are set up by the platform, as the coops demo writes them, with their audit row)."""
        supplier = Supplier.objects.filter(slug=BULOG_SLUG).first()
        if supplier is None:
            supplier = Supplier.objects.create(
                slug=BULOG_SLUG,
                name="Perum BULOG Kantor Wilayah Jawa Barat",
                nib=validate_nib("8120000917345"),
                contact_name="Rudi Hartono",
                email=f"{BULOG_SLUG}@demo.simpul.id",
                address="Jl. Soekarno-Hatta No. 711, Kota Bandung",
            )
            supplier.regions_served.set(Region.objects.filter(code="32"))
            self.created["suppliers"] += 1
            audit_record(
                actor=self.admin,
                event="supplier.created",
                target=supplier,
                changes={"name": supplier.name, "nib": supplier.nib},
            )
        return supplier

    def _agreements(self) -> dict[str, SupplierAgreement]:
        terms = {
            BULOG: ("{n:03d}/BULOG-JBR/JUK-BDG/{roman}/{year}", 17, 120, 365, "Beras medium SPHP dan beras premium"),
            MITRA: ("PKS-{n:03d}/MPP/JUK-BDG/{roman}/{year}", 9, 180, 730, "Minyak goreng, gula pasir dan sabun"),
        }
        found = {}
        for key, (pattern, serial, days_ago, valid_days, scope) in terms.items():
            signed = self.today - dt.timedelta(days=days_ago)
            number = pattern.format(n=serial, roman=ROMAN[signed.month - 1], year=signed.year)
            agreement = SupplierAgreement.objects.filter(
                network=self.network, supplier=self.suppliers[key], number=number
            ).first()
            if agreement is None:
                agreement = supplier_agreement_create(
                    network=self.network,
                    actor=self.coordinator,
                    supplier_id=self.suppliers[key].pk,
                    number=number,
                    signed_on=signed,
                    valid_until=signed + dt.timedelta(days=valid_days),
                    scope=f"{scope} untuk koperasi anggota Jaringan Usaha Koperasi Kota Bandung, harga berjenjang "
                    "menurut volume pesanan bersama.",
                )
                self.created["joint purchase agreements"] += 1
            found[key] = agreement
        return found

    def _standards(self) -> dict[str, int]:
        have = {item.name: item.pk for item in standard_products(self.network)}
        for spec in {item.standard for item in PAST_ITEMS + OPEN_ITEMS}:
            if spec.name not in have:
                have[spec.name] = standard_product_save(
                    network=self.network,
                    actor=self.coordinator,
                    name=spec.name,
                    recommended_price=spec.recommended_price,
                    category="Sembako" if spec.staple else "Perlengkapan Mandi",
                    base_unit=spec.base_unit,
                    fractional=spec.fractional,
                    staple=spec.staple,
                ).pk
                self.created["standard products"] += 1
        return have

    def _opening_funds(self, cooperative: Cooperative) -> None:
        """A cooperative that keeps no books here yet brings in its bank balance (its reserve) a month back, so it
        pays for its goods from money it has."""
        if JournalEntry.objects.filter(cooperative=cooperative).exists():
            return
        rng = random.Random(f"{RANDOM_SEED}:jointbuy:funds:{cooperative.slug}")  # noqa: S311 - demo data
        amount = Decimal(rng.randint(40, 90) * 1_000_000)
        opening_balances_post(
            cooperative=cooperative,
            actor=self.managers[cooperative.pk],
            as_of=self.today - dt.timedelta(days=OPENING_DAYS_AGO),
            amounts={chart.BANK: amount, chart.RESERVE: amount},
        )
        self.created["opening balances (Belanja Bareng cooperatives)"] += 1

    # --- the rounds -------------------------------------------------------------------------------------------------

    def _moment(self, day: dt.date, hour: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour), self.zone)

    def _create(self, title: str, items: Sequence[ItemSpec], **terms: Any) -> Round:
        return round_create(
            network=self.network,
            actor=self.coordinator,
            data={
                "title": title,
                "delivery_mode": "each",
                "allocation_rule": "proportional",
                "suppliers": [
                    {"supplier_id": self.suppliers[key].pk, "agreement_id": self.agreements[key].pk}
                    for key in dict.fromkeys(item.supplier for item in items)
                ],
                "items": [self._item(item) for item in items],
                **terms,
            },
        )

    def _item(self, item: ItemSpec) -> dict[str, Any]:
        return {
            "supplier_id": self.suppliers[item.supplier].pk,
            "name": item.name,
            "supplier_code": item.code,
            "standard_product_id": self.standards[item.standard.name],
            "unit": item.unit,
            "fractional": False,
            "case_size": str(item.case_size),
            "min_cases": item.min_cases,
            "max_cases": item.max_cases,
            "list_price": str(item.list_price),
            "tiers": [{"min_cases": low, "max_cases": high, "price": str(price)} for low, high, price in item.tiers],
        }

    def _commit(
        self, round_: Round, label: str, cooperatives: Sequence[Cooperative], asks: dict[str, tuple[int, int, int]]
    ) -> int:
        """Each cooperative's manager commits; some ask for a little less than whole cases, with the tolerance to
        fill them."""
        items = {item.supplier_code: item for item in round_.items.all()}
        codes = {spec.key: spec.code for spec in PAST_ITEMS + OPEN_ITEMS}
        for cooperative in cooperatives:
            rng = random.Random(f"{RANDOM_SEED}:jointbuy:{label}:{cooperative.slug}")  # noqa: S311 - demo data
            lines = []
            for key, (least, most, demo) in asks.items():
                item = items[codes[key]]
                cases = demo if cooperative.slug == DEMO_COOPERATIVE_SLUG else rng.randint(least, most)
                size = int(item.case_size)
                short = rng.randint(1, max(1, size // 5)) if rng.random() < 0.4 else 0
                lines.append({"item_id": item.pk, "quantity": cases * size - short, "tolerance": short})
            commitments_set(
                cooperative=cooperative, actor=self.managers[cooperative.pk], round_id=round_.pk, lines=lines
            )
        self.created["joint purchase commitments"] += len(cooperatives) * len(asks)
        return len(cooperatives)

    def _past_round(self) -> None:
        opened = timezone.now() - dt.timedelta(days=PAST_OPENED_DAYS_AGO)
        month = timezone.localtime(opened, self.zone)
        round_ = self._create(
            f"Sembako Bersama {MONTHS[month.month - 1]} {month.year}",
            PAST_ITEMS,
            opens_at=opened,
            closes_at=timezone.now() + dt.timedelta(hours=1),  # closed early by the coordinator, below
            payment_terms="on_delivery",
            payment_route="central",
            default_limit=None,
        )
        self._commit(round_, "past", self.past, PAST_ASKS)
        round_close(network=self.network, actor=self.coordinator, round_id=round_.pk)
        orders = list(RoundSupplier.objects.filter(round=round_).select_related("supplier").order_by("pk"))
        for order in orders:
            key = BULOG if order.supplier_id == self.suppliers[BULOG].pk else MITRA
            supplier_order_confirm(
                supplier=order.supplier,
                actor=self.staff[key],
                round_supplier_id=order.pk,
                confirmed={},  # all that was ordered
                delivery_date=self.today,
            )
        for number, cooperative in enumerate(self.past):
            self._receive(round_, orders, cooperative, damaged_sugar=number == 2)
        for bill in CentralBill.objects.filter(round=round_).select_related("cooperative").order_by("pk"):
            central_bill_pay(
                cooperative=bill.cooperative,
                actor=self.managers[bill.cooperative_id],
                bill_id=bill.pk,
                amount=bill.amount - bill.paid,
                from_account=self._paying_account(bill.cooperative_id, bill.amount - bill.paid),
            )
        self._coordinator_pays(orders)
        self.created["joint purchase rounds"] += 1

    def _receive(
        self, round_: Round, orders: Sequence[RoundSupplier], cooperative: Cooperative, *, damaged_sugar: bool
    ) -> None:
        """Everything allocated arrives (one sack of sugar torn at one cooperative), into the mart's main outlet."""
        outlet = Outlet.objects.filter(cooperative=cooperative, kind=OutletKind.MART).order_by("pk").first()
        assert outlet is not None
        report = round_report(round_, cooperative=cooperative)
        for order in orders:
            lines = []
            for line in report.items:
                cases = line.own.cases if line.own is not None else 0
                if line.item.round_supplier_id != order.pk or cases == 0:
                    continue
                damaged = 1 if damaged_sugar and line.item.supplier_code == "GLP-50" else 0
                lines.append({"item_id": line.item.pk, "received_cases": cases - damaged, "damaged_cases": damaged})
            if lines:
                round_receipt_record(
                    cooperative=cooperative,
                    actor=self.managers[cooperative.pk],
                    round_id=round_.pk,
                    round_supplier_id=order.pk,
                    outlet_id=outlet.pk,
                    lines=lines,
                    delivery_note=f"SJ-{order.order_number}-{cooperative.pk}",
                )
                self.created["joint purchase receipts"] += 1

    @staticmethod
    def _paying_account(cooperative_id: int, amount: Decimal) -> str:
        """The bank when it holds enough, else the cash box (a cooperative whose members' savings came in cash)."""
        for code in (chart.BANK, chart.CASH):
            sums = JournalLine.objects.filter(cooperative_id=cooperative_id, account__code=code).aggregate(
                debit=Sum("debit"), credit=Sum("credit")
            )
            if (sums["debit"] or 0) - (sums["credit"] or 0) >= amount:
                return code
        return chart.BANK

    def _coordinator_pays(self, orders: Sequence[RoundSupplier]) -> None:
        """The coordinating cooperative pays each supplier what it owes for the round, from the bank its members
        paid into."""
        coordinator = self.network.coordinator_cooperative
        assert coordinator is not None
        for order in orders:
            record = mart_supplier_for(coordinator, self.coordinator, order.supplier)
            owed = MartSupplier.objects.get(pk=record.pk).balance
            if owed > 0:
                supplier_payment_record(
                    cooperative=coordinator,
                    actor=self.coordinator,
                    supplier_id=record.pk,
                    amount=owed,
                    from_account=chart.BANK,
                )

    def _open_round(self) -> None:
        closes = self._moment(self.today + dt.timedelta(days=OPEN_CLOSES_IN_DAYS), 17)
        month = closes + dt.timedelta(days=7)  # the month the goods arrive in
        round_ = self._create(
            f"Beras, Minyak dan Gula {MONTHS[month.month - 1]} {month.year}",
            OPEN_ITEMS,
            opens_at=timezone.now() - dt.timedelta(days=2),
            closes_at=closes,
            payment_terms="deposit",
            deposit_percent="30",
            payment_route="direct",
            default_limit=str(Decimal(25_000_000)),
        )
        self._commit(round_, "open", self.open, OPEN_ASKS)
        self.created["joint purchase rounds"] += 1
