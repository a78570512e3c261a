"""The member register (anggota) of each cooperative."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.coops.models import Cooperative
from simpul.regions.models import Region


class Gender(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    RESIGNED = "resigned", _("resigned")
    DECEASED = "deceased", _("deceased")
    EXPELLED = "expelled", _("expelled")


class MemberCounter(models.Model):
    """The last member number a cooperative gave out; registrations increment it under the row's lock."""

    cooperative = models.OneToOneField(Cooperative, on_delete=models.CASCADE, primary_key=True, related_name="+")
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.last_number)


class Member(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="members")
    number = models.PositiveIntegerField(_("member number"))
    nik = models.CharField(_("NIK"), max_length=16)
    name = models.CharField(_("name"), max_length=150)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"))
    address = models.CharField(_("address"), max_length=255, blank=True, default="")
    village = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    phone = models.CharField(_("phone/WhatsApp"), max_length=20, blank=True, default="")
    join_date = models.DateField(_("join date"))
    status = models.CharField(_("status"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.ACTIVE)
    exit_date = models.DateField(_("exit date"), null=True, blank=True)
    exit_reason = models.CharField(_("reason for leaving"), max_length=255, blank=True, default="")
    is_producer = models.BooleanField(_("UMKM producer"), default=False)
    business_name = models.CharField(_("business name"), max_length=150, blank=True, default="")
    # The login of the member portal, linked when the member accepts an invitation; never shared between members.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="member_records"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "number"], name="member_number_per_coop"),
            models.UniqueConstraint(fields=["cooperative", "nik"], name="member_nik_per_coop"),
            models.UniqueConstraint(
                fields=["cooperative", "user"], condition=models.Q(user__isnull=False), name="member_user_per_coop"
            ),
            # An active member has no exit date; one who left always has one.
            models.CheckConstraint(
                condition=(models.Q(status="active", exit_date__isnull=True))
                | (~models.Q(status="active") & models.Q(exit_date__isnull=False)),
                name="member_exit_date_iff_left",
            ),
        ]
        indexes = [
            models.Index(fields=["cooperative", "name", "id"], name="member_coop_name"),
            models.Index(fields=["cooperative", "status", "name", "id"], name="member_coop_status_name"),
        ]

    def __str__(self) -> str:
        return f"{self.number_display} {self.name}"

    @property
    def number_display(self) -> str:
        return f"{self.number:05d}"

    @property
    def is_active(self) -> bool:
        return self.status == MemberStatus.ACTIVE


