"""Forms of the network standard's pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.coops.forms import DateInput, Form
from simpul.core.amount_fields import RupiahField
from simpul.mart.catalog.forms import STAPLE_CHOICES


class StandardProductForm(Form):
    standard_id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    name = forms.CharField(label=_("Name"), max_length=150)
    barcode = forms.CharField(label=_("Barcode"), max_length=32, required=False)
    category = forms.CharField(label=_("Category"), max_length=80, required=False)
    base_unit = forms.CharField(label=_("Base unit"), max_length=20, initial="pcs")
    fractional = forms.BooleanField(label=_("Sold in fractions (kg, liter)"), required=False)
    recommended_price = RupiahField(label=_("Recommended price (Rp)"))
    staple = forms.ChoiceField(label=_("Regulated staple (HET)"), choices=STAPLE_CHOICES, required=False)


class ChecklistForm(Form):
    texts = forms.CharField(
        label=_("One check a line"), required=False, max_length=6500, widget=forms.Textarea(attrs={"rows": 6})
    )


class HetForm(Form):
    region_code = forms.CharField(label=_("Region code (province or regency)"), max_length=13)
    staple = forms.ChoiceField(label=_("Staple"), choices=STAPLE_CHOICES[1:])
    unit = forms.CharField(label=_("Unit"), max_length=20, initial="kg")
    price = RupiahField(label=_("HET (Rp)"))
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
