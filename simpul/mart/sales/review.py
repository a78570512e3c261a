"""The manager's review of a sale that arrived with problems (an offline sale below stock, at an old price, …)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.mart import error_codes
from simpul.mart.models import Sale


@transaction.atomic
def sale_review(
    *, cooperative: Cooperative, actor: User, sale_id: int, note: str = "", ip_address: str | None = None
) -> Sale:
    """Mark the sale's problems as seen by the manager, with an optional note in the audit trail."""
    sale = Sale.objects.select_for_update().filter(cooperative=cooperative, pk=sale_id).first()
    if sale is None:
        raise NotFoundError.plain()
    if not sale.problems:
        raise ApplicationError(
            _("This sale has no problems to review."), code=error_codes.INVALID_STATUS, extra={"field": "sale"}
        )
    if sale.reviewed_at is not None:
        raise ApplicationError(
            _("This sale was already reviewed."), code=error_codes.INVALID_STATUS, extra={"field": "sale"}
        )
    note = (note or "").strip()
    refuse_too_long(note, max_length=255, field="note", label=_("Note"))
    sale.reviewed_at = timezone.now()
    sale.save(update_fields=["reviewed_at"])
    audit_record(
        actor=actor,
        event="mart.sale_reviewed",
        target=sale,
        cooperative=cooperative,
        changes={"number": sale.number, "problems": len(sale.problems), **({"note": note} if note else {})},
        ip_address=ip_address,
    )
    return sale