class MemberStatusChange(models.Model):
    """One row per change of a member's status (a member leaving, for now)."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=MemberStatus.choices)
    to_status = models.CharField(max_length=10, choices=MemberStatus.choices)
    effective_on = models.DateField()
    reason = models.CharField(max_length=255, blank=True, default="")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["cooperative", "member", "created_at"], name="member_status_change_member")]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class SavingsKind(models.TextChoices):
    """The three savings of Indonesian cooperative law (UU 25/1992): pokok once, wajib monthly, sukarela free."""

    POKOK = "pokok", _("simpanan pokok")
    WAJIB = "wajib", _("simpanan wajib")
    SUKARELA = "sukarela", _("simpanan sukarela")


class ShariaContract(models.TextChoices):
    NONE = "", _("not applicable")
    WADIAH = "wadiah", _("wadiah")
    MUDHARABAH = "mudharabah", _("mudharabah")


class SavingsProduct(models.Model):
    """A savings product as the cooperative's by-laws set it; pokok and wajib have a fixed amount."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=8, choices=SavingsKind.choices)
    name = models.CharField(_("name"), max_length=100)
    fixed_amount = models.DecimalField(_("fixed amount"), max_digits=18, decimal_places=2, null=True, blank=True)
    sharia_contract = models.CharField(
        _("sharia contract"), max_length=10, choices=ShariaContract.choices, blank=True, default=ShariaContract.NONE
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("savings product")
        verbose_name_plural = _("savings products")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "kind"], name="savings_product_kind_per_coop"),
            models.CheckConstraint(
                condition=(models.Q(kind="sukarela", fixed_amount__isnull=True))
                | (~models.Q(kind="sukarela") & models.Q(fixed_amount__gt=0)),
                name="savings_product_fixed_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SavingsAccount(models.Model):
    """A member's balance in one product. Changed only under its row lock."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="savings_accounts")
    product = models.ForeignKey(SavingsProduct, on_delete=models.PROTECT, related_name="accounts")
    balance = models.DecimalField(_("balance"), max_digits=18, decimal_places=2, default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("savings account")
        verbose_name_plural = _("savings accounts")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "member", "product"], name="savings_account_per_member"),
            models.CheckConstraint(condition=models.Q(balance__gte=0), name="savings_account_balance_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.product_id}: {self.balance}"


class SavingsTransactionKind(models.TextChoices):
    DEPOSIT = "deposit", _("deposit")
    WITHDRAWAL = "withdrawal", _("withdrawal")
    # The balance a member brought from the paper books, posted with the ledger's opening entry.
    OPENING = "opening", _("opening balance")


# How each kind moves the balance: a correction takes the kind opposite to the transaction it corrects.
INCREASING_KINDS = (SavingsTransactionKind.DEPOSIT, SavingsTransactionKind.OPENING)


class SavingsTransaction(models.Model):
    """One deposit or withdrawal, posted to the ledger in the same database transaction."""

    # The indexes below start with it (a second one would only slow every deposit).
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+", db_index=False)
    account = models.ForeignKey(SavingsAccount, on_delete=models.PROTECT, related_name="transactions")
    kind = models.CharField(_("kind"), max_length=10, choices=SavingsTransactionKind.choices)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    balance_after = models.DecimalField(_("balance after"), max_digits=18, decimal_places=2)
    date = models.DateField(_("date"))
    journal_entry = models.ForeignKey("ledger.JournalEntry", on_delete=models.PROTECT, related_name="+")
    # Why, in the cashier's words ("settled on leaving", a note on the receipt).
    note = models.CharField(_("note"), max_length=255, blank=True, default="")
    # Sent by a client that may retry (a flaky connection): the same key returns the first transaction.
    client_key = models.CharField(max_length=64, null=True, blank=True)
    # SHA-256 of the request the key came with (operation, member, product, amount, date, note): the same key with
    # another request is refused instead of answered with this transaction.
    request_hash = models.CharField(max_length=64, null=True, blank=True)
    # Set on a correction: the transaction it cancels (its amount, the other way; the reason is the note). The
    # unique constraint below covers it.
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections", db_index=False
    )
    # Indexed with the cooperative and the time below, for the cashier's day list, instead of on its own.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("savings transaction")
        verbose_name_plural = _("savings transactions")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="savings_transaction_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(balance_after__gte=0), name="savings_transaction_balance_not_negative"
            ),
            models.UniqueConstraint(
                fields=["cooperative", "client_key"],
                condition=models.Q(client_key__isnull=False),
                name="savings_transaction_client_key",
            ),
            # A transaction is corrected at most once.
            models.UniqueConstraint(
                fields=["cooperative", "corrects"],
                condition=models.Q(corrects__isnull=False),
                name="savings_transaction_corrected_once",
            ),
        ]
        indexes = [
            models.Index(fields=["cooperative", "account", "date", "id"], name="savings_tx_account_date"),
            models.Index(fields=["cooperative", "actor", "created_at"], name="savings_tx_actor_time"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"


class SavingsRate(models.Model):
    """The fixed amount of pokok or wajib from a month on. A change applies from its month; months before it keep
    the amount they had, so wajib billing owes each month what the by-laws said then."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(SavingsProduct, on_delete=models.PROTECT, related_name="rates")
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    # Always the first day of a month.
    effective_from = models.DateField(_("effective from"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("savings rate")
        verbose_name_plural = _("savings rates")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "product", "effective_from"], name="savings_rate_month_per_product"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="savings_rate_amount_positive"),
        ]
        indexes = [models.Index(fields=["cooperative", "product", "effective_from"], name="savings_rate_coop_month")]

    def __str__(self) -> str:
        return f"{self.product_id} {self.effective_from}: {self.amount}"


class MemberImportStatus(models.TextChoices):
    READING = "reading", _("being read")
    PREVIEW = "preview", _("awaiting confirmation")
    IMPORTING = "importing", _("being imported")
    IMPORTED = "imported", _("imported")
    REFUSED = "refused", _("refused")


def member_import_upload_to(instance: "MemberImport", filename: str) -> str:
    """A random name: the file waits here for the task worker, and is deleted once it has been read."""
    return f"member-imports/{instance.cooperative_id}/{uuid.uuid4().hex}.upload"


class MemberImport(models.Model):
    """An uploaded member file between its preview and its confirmation. The parsed rows are kept, so the
    confirmation imports exactly what the manager saw; the import itself is all or nothing."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=MemberImportStatus.choices, default=MemberImportStatus.PREVIEW
    )
    # [{"row": 2, "values": {...}}] as parsed, and [{"row": 3, "field": "nik", "message": "..."}] found.
    rows = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    imported_count = models.PositiveIntegerField(default=0)
    # A file read by the task worker (simpul/members/imports/tasks.py): kept until it is read, and the progress.
    upload = models.FileField(upload_to=member_import_upload_to, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    # Why the whole file was refused (a limit, a missing column), when the worker read it.
    message = models.TextField(blank=True, default="")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("member import")
        verbose_name_plural = _("member imports")
        indexes = [models.Index(fields=["cooperative", "created_at"], name="member_import_coop_created")]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"


class CashierPermission(models.Model):
    """What the manager allows one cashier (kasir) of the cooperative beyond deposits: paying out withdrawals.

    No row means the default: deposits only. Each change writes an audit row (simpul/members/cashier/services.py).
    """

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    may_withdraw = models.BooleanField(_("may pay out withdrawals"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("cashier permission")
        verbose_name_plural = _("cashier permissions")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "user"], name="cashier_permission_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {'withdraw' if self.may_withdraw else 'deposit'}"
