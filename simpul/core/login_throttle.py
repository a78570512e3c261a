"""Login throttling on django-axes: failures count per account and, apart, per client address.

- Per account (AXES_FAILURE_LIMIT, 5): every spelling of one login (e-mail in any case, 08…, 62…, +62…) is one
  key, the user's id (`simpul.core.auth.axes_username`). Someone guessing one person's password is stopped there.
- Per client address (SIMPUL_LOGIN_ADDRESS_FAILURE_LIMIT, 20): one address failing on many accounts (password
  spraying) is stopped too. The address comes from `simpul.core.network.client_address` (trusted proxies only).

Both count the failures of the last AXES_COOLOFF_TIME. Anyone can still lock an account by failing on it; its owner
gets in by a reset link, which works while locked and clears the account's failures (`forget_account_failures`).
A successful login clears the account's failures only, never the address's: a sprayer who owns one account cannot
wipe its count by logging into it.
"""

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest

from simpul.core.models import User

ACCOUNT = "account"
ADDRESS = "address"


def account_key(user: User) -> str:
    return f"user:{user.pk}"


def forget_account_failures(user: User) -> int:
    """Lift the account's lock (after a password reset or a successful login); the address's count stays."""
    deleted, _ = AccessAttempt.objects.filter(username=account_key(user)).delete()
    return deleted


def _failures(attempts: "QuerySet[AccessAttempt]") -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def address_failure_limit() -> int:
    return int(getattr(settings, "SIMPUL_LOGIN_ADDRESS_FAILURE_LIMIT", 20))


class LoginThrottleHandler(AxesDatabaseHandler):
    @staticmethod
    def _recent_failures(request: HttpRequest, credentials: dict[str, Any] | None) -> tuple[int, int]:
        """The failures of the last AXES_COOLOFF_TIME for this login's account and for the client address."""
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        username = get_client_username(request, credentials)
        address = getattr(request, "axes_ip_address", None)
        account = _failures(recent.filter(username=username)) if username else 0
        by_address = _failures(recent.filter(ip_address=address)) if address else 0
        return account, by_address

    def lock_reason(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
        """ACCOUNT or ADDRESS when this login is locked, else None."""
        account, by_address = self._recent_failures(request, credentials)
        if account >= get_failure_limit(request, credentials):
            return ACCOUNT
        if by_address >= address_failure_limit():
            return ADDRESS
        return None

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """What axes compares with AXES_FAILURE_LIMIT: the limit itself when either count has reached its own limit,
        else the account's count (which is then below it)."""
        account, by_address = self._recent_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        return limit if account >= limit or by_address >= address_failure_limit() else account

    def reset_user_attempts(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        # Called after a successful login (AXES_RESET_ON_SUCCESS): Django's login() has set request.user.
        user = getattr(request, "user", None)
        if isinstance(user, User) and user.pk:
            return forget_account_failures(user)
        return 0
