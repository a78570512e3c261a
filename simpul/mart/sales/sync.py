"""The till's offline outbox, received: a batch of up to 100 sales, each recorded in its own transaction.

Each sale is answered on its own — accepted, duplicate (already had it), accepted_with_problems (kept and flagged
for the manager: stock below zero, a price changed, a retired product) or rejected (malformed: the message says
why; nothing of it was written). The good sales of a batch are kept whatever happens to the others, and replaying a
whole batch adds nothing: a sale's client id is unique per cooperative and a replay returns the first recording.

A sale that the till first sent online (the answer lost on the way) comes back here as an offline sale: the server
already has it under the same client id, with the online request's fingerprint, and it is answered 'duplicate'.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _
from pydantic import ValidationError

from simpul.coops.models import Cooperative
from simpul.core.exceptions import ApplicationError
from simpul.core.models import User
from simpul.mart import error_codes
from simpul.mart.models import Sale
from simpul.mart.sales.batch import sales_batch_record
from simpul.mart.sales.schemas import SaleIn
from simpul.mart.sales.services import sale_record, sale_request_hash

logger = logging.getLogger(__name__)

ACCEPTED = "accepted"
DUPLICATE = "duplicate"
ACCEPTED_WITH_PROBLEMS = "accepted_with_problems"
REJECTED = "rejected"
RETRY = "retry"


@dataclass
class SyncAnswer:
    index: int
    client_id: str
    status: str
    number: str = ""
    message: str = ""
    problems: list[str] = field(default_factory=list)


def sale_arguments(sale: SaleIn) -> dict[str, Any]:
    """sale_record's keyword arguments for a sale as the till sent it (the same for the online and the sync API)."""
    return {
        "outlet_id": sale.outlet_id,
        "client_id": sale.client_id,
        "member_id": sale.member_id,
        "shift_id": sale.shift_id,
        "discount": sale.discount or 0,
        "lines": [line.model_dump(exclude_none=True) for line in sale.lines],
        "payments": [payment.model_dump(exclude_none=True, mode="json") for payment in sale.payments],
    }


def _invalid(error: ValidationError) -> str:
    errors = error.errors()
    where = ".".join(str(part) for part in errors[0]["loc"]) if errors else ""
    return _("The sale is incomplete or malformed (%(field)s). It cannot be recorded.") % {"field": where or "-"}


def _sent_online(cooperative: Cooperative, sale: SaleIn, arguments: dict[str, Any]) -> Sale | None:
    """The sale already recorded online under this client id, when it is this very sale (its online fingerprint)."""
    found = Sale.objects.filter(cooperative=cooperative, client_id=sale.client_id).first()
    if found is None or found.offline:
        return None
    online = sale_request_hash(
        outlet_id=arguments["outlet_id"],
        member_id=arguments["member_id"],
        lines=arguments["lines"],
        payments=arguments["payments"],
        discount=arguments["discount"],
        sold_at=None,
    )
    return found if found.request_hash == online else None


def _one(*, cooperative: Cooperative, actor: User, index: int, raw: Any, ip_address: str | None) -> SyncAnswer:
    client_id = str(raw.get("client_id", "")) if isinstance(raw, dict) else ""
    try:
        sale = SaleIn.model_validate(raw)
    except ValidationError as error:
        return SyncAnswer(index, client_id[:64], REJECTED, message=_invalid(error))
    client_id = str(sale.client_id)
    arguments = sale_arguments(sale)
    try:
        # sale_record is one transaction of its own (an outer one here would only add a savepoint per sale).
        result = sale_record(
            cooperative=cooperative,
            actor=actor,
            sold_at=sale.sold_at,
            offline=True,
            ip_address=ip_address,
            **arguments,
        )
    except ApplicationError as error:
        if error.code == error_codes.CLIENT_ID_REUSED:
            online = _sent_online(cooperative, sale, arguments)
            if online is not None:
                return SyncAnswer(index, client_id, DUPLICATE, number=online.number, problems=list(online.problems))
        return SyncAnswer(index, client_id, REJECTED, message=str(error.message))
    except Exception:
        # Not the sale's fault: it stays in the till's outbox and comes again with the next batch.
        logger.exception("mart sync: sale %s could not be recorded", client_id)
        return SyncAnswer(index, client_id, RETRY, message=_("The server could not record this sale now."))
    recorded = result.sale
    status = _status(result.replayed, recorded.problems)
    return SyncAnswer(index, client_id, status, number=recorded.number, problems=list(recorded.problems))


def _status(replayed: bool, problems: list[str]) -> str:
    return DUPLICATE if replayed else ACCEPTED_WITH_PROBLEMS if problems else ACCEPTED


def sales_sync(
    *, cooperative: Cooperative, actor: User, sales: Sequence[Any], ip_address: str | None = None
) -> list[SyncAnswer]:
    """Record each sale of the batch, in the order sent; one answer per sale.

    Not atomic as a whole on purpose: a sale recorded stays recorded when a later one fails or the connection drops,
    and the till's replay of it is answered 'duplicate'. On PostgreSQL the plain sales go together (sales/batch.py),
    each still answered on its own; elsewhere (SQLite, one cooperative's server) each is its own transaction."""
    if connection.vendor != "postgresql":
        return [
            _one(cooperative=cooperative, actor=actor, index=index, raw=raw, ip_address=ip_address)
            for index, raw in enumerate(sales)
        ]
    answers: dict[int, SyncAnswer] = {}
    readable: list[tuple[int, SaleIn]] = []
    for index, raw in enumerate(sales):
        try:
            readable.append((index, SaleIn.model_validate(raw)))
        except ValidationError as error:
            client_id = str(raw.get("client_id", "")) if isinstance(raw, dict) else ""
            answers[index] = SyncAnswer(index, client_id[:64], REJECTED, message=_invalid(error))

    def alone(position: int) -> None:
        index = readable[position][0]
        answers[index] = _one(
            cooperative=cooperative, actor=actor, index=index, raw=sales[index], ip_address=ip_address
        )

    try:
        outcomes = sales_batch_record(
            cooperative=cooperative,
            actor=actor,
            sales=[{**sale_arguments(sale), "sold_at": sale.sold_at} for _index, sale in readable],
            alone=alone,
            ip_address=ip_address,
        )
    except Exception:
        # Not the sales' fault: those not answered stay in the till's outbox and come again with the next batch.
        logger.exception("mart sync: a batch could not be recorded")
        outcomes = {}
    for position, (index, sale) in enumerate(readable):
        if index in answers:
            continue
        outcome = outcomes.get(position)
        client_id = str(sale.client_id)
        if outcome is None:
            answers[index] = SyncAnswer(
                index, client_id, RETRY, message=_("The server could not record this sale now.")
            )
        elif isinstance(outcome, ApplicationError):
            answers[index] = SyncAnswer(index, client_id, REJECTED, message=str(outcome.message))
        else:
            status = _status(outcome.replayed, outcome.problems)
            answers[index] = SyncAnswer(index, client_id, status, number=outcome.number, problems=outcome.problems)
    return [answers[index] for index in range(len(sales))]
