"""Suppliers of the mart: who it buys from, and what it owes each (their balance)."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative, Supplier
from simpul.core.audit import audit_record, model_changes, snapshot
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.mart import error_codes
from simpul.mart.books import mart_books_ensure
from simpul.mart.models import (
    MartSupplier,
)


def supplier_get(cooperative: Cooperative, supplier_id: Any, *, lock: bool = False) -> MartSupplier:
    try:
        pk = int(supplier_id)
    except (TypeError, ValueError):
        raise NotFoundError.plain() from None
    rows = MartSupplier.objects.filter(cooperative=cooperative, pk=pk)
    found = (rows.select_for_update() if lock else rows).first()
    if found is None:
        raise NotFoundError.plain()
    return found


def _supplier_fields(cooperative: Cooperative, data: dict[str, Any], instance: MartSupplier | None) -> dict[str, Any]:
    name = str(data.get("name") or "").strip()
    if not name:
        raise ApplicationError(_("Enter the supplier's name."), code=error_codes.REQUIRED, extra={"field": "name"})
    refuse_too_long(name, max_length=150, field="name", label=_("Name"))
    phone = refuse_too_long(str(data.get("phone") or "").strip(), max_length=20, field="phone", label=_("Phone"))
    address = refuse_too_long(
        str(data.get("address") or "").strip(), max_length=255, field="address", label=_("Address")
    )
    clash = MartSupplier.objects.filter(cooperative=cooperative, name__iexact=name)
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise ApplicationError(
            _("A supplier named %(name)s already exists.") % {"name": name},
            code=error_codes.DUPLICATE_SUPPLIER,
            extra={"field": "name"},
        )
    platform: Supplier | None = None
    if data.get("supplier_id"):
        platform = Supplier.objects.filter(pk=data["supplier_id"]).first()
        if platform is None:
            raise NotFoundError.plain()
    return {"name": name, "phone": phone, "address": address, "supplier": platform}


def _save_unique(instance: MartSupplier) -> None:
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise ApplicationError(
            _("A supplier named %(name)s already exists.") % {"name": instance.name},
            code=error_codes.DUPLICATE_SUPPLIER,
            extra={"field": "name"},
        ) from None


@transaction.atomic
def supplier_create(
    *, cooperative: Cooperative, actor: User | None, data: dict[str, Any], ip_address: str | None = None
) -> MartSupplier:
    """A supplier of the mart (a wholesaler, or a platform supplier it is linked to); it owes nothing yet."""
    fields = _supplier_fields(cooperative, data, None)
    mart_books_ensure(cooperative)
    supplier = MartSupplier(cooperative=cooperative, **fields)
    _save_unique(supplier)
    audit_record(
        actor=actor,
        event="mart.supplier_created",
        target=supplier,
        cooperative=cooperative,
        changes={"name": supplier.name},
        ip_address=ip_address,
    )
    return supplier


@transaction.atomic
def supplier_update(
    *,
    cooperative: Cooperative,
    actor: User | None,
    supplier_id: int,
    data: dict[str, Any],
    ip_address: str | None = None,
) -> MartSupplier:
    supplier = supplier_get(cooperative, supplier_id, lock=True)
    fields = _supplier_fields(cooperative, data, supplier)
    names = ["name", "phone", "address", "supplier_id"]
    before = snapshot(supplier, names)
    for key, value in fields.items():
        setattr(supplier, key, value)
    _save_unique(supplier)
    changes = model_changes(supplier, names, before)
    if changes:
        audit_record(
            actor=actor,
            event="mart.supplier_updated",
            target=supplier,
            cooperative=cooperative,
            changes=changes,
            ip_address=ip_address,
        )
    return supplier
