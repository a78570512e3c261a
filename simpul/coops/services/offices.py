"""Registering a government office: a Dinas Koperasi of a regency/city or province, or the ministry."""

from django.db import transaction
from django.utils.translation import gettext as _

from simpul.coops import error_codes
from simpul.coops.models import GovernmentOffice, OfficeKind
from simpul.coops.validators import free_slug, validate_region_code, validate_required
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError
from simpul.core.identifiers import phone_to_e164
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.regions.models import RegionLevel

# The level of region each kind of office oversees; the ministry oversees the whole country.
OFFICE_REGION_LEVEL = {
    OfficeKind.REGENCY: RegionLevel.REGENCY,
    OfficeKind.PROVINCE: RegionLevel.PROVINCE,
    OfficeKind.MINISTRY: None,
}


@transaction.atomic
def office_register(
    *,
    actor: User | None,
    name: str,
    kind: str,
    region_code: str = "",
    address: str = "",
    phone: str = "",
    ip_address: str | None = None,
) -> GovernmentOffice:
    """A platform admin registers an office; its region decides what its officers see."""
    clean_name = refuse_too_long(
        validate_required(name, field="name", label=_("Name")), max_length=200, field="name", label=_("Name")
    )
    if kind not in OfficeKind.values:
        raise ApplicationError(
            _("%(label)s “%(value)s” is not one of the allowed choices.") % {"label": _("Kind"), "value": kind},
            code="invalid_choice",
            extra={"field": "kind"},
        )
    level = OFFICE_REGION_LEVEL[OfficeKind(kind)]
    region = None
    if level is None:
        if region_code.strip():
            raise ApplicationError(
                _("The ministry oversees the whole country; leave the region empty."),
                code=error_codes.INVALID_REGION,
                extra={"field": "region"},
            )
    else:
        region = validate_region_code(region_code, field="region")
        if region.level != level:
            raise ApplicationError(
                _("A %(kind)s must name a %(level)s; %(name)s is a %(actual)s.")
                % {
                    "kind": OfficeKind(kind).label,
                    "level": RegionLevel(level).label,
                    "name": region.name,
                    "actual": region.get_level_display(),
                },
                code=error_codes.INVALID_REGION,
                extra={"field": "region"},
            )
    office = GovernmentOffice.objects.create(
        name=clean_name,
        slug=free_slug(clean_name, GovernmentOffice.objects.all()),
        kind=kind,
        region=region,
        address=address.strip(),
        phone=phone_to_e164(phone) if phone.strip() else "",
    )
    audit_record(
        actor=actor,
        event="office.registered",
        target=office,
        region_code=region.code if region else "",
        changes={"name": office.name, "kind": office.kind, "region": region.code if region else None},
        ip_address=ip_address,
    )
    return office
