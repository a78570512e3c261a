"""Checks on a member's NIK (Nomor Induk Kependudukan): PP KK CC DDMMYY SSSS.

The structure is lokal-id's `parse_nik`; this module adds what it cannot know: the district must exist in our
region table, and the date and gender it encodes must be the ones the manager typed.
"""

import datetime
import re

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from lokal.nik import parse_nik

from simpul.core.exceptions import ApplicationError
from simpul.members import error_codes
from simpul.members.models import Gender
from simpul.regions.models import Region, RegionLevel

_SEPARATORS = re.compile(r"[\s.\-]")
_SIXTEEN_DIGITS = re.compile(r"[0-9]{16}")
# Women's NIKs carry the day of birth plus 40.
FEMALE_DAY_OFFSET = 40


def _refuse(message: str, code: str = error_codes.INVALID_NIK, field: str = "nik") -> ApplicationError:
    return ApplicationError(message, code=code, extra={"field": field})


def _nik_birth_date(digits: str, near: datetime.date | None) -> datetime.date | None:
    """The birth date the NIK encodes, its century taken from `near` (the typed birth date) when given."""
    day, month, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if day > FEMALE_DAY_OFFSET:
        day -= FEMALE_DAY_OFFSET
    years = [1900 + yy, 2000 + yy]
    if near is not None:
        years.sort(key=lambda year: abs(year - near.year))
    else:
        today = datetime.date.today()
        years = [2000 + yy] if 2000 + yy <= today.year else [1900 + yy]
    for year in years:
        try:
            return datetime.date(year, month, day)
        except ValueError:
            continue
    return None


def validate_nik(raw: str, *, gender: str | None = None, birth_date: datetime.date | None = None) -> str:
    """The 16 digits of a valid NIK whose district exists and whose date and gender match the ones given."""
    digits = _SEPARATORS.sub("", raw or "")
    if not _SIXTEEN_DIGITS.fullmatch(digits):
        raise _refuse(_("NIK must be exactly 16 digits."))
    district = f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}"
    if not Region.objects.filter(code=district, level=RegionLevel.DISTRICT).exists():
        raise _refuse(
            _("The first six digits of the NIK must be the code of an existing district (kecamatan); %(code)s is not.")
            % {"code": district}
        )
    info = parse_nik(digits)
    encoded = _nik_birth_date(digits, birth_date)
    if encoded is None or any(issue.code == "birth_date" for issue in info.errors):
        raise _refuse(
            _("Digits 7 to 12 of the NIK (%(part)s) are not a real date of birth (DDMMYY, +40 to the day for women).")
            % {"part": digits[6:12]}
        )
    if any(issue.code == "serial" for issue in info.errors):
        raise _refuse(_("The last four digits of the NIK cannot be 0000."))
    nik_gender = Gender.FEMALE if int(digits[6:8]) > FEMALE_DAY_OFFSET else Gender.MALE
    if gender and gender != nik_gender:
        message = (
            _("This NIK belongs to a woman (40 is added to her day of birth), but the gender chosen is male.")
            if nik_gender == Gender.FEMALE
            else _("This NIK belongs to a man, but the gender chosen is female.")
        )
        raise _refuse(message, error_codes.NIK_GENDER_MISMATCH, "gender")
    if birth_date is not None and birth_date != encoded:
        raise _refuse(
            _("The date of birth does not match the NIK, which says %(date)s.")
            % {"date": date_format(encoded, "j F Y")},
            error_codes.NIK_BIRTH_DATE_MISMATCH,
            "birth_date",
        )
    return digits
