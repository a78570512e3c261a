"""The books: chart of accounts, periods and the append-only, hash-chained journal (DESIGN.md convention 5).

Rows are written only by `simpul.ledger.services`; nothing here has logic in save() or signals.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.coops.models import Cooperative, GovernmentOffice, Network
from simpul.core.models import User


class AccountKind(models.TextChoices):
    ASSET = "asset", _("asset")
    LIABILITY = "liability", _("liability")
    EQUITY = "equity", _("equity")
    # Dana syirkah temporer: a sharia cooperative's mudharabah deposits, between liabilities and equity (PSAK 105).
    TEMPORARY_SYIRKAH = "syirkah", _("temporary syirkah funds")
    REVENUE = "revenue", _("revenue")
    EXPENSE = "expense", _("expense")


class NormalBalance(models.TextChoices):
    DEBIT = "debit", _("debit")
    CREDIT = "credit", _("credit")


class RevenueSource(models.TextChoices):
    """SAK EP shows revenue from members and from non-members apart."""

    NONE = "", _("not applicable")
    MEMBER = "member", _("members")
    NON_MEMBER = "non_member", _("non-members")


class CashFlowClass(models.TextChoices):
    """Where an account's cash movements go in the direct-method cash flow (SAK EP); cash accounts are the cash."""

    NONE = "", _("by its kind")
    CASH = "cash", _("cash and cash equivalents")
    OPERATING = "operating", _("operating activities")
    INVESTING = "investing", _("investing activities")
    FINANCING = "financing", _("financing activities")


class Subledger(models.TextChoices):
    """A control account takes postings only from its subledger's own services (members' savings, the mart's
    receivables, payables and stock), so the ledger and the subledger cannot drift apart."""

    NONE = "", _("none")
    SAVINGS = "savings", _("members' savings")
    RECEIVABLES = "receivables", _("receivables")
    PAYABLES = "payables", _("payables")
    INVENTORY = "inventory", _("inventory")


class Account(models.Model):
    """One account of a cooperative's chart. System accounts come with the chart and are never deleted."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=AccountKind.choices)
    normal_balance = models.CharField(_("normal balance"), max_length=6, choices=NormalBalance.choices)
    # Always an account of the same cooperative (checked by account_create).
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    is_system = models.BooleanField(_("system account"), default=False)
    revenue_source = models.CharField(
        _("revenue from"), max_length=10, choices=RevenueSource.choices, blank=True, default=RevenueSource.NONE
    )
    cash_flow_class = models.CharField(
        _("cash flow class"), max_length=10, choices=CashFlowClass.choices, blank=True, default=CashFlowClass.NONE
    )
    subledger = models.CharField(
        _("control account of"), max_length=12, choices=Subledger.choices, blank=True, default=Subledger.NONE
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "code"], name="ledger_account_code"),
            models.CheckConstraint(
                condition=Q(revenue_source="") | Q(kind="revenue"), name="ledger_account_revenue_source_on_revenue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PeriodKind(models.TextChoices):
    MONTH = "month", _("month")
    YEAR = "year", _("year")


class Period(models.Model):
    """A closed accounting period: no entry dated inside it can be posted any more."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=5, choices=PeriodKind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Set when the year's RAT pack is submitted: the period can no longer be reopened.
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("accounting period")
        verbose_name_plural = _("accounting periods")
        ordering = ["start", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "kind", "start"], name="ledger_period_start"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="ledger_period_end_after_start"),
        ]
        indexes = [models.Index(fields=["cooperative", "end"], name="ledger_period_end")]

    def __str__(self) -> str:
        return f"{self.start}–{self.end}"


class JournalSequence(models.Model):
    """The per-cooperative counter row: locked by every posting, so numbers and the hash chain never fork."""

    cooperative = models.OneToOneField(Cooperative, on_delete=models.PROTECT, related_name="+")
    last_number = models.PositiveIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    # The head of the books' event chain (chart changes, period closings and reopenings: BooksEvent).
    events_last_number = models.PositiveIntegerField(default=0)
    events_last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"{self.cooperative_id}: {self.last_number}"


GENESIS_HASH = "0" * 64


def entry_attachment_upload_to(instance: "JournalEntry", filename: str) -> str:
    # A random name, never the user's: attachments are served only through an access-checked view.
    import uuid

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"journal/{instance.cooperative_id}/{uuid.uuid4().hex}.{extension}"


class JournalEntry(models.Model):
    """One balanced journal entry. Never edited or deleted: a correction is a reversing entry."""

    # The indexes below start with it (a second one would only slow every posting).
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+", db_index=False)
    number = models.PositiveIntegerField(_("number"))
    date = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=255)
    # What posted it: "manual", "reversal", or the posting app's own word ("savings", "pos_sale" …).
    source = models.CharField(_("source"), max_length=40, default="manual")
    reverses = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversals", verbose_name=_("reverses")
    )
    # No index: entries are never read by who posted them, and users are never deleted.
    posted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # The receipt or invoice behind a manual entry (a photo or PDF); its content's SHA-256 is in the hash chain.
    attachment = models.FileField(_("attachment"), upload_to=entry_attachment_upload_to, blank=True)
    attachment_sha256 = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "number"], name="ledger_entry_number"),
            # An entry is reversed at most once.
            models.UniqueConstraint(
                fields=["cooperative", "reverses"],
                condition=Q(reverses__isnull=False),
                name="ledger_entry_reversed_once",
            ),
        ]
        indexes = [models.Index(fields=["cooperative", "date", "number"], name="ledger_entry_date")]

    def __str__(self) -> str:
        return f"#{self.number} {self.description}"


