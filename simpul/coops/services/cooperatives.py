"""Registering cooperatives, editing their profile, and their outlets."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from simpul.coops import error_codes
from simpul.coops.hooks import cooperative_figures_changed, cooperative_registered_hooks_run
from simpul.coops.models import (
    Cooperative,
    CooperativeStatus,
    CooperativeType,
    GovernmentOffice,
    Outlet,
    OutletKind,
)
from simpul.coops.validators import (
    free_slug,
    validate_nik_koperasi,
    validate_not_future,
    validate_required,
    validate_slug,
    validate_village,
    validate_within_scope,
)
from simpul.core.audit import audit_record, model_changes, snapshot
from simpul.core.db import save_or_refuse
from simpul.core.exceptions import ApplicationError, PermissionDeniedError
from simpul.core.identifiers import phone_to_e164
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.regions.models import Region

PROFILE_FIELDS = [
    "name",
    "nik_koperasi",
    "deed_number",
    "deed_date",
    "type",
    "is_sharia",
    "village",
    "address",
    "phone",
    "whatsapp",
    "email",
    "founded_on",
    "fiscal_year_start_month",
    "status",
    "description",
]

SHARIA_TYPES = {CooperativeType.KSPPS}

# Legal identity: where the cooperative sits, its legal form and status, its registration numbers. Only the Dinas
# changes them (services/identity.py); a manager requests the change.
LEGAL_FIELDS = ["village", "type", "is_sharia", "status", "nik_koperasi", "deed_number", "deed_date"]


def _choice(value: str, choices: type[Any], *, field: str, label: str) -> str:
    if value not in choices.values:
        raise ApplicationError(
            _("%(label)s “%(value)s” is not one of the allowed choices.") % {"label": label, "value": value},
            code="invalid_choice",
            extra={"field": field},
        )
    return value


def _optional_phone(raw: str | None, field: str) -> str:
    return phone_to_e164(raw, field=field) if raw and raw.strip() else ""


def _place_in_village(cooperative: Cooperative, village: Region) -> None:
    cooperative.village = village
    cooperative.province_code = village.province_code
    cooperative.regency_code = village.regency_code
    cooperative.district_code = village.district_code


def apply_profile(cooperative: Cooperative, data: dict[str, Any]) -> None:
    """Validate and set the profile fields present in `data`; raises before anything is saved."""
    if "name" in data:
        cooperative.name = refuse_too_long(
            validate_required(data["name"], field="name", label=_("Name")),
            max_length=200,
            field="name",
            label=_("Name"),
        )
        cooperative.search_name = cooperative.name.lower()
    if "nik_koperasi" in data:
        raw = (data["nik_koperasi"] or "").strip()
        cooperative.nik_koperasi = validate_nik_koperasi(raw) if raw else None
    if "type" in data:
        cooperative.type = _choice(data["type"], CooperativeType, field="type", label=_("Type"))
    if "status" in data:
        cooperative.status = _choice(data["status"], CooperativeStatus, field="status", label=_("Status"))
    if "village" in data:
        _place_in_village(cooperative, validate_village(data["village"]))
    for field in ("deed_number", "address", "description"):
        if field in data:
            setattr(cooperative, field, (data[field] or "").strip())
    if "email" in data:
        cooperative.email = (data["email"] or "").strip().lower()
    for field in ("phone", "whatsapp"):
        if field in data:
            setattr(cooperative, field, _optional_phone(data[field], field))
    today = cooperative.today()  # the village (its zone) is set above
    if "deed_date" in data:
        validate_not_future(data["deed_date"], today=today, field="deed_date", label=_("The deed date"))
        cooperative.deed_date = data["deed_date"]
    if "founded_on" in data:
        validate_not_future(
            data["founded_on"], today=cooperative.today(), field="founded_on", label=_("The founding date")
        )
        cooperative.founded_on = data["founded_on"]
    if "fiscal_year_start_month" in data:
        month = int(data["fiscal_year_start_month"] or 1)
        if not 1 <= month <= 12:
            raise ApplicationError(
                _("The fiscal year must start in a month from 1 to 12."),
                code="invalid_month",
                extra={"field": "fiscal_year_start_month"},
            )
        cooperative.fiscal_year_start_month = month
    if "is_sharia" in data:
        cooperative.is_sharia = bool(data["is_sharia"])
    if cooperative.type in SHARIA_TYPES:
        cooperative.is_sharia = True


def check_unique(cooperative: Cooperative) -> None:
    others = Cooperative.objects.exclude(pk=cooperative.pk)
    if others.filter(slug=cooperative.slug).exists():
        raise ApplicationError(
            _("The web address “%(slug)s” is already used by another cooperative.") % {"slug": cooperative.slug},
            code=error_codes.DUPLICATE_SLUG,
            extra={"field": "slug"},
        )
    if cooperative.nik_koperasi and others.filter(nik_koperasi=cooperative.nik_koperasi).exists():
        raise ApplicationError(
            _("NIK Koperasi %(nik)s is already registered to another cooperative.") % {"nik": cooperative.nik_koperasi},
            code=error_codes.DUPLICATE_NIK_KOPERASI,
            extra={"field": "nik_koperasi"},
        )


@transaction.atomic
def cooperative_register(
    *,
    actor: User,
    office: GovernmentOffice | None,
    name: str,
    type: str,
    village: str,
    slug: str = "",
    ip_address: str | None = None,
    **profile: Any,
) -> Cooperative:
    """A Dinas officer (or a platform admin, office=None) registers a cooperative in its region."""
    cooperative = Cooperative(status=CooperativeStatus.ACTIVE)
    apply_profile(cooperative, {"name": name, "type": type, "village": village, **profile})
    if office is not None:
        validate_within_scope(cooperative.village, office.scope_code)
    cooperative.slug = validate_slug(slug) if slug.strip() else free_slug(cooperative.name, Cooperative.objects.all())
    check_unique(cooperative)
    save_or_refuse(cooperative, lambda: check_unique(cooperative))
    audit_record(
        actor=actor,
        event="cooperative.registered",
        target=cooperative,
        cooperative=cooperative,
        changes={"office": office.name if office else None, "name": cooperative.name},
        ip_address=ip_address,
    )
    cooperative_registered_hooks_run(cooperative=cooperative, actor=actor)  # e.g. the ledger's chart of accounts
    cooperative_figures_changed(cooperative_ids=[cooperative.pk], kinds={"profile"})
    return cooperative


@transaction.atomic
def cooperative_update(
    *, cooperative: Cooperative, actor: User, data: dict[str, Any], ip_address: str | None = None
) -> Cooperative:
    """A manager edits the profile. Only fields in `data` change; nothing is saved if one is refused."""
    cooperative = Cooperative.objects.select_for_update().get(pk=cooperative.pk)
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            code="unknown_fields",
        )
    before = snapshot(cooperative, PROFILE_FIELDS)
    apply_profile(cooperative, data)
    _refuse_legal_changes(cooperative, before)
    check_unique(cooperative)
    changes = model_changes(cooperative, PROFILE_FIELDS, before)
    if changes:
        save_or_refuse(cooperative, lambda: check_unique(cooperative))
        audit_record(
            actor=actor,
            event="cooperative.updated",
            target=cooperative,
            cooperative=cooperative,
            changes=changes,
            ip_address=ip_address,
        )
        cooperative_figures_changed(cooperative_ids=[cooperative.pk], kinds={"profile"})
    return cooperative


def _refuse_legal_changes(cooperative: Cooperative, before: dict[str, Any]) -> None:
    """The profile form sends every field; a legal one may come back as it was, but not changed."""
    changed = [f for f in LEGAL_FIELDS if f in model_changes(cooperative, LEGAL_FIELDS, before)]
    if changed:
        raise PermissionDeniedError(
            _(
                "The region, legal form, status and registration numbers are changed by the Dinas Koperasi. "
                "Send a legal identity change request instead (%(fields)s)."
            )
            % {"fields": ", ".join(changed)},
            code=error_codes.LEGAL_IDENTITY_VIA_DINAS,
            extra={"field": changed[0], "fields": changed},
        )


def _apply_outlet(outlet: Outlet, data: dict[str, Any]) -> None:
    if "name" in data:
        outlet.name = refuse_too_long(
            validate_required(data["name"], field="name", label=_("Name")),
            max_length=120,
            field="name",
            label=_("Name"),
        )
    if "kind" in data:
        outlet.kind = _choice(data["kind"], OutletKind, field="kind", label=_("Kind"))
    if "address" in data:
        outlet.address = (data["address"] or "").strip()
    if "village" in data:
        outlet.village = validate_village(data["village"]) if data["village"] else None
    if "is_active" in data:
        outlet.is_active = bool(data["is_active"])


def _check_outlet_name(outlet: Outlet) -> None:
    if Outlet.objects.filter(cooperative_id=outlet.cooperative_id, name=outlet.name).exclude(pk=outlet.pk).exists():
        raise ApplicationError(
            _("This cooperative already has an outlet named “%(name)s”.") % {"name": outlet.name},
            code=error_codes.DUPLICATE_OUTLET,
            extra={"field": "name"},
        )


OUTLET_FIELDS = ["name", "kind", "address", "village", "is_active"]


@transaction.atomic
def outlet_create(
    *, cooperative: Cooperative, actor: User, data: dict[str, Any], ip_address: str | None = None
) -> Outlet:
    outlet = Outlet(cooperative=cooperative)
    _apply_outlet(outlet, {"kind": OutletKind.MART, **data})
    _check_outlet_name(outlet)
    save_or_refuse(outlet, lambda: _check_outlet_name(outlet))
    audit_record(
        actor=actor,
        event="outlet.created",
        target=outlet,
        cooperative=cooperative,
        changes={"name": outlet.name, "kind": outlet.kind},
        ip_address=ip_address,
    )
    return outlet


@transaction.atomic
def outlet_update(
    *, cooperative: Cooperative, actor: User, outlet_id: int, data: dict[str, Any], ip_address: str | None = None
) -> Outlet:
    outlet = access_outlet(cooperative, outlet_id, lock=True)
    before = snapshot(outlet, OUTLET_FIELDS)
    _apply_outlet(outlet, data)
    _check_outlet_name(outlet)
    changes = model_changes(outlet, OUTLET_FIELDS, before)
    if changes:
        save_or_refuse(outlet, lambda: _check_outlet_name(outlet))
        audit_record(
            actor=actor,
            event="outlet.updated",
            target=outlet,
            cooperative=cooperative,
            changes=changes,
            ip_address=ip_address,
        )
    return outlet


def access_outlet(cooperative: Cooperative, outlet_id: int, *, lock: bool = False) -> Outlet:
    from simpul.core.exceptions import NotFoundError

    qs = Outlet.objects.filter(cooperative=cooperative, pk=outlet_id)
    outlet = (qs.select_for_update() if lock else qs).first()
    if outlet is None:
        raise NotFoundError.plain()
    return outlet
