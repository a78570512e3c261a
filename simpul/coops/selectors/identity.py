"""Legal identity change requests, as the cooperative and the Dinas read them."""

from django.db.models import Case, IntegerField, QuerySet, Value, When

from simpul.coops.models import Cooperative, GovernmentOffice, IdentityRequestStatus, LegalIdentityChangeRequest
from simpul.coops.selectors.public import region_column
from simpul.core.exceptions import NotFoundError

_RELATED = ("cooperative", "cooperative__village", "requested_by", "decided_by")


def identity_requests_of(cooperative: Cooperative) -> QuerySet[LegalIdentityChangeRequest]:
    return (
        LegalIdentityChangeRequest.objects.filter(cooperative=cooperative)
        .select_related(*_RELATED)
        .order_by("-created_at", "-pk")
    )


def identity_requests_in_region(region_code: str, *, status: str = "") -> QuerySet[LegalIdentityChangeRequest]:
    """Requests of the cooperatives in a region's subtree ('' is the whole country): pending ones first, oldest
    first, then the decided ones, newest first."""
    qs = LegalIdentityChangeRequest.objects.select_related(*_RELATED)
    column = region_column(region_code, field="region_code") if region_code else None
    if column is not None:  # the region codes copied onto the cooperative, as every region listing reads them
        qs = qs.filter(**{f"cooperative__{column}": region_code})
    if status:
        qs = qs.filter(status=status)
    waiting = Case(
        When(status=IdentityRequestStatus.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return qs.annotate(waiting=waiting).order_by("waiting", "created_at", "pk")


def access_identity_request(office: GovernmentOffice, request_id: int) -> LegalIdentityChangeRequest:
    """A request of a cooperative inside the office's region; anything else is the same 404 as a missing one."""
    row = LegalIdentityChangeRequest.objects.select_related("cooperative").filter(pk=request_id).first()
    if row is None or not office.covers(row.cooperative.village_id):
        raise NotFoundError.plain()
    return row
