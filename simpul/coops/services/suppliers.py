"""Suppliers keep their own company profile: contact details, NIB and the regions they serve."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from simpul.coops.models import Supplier
from simpul.coops.validators import free_slug, validate_region_code, validate_required
from simpul.core.audit import audit_record, model_changes, snapshot
from simpul.core.db import save_or_refuse
from simpul.core.exceptions import ApplicationError
from simpul.core.identifiers import phone_to_e164, validate_nib
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.regions.models import Region

SUPPLIER_FIELDS = ["name", "nib", "contact_name", "phone", "email", "address"]
MAX_REGIONS_SERVED = 200


def _email(raw: str | None) -> str:
    value = (raw or "").strip().lower()
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise ApplicationError(
                _("“%(value)s” is not a valid e-mail address.") % {"value": value},
                code="invalid_email",
                extra={"field": "email"},
            ) from None
    return value


def _apply_supplier(supplier: Supplier, data: dict[str, Any]) -> None:
    if "name" in data:
        supplier.name = refuse_too_long(
            validate_required(data["name"], field="name", label=_("Company name")),
            max_length=200,
            field="name",
            label=_("Company name"),
        )
    if "nib" in data:
        supplier.nib = validate_nib(data["nib"])
    for name in ("contact_name", "address"):
        if name in data:
            setattr(supplier, name, (data[name] or "").strip())
    if "phone" in data:
        raw = (data["phone"] or "").strip()
        supplier.phone = phone_to_e164(raw, field="phone") if raw else ""
    if "email" in data:
        supplier.email = _email(data["email"])


def _regions(codes: list[str]) -> list[Region]:
    """The regions named by `codes` (any level), in the order given, duplicates dropped; refuses an unknown code."""
    wanted = list(dict.fromkeys(c.strip() for c in codes if c and c.strip()))
    if len(wanted) > MAX_REGIONS_SERVED:
        raise ApplicationError(
            _("A supplier may list at most %(n)s regions served; choose provinces or regencies instead.")
            % {"n": MAX_REGIONS_SERVED},
            code="too_many_regions",
            extra={"field": "regions_served"},
        )
    found = Region.objects.in_bulk(wanted)
    for code in wanted:
        if code not in found:
            validate_region_code(code, field="regions_served")  # raises the region-code refusal
    return [found[c] for c in wanted]


def _check_nib_unique(supplier: Supplier) -> None:
    if Supplier.objects.exclude(pk=supplier.pk).filter(nib=supplier.nib).exists():
        raise ApplicationError(
            _("NIB %(nib)s is already registered to another supplier.") % {"nib": supplier.nib},
            code="duplicate_nib",
            extra={"field": "nib"},
        )


@transaction.atomic
def supplier_update(
    *, supplier: Supplier, actor: User, data: dict[str, Any], ip_address: str | None = None
) -> Supplier:
    """Supplier staff edit their company profile. Only keys in `data` change; `regions_served` is the whole
    new list of region codes. Everything is checked before anything is saved."""
    supplier = Supplier.objects.select_for_update().get(pk=supplier.pk)
    unknown = set(data) - {*SUPPLIER_FIELDS, "regions_served"}
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            code="unknown_fields",
        )
    before = snapshot(supplier, SUPPLIER_FIELDS)
    _apply_supplier(supplier, data)
    _check_nib_unique(supplier)
    changes = model_changes(supplier, SUPPLIER_FIELDS, before)

    new_regions: list[Region] | None = None
    if "regions_served" in data:
        new_regions = _regions(list(data["regions_served"] or []))
        old_codes = sorted(supplier.regions_served.values_list("code", flat=True))
        new_codes = sorted(r.code for r in new_regions)
        if old_codes != new_codes:
            changes["regions_served"] = [old_codes, new_codes]
        else:
            new_regions = None

    if changes:
        save_or_refuse(supplier, lambda: _check_nib_unique(supplier))
        if new_regions is not None:
            supplier.regions_served.set(new_regions)
        audit_record(
            actor=actor,
            event="supplier.updated",
            target=supplier,
            changes=changes,
            ip_address=ip_address,
        )
    return supplier


@transaction.atomic
def supplier_register(*, actor: User | None, data: dict[str, Any], ip_address: str | None = None) -> Supplier:
    """A platform admin registers a supplier company; its staff then keep the profile themselves."""
    unknown = set(data) - {*SUPPLIER_FIELDS, "regions_served"}
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            code="unknown_fields",
        )
    supplier = Supplier()
    _apply_supplier(supplier, {"name": data.get("name", ""), "nib": data.get("nib", ""), **data})
    _check_nib_unique(supplier)
    regions = _regions(list(data.get("regions_served") or []))
    supplier.slug = free_slug(supplier.name, Supplier.objects.all())
    save_or_refuse(supplier, lambda: _check_nib_unique(supplier))
    supplier.regions_served.set(regions)
    audit_record(
        actor=actor,
        event="supplier.registered",
        target=supplier,
        changes={"name": supplier.name, "nib": supplier.nib, "regions_served": [r.code for r in regions]},
        ip_address=ip_address,
    )
    return supplier
