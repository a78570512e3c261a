"""Forms of the catalog's pages. They parse what people type; the services decide."""

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.coops.forms import Form
from simpul.core.amount_fields import RupiahField, RupiahInput
from simpul.mart.models import Staple

UNIT_ROWS = 3
STAPLE_CHOICES = [("", _("not regulated")), *[(v, label) for v, label in Staple.choices if v]]


def split_codes(text: str) -> list[str]:
    """Codes typed or scanned into one field: separated by spaces, commas, semicolons or new lines."""
    return [code for code in re.split(r"[\s,;]+", text or "") if code]


class ProductForm(Form):
    """A product with its base unit, prices and up to three packs (1 dus = 40 pcs), each with its own barcode."""

    name = forms.CharField(label=_("Name"), max_length=150)
    sku = forms.CharField(label=_("SKU"), max_length=40, help_text=_("The shop's own code for the product."))
    barcodes = forms.CharField(
        label=_("Barcodes"),
        required=False,
        max_length=400,
        help_text=_("Scan or type them; several separated by spaces. EAN-13, EAN-8, UPC-A or the shop's own code."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    category_name = forms.CharField(
        label=_("Category"), max_length=80, required=False, widget=forms.TextInput(attrs={"list": "categories"})
    )
    base_unit = forms.CharField(label=_("Base unit"), max_length=20, initial="pcs", help_text=_("pcs, kg, liter …"))
    fractional = forms.BooleanField(label=_("Sold in fractions (kg, liter)"), required=False)
    price = RupiahField(label=_("Selling price per base unit (Rp)"))
    member_price = forms.CharField(
        label=_("Member price (Rp)"),
        required=False,
        widget=RupiahInput(attrs={"placeholder": ""}),
        help_text=_("Empty: the same as the selling price."),
    )
    min_stock = forms.CharField(
        label=_("Minimum stock (base units)"),
        required=False,
        initial="0",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    taxed = forms.BooleanField(label=_("Subject to PPN (prices include it)"), required=False)
    staple = forms.ChoiceField(label=_("Regulated staple (HET)"), choices=STAPLE_CHOICES, required=False)
    het_reason = forms.CharField(
        label=_("Reason for a price above HET"),
        max_length=255,
        required=False,
        help_text=_("Only needed when a price is above the HET of the region."),
    )
    producer_id = forms.TypedChoiceField(label=_("Producer (a member)"), required=False, coerce=int, empty_value=None)
    producer_name = forms.CharField(
        label=_("Producer (another UMKM)"), max_length=150, required=False, help_text=_("When not a member.")
    )
    is_active = forms.BooleanField(label=_("Sold"), required=False, initial=True)

    def __init__(self, *args: Any, producers: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        producer = self.fields["producer_id"]
        assert isinstance(producer, forms.ChoiceField)
        producer.choices = [("", "—"), *(producers or [])]
        for index in range(1, UNIT_ROWS + 1):
            self.fields[f"unit_{index}_name"] = forms.CharField(
                label=_("Pack"), max_length=20, required=False, widget=forms.TextInput(attrs={"placeholder": "dus"})
            )
            self.fields[f"unit_{index}_factor"] = forms.CharField(
                label=_("Base units in it"),
                max_length=20,
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "40"}),
            )
            self.fields[f"unit_{index}_price"] = forms.CharField(
                label=_("Pack price (Rp, optional)"), required=False, widget=RupiahInput(attrs={"placeholder": ""})
            )
            self.fields[f"unit_{index}_barcode"] = forms.CharField(
                label=_("Pack barcode"), max_length=32, required=False
            )

    def unit_rows(self) -> list[dict[str, Any]]:
        return [
            {key: self[f"unit_{index}_{key}"] for key in ("name", "factor", "price", "barcode")}
            for index in range(1, UNIT_ROWS + 1)
        ]

    def clean_member_price(self) -> Any:
        return _amount(self.cleaned_data.get("member_price"), self.fields["member_price"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for index in range(1, UNIT_ROWS + 1):
            raw = data.get(f"unit_{index}_price")
            if raw:
                try:
                    data[f"unit_{index}_price"] = RupiahField().clean(raw)
                except forms.ValidationError as error:
                    self.add_error(f"unit_{index}_price", error)
        return data

    def service_data(self) -> dict[str, Any]:
        """The service's arguments from the cleaned form."""
        data = self.cleaned_data
        units = []
        barcodes: list[Any] = list(split_codes(data.get("barcodes", "")))
        for index in range(1, UNIT_ROWS + 1):
            name = (data.get(f"unit_{index}_name") or "").strip()
            if not name:
                continue
            factor = (data.get(f"unit_{index}_factor") or "").strip().replace(",", ".")
            units.append((name, factor or "0", data.get(f"unit_{index}_price") or 0))
            code = (data.get(f"unit_{index}_barcode") or "").strip()
            if code:
                barcodes.append((code, name))
        return {
            "sku": data["sku"],
            "name": data["name"],
            "price": data["price"],
            "member_price": data.get("member_price"),
            "base_unit": data.get("base_unit") or "pcs",
            "fractional": bool(data.get("fractional")),
            "category_name": data.get("category_name", ""),
            "barcodes": barcodes,
            "units": units,
            "min_stock": (data.get("min_stock") or "0").strip().replace(",", "."),
            "taxed": bool(data.get("taxed")),
            "staple": data.get("staple") or "",
            "producer_id": data.get("producer_id"),
            "producer_name": data.get("producer_name", ""),
            "het_reason": data.get("het_reason", ""),
        }


def _amount(value: Any, field: forms.Field) -> Any:
    if value in (None, ""):
        return None
    return RupiahField().clean(value)


class ProductImportForm(Form):
    file = forms.FileField(label=_("Excel workbook (.xlsx) or CSV file"))


class LabelsForm(Form):
    kind = forms.ChoiceField(
        label=_("Labels"),
        choices=[("shelf", _("Shelf labels (name, prices, barcode)")), ("stickers", _("Barcode stickers"))],
        initial="shelf",
    )
    copies = forms.IntegerField(label=_("Stickers per product"), min_value=1, max_value=100, initial=1)
