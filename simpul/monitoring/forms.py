"""The transparency page's search of its published books heads: a name and a page, both optional."""

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.coops.selectors.paging import MAX_PAGE_NUMBER

PAGE_ERROR = _("The page number is a whole number from 1 to 100,000.")


class HeadsSearchForm(forms.Form):
    cari = forms.CharField(label=_("Cooperative name"), max_length=100, required=False)
    halaman = forms.IntegerField(
        label=_("Page"),
        required=False,
        min_value=1,
        max_value=MAX_PAGE_NUMBER,
        error_messages={key: PAGE_ERROR for key in ("invalid", "min_value", "max_value")},
    )
