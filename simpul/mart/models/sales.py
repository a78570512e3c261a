"""Point of sale: shifts, sales with their lines and payments, returns and voids, and members' kasbon."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.coops.models import Cooperative, Outlet
from simpul.mart.models import fields
from simpul.mart.models.catalog import Product, ProductUnit


class MartSettings(models.Model):
    """The manager's limits and the cooperative's payment details for its marts."""

    cooperative = models.OneToOneField(Cooperative, on_delete=models.PROTECT, primary_key=True, related_name="+")
    max_line_discount_percent = models.DecimalField(
        _("largest line discount (%)"), max_digits=5, decimal_places=2, default=10
    )
    max_sale_discount_percent = models.DecimalField(
        _("largest sale discount (%)"), max_digits=5, decimal_places=2, default=5
    )
    kasbon_default_limit = fields.money(_("default kasbon limit per member"))
    # The cooperative's static QRIS (EMVCo merchant-presented payload, as printed on its sticker).
    qris_payload = models.TextField(_("static QRIS payload"), blank=True, default="")
    # The manager's PIN for voids and returns at the till (Django's password hasher).
    manager_pin_hash = models.CharField(max_length=200, blank=True, default="")
    receipt_footer = models.CharField(_("receipt footer"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("mart settings")
        verbose_name_plural = _("mart settings")

    def __str__(self) -> str:
        return str(self.cooperative_id)


class ShiftStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Shift(models.Model):
    """A cashier's shift at an outlet: opening cash and checklist, closing count, its variance, the Z report."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="+")
    cashier = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=ShiftStatus.choices, default=ShiftStatus.OPEN)
    opened_at = models.DateTimeField(default=timezone.now)
    opening_cash = fields.money(_("opening cash"))
    opening_checklist = models.JSONField(default=list, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    expected_cash = fields.money(_("expected cash"), null=True, blank=True)
    counted_cash = fields.money(_("counted cash"), null=True, blank=True)
    cash_variance = fields.money(_("cash variance"), null=True, blank=True)
    closing_checklist = models.JSONField(default=list, blank=True)
    closing_note = models.CharField(_("note"), max_length=255, blank=True, default="")
    journal_entry = models.ForeignKey(
        "ledger.JournalEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "outlet", "cashier"], condition=Q(status="open"), name="mart_one_open_shift"
            ),
        ]
        indexes = [models.Index(fields=["cooperative", "outlet", "opened_at"], name="mart_shift_outlet")]

    def __str__(self) -> str:
        return f"{self.outlet_id} {self.opened_at:%Y-%m-%d %H:%M}"


class SaleStatus(models.TextChoices):
    COMPLETED = "completed", _("completed")
    VOIDED = "voided", _("voided")


