"""Belanja Bareng: a network's joint purchasing rounds, from commitments to allocations, orders and receipts.

A round belongs to its network (every member sees it); what a cooperative commits, is allocated and receives is
that cooperative's. Quantities are in the item's unit (pcs, kg); a case holds `case_size` units and is what the
supplier ships and prices by: allocations are whole cases. Prices are per unit, like the mart's costs and the HET.
Rows are written only by the services (simpul/jointbuy/services/)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.coops.models import Cooperative, Network, Supplier

ZERO = Decimal(0)


def _money(verbose_name: object, **kwargs: object) -> models.DecimalField:
    kwargs.setdefault("default", ZERO)
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=2, **kwargs)  # type: ignore[arg-type]


def _quantity(verbose_name: object, **kwargs: object) -> models.DecimalField:
    kwargs.setdefault("default", ZERO)
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=3, **kwargs)  # type: ignore[arg-type]


def agreement_upload_to(instance: "SupplierAgreement", filename: str) -> str:
    # A random name, never the user's: documents are served only through an access-checked view.
    import uuid

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"jointbuy/agreements/{instance.network_id}/{uuid.uuid4().hex}.{extension}"


class SupplierAgreement(models.Model):
    """The partnership agreement (MoU) between a network and a supplier that a round's prices rest on."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("agreement number"), max_length=100)
    signed_on = models.DateField(_("signed on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    scope = models.TextField(_("scope"), blank=True, default="")
    document = models.FileField(_("document"), upload_to=agreement_upload_to, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("supplier agreement")
        verbose_name_plural = _("supplier agreements")
        constraints = [
            models.UniqueConstraint(fields=["network", "supplier", "number"], name="jointbuy_agreement_number")
        ]

    def __str__(self) -> str:
        return self.number


class DeliveryMode(models.TextChoices):
    EACH = "each", _("to each cooperative")
    HUB = "hub", _("to a hub where cooperatives collect")


class PaymentTerms(models.TextChoices):
    PREPAY = "prepay", _("paid before delivery")
    DEPOSIT = "deposit", _("a deposit, the rest on delivery")
    ON_DELIVERY = "on_delivery", _("paid on delivery")


class PaymentRoute(models.TextChoices):
    DIRECT = "direct", _("each cooperative pays the supplier")
    CENTRAL = "central", _("through the coordinating cooperative, which bills each member")


class AllocationRule(models.TextChoices):
    PROPORTIONAL = "proportional", _("proportional, largest remainders")
    FIRST_COME = "first_come", _("first come, first served")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open for commitments")
    CLOSED = "closed", _("closed, waiting for the suppliers")
    CONFIRMED = "confirmed", _("confirmed by the suppliers")
    COMPLETED = "completed", _("delivered and settled")
    CANCELLED = "cancelled", _("cancelled")


class RoundTemplate(models.Model):
    """A round that recurs (rice and LPG every month): a copy of its last round opens on schedule."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=150)
    source_round = models.ForeignKey("Round", on_delete=models.PROTECT, related_name="+")
    every_months = models.PositiveSmallIntegerField(_("every (months)"), default=1)
    open_day = models.PositiveSmallIntegerField(_("opens on day of the month"), default=1)
    open_days = models.PositiveSmallIntegerField(_("open for (days)"), default=7)
    next_open_on = models.DateField(_("next opens on"))
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("round template")
        verbose_name_plural = _("round templates")

    def __str__(self) -> str:
        return self.title


class Round(models.Model):
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("number"), max_length=40)
    title = models.CharField(_("title"), max_length=150)
    status = models.CharField(_("status"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    delivery_mode = models.CharField(_("delivery"), max_length=8, choices=DeliveryMode.choices)
    hub_address = models.CharField(_("hub address"), max_length=255, blank=True, default="")
    payment_terms = models.CharField(_("payment terms"), max_length=12, choices=PaymentTerms.choices)
    deposit_percent = models.DecimalField(_("deposit (%)"), max_digits=5, decimal_places=2, default=ZERO)
    payment_route = models.CharField(_("payment"), max_length=8, choices=PaymentRoute.choices)
    allocation_rule = models.CharField(
        _("when supply is short"), max_length=12, choices=AllocationRule.choices, default=AllocationRule.PROPORTIONAL
    )
    # Each cooperative's commitments are checked against this (the deposit it paid or the credit it is given),
    # unless the round sets another for it (RoundLimit); None: no limit.
    default_limit = _money(_("limit per cooperative"), null=True, blank=True, default=None)
    template = models.ForeignKey(RoundTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("joint purchasing round")
        verbose_name_plural = _("joint purchasing rounds")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["network", "number"], name="jointbuy_round_number"),
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="jointbuy_round_window"),
            models.CheckConstraint(
                condition=Q(deposit_percent__gte=0) & Q(deposit_percent__lte=100), name="jointbuy_round_deposit"
            ),
        ]
        indexes = [models.Index(fields=["network", "status", "closes_at"], name="jointbuy_round_status")]

    def __str__(self) -> str:
        return self.title


class RoundStatusChange(models.Model):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=12, blank=True, default="")
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class RoundSupplier(models.Model):
    """A supplier in a round, with the agreement its prices rest on and its purchase order once the round closes."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="suppliers")
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="+")
    agreement = models.ForeignKey(SupplierAgreement, on_delete=models.PROTECT, related_name="+")
    order_number = models.CharField(_("purchase order"), max_length=40, blank=True, default="")
    ordered_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delivery_date = models.DateField(_("delivery date"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "supplier"], name="jointbuy_round_supplier")]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.supplier_id}"


