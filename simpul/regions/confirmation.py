"""A village outside the cooperative's regency/city is a choice to confirm, not a slip to take silently.

A hurried manager typing "Sukarasa" could pick Kabupaten Bogor's village for a member of a Bandung cooperative.
The picker ranks the cooperative's own district and regency first; this module is the server side: a form (with
or without JavaScript) and the API refuse such a village unless the person confirmed it (a checkbox, an explicit
API flag), with a message naming both places.
"""

from django.utils.translation import gettext as _

from simpul.core.exceptions import ApplicationError
from simpul.regions.models import Region, regency_of

OUTSIDE_REGENCY = "village_outside_regency"
# The form field (a checkbox next to the picker) and the API flag that confirm such a village.
CONFIRM_FIELD = "village_outside_ok"
CONFIRM_FLAG = "confirm_outside_regency"


def outside_regency(village_code: str | None, home_code: str | None) -> bool:
    """Whether `village_code` lies in another regency/city than `home_code` (the cooperative's village)."""
    home = regency_of(home_code or "")
    village = (village_code or "").strip()
    return bool(home) and village.count(".") == 3 and regency_of(village) != home


def check_outside_regency(village_code: str, *, home_code: str | None, confirmed: bool, field: str = "village") -> None:
    """Refuse a village outside the home regency/city unless `confirmed`; one query, only when it is outside."""
    if confirmed or not outside_regency(village_code, home_code):
        return
    village_code = village_code.strip()
    codes = [village_code, regency_of(village_code), regency_of(home_code or "")]
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    if village_code not in names:
        return  # not a village at all: the service says so with its own message
    raise ApplicationError(
        _(
            "%(village)s lies in %(regency)s, outside %(home)s where the cooperative is. If that is right, "
            "confirm the village outside the regency/city."
        )
        % {
            "village": names[village_code],
            "regency": names.get(codes[1], codes[1]),
            "home": names.get(codes[2], codes[2]),
        },
        code=OUTSIDE_REGENCY,
        extra={"field": field},
    )
