"""People and the audit trail. Roles name organisations, so they live in coops (see docs/conventions.md)."""

import datetime
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    def create_user(
        self, email: str | None = None, password: str | None = None, *, phone: str | None = None, **extra: Any
    ) -> "User":
        if not email and not phone:
            raise ValueError("a user needs an e-mail address or a phone number")
        user = self.model(email=self.normalize_email(email) if email else None, phone=phone or None, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str | None = None, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Logs in with a phone number (+62…) or an e-mail address."""

    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)
    phone = models.CharField(_("phone number"), max_length=20, unique=True, null=True, blank=True)
    full_name = models.CharField(_("full name"), max_length=150)
    is_staff = models.BooleanField(_("platform staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Whether the person works with the API: only then do the menus offer "API tokens" (tokens made before keep
    # working either way). Off by default; staff turn it on for themselves, platform admins for anyone.
    api_access = models.BooleanField(_("uses the API"), default=False)

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False), name="user_has_email_or_phone"
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.email or self.phone or str(self.pk)

    @property
    def login_name(self) -> str:
        return self.email or self.phone or ""


class AuditLog(models.Model):
    """One row per change a service made, written in the same transaction. Never edited or deleted."""

    # Indexed by audit_coop_time, which starts with it (a second index would only slow every posting).
    cooperative = models.ForeignKey(
        "coops.Cooperative", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # Region codes of the cooperative (or of the office/network) copied on, so a Dinas reads its subtree.
    region_code = models.CharField(max_length=13, blank=True, default="")
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    event = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    target_label = models.CharField(max_length=255, blank=True, default="")
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["cooperative", "-created_at"], name="audit_coop_time"),
            models.Index(fields=["region_code", "-created_at"], name="audit_region_time"),
            # A Dinas reads its subtree with region_code LIKE '32.73.%'; PostgreSQL needs this opclass for that.
            models.Index(fields=["region_code"], opclasses=["varchar_pattern_ops"], name="audit_region_prefix"),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.target_type}:{self.target_id}"


class ApiTokenScope(models.TextChoices):
    FULL = "full", _("read and write")
    READ = "read", _("read only")


class ApiToken(models.Model):
    """A bearer token for API clients. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # "read": GET, HEAD and OPTIONS only; "full": everything the person's roles allow.
    scope = models.CharField(_("scope"), max_length=10, choices=ApiTokenScope.choices, default=ApiTokenScope.FULL)
    # The token stops working at this moment (the end of the day chosen); null: until revoked.
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return self.name

    @property
    def valid_until(self) -> "datetime.date | None":
        """The last day the token works (it expires at the start of the next)."""
        if self.expires_at is None:
            return None
        return timezone.localdate(self.expires_at) - datetime.timedelta(days=1)

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


class PasswordResetRequest(models.Model):
    """One request for a reset link, kept an hour or so to limit requests per account and per client address.

    `account` is the user's id when the address belongs to someone ("user:12"), else the address as typed (lower
    case), so asking for an unknown address is limited the same way and answers the same."""

    account = models.CharField(max_length=254)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["account", "created_at"], name="password_reset_account"),
            models.Index(fields=["ip_address", "created_at"], name="password_reset_address"),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.created_at:%Y-%m-%d %H:%M}"
