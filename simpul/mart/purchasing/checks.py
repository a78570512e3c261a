"""verify_books' check of the mart's payables: what the suppliers are owed adds up to the balance of 2104 Utang Usaha
Koperasi Mart (the lead registers it beside stock_problems in MartConfig.ready())."""

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.money import format_rupiah
from simpul.ledger import chart
from simpul.ledger.models import JournalLine
from simpul.mart.models import MartSupplier


def payables_problems(cooperative: Cooperative) -> list[str]:
    owed = MartSupplier.objects.filter(cooperative=cooperative).aggregate(total=Sum("balance"))["total"] or Decimal(0)
    totals = JournalLine.objects.filter(
        entry__cooperative=cooperative, account__cooperative=cooperative, account__code=chart.MART_PAYABLES
    ).aggregate(debit=Sum("debit"), credit=Sum("credit"))
    books = (totals["credit"] or Decimal(0)) - (totals["debit"] or Decimal(0))
    if books != owed:
        return [
            _("The mart owes its suppliers %(owed)s but the account %(code)s holds %(books)s.")
            % {"owed": format_rupiah(owed), "code": chart.MART_PAYABLES, "books": format_rupiah(books)}
        ]
    return []
