"""Forms of the coordinator's and the supplier's Belanja Bareng pages. The forms take what was typed; the services
(simpul/jointbuy/services/) decide what is valid and say why not.

A new round's suppliers, items and price tiers are rows the page adds without a reload, named
`suppliers-<n>-agreement_id`, `items-<i>-<field>` and `items-<i>-tiers-<t>-<field>`; `round_rows` reads them back in
their order, leaving out rows left empty."""

import datetime as dt
import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.coops.models import Supplier
from simpul.jointbuy.models import AllocationRule, DeliveryMode, PaymentRoute, PaymentTerms

MAX_ROWS = 200  # items in one round, suppliers in one round, tiers in one item
ITEM_FIELDS = (
    "supplier_id",
    "name",
    "supplier_code",
    "standard_product_id",
    "unit",
    "fractional",
    "case_size",
    "min_cases",
    "max_cases",
    "list_price",
)
TIER_FIELDS = ("min_cases", "max_cases", "price")
_ITEM = re.compile(r"^items-(\d{1,4})-(\w+)$")
_TIER = re.compile(r"^items-(\d{1,4})-tiers-(\d{1,4})-(min_cases|max_cases|price)$")
_SUPPLIER = re.compile(r"^suppliers-(\d{1,4})-agreement_id$")
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$")
LOCAL_MOMENT = "%Y-%m-%dT%H:%M"


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _moment_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_MOMENT)


def _amount_input() -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "decimal", "data-amount": "", "autocomplete": "off"})


def amount_text(value: Any) -> str:
    """A Rupiah amount as the service reads it: "1.500.000,50" (as the page groups it) → "1500000.50"."""
    text = str(value or "").strip().replace(" ", "")
    if text.lower().startswith("rp"):
        text = text[2:]
    if _GROUPED.fullmatch(text):
        return text.replace(".", "").replace(",", ".")
    if "," in text and "." not in text:
        return text.replace(",", ".")
    return text


def quantity_text(value: Any) -> str:
    """A quantity typed the Indonesian way ("12,5") as the service reads it ("12.5")."""
    text = str(value or "").strip()
    return text.replace(",", ".") if "," in text and "." not in text else text


def local_moment(value: Any, zone: str) -> dt.datetime | str:
    """A `datetime-local` value typed in the coordinator's zone, made aware; what does not parse is passed on as
    typed, for the service to refuse by name."""
    text = str(value or "").strip()
    if not text:
        return ""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    return moment