class Sale(models.Model):
    """One sale at the till, posted to stock and the books in the same transaction.

    `client_id` is made by the till (online or offline): a replay of the same sale returns this row."""

    # No index of its own for the cooperative, outlet and member: the composite indexes below start with the
    # cooperative and every read of sales is the cooperative's. The cashier and the journal entry have none either:
    # sales are read by cooperative or shift, and users and entries are never deleted. Each index is an entry
    # written with every sale.
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+", db_index=False)
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="+", db_index=False)
    shift = models.ForeignKey(Shift, null=True, blank=True, on_delete=models.PROTECT, related_name="sales")
    number = models.CharField(_("receipt number"), max_length=40)
    client_id = models.UUIDField()
    request_hash = models.CharField(max_length=64)
    cashier = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    status = models.CharField(max_length=10, choices=SaleStatus.choices, default=SaleStatus.COMPLETED)
    # When the till sold it (offline sales arrive later), and its business day in the cooperative's zone.
    sold_at = models.DateTimeField()
    business_date = models.DateField()
    offline = models.BooleanField(default=False)
    subtotal = fields.money(_("subtotal"))
    discount = fields.money(_("discount"))
    total = fields.money(_("total"))
    tax = fields.money(_("PPN"))
    cost = fields.money(_("cost of goods"))
    paid = fields.money(_("paid"))
    change = fields.money(_("change"))
    # Problems found when an offline sale arrived (stock below zero, a price changed, a retired product): the sale
    # is kept and the manager reviews it.
    problems = models.JSONField(default=list, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    journal_entry = models.ForeignKey("ledger.JournalEntry", on_delete=models.PROTECT, related_name="+", db_index=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sale")
        verbose_name_plural = _("sales")
        ordering = ["-sold_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "client_id"], name="mart_sale_client_id"),
            models.UniqueConstraint(fields=["cooperative", "number"], name="mart_sale_number"),
            models.CheckConstraint(condition=Q(total__gte=0) & Q(paid__gte=models.F("total")), name="mart_sale_paid"),
        ]
        indexes = [
            models.Index(fields=["cooperative", "business_date"], name="mart_sale_day"),
            models.Index(fields=["cooperative", "outlet", "business_date"], name="mart_sale_outlet_day"),
            models.Index(fields=["cooperative", "member", "business_date"], name="mart_sale_member"),
        ]

    def __str__(self) -> str:
        return self.number


class SaleLine(models.Model):
    # Lines are read through their sale; a cooperative index would be five more entries for every sale.
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+", db_index=False)
    sale = models.ForeignKey(Sale, on_delete=models.PROTECT, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(ProductUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    quantity = fields.quantity(_("quantity"))  # in `unit` (its base unit when unit is empty)
    base_quantity = fields.quantity(_("base quantity"))
    unit_price = fields.money(_("unit price"))
    discount = fields.money(_("discount"))
    total = fields.money(_("total"))
    cost = fields.money(_("cost"))
    returned_quantity = fields.quantity(_("returned"))

    class Meta:
        verbose_name = _("sale line")
        verbose_name_plural = _("sale lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0) & Q(total__gte=0), name="mart_sale_line_positive"),
            models.CheckConstraint(
                condition=Q(returned_quantity__lte=models.F("base_quantity")), name="mart_sale_line_returned"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} × {self.quantity}"


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("cash")
    QRIS = "qris", _("QRIS")
    TRANSFER = "transfer", _("bank transfer")
    SAVINGS = "savings", _("simpanan sukarela")
    KASBON = "kasbon", _("kasbon (member credit)")
    # Owed by another cooperative for staples it took (simpul/mart/network/exchange.py); never at the till.
    RECEIVABLE = "receivable", _("owed by another cooperative")


class SalePayment(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    sale = models.ForeignKey(Sale, on_delete=models.PROTECT, related_name="payments")
    method = models.CharField(_("method"), max_length=10, choices=PaymentMethod.choices)
    amount = fields.money(_("amount"))  # what it pays of the total (cash: tendered minus change)
    tendered = fields.money(_("tendered"))
    reference = models.CharField(_("reference"), max_length=80, blank=True, default="")

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="mart_payment_positive")]

    def __str__(self) -> str:
        return f"{self.method} {self.amount}"


class SaleReturn(models.Model):
    """A void (the whole sale, same day) or a return of some lines, approved with the manager's PIN."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    sale = models.ForeignKey(Sale, on_delete=models.PROTECT, related_name="returns")
    is_void = models.BooleanField(default=False)
    reason = models.CharField(_("reason"), max_length=255)
    refund = fields.money(_("refund"))
    refund_method = models.CharField(max_length=10, choices=PaymentMethod.choices, default=PaymentMethod.CASH)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shift = models.ForeignKey(Shift, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    journal_entry = models.ForeignKey("ledger.JournalEntry", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("return")
        verbose_name_plural = _("returns")

    def __str__(self) -> str:
        return f"{self.sale_id} {self.refund}"


class SaleReturnLine(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    sale_return = models.ForeignKey(SaleReturn, on_delete=models.PROTECT, related_name="lines")
    sale_line = models.ForeignKey(SaleLine, on_delete=models.PROTECT, related_name="+")
    base_quantity = fields.quantity(_("quantity"))
    refund = fields.money(_("refund"))
    cost = fields.money(_("cost"))

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(base_quantity__gt=0), name="mart_return_line_positive")]

    def __str__(self) -> str:
        return f"{self.sale_line_id} × {self.base_quantity}"


class Kasbon(models.Model):
    """A member's shop credit: what they owe the mart, within the limit the manager set (piutang per anggota)."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    limit = fields.money(_("kasbon limit"))
    balance = fields.money(_("owed"))

    class Meta:
        verbose_name = _("kasbon")
        verbose_name_plural = _("kasbon")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "member"], name="mart_kasbon_member"),
            models.CheckConstraint(condition=Q(balance__gte=0), name="mart_kasbon_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.balance}"


class KasbonRepayment(models.Model):
    """A member paying back kasbon at the till or the desk: Dr 1101 Kas (or 1103 QRIS, 1102 bank) / Cr 1205 Piutang
    Kasbon, in the cashier's open shift when there is one. `balance_after` is what the member still owed after it."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    kasbon = models.ForeignKey(Kasbon, on_delete=models.PROTECT, related_name="repayments")
    number = models.CharField(_("receipt number"), max_length=40)
    amount = fields.money(_("amount"))
    method = models.CharField(_("method"), max_length=10, choices=PaymentMethod.choices, default=PaymentMethod.CASH)
    balance_after = fields.money(_("still owed"))
    # Indexed by mart_kasbon_repaid_shift, which starts with the cooperative (the shift's cash reads it).
    shift = models.ForeignKey(Shift, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    cashier = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    journal_entry = models.ForeignKey("ledger.JournalEntry", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kasbon repayment")
        verbose_name_plural = _("kasbon repayments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "number"], name="mart_kasbon_repayment_number"),
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(balance_after__gte=0), name="mart_kasbon_repayment_positive"
            ),
            models.CheckConstraint(
                condition=Q(method__in=["cash", "qris", "transfer"]), name="mart_kasbon_repayment_method"
            ),
        ]
        indexes = [
            models.Index(fields=["cooperative", "member", "created_at"], name="mart_kasbon_repaid_member"),
            models.Index(fields=["cooperative", "shift"], name="mart_kasbon_repaid_shift"),
        ]

    def __str__(self) -> str:
        return self.number
