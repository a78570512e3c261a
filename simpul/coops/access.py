"""Who may see and do what. Explicit: the view resolves the organisation from the URL and the user's roles.

Every `access_*` gives the same 404 for "does not exist" and "belongs to someone else"; a 403 only when the
person does hold a role there but not one that may take the action.
"""

from collections.abc import Iterable
from functools import cache

from django.db.models import Case, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative, GovernmentOffice, Network, Role, RoleKind, Supplier
from simpul.coops.selectors.public import COUNTRY_CODE
from simpul.core import lean_sql
from simpul.core.exceptions import NotFoundError, PermissionDeniedError
from simpul.core.models import User
from simpul.regions.models import Region

STAFF_ROLES = frozenset({RoleKind.MANAGER, RoleKind.SUPERVISOR, RoleKind.CASHIER})
READ_ROLES = frozenset({RoleKind.MANAGER, RoleKind.SUPERVISOR})
WRITE_ROLES = frozenset({RoleKind.MANAGER})
# Who reads the member register (NIK, phone, balances): the cooperative's manager and supervisor. Everyone else
# who sees a member's data in passing (an audit row on the Dinas trail) sees it masked: simpul/core/masking.py.
MEMBER_REGISTER_ROLES = READ_ROLES


def reads_member_register(role: Role) -> bool:
    """Whether the person, acting in this role, may read the register of the role's cooperative."""
    return role.kind in MEMBER_REGISTER_ROLES and role.cooperative_id is not None


# The role a person starts in when they have several: the one with the most to do first.
ROLE_PRIORITY = [
    RoleKind.MANAGER,
    RoleKind.COORDINATOR,
    RoleKind.DINAS,
    RoleKind.SUPERVISOR,
    RoleKind.CASHIER,
    RoleKind.SUPPLIER,
    RoleKind.MEMBER,
    RoleKind.PLATFORM_ADMIN,
]
ROLE_RANK: dict[str, int] = {kind.value: rank for rank, kind in enumerate(ROLE_PRIORITY)}


def user_roles(user: User) -> QuerySet[Role]:
    if not user.is_authenticated:
        return Role.objects.none()
    priority = Case(
        *[When(kind=kind, then=Value(rank)) for rank, kind in enumerate(ROLE_PRIORITY)],
        default=Value(len(ROLE_PRIORITY)),
    )
    return (
        Role.objects.filter(user=user, is_active=True)
        .select_related("cooperative", "network", "office", "office__region", "supplier")
        .order_by(priority, "id")
    )


def access_cooperative(user: User, slug: str, allowed: Iterable[str]) -> tuple[Cooperative, Role]:
    """The cooperative at `slug` if the user holds a role there; 404 otherwise, 403 if the role is not allowed."""
    if not user.is_authenticated:
        raise NotFoundError.plain()
    # Only this cooperative's roles, with the cooperative and its village (the zone its business day is cut in), in
    # one prepared statement (lean SQL, ADR 0005): every API call comes here, and `user_roles`' five joins and
    # ordering expression cost more than the check.
    roles = sorted(_roles_at(user.pk, slug), key=lambda role: (ROLE_RANK.get(role.kind, len(ROLE_PRIORITY)), role.pk))
    if not roles:
        raise NotFoundError.plain()
    allowed_set = set(allowed)
    for role in roles:
        if role.kind in allowed_set:
            assert role.cooperative is not None
            return role.cooperative, role
    raise PermissionDeniedError(_("Your role may not do this."), code="forbidden")


@cache
def _roles_at_sql() -> str:
    kinds = ", ".join(f"'{kind}'" for kind in sorted(STAFF_ROLES | {RoleKind.MEMBER}))  # the code's own values
    return (
        f"SELECT {lean_sql.columns(Role, 'r')}, {lean_sql.columns(Cooperative, 'c')}, "  # noqa: S608
        f"{lean_sql.columns(Region, 'v')} FROM {lean_sql.table(Role, 'r')} "
        f"JOIN {lean_sql.table(Cooperative, 'c')} ON c.id = r.cooperative_id "
        f"JOIN {lean_sql.table(Region, 'v')} ON v.code = c.village_id "
        f"WHERE r.user_id = %s AND r.is_active AND c.slug = %s AND r.kind IN ({kinds})"
    )


def _roles_at(user_id: int, slug: str) -> list[Role]:
    role_width = len(lean_sql.model_fields(Role))
    cooperative_width = len(lean_sql.model_fields(Cooperative))
    with lean_sql.cursor() as cursor:
        cursor.execute(_roles_at_sql(), [user_id, slug])
        rows = cursor.fetchall()
    roles = []
    for row in rows:
        role = lean_sql.instance(Role, row[:role_width])
        cooperative = lean_sql.instance(Cooperative, row[role_width : role_width + cooperative_width])
        Cooperative.village.field.set_cached_value(
            cooperative, lean_sql.instance(Region, row[role_width + cooperative_width :])
        )
        Role.cooperative.field.set_cached_value(role, cooperative)
        roles.append(role)
    return roles


def access_office(user: User, slug: str) -> tuple[GovernmentOffice, Role]:
    role = user_roles(user).filter(kind=RoleKind.DINAS, office__slug=slug).first()
    if role is None or role.office is None:
        raise NotFoundError.plain()
    return role.office, role


def access_office_by_region(user: User, region_code: str) -> tuple[GovernmentOffice, Role]:
    """A Dinas URL names a region; the officer must hold an office whose scope contains it."""
    for role in user_roles(user).filter(kind=RoleKind.DINAS):
        office = role.office
        if office is None:
            continue
        if office.covers(region_code):
            return office, role
    raise NotFoundError.plain()


def region_named(region_code: str) -> Region | None:
    """The region a Dinas or public URL names: None for the whole country (COUNTRY_CODE); 404 when there is none."""
    if region_code == COUNTRY_CODE:
        return None
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise NotFoundError.plain()
    return region


def access_office_and_region(user: User, region_code: str) -> tuple[GovernmentOffice, Region | None]:
    """The officer's office over the URL's region, and that region (None for the whole country); 404 if not theirs."""
    office, _role = access_office_by_region(user, region_code)
    return office, region_named(region_code)


def access_network(user: User, slug: str) -> tuple[Network, Role]:
    role = user_roles(user).filter(kind=RoleKind.COORDINATOR, network__slug=slug).first()
    if role is None or role.network is None:
        raise NotFoundError.plain()
    return role.network, role


def access_supplier(user: User) -> tuple[Supplier, Role]:
    role = user_roles(user).filter(kind=RoleKind.SUPPLIER).first()
    if role is None or role.supplier is None:
        raise NotFoundError.plain()
    return role.supplier, role


def as_http404(error: NotFoundError) -> Http404:
    return Http404(error.message)
