"""Writing the mart's settings and checking the manager's PIN at the till."""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.audit import audit_record, model_changes, snapshot
from simpul.core.exceptions import ApplicationError, PermissionDeniedError
from simpul.core.lengths import refuse_too_long
from simpul.core.models import AuditLog, User
from simpul.core.money import format_rupiah
from simpul.mart import error_codes
from simpul.mart.books import mart_books_ensure
from simpul.mart.models import MartSettings
from simpul.mart.sales.qris import qris_parse

SETTINGS_FIELDS = [
    "max_line_discount_percent",
    "max_sale_discount_percent",
    "kasbon_default_limit",
    "qris_payload",
    "receipt_footer",
]
PIN_EVENT_REFUSED = "mart.pin_refused"
PIN_TRIES = 5
PIN_WINDOW = datetime.timedelta(minutes=10)
LARGEST_LIMIT = Decimal("1000000000")


def mart_settings_get(cooperative: Cooperative) -> MartSettings:
    """The cooperative's settings (the defaults until the manager saves them; nothing is written here)."""
    found = MartSettings.objects.filter(cooperative=cooperative).first()
    return found if found is not None else MartSettings(cooperative=cooperative)


def _percent(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        number = Decimal(-1)
    if not number.is_finite() or number < 0 or number > 100 or number.quantize(Decimal("0.01")) != number:
        raise ApplicationError(
            _("A discount limit is a percentage from 0 to 100, with at most two decimals."),
            code=error_codes.INVALID_PERCENT,
            extra={"field": field},
        )
    return number


def _limit(value: Any) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0 or value > LARGEST_LIMIT:
        raise ApplicationError(
            _("The kasbon limit is an amount from Rp0 to %(largest)s.") % {"largest": format_rupiah(LARGEST_LIMIT)},
            code=error_codes.INVALID_PRICE,
            extra={"field": "kasbon_default_limit"},
        )
    if value.quantize(Decimal("0.01")) != value:
        raise ApplicationError(
            _("Amounts have at most two decimal places."),
            code=error_codes.INVALID_PRICE,
            extra={"field": "kasbon_default_limit"},
        )
    return value


def _pin(value: str) -> str:
    pin = (value or "").strip()
    if not (pin.isdigit() and pin.isascii() and 4 <= len(pin) <= 8):
        raise ApplicationError(
            _("The manager's PIN is 4 to 8 digits."), code=error_codes.INVALID_PIN, extra={"field": "manager_pin"}
        )
    return pin


@transaction.atomic
def mart_settings_update(
    *,
    cooperative: Cooperative,
    actor: User,
    max_line_discount_percent: Any,
    max_sale_discount_percent: Any,
    kasbon_default_limit: Decimal,
    qris_payload: str,
    receipt_footer: str,
    manager_pin: str = "",
    ip_address: str | None = None,
) -> MartSettings:
    """Save the manager's settings. An empty `manager_pin` keeps the PIN; a new one is stored hashed, never shown."""
    line = _percent(max_line_discount_percent, "max_line_discount_percent")
    sale = _percent(max_sale_discount_percent, "max_sale_discount_percent")
    limit = _limit(kasbon_default_limit)
    payload = (qris_payload or "").strip()
    if payload:
        qris_parse(payload)
    footer = (receipt_footer or "").strip()
    refuse_too_long(footer, max_length=200, field="receipt_footer", label=_("Receipt footer"))
    pin = _pin(manager_pin) if (manager_pin or "").strip() else ""
    mart_books_ensure(cooperative)
    settings, _created = MartSettings.objects.select_for_update().get_or_create(cooperative=cooperative)
    before = snapshot(settings, SETTINGS_FIELDS)
    settings.max_line_discount_percent = line
    settings.max_sale_discount_percent = sale
    settings.kasbon_default_limit = limit
    settings.qris_payload = payload
    settings.receipt_footer = footer
    if pin:
        settings.manager_pin_hash = make_password(pin)
    settings.save()
    changes = model_changes(settings, SETTINGS_FIELDS, before)
    if "qris_payload" in changes:
        changes["qris_payload"] = [bool(before["qris_payload"]), bool(payload)]  # the code itself is not the trail's
    if pin:
        changes["manager_pin"] = ["•", "•"]
    audit_record(
        actor=actor,
        event="mart.settings_updated",
        target=settings,
        cooperative=cooperative,
        changes=changes,
        ip_address=ip_address,
    )
    return settings


def _refused_recently(cooperative: Cooperative, actor: User) -> int:
    since = timezone.now() - PIN_WINDOW
    return AuditLog.objects.filter(
        cooperative=cooperative, created_at__gte=since, event=PIN_EVENT_REFUSED, actor=actor
    ).count()


def manager_pin_check(
    *, cooperative: Cooperative, actor: User, pin: str, target: Any, ip_address: str | None = None
) -> User:
    """Check the manager's PIN typed at the till for a void or return; returns the manager who approves.

    A wrong PIN is refused (403, code wrong_pin) and the attempt audited in its own transaction, so it stays even
    though the void is refused; after 5 wrong tries in 10 minutes the cashier is refused without a check."""
    settings = MartSettings.objects.filter(cooperative=cooperative).first()
    if settings is None or not settings.manager_pin_hash:
        raise PermissionDeniedError(
            _("The manager has not set a PIN yet (mart settings)."), code=error_codes.PIN_NOT_SET
        )
    if _refused_recently(cooperative, actor) >= PIN_TRIES:
        raise PermissionDeniedError(
            _("Too many wrong PINs: try again in 10 minutes."), code=error_codes.PIN_LOCKED, extra={"field": "pin"}
        )
    if not check_password((pin or "").strip(), settings.manager_pin_hash):
        with transaction.atomic():
            audit_record(
                actor=actor,
                event="mart.pin_refused",
                target=target,
                cooperative=cooperative,
                changes={},
                ip_address=ip_address,
            )
        raise PermissionDeniedError(
            _("The manager's PIN is wrong."), code=error_codes.WRONG_PIN, extra={"field": "pin"}
        )
    # The manager who set the PIN approves what it unlocks.
    setter = (
        AuditLog.objects.filter(cooperative=cooperative, event="mart.settings_updated", changes__has_key="manager_pin")
        .order_by("-created_at", "-id")
        .values_list("actor_id", flat=True)
        .first()
    )
    if setter is not None:
        approver = User.objects.filter(pk=setter).first()
        if approver is not None:
            return approver
    return actor
