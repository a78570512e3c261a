"""How often a reset link may be asked for: per account and per client address, in a sliding hour.

Past a limit the page answers exactly as it does otherwise (and sends nothing), so it reveals neither the limit's
state nor whether the address has an account. Links already sent keep working: someone asking on another person's
behalf cannot stop the owner from using the links in their own inbox.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from simpul.core.auth import find_user_by_login, normalize_login
from simpul.core.login_throttle import account_key
from simpul.core.models import PasswordResetRequest

WINDOW = datetime.timedelta(hours=1)


def _account(email: str) -> str:
    login = normalize_login(email)
    user = find_user_by_login(login) if "@" in login else None
    return account_key(user) if user is not None else f"login:{login}"


@transaction.atomic
def password_reset_allowed(*, email: str, ip_address: str | None) -> bool:
    """Whether a reset link may be sent now; an allowed request is counted, a refused one is not (so the hour
    slides on and a flood does not keep the owner waiting)."""
    now = timezone.now()
    since = now - WINDOW
    # Rows older than the window count for nothing: drop them as we go.
    PasswordResetRequest.objects.filter(created_at__lt=since).delete()
    account = _account(email)
    recent = PasswordResetRequest.objects.filter(created_at__gte=since)
    if recent.filter(account=account).count() >= settings.SIMPUL_PASSWORD_RESET_PER_ACCOUNT:
        return False
    if ip_address and recent.filter(ip_address=ip_address).count() >= settings.SIMPUL_PASSWORD_RESET_PER_ADDRESS:
        return False
    PasswordResetRequest.objects.create(account=account, ip_address=ip_address, created_at=now)
    return True
