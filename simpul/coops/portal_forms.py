"""The supplier's company-profile form. It only parses input; `supplier_update` decides."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.regions.models import Region


class SupplierProfileForm(forms.Form):
    """Contact details and the regions served: tick off a region to drop it, pick one to add it."""

    nib = forms.CharField(
        label=_("NIB"),
        max_length=20,
        help_text=_("The 13-digit business identification number from OSS."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=150, required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    regions_served = forms.MultipleChoiceField(
        label=_("Regions served"), required=False, widget=forms.CheckboxSelectMultiple
    )
    add_region = forms.CharField(label=_("Add a region served"), max_length=13, required=False)

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regions_served"].choices = [(r.code, r.path) for r in regions]  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        """The cleaned fields as `supplier_update` takes them: the whole new list of regions served."""
        data = {name: self.cleaned_data[name] for name in ("nib", "contact_name", "phone", "email", "address")}
        codes = list(self.cleaned_data["regions_served"])
        added = (self.cleaned_data.get("add_region") or "").strip()
        if added:
            codes.append(added)
        data["regions_served"] = codes
        return data
