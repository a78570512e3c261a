"""Forms of the Dinas officer's pages. They only parse input; services and selectors decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.coops.forms import CooperativeProfileForm
from simpul.coops.models import CooperativeStatus, CooperativeType


class CooperativeRegisterForm(CooperativeProfileForm):
    """Every profile field, plus an optional web address; a new cooperative always starts active."""

    status = None  # type: ignore[assignment]
    LEGAL = ()  # the Dinas records the legal identity itself when it registers a cooperative
    slug = forms.CharField(
        label=_("Web address"),
        max_length=80,
        required=False,
        help_text=_(
            "Lower-case letters, digits and hyphens, e.g. kud-sumber-rejeki. Leave empty to make one from the name."
        ),
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )

    field_order = ["name", "slug", "type", "is_sharia", "nik_koperasi", "deed_number", "deed_date", "founded_on"]

    def profile_data(self) -> dict[str, object]:
        """The cleaned fields as `cooperative_register` takes them."""
        return {name: value for name, value in self.cleaned_data.items()}


class RegionListFilterForm(forms.Form):
    """Filters over a region's cooperatives; every field is optional."""

    cari = forms.CharField(
        label=_("Cooperative name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "data-testid": "dinas-search"}),
    )
    jenis = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *CooperativeType.choices])
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *CooperativeStatus.choices]
    )
    halaman = forms.IntegerField(required=False, min_value=1)