class ItemStatus(models.TextChoices):
    ACTIVE = "active", _("in the round")
    DROPPED = "dropped", _("dropped: below the supplier's minimum")
    ORDERED = "ordered", _("ordered")


class RoundItem(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="items")
    round_supplier = models.ForeignKey(RoundSupplier, on_delete=models.PROTECT, related_name="items")
    name = models.CharField(_("product"), max_length=150)
    supplier_code = models.CharField(_("supplier's code"), max_length=40, blank=True, default="")
    # The network's standard product it is, so a receipt finds each mart's own product (Product.standard).
    standard_product = models.ForeignKey(
        "mart.StandardProduct", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.CharField(_("unit"), max_length=20, default="pcs")
    fractional = models.BooleanField(_("in fractions of the unit"), default=False)
    case_size = _quantity(_("units per case"))
    min_cases = models.PositiveIntegerField(_("supplier's minimum (cases)"), default=1)
    max_cases = models.PositiveIntegerField(_("most the supplier can deliver (cases)"), null=True, blank=True)
    list_price = _money(_("price buying alone, per unit"))
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=8, choices=ItemStatus.choices, default=ItemStatus.ACTIVE)
    # Set at closing: the cases ordered and the tier's price per unit; confirmed by the supplier (all or part).
    ordered_cases = models.PositiveIntegerField(default=0)
    price = _money(_("round price, per unit"))
    confirmed_cases = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(case_size__gt=0), name="jointbuy_item_case_size"),
            models.CheckConstraint(condition=Q(list_price__gt=0), name="jointbuy_item_list_price"),
            models.CheckConstraint(
                condition=Q(max_cases__isnull=True) | Q(max_cases__gte=models.F("min_cases")),
                name="jointbuy_item_cap",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PriceTier(models.Model):
    """From `min_cases` to `max_cases` (None: and more) cases in the round's total, this price per unit."""

    item = models.ForeignKey(RoundItem, on_delete=models.CASCADE, related_name="tiers")
    min_cases = models.PositiveIntegerField()
    max_cases = models.PositiveIntegerField(null=True, blank=True)
    price = _money(_("price per unit"))

    class Meta:
        ordering = ["min_cases"]
        constraints = [
            models.UniqueConstraint(fields=["item", "min_cases"], name="jointbuy_tier_start"),
            models.CheckConstraint(condition=Q(price__gt=0) & Q(min_cases__gte=1), name="jointbuy_tier_price"),
            models.CheckConstraint(
                condition=Q(max_cases__isnull=True) | Q(max_cases__gte=models.F("min_cases")),
                name="jointbuy_tier_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.min_cases}–{self.max_cases or '∞'}: {self.price}"


class RoundLimit(models.Model):
    """The deposit paid or the credit given to one cooperative for a round: its commitments' value stays within."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="limits")
    amount = _money(_("limit"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cooperative", "round"], name="jointbuy_limit_unique")]

    def __str__(self) -> str:
        return f"{self.cooperative_id}:{self.amount}"


class CommitmentQuerySet(models.QuerySet["Commitment"]):
    def allocated(self) -> "CommitmentQuerySet":
        """The allocations: commitments (quantity > 0) of rounds that have closed. Before its round closes a
        commitment's `cases` are only what it wants."""
        return self.filter(quantity__gt=0, round__closed_at__isnull=False)


class Commitment(models.Model):
    """What one cooperative asks for of one item: `quantity` units, and up to `tolerance` more to fill a case; and,
    once the round closes, what it gets (its allocation) and what it received.

    `committed_at` is when it first committed to the item: its place when supply is first come, first served."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(RoundItem, on_delete=models.PROTECT, related_name="+")
    quantity = _quantity(_("quantity"))
    tolerance = _quantity(_("tolerance"))
    committed_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    # Its quantity in whole cases (allocation.wanted_cases), kept with every change: the round's totals are sums
    # of it. The item's case size never changes once the round exists.
    wanted_cases = models.PositiveIntegerField(default=0)
    # The whole cases it gets: until the round closes, what it wants. Closing cuts it only where the item is
    # dropped or the supplier's cap is shared (a partial confirmation shares it again), and says why in `reason`:
    # a round's close rewrites only the commitments it cuts (bench/jointbuy_close.py, ADR 0009).
    cases = models.PositiveIntegerField(default=0)
    reason = models.CharField(max_length=20, blank=True, default="")
    received_cases = _quantity(_("received (cases)"))

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "round", "item"], name="jointbuy_commitment_unique"),
            models.CheckConstraint(
                condition=Q(quantity__gte=0) & Q(tolerance__gte=0), name="jointbuy_commitment_positive"
            ),
            models.CheckConstraint(condition=Q(cases__lte=models.F("wanted_cases")), name="jointbuy_commitment_cap"),
        ]
        indexes = [models.Index(fields=["round", "item"], name="jointbuy_commitment_item")]

    def __str__(self) -> str:
        return f"{self.cooperative_id}:{self.item_id} {self.quantity}+{self.tolerance}"


class CommitmentChange(models.Model):
    """One row per change of a commitment: who asked for what, when (shown to the whole network)."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(RoundItem, on_delete=models.PROTECT, related_name="+")
    quantity = _quantity(_("quantity"))
    tolerance = _quantity(_("tolerance"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["cooperative", "round", "created_at"], name="jointbuy_change_coop")]

    def __str__(self) -> str:
        return f"{self.cooperative_id}:{self.item_id} {self.quantity}+{self.tolerance}"


class EventKind(models.TextChoices):
    OPENED = "opened", _("opened")
    CLOSED = "closed", _("closed")
    ROUNDED = "rounded", _("rounded to whole cases")
    DROPPED = "dropped", _("dropped below the minimum")
    TIER = "tier", _("tier reached")
    CAPPED = "capped", _("shared under the supplier's cap")
    ORDERED = "ordered", _("purchase order sent")
    CONFIRMED = "confirmed", _("confirmed by the supplier")
    RECEIVED = "received", _("received")
    BILLED = "billed", _("billed by the coordinator")
    PAID = "paid", _("paid to the coordinator")
    SETTLED = "settled", _("settled")
    CANCELLED = "cancelled", _("cancelled")


class RoundEvent(models.Model):
    """A step of a round, shown to every member of the network: what happened to which item and why."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="events")
    item = models.ForeignKey(RoundItem, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    # The figures the sentence is made of (translated when shown, in the reader's language).
    details = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["round", "created_at"], name="jointbuy_event_round")]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.kind}"


class RoundReceipt(models.Model):
    """A cooperative's receipt of a round's goods: the mart's goods receipt (stock and payable) it made."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="+")
    round_supplier = models.ForeignKey(RoundSupplier, on_delete=models.PROTECT, related_name="+")
    goods_receipt = models.ForeignKey("mart.GoodsReceipt", on_delete=models.PROTECT, related_name="+")
    on_time = models.BooleanField(default=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["cooperative", "round"], name="jointbuy_receipt_coop")]

    def __str__(self) -> str:
        return f"{self.cooperative_id}:{self.round_id}"


class CentralBill(models.Model):
    """A round paid centrally: the coordinating cooperative owes the supplier for what a member cooperative
    received and bills it on at the same amount. Two-sided: `cooperative` is the member billed (its payable to the
    coordinator is in its mart's goods receipt), `coordinator` the cooperative that bills (its receivable, 1202,
    and its payable to the supplier, 2104, in `coordinator_entry`)."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    coordinator = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="+")
    receipt = models.ForeignKey(RoundReceipt, on_delete=models.PROTECT, related_name="+")
    amount = _money(_("amount"))
    paid = _money(_("paid"))
    coordinator_entry = models.ForeignKey("ledger.JournalEntry", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "receipt"], name="jointbuy_bill_receipt"),
            models.CheckConstraint(
                condition=Q(paid__gte=0) & Q(paid__lte=models.F("amount")), name="jointbuy_bill_paid"
            ),
        ]
        indexes = [models.Index(fields=["cooperative", "round"], name="jointbuy_bill_coop")]

    def __str__(self) -> str:
        return f"{self.cooperative_id}→{self.coordinator_id}: {self.amount}"


class CentralBillPayment(models.Model):
    """A member cooperative paying its bill: out of its books as a payment to the coordinator (the mart's supplier
    payment), into the coordinator's as cash or bank against its receivable, in one transaction."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    bill = models.ForeignKey(CentralBill, on_delete=models.PROTECT, related_name="payments")
    amount = _money(_("amount"))
    member_payment = models.ForeignKey("mart.SupplierPayment", on_delete=models.PROTECT, related_name="+")
    coordinator_entry = models.ForeignKey("ledger.JournalEntry", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["cooperative", "bill"], name="jointbuy_bill_payment_coop")]

    def __str__(self) -> str:
        return f"{self.bill_id}: {self.amount}"
