"""Writes of the cashier's desk: the manager's setting of what each cashier (kasir) may do.

Deposits and withdrawals themselves go through simpul/members/savings/services.py like everyone else's."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative, Role, RoleKind
from simpul.core.audit import audit_record
from simpul.core.exceptions import NotFoundError, PermissionDeniedError
from simpul.core.models import User
from simpul.members import error_codes
from simpul.members.cashier.selectors import may_withdraw
from simpul.members.models import CashierPermission


def cashier_roles(cooperative: Cooperative) -> list[Role]:
    """The cooperative's active cashiers, by name, with their people."""
    return list(
        Role.objects.filter(cooperative=cooperative, kind=RoleKind.CASHIER, is_active=True)
        .select_related("user")
        .order_by("user__full_name", "user_id")
    )


@transaction.atomic
def cashier_permission_set(
    *, cooperative: Cooperative, actor: User, user_id: int, may_withdraw: bool, ip_address: str | None = None
) -> CashierPermission:
    """Allow or stop a cashier paying out withdrawals; one audit row per change (nothing when nothing changes).

    `user_id` must hold an active cashier role in this cooperative: anyone else is the same 404."""
    role = (
        Role.objects.filter(cooperative=cooperative, kind=RoleKind.CASHIER, is_active=True, user_id=user_id)
        .select_related("user")
        .first()
    )
    if role is None:
        raise NotFoundError.plain()
    permission, _created = CashierPermission.objects.select_for_update().get_or_create(
        cooperative=cooperative, user=role.user, defaults={"may_withdraw": False, "updated_by": actor}
    )
    if permission.may_withdraw == may_withdraw:
        return permission
    permission.may_withdraw = may_withdraw
    permission.updated_by = actor
    permission.updated_at = timezone.now()
    permission.save(update_fields=["may_withdraw", "updated_by", "updated_at"])
    audit_record(
        cooperative=cooperative,
        actor=actor,
        event="cashier.permission_changed",
        target=permission,
        changes={"cashier": role.user.full_name, "may_withdraw": may_withdraw},
        ip_address=ip_address,
    )
    return permission


def check_may_withdraw(cooperative: Cooperative, user: User, role_kinds: set[str]) -> None:
    """A manager pays out; a cashier only when the manager allows it for them (403 otherwise)."""
    if RoleKind.MANAGER in role_kinds:
        return
    if RoleKind.CASHIER in role_kinds and may_withdraw(cooperative, user):
        return
    raise withdrawal_refused()


def withdrawal_refused() -> PermissionDeniedError:
    return PermissionDeniedError(
        _("Your manager has not allowed you to pay out withdrawals. Ask them to allow it on the cashiers page."),
        code=error_codes.WITHDRAWAL_NOT_ALLOWED,
    )
