"""The RAT forms: the meeting (a manager), the Dinas's answer, the region filter. The services check everything
again (simpul/rat/services.py); these forms lay the fields out and keep what was typed on a refusal."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.coops.forms import DateInput, Form
from simpul.rat.models import DEFAULT_QUORUM_PERCENT

NUMBER = {"inputmode": "numeric", "autocomplete": "off"}
DECIMAL = {"inputmode": "decimal", "autocomplete": "off"}


class RatForm(Form):
    meeting_date = forms.DateField(label=_("Meeting date"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    members_present = forms.IntegerField(
        label=_("Members present"),
        min_value=0,
        help_text=_("The members entitled are counted from the member register on the meeting day."),
        widget=forms.TextInput(attrs=NUMBER),
    )
    quorum_percent = forms.DecimalField(
        label=_("Quorum (percent of members, from the AD/ART)"),
        initial=DEFAULT_QUORUM_PERCENT,
        min_value=0,
        max_value=99,
        decimal_places=2,
        help_text=_("The meeting is valid when more than this share of the members is present. Default: half."),
        widget=forms.TextInput(attrs=DECIMAL),
    )
    shu_capital_percent = forms.DecimalField(
        label=_("Jasa modal share (%)"),
        initial=0,
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text=_("The part of the SHU the meeting gives the members on their savings, per the AD/ART."),
        widget=forms.TextInput(attrs=DECIMAL),
    )
    shu_business_percent = forms.DecimalField(
        label=_("Jasa usaha share (%)"),
        initial=0,
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text=_("The part of the SHU the meeting gives the members on their business with the cooperative."),
        widget=forms.TextInput(attrs=DECIMAL),
    )
    minutes = forms.FileField(
        label=_("Minutes (PDF)"),
        required=False,
        help_text=_("The signed minutes with the attendance list, as one PDF of at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "minutes"}


class DecisionForm(Form):
    comment = forms.CharField(
        label=_("Comments for the cooperative"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
