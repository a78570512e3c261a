"""Audit rows described for people: shared by the cooperative's trail and the Dinas region trail.

Each row reads as a sentence ("Setoran Rp25.000 ke Simpanan Wajib Siti Nurhasanah (00306)") from the describer its
app registered (simpul/core/audit.py); rows that change several fields list each change under the sentence."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.core.audit import audit_details, audit_sentences
from simpul.core.masking import mask_actor_name, mask_audit_changes
from simpul.core.models import AuditLog

# Change keys that are not model fields, named for people.
_EXTRA_LABELS = {
    "network": gettext_lazy("network"),
    "coordinator": gettext_lazy("coordinator"),
    "office": gettext_lazy("office"),
    "note": gettext_lazy("note"),
    "user": gettext_lazy("user"),
}


@dataclass
class AuditChange:
    label: str
    old: Any
    new: Any
    is_pair: bool


@dataclass
class AuditEntry:
    log: AuditLog
    sentence: str
    changes: list[AuditChange] = field(default_factory=list)
    actor_name: str = ""


def _field_for(target_type: str, name: str) -> Any:
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _readable(model_field: Any, value: Any) -> Any:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(_readable(model_field, item)) for item in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in value.items()) or "—"
    choices = dict(getattr(model_field, "flatchoices", None) or [])
    return choices.get(value, value)


def describe_audit_logs(logs: Sequence[AuditLog], *, personal_data: bool) -> list[AuditEntry]:
    """A page of audit rows in words people read: each row's sentence, and for an edit each change labelled by the
    model's own field names. The sentences of the page take one query per kind of reference they name.

    `personal_data`: whether the viewer's role reads the member register (`access.reads_member_register`);
    without it NIK, phone, names and amounts are masked (simpul/core/masking.py)."""
    sentences = audit_sentences(logs, personal_data=personal_data)
    return [_entry(log, sentence, personal_data=personal_data) for log, sentence in zip(logs, sentences, strict=True)]


def describe_audit_log(log: AuditLog, *, personal_data: bool) -> AuditEntry:
    return describe_audit_logs([log], personal_data=personal_data)[0]


def _entry(log: AuditLog, sentence: str, *, personal_data: bool) -> AuditEntry:
    recorded = log.changes or {}
    actor_name = log.actor.full_name if log.actor_id and log.actor else ""
    if not personal_data:
        recorded = mask_audit_changes(log.target_type, recorded)
        actor_name = mask_actor_name(log.event, actor_name)
    changes = []
    for key, value in audit_details(log.event, recorded).items():
        model_field = _field_for(log.target_type, key)
        label = str(_EXTRA_LABELS.get(key) or getattr(model_field, "verbose_name", None) or key)
        if isinstance(value, list) and len(value) == 2:
            changes.append(AuditChange(label, _readable(model_field, value[0]), _readable(model_field, value[1]), True))
        else:
            changes.append(AuditChange(label, None, _readable(model_field, value), False))
    return AuditEntry(log=log, sentence=sentence, changes=changes, actor_name=actor_name)
