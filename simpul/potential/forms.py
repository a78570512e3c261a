"""The potential pages' forms: a commodity survey, a survey workbook, a boundary file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.potential.models import Commodity

MONTHS = [(m, str(m)) for m in range(1, 13)]


class SurveyForm(forms.Form):
    village_code = forms.CharField(
        label=_("Village code (Kemendagri)"),
        max_length=13,
        help_text=_("With or without dots, e.g. 32.73.01.1002; a village in your region."),
    )
    commodity = forms.ChoiceField(label=_("Commodity"), choices=Commodity.choices)
    commodity_other = forms.CharField(label=_("Other commodity (when Other)"), max_length=80, required=False)
    volume = forms.CharField(label=_("Volume"), max_length=20)
    unit = forms.CharField(label=_("Unit"), max_length=20, initial="ton")
    months = forms.MultipleChoiceField(
        label=_("Season months"), choices=MONTHS, required=False, widget=forms.CheckboxSelectMultiple
    )
    surveyed_on = forms.DateField(label=_("Survey date"), widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.CharField(label=_("Source"), max_length=150, required=False)


class SurveyFileForm(forms.Form):
    file = forms.FileField(label=_("Survey workbook (.xlsx)"))


class BoundaryFileForm(forms.Form):
    file = forms.FileField(label=_("Boundaries (GeoJSON FeatureCollection)"))


class CommodityChoiceForm(forms.Form):
    komoditas = forms.ChoiceField(choices=Commodity.choices, required=False)