class AgreementForm(forms.Form):
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=Supplier.objects.order_by("name"))
    number = forms.CharField(label=_("Agreement number"), max_length=100)
    signed_on = forms.DateField(label=_("Signed on"), widget=_date_input())
    valid_until = forms.DateField(label=_("Valid until (optional)"), required=False, widget=_date_input())
    scope = forms.CharField(
        label=_("Scope"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the agreement covers: products, regions, prices."),
    )
    document = forms.FileField(
        label=_("Signed document (optional)"),
        required=False,
        help_text=_("PDF, JPEG or PNG, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class RoundForm(forms.Form):
    """The round's terms. Everything is passed to round_create as typed: it refuses what is wrong, by field."""

    title = forms.CharField(label=_("Title"), required=False, max_length=150)
    opens_at = forms.CharField(label=_("Opens"), required=False, widget=_moment_input())
    closes_at = forms.CharField(label=_("Closes"), required=False, widget=_moment_input())
    delivery_mode = forms.ChoiceField(
        label=_("Delivery"), choices=DeliveryMode.choices, initial=DeliveryMode.EACH, required=False
    )
    hub_address = forms.CharField(
        label=_("Hub address"),
        required=False,
        max_length=255,
        help_text=_("Where cooperatives collect their goods, when delivery is to a hub."),
    )
    payment_terms = forms.ChoiceField(
        label=_("Payment terms"), choices=PaymentTerms.choices, initial=PaymentTerms.ON_DELIVERY, required=False
    )
    deposit_percent = forms.CharField(
        label=_("Deposit (%)"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Only for a deposit, the rest on delivery."),
    )
    payment_route = forms.ChoiceField(
        label=_("Payment"), choices=PaymentRoute.choices, initial=PaymentRoute.DIRECT, required=False
    )
    allocation_rule = forms.ChoiceField(
        label=_("When supply is short"),
        choices=AllocationRule.choices,
        initial=AllocationRule.PROPORTIONAL,
        required=False,
    )
    default_limit = forms.CharField(
        label=_("Limit per cooperative (optional)"),
        required=False,
        widget=_amount_input(),
        help_text=_("The most a cooperative may commit in Rupiah: its deposit or the credit it is given."),
    )

    def service_data(self, zone: str) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data.get("title", ""),
            "opens_at": local_moment(data.get("opens_at"), zone) or None,
            "closes_at": local_moment(data.get("closes_at"), zone),
            "delivery_mode": data.get("delivery_mode", ""),
            "hub_address": data.get("hub_address", ""),
            "payment_terms": data.get("payment_terms", ""),
            "deposit_percent": quantity_text(data.get("deposit_percent")),
            "payment_route": data.get("payment_route", ""),
            "allocation_rule": data.get("allocation_rule", ""),
            "default_limit": amount_text(data.get("default_limit")) or None,
        }


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)


@dataclass
class ItemRow:
    """An item row as typed (values are text), with the refusals to show beside its fields."""

    index: int
    values: dict[str, str]
    tiers: list[dict[str, str]]
    errors: dict[str, str] = field(default_factory=dict)


@dataclass
class RoundRows:
    agreement_ids: list[str]
    items: list[ItemRow]

    def items_data(self) -> list[dict[str, Any]]:
        """The items as round_create takes them."""
        out = []
        for row in self.items:
            values = row.values
            out.append(
                {
                    "supplier_id": values.get("supplier_id", ""),
                    "name": values.get("name", ""),
                    "supplier_code": values.get("supplier_code", ""),
                    "standard_product_id": values.get("standard_product_id") or None,
                    "unit": values.get("unit", ""),
                    "fractional": values.get("fractional") in ("on", "1", "true"),
                    "case_size": quantity_text(values.get("case_size")),
                    "min_cases": values.get("min_cases") or 1,
                    "max_cases": values.get("max_cases") or None,
                    "list_price": amount_text(values.get("list_price")),
                    "tiers": [
                        {
                            "min_cases": tier.get("min_cases", ""),
                            "max_cases": tier.get("max_cases") or None,
                            "price": amount_text(tier.get("price")),
                        }
                        for tier in row.tiers
                    ],
                }
            )
        return out


def _blank(values: Mapping[str, str], ignore: tuple[str, ...] = ()) -> bool:
    return not any(str(v).strip() for k, v in values.items() if k not in ignore)


def round_rows(post: Mapping[str, Any]) -> RoundRows:
    """The supplier, item and tier rows of a posted round in their order, empty rows left out, items numbered
    from 1 as round_create numbers them in its refusals ("Item 2", field "items.2.case_size")."""
    agreements: dict[int, str] = {}
    items: dict[int, dict[str, str]] = {}
    tiers: dict[int, dict[int, dict[str, str]]] = {}
    for key in post:
        value = str(post.get(key) or "").strip()
        if found := _SUPPLIER.match(key):
            agreements[int(found[1])] = value
        elif found := _TIER.match(key):
            tiers.setdefault(int(found[1]), {}).setdefault(int(found[2]), {})[found[3]] = value
        elif (found := _ITEM.match(key)) and found[2] in ITEM_FIELDS:
            items.setdefault(int(found[1]), {})[found[2]] = value
    rows: list[ItemRow] = []
    for position in sorted(set(items) | set(tiers))[:MAX_ROWS]:
        values = items.get(position, {})
        item_tiers = [tier for _n, tier in sorted(tiers.get(position, {}).items())[:MAX_ROWS] if not _blank(tier)]
        # The unit, the minimum and the supplier are filled in for every new row: they alone are no item.
        if _blank(values, ignore=("unit", "min_cases", "supplier_id", "fractional")) and not item_tiers:
            continue
        rows.append(ItemRow(index=len(rows) + 1, values=values, tiers=item_tiers))
    chosen = [value for _n, value in sorted(agreements.items())[:MAX_ROWS] if value]
    return RoundRows(agreement_ids=list(dict.fromkeys(chosen)), items=rows)


def blank_item(index: int, supplier_id: str = "") -> ItemRow:
    """A new item row: pcs, a minimum of one case, one open tier."""
    return ItemRow(
        index=index,
        values={"supplier_id": supplier_id, "unit": "pcs", "min_cases": "1"},
        tiers=[{"min_cases": "1", "max_cases": "", "price": ""}],
    )


def item_errors(rows: RoundRows, error_field: str, message: str) -> bool:
    """Put a refusal of round_create ("items.2.case_size", "items.2.tiers", "items.2") beside the item's field;
    False when the field is not an item's."""
    parts = error_field.split(".")
    if len(parts) < 2 or parts[0] != "items" or not parts[1].isdigit():
        return False
    number = int(parts[1])
    for row in rows.items:
        if row.index == number:
            row.errors[parts[2] if len(parts) > 2 else "name"] = message
            return True
    return False


class ConfirmForm(forms.Form):
    """The supplier's confirmation: per ordered item the cases it will deliver (at most ordered), and the day."""

    delivery_date = forms.DateField(label=_("Delivery date"), required=False, widget=_date_input())

    def __init__(self, *args: Any, items: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=item.name,
                required=False,
                initial=str(item.ordered_cases),
                widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5}),
                help_text=_("at most %(cases)s") % {"cases": item.ordered_cases},
            )

    def confirmed(self) -> dict[str, str]:
        return {
            str(item.pk): (self.cleaned_data.get(f"item_{item.pk}") or "").strip() or str(item.ordered_cases)
            for item in self.items
        }
