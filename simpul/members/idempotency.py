"""What a savings client key stands for: a hash of the request it first came with.

A key names one request, not one transaction slot: the same key with another member, product, direction, amount
or date is refused (409), never answered with the transaction of the first request.
"""

import datetime
import hashlib
import json
from decimal import Decimal

from django.utils.translation import gettext as _

from simpul.core.exceptions import ConflictError
from simpul.core.money import CENT
from simpul.members import error_codes


def savings_request_hash(*, direction: str, member_id: int, kind: str, amount: Decimal, date: datetime.date) -> str:
    """SHA-256 of the canonical request: the same for "25000" and "25000.00", different for anything else."""
    canonical = {
        "operation": f"savings.{direction}",
        "member": int(member_id),
        "product": kind,
        "amount": str(amount.quantize(CENT)),
        "date": date.isoformat(),
        "note": "",  # keyed moves carry no note; the key stays so the hashes already stored still match
    }
    return hashlib.sha256(json.dumps(canonical, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def key_reused() -> ConflictError:
    return ConflictError(
        _(
            "This client_key was already used for a different request (another member, product, direction, amount "
            "or date). Send a new key for a new transaction."
        ),
        code=error_codes.IDEMPOTENCY_KEY_REUSED,
        extra={"field": "client_key"},
    )
