"""Text longer than its column is refused with a message, never cut.

Forms and API schemas cap each text at its column's length before a service runs; a service checks again,
because not every caller has a form (a member file, a management command, another service passing text on).
A silent cut would store something else than what the person wrote: a name missing its last word.
"""

from django.utils.translation import gettext as _

from simpul.core.exceptions import ApplicationError

TOO_LONG = "too_long"


def refuse_too_long(text: str, *, max_length: int, field: str, label: str) -> str:
    """`text` unchanged if it fits in `max_length` characters; otherwise a 400 naming the field and the limit."""
    if len(text) > max_length:
        raise ApplicationError(
            _("%(label)s is too long: %(count)s characters, at most %(max)s.")
            % {"label": label, "count": len(text), "max": max_length},
            code=TOO_LONG,
            extra={"field": field, "max_length": max_length},
        )
    return text
