"""Checks on the identifiers and references an organisation is registered with."""

import datetime
import re
from typing import Any

from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from simpul.coops import error_codes
from simpul.core.exceptions import ApplicationError
from simpul.regions.models import Region, RegionLevel, within

_SIXTEEN_DIGITS = re.compile(r"[0-9]{16}")
_REGION_CODE = re.compile(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
RESERVED_SLUGS = {"baru", "cari", "admin", "api", "static", "media"}


def validate_nik_koperasi(raw: str) -> str:
    """NIK Koperasi: 16 digits, the first four being the Kemendagri code of an existing regency/city."""
    value = re.sub(r"[\s.\-]", "", raw or "")
    if not _SIXTEEN_DIGITS.fullmatch(value):
        raise ApplicationError(
            _("NIK Koperasi must be exactly 16 digits."),
            code=error_codes.INVALID_NIK_KOPERASI,
            extra={"field": "nik_koperasi"},
        )
    regency = f"{value[:2]}.{value[2:4]}"
    if not Region.objects.filter(code=regency, level=RegionLevel.REGENCY).exists():
        raise ApplicationError(
            _("NIK Koperasi must start with the code of an existing regency/city; %(code)s is not one.")
            % {"code": value[:4]},
            code=error_codes.INVALID_NIK_KOPERASI,
            extra={"field": "nik_koperasi"},
        )
    return value


def validate_region_code(raw: str, *, field: str = "region") -> Region:
    code = (raw or "").strip()
    region = Region.objects.filter(code=code).first() if _REGION_CODE.fullmatch(code) else None
    if region is None:
        raise ApplicationError(
            _("“%(code)s” is not a Kemendagri region code (use the dotted form, e.g. 32.73.01.1001).") % {"code": code},
            code=error_codes.INVALID_REGION,
            extra={"field": field},
        )
    return region


def validate_village(raw: str, *, field: str = "village") -> Region:
    region = validate_region_code(raw, field=field)
    if region.level != RegionLevel.VILLAGE:
        raise ApplicationError(
            _("%(name)s is a %(level)s, not a village (desa/kelurahan). Choose a village.")
            % {"name": region.name, "level": region.get_level_display()},
            code=error_codes.NOT_A_VILLAGE,
            extra={"field": field},
        )
    return region


def validate_within_scope(region: Region, scope_code: str, *, field: str = "village") -> None:
    """Refuse a region outside an office's subtree ('' is the whole country)."""
    if not within(region.code, scope_code):
        raise ApplicationError(
            _("%(name)s lies outside your office's region.") % {"name": region.path},
            code=error_codes.OUTSIDE_SCOPE,
            extra={"field": field},
        )


def validate_slug(raw: str) -> str:
    value = (raw or "").strip().lower()
    if not _SLUG.fullmatch(value) or len(value) > 80 or value in RESERVED_SLUGS:
        raise ApplicationError(
            _("The web address may hold only lower-case letters, digits and hyphens (e.g. kud-sumber-rejeki)."),
            code=error_codes.INVALID_SLUG,
            extra={"field": "slug"},
        )
    return value


def slug_from_name(name: str) -> str:
    return slugify(name)[:80].strip("-") or "koperasi"


def free_slug(name: str, taken_in: QuerySet[Any]) -> str:
    """A web address made from the name that no row of `taken_in` uses yet. Names repeat across villages
    ("KUD Sumber Rejeki"), so a taken or reserved one gets -2, -3, …; only a typed web address is refused."""
    base = slug_from_name(name)
    if base in RESERVED_SLUGS:
        base = f"koperasi-{base}"
    stem = base[:72].rstrip("-")
    taken = set(taken_in.filter(slug__startswith=stem).values_list("slug", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"


def validate_not_future(value: datetime.date | None, *, today: datetime.date, field: str, label: str) -> None:
    """`today` is the cooperative's own (Cooperative.today()): a deed signed today in Jayapura is not refused while
    Jakarta is still on yesterday."""
    if value is not None and value > today:
        raise ApplicationError(
            _("%(label)s cannot be in the future.") % {"label": label},
            code=error_codes.DATE_IN_FUTURE,
            extra={"field": field},
        )


def validate_required(value: str | None, *, field: str, label: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ApplicationError(
            _("%(label)s is required.") % {"label": label}, code=error_codes.REQUIRED, extra={"field": field}
        )
    return text


ALLOWED_DOCUMENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
_MAGIC = {b"%PDF": "pdf", b"\x89PNG": "png", b"\xff\xd8\xff": "jpg"}


def validate_document(upload: object) -> None:
    """PDF, JPEG or PNG up to 5 MB, checked by its first bytes, not by the name it came with."""
    size = getattr(upload, "size", 0) or 0
    if size > MAX_DOCUMENT_BYTES:
        raise ApplicationError(
            _("The document is larger than 5 MB."), code=error_codes.INVALID_FILE, extra={"field": "document"}
        )
    head = upload.read(4)  # type: ignore[attr-defined]
    upload.seek(0)  # type: ignore[attr-defined]
    if not any(head.startswith(magic) for magic in _MAGIC):
        raise ApplicationError(
            _("The document must be a PDF, JPEG or PNG file."),
            code=error_codes.INVALID_FILE,
            extra={"field": "document"},
        )
