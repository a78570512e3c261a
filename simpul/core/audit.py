"""Write the audit trail. Services call `audit_record` inside their own transaction."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from simpul.core.lean_sql import Earlier, Write, insert_row, insert_write, new_instance
from simpul.core.models import AuditLog, User
from simpul.core.network import client_address

if TYPE_CHECKING:
    from django.http import HttpRequest


def model_changes(instance: models.Model, fields: list[str], before: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed, as strings so JSON keeps them exactly."""
    changed = {}
    for name in fields:
        new = getattr(instance, name)
        old = before.get(name)
        if old != new:
            changed[name] = [_plain(old), _plain(new)]
    return changed


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)


def audit_record(
    *,
    actor: User | None,
    event: str,
    target: models.Model,
    cooperative: Any = None,
    cooperative_id: int | None = None,
    region_code: str = "",
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
    using: CursorWrapper | None = None,
) -> AuditLog:
    """`cooperative` (any object with `pk` and `village_id`) files the row under that cooperative and its region.

    `using`: the lean-SQL cursor of a posting path that sends several statements (simpul/core/lean_sql.py)."""
    values = _values(actor, event, target, cooperative, cooperative_id, region_code, changes, ip_address)
    values["target_id"] = str(target.pk)
    # Every posting writes one: plain SQL (lean_sql) keeps it cheap.
    return new_instance(AuditLog, insert_row(AuditLog, values, using=using), values)


def audit_record_many(
    *,
    actor: User | None,
    event: str,
    changes_by_target: Iterable[tuple[models.Model, dict[str, Any]]],
    cooperative: Any,
    ip_address: str | None = None,
) -> None:
    """One audit row per saved target, written in bulk (an import of many rows)."""
    AuditLog.objects.bulk_create(
        [
            AuditLog(
                **_values(actor, event, target, cooperative, None, "", changes, ip_address), target_id=str(target.pk)
            )
            for target, changes in changes_by_target
        ],
        batch_size=1000,
    )


def audit_write(
    *,
    actor: User | None,
    event: str,
    target: models.Model,
    target_id: Earlier,
    cooperative: Any = None,
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> Write:
    """The audit row of a target written by an earlier part of the same `lean_sql.run_writes` (`target_id`)."""
    values = _values(actor, event, target, cooperative, None, "", changes, ip_address)
    values["target_id"] = target_id
    return insert_write("audit", AuditLog, [values])


def _values(
    actor: User | None,
    event: str,
    target: models.Model,
    cooperative: Any,
    cooperative_id: int | None,
    region_code: str,
    changes: dict[str, Any] | None,
    ip_address: str | None,
) -> dict[str, Any]:
    if cooperative is not None:
        cooperative_id = cooperative.pk
        region_code = cooperative.village_id or ""
    return {
        "cooperative_id": cooperative_id,
        "region_code": region_code,
        "actor_id": actor.pk if actor is not None and actor.pk else None,
        "event": event,
        "target_type": target._meta.label_lower,
        "target_label": str(target)[:255],
        "changes": changes or {},
        "ip_address": ip_address,
        "created_at": timezone.now(),
    }


def client_ip(request: "HttpRequest") -> str | None:
    # The same address login throttling counts: REMOTE_ADDR, or X-Forwarded-For behind trusted proxies.
    return client_address(request)
