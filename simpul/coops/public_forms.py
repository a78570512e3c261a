"""The public directory's filter form. It only parses input; the selector decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.coops.models import CooperativeType
from simpul.coops.selectors.public import region_column
from simpul.core.exceptions import ApplicationError
from simpul.regions.models import Region


class DirectoryFilterForm(forms.Form):
    cari = forms.CharField(label=_("Cooperative name"), max_length=100, required=False)
    wilayah = forms.CharField(label=_("Region"), max_length=13, required=False)
    jenis = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *CooperativeType.choices])
    halaman = forms.IntegerField(required=False, min_value=1)

    region: Region | None = None

    def clean_wilayah(self) -> str:
        code = (self.cleaned_data.get("wilayah") or "").strip()
        if not code:
            return ""
        try:
            region_column(code)
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from None
        self.region = Region.objects.filter(code=code).only("code", "name", "path", "level").first()
        if self.region is None:
            raise forms.ValidationError(_("There is no region with the code %(code)s.") % {"code": code})
        return code
