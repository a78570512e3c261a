"""Needs (kebutuhan): what a cooperative asks for — stock, a supplier, capital, training, infrastructure, a licence —
and the answers it gets: the Dinas acknowledges and assigns an officer, suppliers and fellow network cooperatives
pledge, the cooperative confirms what arrived.

A need and everything on it (its events, its pledges) belong to the cooperative that posted it; a pledge from another
cooperative names it explicitly (`from_cooperative`), so the rows stay keyed by the asking cooperative. The need's
region ancestors are copied on so a Dinas list and the dashboards read one indexed column. Rows are written only by
the services (simpul/needs/services/)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.coops.models import Cooperative, GovernmentOffice, Supplier

ZERO = Decimal(0)


class NeedCategory(models.TextChoices):
    STOCK = "stock", _("stock or supply")
    SUPPLIER = "supplier", _("supplier")
    CAPITAL = "capital", _("capital")
    TRAINING = "training", _("training")
    INFRASTRUCTURE = "infrastructure", _("infrastructure")
    LICENSING = "licensing", _("licensing")


# Categories a supplier or a fellow cooperative can answer with goods.
GOODS_CATEGORIES = (NeedCategory.STOCK, NeedCategory.SUPPLIER)


class NeedPriority(models.TextChoices):
    LOW = "low", _("low")
    NORMAL = "normal", _("normal")
    HIGH = "high", _("high")
    URGENT = "urgent", _("urgent")


class NeedStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    COMMITTED = "committed", _("committed")
    IN_TRANSIT = "in_transit", _("in transit")
    FULFILLED = "fulfilled", _("fulfilled")
    CLOSED = "closed", _("closed")
    CANCELLED = "cancelled", _("cancelled")


# Needs still waiting for an answer or for goods: the open ones of the lists and the dashboards.
OPEN_STATUSES = (NeedStatus.SUBMITTED, NeedStatus.ACKNOWLEDGED, NeedStatus.COMMITTED, NeedStatus.IN_TRANSIT)
FINAL_STATUSES = (NeedStatus.FULFILLED, NeedStatus.CLOSED, NeedStatus.CANCELLED)


def need_photo_upload_to(instance: "Need", filename: str) -> str:
    # A random name, never the user's: photos are served only through an access-checked view.
    import uuid

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"needs/{instance.cooperative_id}/{uuid.uuid4().hex}.{extension}"


class Need(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    # The cooperative's village and its ancestors, copied when the need is posted.
    province_code = models.CharField(max_length=2)
    regency_code = models.CharField(max_length=5)
    district_code = models.CharField(max_length=8)
    village_code = models.CharField(max_length=13)
    number = models.PositiveIntegerField(_("number"))  # per cooperative: "KBT-12"
    category = models.CharField(_("category"), max_length=16, choices=NeedCategory.choices)
    item = models.CharField(_("what is needed"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True, default="")
    needed_by = models.DateField(_("needed by"))
    priority = models.CharField(_("priority"), max_length=8, choices=NeedPriority.choices, default=NeedPriority.NORMAL)
    description = models.TextField(_("description"), blank=True, default="")
    photo = models.FileField(_("photo"), upload_to=need_photo_upload_to, blank=True)
    photo_kind = models.CharField(max_length=4, blank=True, default="")  # "jpg" or "png", read from its bytes
    status = models.CharField(_("status"), max_length=12, choices=NeedStatus.choices, default=NeedStatus.DRAFT)
    # Quantities pledged and accepted by the cooperative, and confirmed received: kept by the pledge services.
    committed_quantity = models.DecimalField(max_digits=14, decimal_places=3, default=ZERO)
    received_quantity = models.DecimalField(max_digits=14, decimal_places=3, default=ZERO)
    office = models.ForeignKey(
        GovernmentOffice, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("officer"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    # The first answer from outside the cooperative: an acknowledgement or a pledge.
    first_response_at = models.DateTimeField(null=True, blank=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)  # fulfilled, closed or cancelled
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "number"], name="need_number_per_cooperative"),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gt=0), name="need_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(committed_quantity__gte=0) & Q(received_quantity__gte=0), name="need_amounts_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["cooperative", "status", "needed_by"], name="need_coop_status"),
            # A Dinas list filters one copied region column and a status; the dashboards group by them.
            models.Index(fields=["province_code", "status", "needed_by"], name="need_province_status"),
            models.Index(fields=["regency_code", "status", "needed_by"], name="need_regency_status"),
            models.Index(fields=["district_code", "status", "needed_by"], name="need_district_status"),
            models.Index(fields=["officer", "status", "needed_by"], name="need_officer_status"),
        ]

    def __str__(self) -> str:
        return f"KBT-{self.number} {self.item}"

    @property
    def label(self) -> str:
        return f"KBT-{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def fully_committed(self) -> bool:
        return self.quantity is not None and self.committed_quantity >= self.quantity


class NeedEventKind(models.TextChoices):
    STATUS = "status", _("status change")
    ASSIGNED = "assigned", _("officer assigned")
    PLEDGED = "pledged", _("pledge")
    PLEDGE_ACCEPTED = "pledge_accepted", _("pledge accepted")
    PLEDGE_DECLINED = "pledge_declined", _("pledge declined")
    PLEDGE_WITHDRAWN = "pledge_withdrawn", _("pledge withdrawn")
    SHIPPED = "shipped", _("sent")
    RECEIVED = "received", _("received")
    COMMENT = "comment", _("comment")


class NeedEvent(models.Model):
    """A row per change of a need, with who made it: its status, its officer, its pledges, what arrived."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=NeedEventKind.choices)
    from_status = models.CharField(max_length=12, choices=NeedStatus.choices, blank=True, default="")
    to_status = models.CharField(max_length=12, choices=NeedStatus.choices, blank=True, default="")
    pledge = models.ForeignKey("Pledge", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    quantity = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    note = models.TextField(blank=True, default="")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    # Who the actor spoke for, as shown to everyone: the cooperative, "Dinas …", a supplier's name.
    actor_side = models.CharField(max_length=200, blank=True, default="")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("need event")
        verbose_name_plural = _("need events")
        indexes = [models.Index(fields=["cooperative", "need", "at"], name="need_event_order")]

    def __str__(self) -> str:
        return f"{self.kind} {self.from_status}→{self.to_status}"


class PledgeStatus(models.TextChoices):
    OFFERED = "offered", _("offered")
    ACCEPTED = "accepted", _("accepted")
    SHIPPED = "shipped", _("sent")
    RECEIVED = "received", _("received")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


# Pledges that count toward what the need has been promised.
COMMITTED_PLEDGES = (PledgeStatus.ACCEPTED, PledgeStatus.SHIPPED, PledgeStatus.RECEIVED)


class Pledge(models.Model):
    """What a supplier or a fellow network cooperative offers toward a need: quantity, price and date."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")  # the asking one
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="pledges")
    supplier = models.ForeignKey(Supplier, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_cooperative = models.ForeignKey(Cooperative, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit_price = models.DecimalField(_("price per unit"), max_digits=18, decimal_places=2)
    deliver_by = models.DateField(_("delivery date"))
    note = models.TextField(_("note"), blank=True, default="")
    status = models.CharField(max_length=10, choices=PledgeStatus.choices, default=PledgeStatus.OFFERED)
    received_quantity = models.DecimalField(max_digits=14, decimal_places=3, default=ZERO)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="pledge_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="pledge_price_not_negative"),
            models.CheckConstraint(condition=Q(received_quantity__gte=0), name="pledge_received_not_negative"),
            models.CheckConstraint(
                condition=Q(supplier__isnull=False, from_cooperative__isnull=True)
                | Q(supplier__isnull=True, from_cooperative__isnull=False),
                name="pledge_has_one_giver",
            ),
        ]
        indexes = [
            models.Index(fields=["cooperative", "need", "status"], name="pledge_need_status"),
            models.Index(fields=["supplier", "status"], name="pledge_supplier_status"),
            models.Index(fields=["from_cooperative", "status"], name="pledge_giver_status"),
        ]

    def __str__(self) -> str:
        return f"{self.giver_name}: {self.quantity}"

    @property
    def giver_name(self) -> str:
        giver = self.supplier or self.from_cooperative
        return giver.name if giver else ""

    @property
    def total(self) -> Decimal:
        return self.quantity * self.unit_price
