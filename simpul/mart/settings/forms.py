"""Forms of the mart's settings and kasbon pages. They only parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.coops.forms import Form
from simpul.mart.shifts.forms import CashField


class MartSettingsForm(Form):
    max_line_discount_percent = forms.DecimalField(
        label=_("Largest line discount (%)"), min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    max_sale_discount_percent = forms.DecimalField(
        label=_("Largest sale discount (%)"), min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    kasbon_default_limit = CashField(label=_("Default kasbon limit per member (Rp)"))
    qris_payload = forms.CharField(
        label=_("Static QRIS code"),
        required=False,
        max_length=512,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocomplete": "off"}),
        help_text=_("The text of the QRIS on the cooperative's sticker (it starts with 000201)."),
    )
    receipt_footer = forms.CharField(label=_("Receipt footer"), required=False, max_length=200)
    manager_pin = forms.CharField(
        label=_("New manager's PIN"),
        required=False,
        max_length=8,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}),
        help_text=_("4 to 8 digits, for voids and returns at the till. Leave empty to keep the PIN."),
    )


class KasbonLimitForm(Form):
    limit = CashField(label=_("Kasbon limit (Rp)"))
