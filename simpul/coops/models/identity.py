"""Requests to change a cooperative's legal identity (region, legal form and status, registration numbers).

A manager asks; the Dinas Koperasi whose region covers the cooperative decides. The request keeps what was asked
(`changes`: field → [from, to]) and a row per status change, as every status machine here does."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.coops.models.organisations import Cooperative


class IdentityRequestStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the Dinas")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class LegalIdentityChangeRequest(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="identity_requests")
    changes = models.JSONField(_("changes"), default=dict)  # {field: [current value, requested value]}
    reason = models.CharField(_("reason"), max_length=500)
    status = models.CharField(
        _("status"), max_length=10, choices=IdentityRequestStatus.choices, default=IdentityRequestStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("legal identity change request")
        verbose_name_plural = _("legal identity change requests")
        indexes = [models.Index(fields=["cooperative", "status", "created_at"], name="identity_request_coop")]
        constraints = [
            # One open request at a time: a second would be decided against a stale "from".
            models.UniqueConstraint(
                fields=["cooperative"], condition=models.Q(status="pending"), name="identity_request_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cooperative_id}: {', '.join(self.changes)} ({self.status})"


class IdentityRequestStatusChange(models.Model):
    """One row per status change of a request: who moved it, from what, to what, when, and why."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(LegalIdentityChangeRequest, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=10, blank=True, default="")
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("identity request status change")
        verbose_name_plural = _("identity request status changes")
        indexes = [models.Index(fields=["cooperative", "request", "created_at"], name="identity_change_coop")]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"
