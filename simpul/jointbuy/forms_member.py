"""What a member cooperative's manager types on the round pages: the quantity and tolerance of every item (one form
posting every line at once), and the cases received and damaged of every allocated item.

Each field is read on its own, so a refusal is shown beside the field it belongs to; the services check everything
again (and what only they can check: the round still open, the cooperative's limit, what is still due)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from simpul.core.exceptions import ApplicationError
from simpul.jointbuy.models import RoundItem
from simpul.jointbuy.services.numbers import quantity_in, whole_in

ZERO = Decimal(0)
MAX_TYPED = 20  # characters a number field takes


def quantity_field(item_id: int) -> str:
    return f"quantity_{item_id}"


def tolerance_field(item_id: int) -> str:
    return f"tolerance_{item_id}"


def received_field(item_id: int) -> str:
    return f"received_{item_id}"


def damaged_field(item_id: int) -> str:
    return f"damaged_{item_id}"


def _typed(data: Mapping[str, Any], name: str) -> str:
    return str(data.get(name) or "").strip()[:MAX_TYPED]


def _number(text: str) -> str:
    """People write 12,5 for twelve and a half: the decimal comma becomes a point (no thousands separators in
    quantities)."""
    return text.replace(",", ".") if text.count(",") == 1 and "." not in text else text


@dataclass
class CommitForm:
    """Every item's typed quantity and tolerance, the values read from them and the refusals by field."""

    typed: dict[str, str] = field(default_factory=dict)  # field name → the text as typed
    values: dict[int, tuple[Decimal, Decimal]] = field(default_factory=dict)  # item id → (quantity, tolerance)
    errors: dict[str, str] = field(default_factory=dict)  # field name (or "" for the whole form) → message

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def lines(self) -> list[dict[str, Any]]:
        """commitments_set's lines: every item of the round (an empty quantity withdraws)."""
        return [
            {"item_id": item_id, "quantity": quantity, "tolerance": tolerance}
            for item_id, (quantity, tolerance) in self.values.items()
        ]

    def add_refusal(self, error: ApplicationError, items: Iterable[RoundItem]) -> None:
        """A refusal of the service, beside the line it names when it names one."""
        line = error.extra.get("line")
        ordered = list(items)
        if isinstance(line, int) and 1 <= line <= len(ordered):
            self.errors[quantity_field(ordered[line - 1].pk)] = error.message
        else:
            self.errors[""] = error.message


def commit_form(data: Mapping[str, Any], items: Iterable[RoundItem]) -> CommitForm:
    """Read every item's quantity and tolerance (empty is 0): whole units unless the item sells in fractions, never
    negative, the tolerance below a case."""
    form = CommitForm()
    for item in items:
        names = quantity_field(item.pk), tolerance_field(item.pk)
        quantity_text, tolerance_text = (_typed(data, name) for name in names)
        form.typed[names[0]], form.typed[names[1]] = quantity_text, tolerance_text
        values = []
        for name, text, label in (
            (names[0], quantity_text, _("%(item)s: the quantity") % {"item": item.name}),
            (names[1], tolerance_text, _("%(item)s: the tolerance") % {"item": item.name}),
        ):
            try:
                values.append(
                    quantity_in(
                        _number(text) or "0", fractional=item.fractional, unit=item.unit, label=label, field=name
                    )
                )
            except ApplicationError as error:
                form.errors[name] = error.message
                values.append(ZERO)
        quantity, tolerance = values
        if tolerance >= item.case_size and names[1] not in form.errors:
            form.errors[names[1]] = _("%(item)s: the tolerance fills a case, so it is below %(size)s %(unit)s.") % {
                "item": item.name,
                "size": item.case_size.normalize(),
                "unit": item.unit,
            }
        form.values[item.pk] = (quantity, tolerance if quantity > 0 else ZERO)
    return form


@dataclass
class ReceiveForm:
    """Per allocated item the cases received in good order and damaged, typed; the refusals by field."""

    typed: dict[str, str] = field(default_factory=dict)
    values: dict[int, tuple[int, int]] = field(default_factory=dict)  # item id → (good, damaged)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def lines(self) -> list[dict[str, Any]]:
        """round_receipt_record's lines: the items with anything typed."""
        return [
            {"item_id": item_id, "received_cases": good, "damaged_cases": damaged}
            for item_id, (good, damaged) in self.values.items()
            if good or damaged
        ]

    def add_refusal(self, error: ApplicationError) -> None:
        """The service names the field as lines.<item id>.received_cases (or damaged_cases)."""
        name = str(error.extra.get("field") or "")
        parts = name.split(".")
        if len(parts) == 3 and parts[0] == "lines" and parts[1].isdigit():
            kind = damaged_field if parts[2] == "damaged_cases" else received_field
            self.errors[kind(int(parts[1]))] = error.message
        else:
            self.errors[""] = error.message


def receive_form(data: Mapping[str, Any], items: Iterable[RoundItem]) -> ReceiveForm:
    """Read the whole cases received and damaged of every item (empty is 0)."""
    form = ReceiveForm()
    for item in items:
        counts = []
        for name, label in (
            (received_field(item.pk), _("%(item)s: cases received") % {"item": item.name}),
            (damaged_field(item.pk), _("%(item)s: cases damaged") % {"item": item.name}),
        ):
            text = _typed(data, name)
            form.typed[name] = text
            try:
                counts.append(whole_in(text or "0", label=label, field=name))
            except ApplicationError as error:
                form.errors[name] = error.message
                counts.append(0)
        form.values[item.pk] = (counts[0], counts[1])
    return form
