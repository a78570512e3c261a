"""`{% village_picker form near=cooperative.village_id %}`: the village picker of a form, ranked around a
cooperative's village, with the confirmation box a village outside its regency/city needs."""

from typing import Any

from django import forms, template

from simpul.regions.confirmation import CONFIRM_FIELD, outside_regency
from simpul.regions.models import Region, RegionLevel, regency_of

register = template.Library()


@register.inclusion_tag("regions/picker.html")
def village_picker(
    form: forms.BaseForm, near: str | None = "", name: str = "village", label: str = ""
) -> dict[str, Any]:
    value = str(form[name].value() or "").strip()
    home = regency_of(near or "")
    codes = [code for code in (value, home) if code]
    found = {r.code: r for r in Region.objects.filter(code__in=codes)} if codes else {}
    chosen = found.get(value)
    confirm = form[CONFIRM_FIELD] if CONFIRM_FIELD in form.fields and home else None
    return {
        "name": name,
        "level": RegionLevel.VILLAGE,
        "value": value,
        "label": chosen.choice_label if chosen else "",
        "picker_label": label,
        "near": near or "",
        "confirm": confirm,
        "confirm_checked": bool(confirm is not None and confirm.value()),
        "outside": chosen is not None and outside_regency(value, near),
        "home": found.get(home),
    }
