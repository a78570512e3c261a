"""The village field's confirmation, shared by every form whose picker ranks around a cooperative's village."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.core.exceptions import ApplicationError
from simpul.regions.confirmation import CONFIRM_FIELD, check_outside_regency


class VillageNearForm(forms.Form):
    """Mix into a form with a `village` field (the hidden code the picker fills) and pass `home_code`, the
    cooperative's village: a village in another regency/city is refused unless the confirmation box is ticked."""

    village_field = "village"

    village_outside_ok = forms.BooleanField(label=_("Yes, this village is outside our regency/city"), required=False)

    def __init__(self, *args: Any, home_code: str | None = None, **kwargs: Any) -> None:
        self.home_code = home_code
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        village = self.cleaned_data.get(self.village_field)
        if village:
            try:
                check_outside_regency(
                    village,
                    home_code=self.home_code,
                    confirmed=bool(self.cleaned_data.get(CONFIRM_FIELD)),
                    field=self.village_field,
                )
            except ApplicationError as error:
                self.add_error(self.village_field, error.message)
        return cleaned