class JournalLine(models.Model):
    """One side of an entry: exactly one of debit and credit is positive, the other zero."""

    # The indexes below start with it (a second one would only slow every posting).
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+", db_index=False)
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="lines")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    # The entry's date copied on, so reports sum lines by (account, date) from one index.
    date = models.DateField()
    debit = models.DecimalField(_("debit"), max_digits=18, decimal_places=2, default=0)
    credit = models.DecimalField(_("credit"), max_digits=18, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("journal line")
        verbose_name_plural = _("journal lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(debit__gt=0) & Q(credit=0)) | (Q(debit=0) & Q(credit__gt=0)),
                name="ledger_line_one_side",
            ),
        ]
        indexes = [
            models.Index(fields=["cooperative", "account", "date"], name="ledger_line_account_date"),
            models.Index(fields=["cooperative", "date"], name="ledger_line_date"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} D{self.debit} K{self.credit}"


class AccountMonth(models.Model):
    """An account's debits and credits in one calendar month, added to by journal_post as each entry posts.

    Reports read whole months from here and journal lines only for a month a date range cuts, so a year's
    trial balance reads a few rows per account instead of every line (simpul/ledger/month_totals.py)."""

    # The indexes below start with it (a second one would only slow every posting).
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+", db_index=False)
    # The unique constraint below covers it.
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+", db_index=False)
    month = models.DateField()  # its first day
    debit = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    credit = models.DecimalField(max_digits=20, decimal_places=2, default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cooperative", "account", "month"], name="ledger_account_month")]
        indexes = [models.Index(fields=["cooperative", "month"], name="ledger_account_month_coop")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.month:%Y-%m}: D{self.debit} K{self.credit}"


class BooksEventKind(models.TextChoices):
    CHART_CREATED = "chart_created", _("chart of accounts created")
    ACCOUNT_CREATED = "account_created", _("account created")
    ACCOUNT_RENAMED = "account_renamed", _("account renamed")
    ACCOUNT_DELETED = "account_deleted", _("account deleted")
    PERIOD_CLOSED = "period_closed", _("period closed")
    PERIOD_REOPENED = "period_reopened", _("period reopened")
    PERIOD_LOCKED = "period_locked", _("period locked by the RAT")


class BooksEvent(models.Model):
    """A change to what the reports read besides the journal (the chart, closed periods), hash-chained per
    cooperative like the journal itself: replaying the events gives the chart and the closed periods as they
    must stand, so a change made behind the application's back shows (simpul/ledger/integrity.py)."""

    # The unique constraint below starts with it.
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+", db_index=False)
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=30, choices=BooksEventKind.choices)
    payload = models.JSONField(default=dict)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["cooperative", "number"], name="ledger_books_event_number")]

    def __str__(self) -> str:
        return f"{self.cooperative_id} event #{self.number} {self.kind}"


class ReopenStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the second signature")
    APPROVED = "approved", _("approved: the period is open")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class PeriodReopenRequest(models.Model):
    """Reopening a closed period takes a reason and two people: a manager and a supervisor."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+", db_index=False)
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="reopen_requests")
    reason = models.TextField(_("reason"))
    status = models.CharField(max_length=10, choices=ReopenStatus.choices, default=ReopenStatus.PENDING)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            # One open request per period at a time.
            models.UniqueConstraint(
                fields=["cooperative", "period"], condition=Q(status="pending"), name="ledger_reopen_one_pending"
            ),
        ]
        indexes = [models.Index(fields=["cooperative", "status"], name="ledger_reopen_status")]

    def __str__(self) -> str:
        return f"{self.period} ({self.status})"


class PublishedHead(models.Model):
    """A copy of a cooperative's chain heads, held by its network or its Dinas office and signed with the server's
    key: a rewrite of the whole chain, even with database access and the public algorithm, no longer matches."""

    # The unique constraints below start with it.
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+", db_index=False)
    day = models.DateField()  # the cooperative's own day (WIB, WITA or WIT) the heads were published on
    network = models.ForeignKey(Network, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey(GovernmentOffice, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    entries = models.PositiveIntegerField()
    entries_hash = models.CharField(max_length=64)
    events = models.PositiveIntegerField()
    events_hash = models.CharField(max_length=64)
    published_at = models.DateTimeField(default=timezone.now)
    signature = models.CharField(max_length=64)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(network__isnull=False, office__isnull=True) | Q(network__isnull=True, office__isnull=False),
                name="ledger_head_one_holder",
            ),
            models.UniqueConstraint(
                fields=["cooperative", "day", "network"], condition=Q(network__isnull=False), name="ledger_head_network"
            ),
            models.UniqueConstraint(
                fields=["cooperative", "day", "office"], condition=Q(office__isnull=False), name="ledger_head_office"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cooperative_id} {self.day}: {self.entries} {self.entries_hash[:12]}"
