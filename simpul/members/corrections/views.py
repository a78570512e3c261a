"""The correction action of a savings transaction (/k/<slug>/anggota/simpanan/bukti/<id>/koreksi/): managers only."""

import uuid

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from simpul.coops.forms import DateInput, Form
from simpul.coops.models import Cooperative
from simpul.coops.views.workspace import actor, done, manager_access
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError
from simpul.core.forms import add_application_error
from simpul.core.htmx import render_form
from simpul.core.money import format_rupiah
from simpul.members.corrections.services import REASON_MAX, savings_correct
from simpul.members.models import SavingsTransaction
from simpul.members.savings.selectors import receipt_number, savings_transaction_get

TEMPLATE = "members/savings_correction.html"


class CorrectionForm(Form):
    reason = forms.CharField(label=gettext_lazy("Why is it corrected?"), max_length=REASON_MAX)
    date = forms.DateField(label=gettext_lazy("Date of the correction"), widget=DateInput())
    client_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


def _context(cooperative: Cooperative, row: SavingsTransaction, form: CorrectionForm) -> dict:
    return {
        "cooperative": cooperative,
        "row": row,
        "member": row.account.member,
        "number": receipt_number(row),
        "form": form,
        "corrected": row.corrections.select_related("journal_entry").first(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def savings_correction(request: HttpRequest, slug: str, transaction_id: int) -> HttpResponse:
    cooperative = manager_access(request, slug)
    row = savings_transaction_get(cooperative, transaction_id)
    if request.method != "POST":
        form = CorrectionForm(initial={"date": cooperative.today(), "client_key": uuid.uuid4().hex})
        return render(request, TEMPLATE, _context(cooperative, row, form))
    form = CorrectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            fixed = savings_correct(
                cooperative=cooperative,
                actor=actor(request),
                transaction_id=row.pk,
                reason=data["reason"],
                date=data["date"],
                client_key=data["client_key"] or None,
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            message = _("The transaction is corrected: %(amount)s back, entry #%(number)s.") % {
                "amount": format_rupiah(fixed.amount),
                "number": fixed.journal_entry.number,
            }
            url = reverse("members:detail", args=[cooperative.slug, row.account.member_id]) + f"?bukti={fixed.pk}"
            return done(request, url, message)
    return render_form(request, TEMPLATE, _context(cooperative, row, form), partial="form", status=400)


urlpatterns = [
    path(
        "k/<slug:slug>/anggota/simpanan/bukti/<int:transaction_id>/koreksi/",
        savings_correction,
        name="savings_correct",
    ),
]
