"""The audit trail's sentences for the potential map (registered from PotentialConfig.ready())."""

from django.utils.translation import gettext as _

from simpul.core.audit import AuditRow, audit_describer_add


def _boundaries(row: AuditRow) -> str:
    return _("%(count)s region boundaries imported (%(replaced)s replaced)") % {
        "count": row.value("count") or 0,
        "replaced": row.value("replaced") or 0,
    }


def _survey(row: AuditRow) -> str:
    return _("Commodity survey recorded: %(commodity)s in %(village)s") % {
        "commodity": row.value("commodity") or "—",
        "village": row.value("village") or "—",
    }


def _surveys(row: AuditRow) -> str:
    return _("%(count)s commodity survey rows imported") % {"count": row.value("count") or 0}


def register() -> None:
    audit_describer_add(["boundaries.imported"], _boundaries)
    audit_describer_add(["survey.recorded"], _survey)
    audit_describer_add(["surveys.imported"], _surveys)
