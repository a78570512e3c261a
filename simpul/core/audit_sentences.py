"""The audit trail's sentences for the rows core writes: a person's API tokens.

Registered from CoreConfig.ready(); simpul/core/audit.py describes the registry."""

from django.utils.translation import gettext as _

from simpul.core.audit import AuditRow, audit_describer_add
from simpul.core.models import ApiTokenScope


def _token_created(row: AuditRow) -> str:
    words = {
        "name": row.value("name") or row.target_label,
        "scope": dict(ApiTokenScope.choices).get(row.value("scope"), row.value("scope")),
    }
    if row.value("expires_on"):
        words["date"] = row.date(row.value("expires_on"))
        return _("API token “%(name)s” created (%(scope)s, valid until %(date)s)") % words
    return _("API token “%(name)s” created (%(scope)s)") % words


def _token_revoked(row: AuditRow) -> str:
    words = {"name": row.value("name") or row.target_label}
    reason = row.value("reason")
    if reason == "password_changed":
        return _("API token “%(name)s” revoked because the password was changed") % words
    if reason == "password_reset":
        return _("API token “%(name)s” revoked because the password was reset") % words
    return _("API token “%(name)s” revoked") % words


def register() -> None:
    audit_describer_add(["api_token.created"], _token_created)
    audit_describer_add(["api_token.revoked"], _token_revoked)
