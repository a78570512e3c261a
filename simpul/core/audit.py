"""Write the audit trail. Services call `audit_record` inside their own transaction."""

import datetime
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from babel.dates import format_date
from django.apps import apps as django_apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.backends.utils import CursorWrapper
from django.utils import timezone
from django.utils.translation import get_language

from simpul.core.lean_sql import Earlier, Write, insert_row, insert_write, new_instance, rows_insert_write
from simpul.core.masking import HIDDEN, mask_audit_changes, mask_audit_label, mask_name
from simpul.core.models import AuditLog, User
from simpul.core.money import format_rupiah
from simpul.core.network import client_address
from simpul.core.templatetags.simpul import tanggal

if TYPE_CHECKING:
    from django.http import HttpRequest


def model_changes(instance: models.Model, fields: list[str], before: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed, as strings so JSON keeps them exactly."""
    changed = {}
    for name in fields:
        new = getattr(instance, name)
        old = before.get(name)
        if old != new:
            changed[name] = [_plain(old), _plain(new)]
    return changed


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)


def audit_record(
    *,
    actor: User | None,
    event: str,
    target: models.Model,
    cooperative: Any = None,
    cooperative_id: int | None = None,
    region_code: str = "",
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
    using: CursorWrapper | None = None,
) -> AuditLog:
    """`cooperative` (any object with `pk` and `village_id`) files the row under that cooperative and its region.

    `using`: the lean-SQL cursor of a posting path that sends several statements (simpul/core/lean_sql.py)."""
    values = _values(actor, event, target, cooperative, cooperative_id, region_code, changes, ip_address)
    values["target_id"] = str(target.pk)
    # Every posting writes one: plain SQL (lean_sql) keeps it cheap.
    return new_instance(AuditLog, insert_row(AuditLog, values, using=using), values)


def audit_record_many(
    *,
    actor: User | None,
    event: str,
    changes_by_target: Iterable[tuple[models.Model, dict[str, Any]]],
    cooperative: Any,
    ip_address: str | None = None,
) -> None:
    """One audit row per saved target, written in bulk (an import of many rows)."""
    AuditLog.objects.bulk_create(
        [
            AuditLog(
                **_values(actor, event, target, cooperative, None, "", changes, ip_address), target_id=str(target.pk)
            )
            for target, changes in changes_by_target
        ],
        batch_size=1000,
    )


def audit_write(
    *,
    actor: User | None,
    event: str,
    target: models.Model,
    target_id: Earlier,
    cooperative: Any = None,
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> Write:
    """The audit row of a target written by an earlier part of the same `lean_sql.run_writes` (`target_id`)."""
    values = _values(actor, event, target, cooperative, None, "", changes, ip_address)
    values["target_id"] = target_id
    return insert_write("audit", AuditLog, [values])


def audit_rows_write(
    *,
    actor: User | None,
    event: str,
    targets: Sequence[tuple[models.Model, dict[str, Any]]],
    cooperative: Any,
    ip_address: str | None = None,
) -> Write:
    """One audit row per target (written in the same statement, under an id it already has): a till's synced batch.
    PostgreSQL only (lean_sql.rows_insert_write)."""
    rows = []
    for target, changes in targets:
        values = _values(actor, event, target, cooperative, None, "", changes, ip_address)
        values["target_id"] = str(target.pk)
        rows.append(values)
    return rows_insert_write("audit", AuditLog, rows)


def _values(
    actor: User | None,
    event: str,
    target: models.Model,
    cooperative: Any,
    cooperative_id: int | None,
    region_code: str,
    changes: dict[str, Any] | None,
    ip_address: str | None,
) -> dict[str, Any]:
    if cooperative is not None:
        cooperative_id = cooperative.pk
        region_code = cooperative.village_id or ""
    return {
        "cooperative_id": cooperative_id,
        "region_code": region_code,
        "actor_id": actor.pk if actor is not None and actor.pk else None,
        "event": event,
        "target_type": target._meta.label_lower,
        "target_label": str(target)[:255],
        "changes": changes or {},
        "ip_address": ip_address,
        "created_at": timezone.now(),
    }


def client_ip(request: "HttpRequest") -> str | None:
    # The same address login throttling counts: REMOTE_ADDR, or X-Forwarded-For behind trusted proxies.
    return client_address(request)


# --- Describing audit rows for people ----------------------------------------------------------------------------
#
# Each app registers, from its AppConfig.ready(), a describer per event it writes (its `audit_sentences` module):
# a function turning a stored row into a sentence ("Setoran Rp25.000 ke Simpanan Wajib Siti Nurhasanah (00306)").
# Lower apps show rows written by higher ones without importing them. A describer reads only the row and the
# references its `refs` asked for; the references of a whole page are fetched by one loader call per kind (one
# query each, whatever the page's size), never one query per row.

AuditRef = tuple[str, str]  # (kind, id): a "member" 488, a "journal_entry" 91


class AuditRow:
    """One audit row as a describer reads it: the changes (masked unless the viewer reads personal data), the
    references loaded for the page, and helpers that format and mask values the same way on every page."""

    def __init__(self, log: AuditLog, *, personal_data: bool, loaded: dict[AuditRef, Any]) -> None:
        self.log = log
        self.event = log.event
        self.personal_data = personal_data
        recorded = log.changes if isinstance(log.changes, dict) else {}
        self.changes: dict[str, Any] = recorded if personal_data else mask_audit_changes(log.target_type, recorded)
        self.target_label = log.target_label if personal_data else mask_audit_label(log.target_type, log.target_label)
        self._loaded = loaded

    def ref(self, kind: str, key: Any) -> Any:
        """What the `kind` loader found for `key` (None if the row it named is gone)."""
        return self._loaded.get((kind, str(key)))

    def value(self, key: str, default: Any = "") -> Any:
        """A recorded change; of a [before, after] pair, the value after."""
        value = self.changes.get(key, default)
        if isinstance(value, list) and len(value) == 2:
            return value[1]
        return value

    def before(self, key: str, default: Any = "") -> Any:
        value = self.changes.get(key, default)
        return value[0] if isinstance(value, list) and len(value) == 2 else default

    def person(self, name: Any) -> str:
        """A person's name, as initials for a viewer who may not read personal data."""
        text = str(name or "").strip()
        return text if self.personal_data or not text else mask_name(text)

    def money(self, amount: Any) -> str:
        """Rp25.000; a masked or unreadable amount shows as recorded (•••)."""
        if amount is None or amount == "" or amount == HIDDEN:
            return HIDDEN if amount == HIDDEN else "—"
        try:
            return format_rupiah(Decimal(str(amount)))
        except (InvalidOperation, ValueError):
            return str(amount)

    def date(self, value: Any) -> str:
        """25 November 2026 from a stored ISO date; anything else as stored."""
        try:
            return tanggal(datetime.date.fromisoformat(str(value)[:10]))
        except ValueError:
            return str(value or "—")

    def month(self, value: Any) -> str:
        """Desember 2026 from a stored ISO date."""
        try:
            first = datetime.date.fromisoformat(str(value)[:10])
        except ValueError:
            return str(value or "—")
        locale = "id_ID" if (get_language() or "id").startswith("id") else "en_GB"
        return format_date(first, format="LLLL y", locale=locale)

    def changed_fields(self, labels: dict[str, Any] | None = None) -> str:
        """The names of the changed fields ("nama, alamat"), labelled by `labels` or the target model's fields."""
        try:
            model: Any = django_apps.get_model(self.log.target_type)
        except (LookupError, ValueError):
            model = None
        names = []
        for key in self.changes:
            label = (labels or {}).get(key)
            if label is None and model is not None:
                try:
                    label = model._meta.get_field(key).verbose_name
                except FieldDoesNotExist:
                    label = None
            names.append(str(label if label is not None else key))
        return ", ".join(names)


class AuditDescriber:
    def __init__(
        self,
        sentence: Callable[[AuditRow], str],
        refs: Callable[[AuditLog], Iterable[AuditRef]] | None,
        details: bool | Iterable[str],
    ) -> None:
        self.sentence = sentence
        self.refs = refs
        # True: every change; a set of keys: those changes; False: none.
        self.details: bool | frozenset[str] = details if isinstance(details, bool) else frozenset(details)


_describers: dict[str, AuditDescriber] = {}
_loaders: dict[str, Callable[[set[str]], dict[str, Any]]] = {}


def audit_describer_add(
    events: Iterable[str],
    sentence: Callable[[AuditRow], str],
    *,
    refs: Callable[[AuditLog], Iterable[AuditRef]] | None = None,
    details: bool | Iterable[str] = False,
) -> None:
    """Describe the rows of `events` with `sentence`; `refs(log)` names what the sentence needs loaded.

    `details`: True when the sentence names what changed but not how (an edit of several fields): the trail lists
    each change under it (before → after); or the keys of the changes the sentence leaves out (a new member's NIK)
    to list under it. False (the default): the sentence says it all."""
    for event in events:
        _describers[event] = AuditDescriber(sentence, refs, details)


def audit_loader_add(kind: str, load: Callable[[set[str]], dict[str, Any]]) -> None:
    """`load(ids)` returns {id: object} for the references of `kind` named on a page, in one query."""
    _loaders[kind] = load


def audit_described_events() -> frozenset[str]:
    return frozenset(_describers)


def audit_details(event: str, changes: dict[str, Any]) -> dict[str, Any]:
    """The changes of a row listed under its sentence (all of them for an event without a describer)."""
    describer = _describers.get(event)
    if describer is None or describer.details is True:
        return changes
    if describer.details is False:
        return {}
    return {key: value for key, value in changes.items() if key in describer.details}


def _unknown_sentence(row: AuditRow) -> str:
    # An event nobody registered (tests/test_audit_sentences.py keeps this from happening): shown as recorded.
    return " · ".join(filter(None, [row.event, row.target_label]))


def audit_sentences(logs: Sequence[AuditLog], *, personal_data: bool) -> list[str]:
    """The sentence of each row, in order: one loader call per kind of reference named on the page."""
    wanted: dict[str, set[str]] = {}
    for log in logs:
        describer = _describers.get(log.event)
        if describer is not None and describer.refs is not None:
            for kind, key in describer.refs(log):
                if key not in (None, ""):
                    wanted.setdefault(kind, set()).add(str(key))
    loaded: dict[AuditRef, Any] = {}
    for kind, keys in wanted.items():
        for key, found in _loaders[kind](keys).items():
            loaded[(kind, str(key))] = found
    sentences = []
    for log in logs:
        row = AuditRow(log, personal_data=personal_data, loaded=loaded)
        describer = _describers.get(log.event)
        sentences.append(describer.sentence(row) if describer is not None else _unknown_sentence(row))
    return sentences
