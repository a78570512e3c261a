"""The transparency page's search of its published books heads: a name and a page, both optional."""

from django import forms
from django.utils.translation import gettext_lazy as _


class HeadsSearchForm(forms.Form):
    cari = forms.CharField(label=_("Cooperative name"), max_length=100, required=False)
    halaman = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=100_000)
