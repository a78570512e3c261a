"""Write the demo members and their savings through the services, so numbers, balances, journal entries and audit
rows are exactly what real use would leave. Runs from the coops demo hook (`demo_seed`), in its transaction.

Idempotent per cooperative: one that already has members is left alone, so a second run creates nothing.
"""

import datetime
from collections import Counter
from typing import Any

from django.conf import settings
from django.utils import translation

from simpul.coops.demo.logins import DEMO_LOGINS
from simpul.coops.demo.plan import DEMO_COOPERATIVE_SLUG, DemoPlan
from simpul.coops.models import Cooperative
from simpul.core.audit import audit_record
from simpul.core.models import User
from simpul.members.demo.plan import (
    DEPOSIT,
    EXIT,
    CooperativeMembersPlan,
    cooperative_members_plan,
    demo_scopes,
)
from simpul.members.models import Member, SavingsTransaction, ShariaContract
from simpul.members.savings.services import savings_deposit, savings_products_setup, savings_withdraw
from simpul.members.services import MemberData, member_exit, member_register


def _login_user(key: str) -> User | None:
    login = next(login for login in DEMO_LOGINS if login.key == key)
    return User.objects.filter(email=login.email).first()


def _register(cooperative: Cooperative, plan: CooperativeMembersPlan, actor: User | None) -> list[Member]:
    return [
        member_register(
            cooperative=cooperative,
            actor=actor,
            data=MemberData(
                nik=p.nik,
                name=p.name,
                gender=p.gender,
                birth_date=p.birth_date,
                village=p.village,
                join_date=p.join_date,
                address=p.address,
                phone=p.phone,
                is_producer=p.is_producer,
                business_name=p.business_name,
            ),
        )
        for p in plan.members
    ]


def _play(
    cooperative: Cooperative,
    plan: CooperativeMembersPlan,
    members: list[Member],
    *,
    manager: User | None,
    cashier: User | None,
) -> None:
    """Every deposit, withdrawal and departure (member_exit settles the savings) in date order."""
    for event in plan.events:
        member = members[event.member]
        if event.step == EXIT:
            p = plan.members[event.member]
            assert p.exit_date is not None  # an EXIT event is planned only for a member who leaves
            member_exit(
                cooperative=cooperative,
                actor=manager,
                member_id=member.pk,
                status=p.exit_status,
                exit_date=p.exit_date,
                reason=p.exit_reason,
            )
            continue
        move = savings_deposit if event.step == DEPOSIT else savings_withdraw
        move(
            cooperative=cooperative,
            actor=cashier,
            member_id=member.pk,
            kind=event.kind,
            amount=event.amount,
            date=event.date,
        )


def _link_demo_login(cooperative: Cooperative, admin: User | None) -> bool:
    """The demo member login sees its own record in the member portal; False when it already does."""
    login = next(login for login in DEMO_LOGINS if login.key == "member")
    user = User.objects.filter(email=login.email).first()
    if user is None or Member.objects.filter(cooperative=cooperative, user=user).exists():
        return False
    member = (
        Member.objects.filter(cooperative=cooperative, name=login.full_name, phone=login.phone, user__isnull=True)
        .order_by("number")
        .first()
    )
    if member is None:
        return False
    Member.objects.filter(pk=member.pk).update(user=user)
    audit_record(
        cooperative=cooperative,
        actor=admin,
        event="member.updated",
        target=member,
        changes={"user": [None, user.login_name]},
    )
    return True


def demo_members_seed(
    *,
    cooperatives: dict[str, Cooperative],
    plan: DemoPlan,
    today: datetime.date | None,
    created: Counter[str],
    **_: Any,
) -> None:
    """Members for the cooperatives `demo_scopes` names, with their savings products and a year of savings up to
    `today` (None: each cooperative's own today, in its zone)."""
    with translation.override(settings.LANGUAGE_CODE):  # what the services write (entry descriptions): Indonesian
        _members_seed(cooperatives, plan, today, created)


def _members_seed(
    cooperatives: dict[str, Cooperative], plan: DemoPlan, today: datetime.date | None, created: Counter[str]
) -> None:
    manager, cashier, admin = _login_user("manager"), _login_user("cashier"), _login_user("platform_admin")
    for slug, scope in demo_scopes(plan).items():
        cooperative = cooperatives[slug]
        if Member.objects.filter(cooperative=cooperative).exists():
            continue
        is_demo = slug == DEMO_COOPERATIVE_SLUG
        # The demo cooperative's own manager and cashier did the work there; elsewhere nobody who logs in.
        staff = (manager, cashier) if is_demo else (None, None)
        members_plan = cooperative_members_plan(
            slug=slug,
            scope=scope,
            founded_on=cooperative.founded_on or datetime.date(2000, 1, 1),
            village=cooperative.village_id,
            today=today or cooperative.today(),
        )
        savings_products_setup(
            cooperative=cooperative,
            actor=staff[0],
            pokok_amount=scope.pokok,
            wajib_amount=scope.wajib,
            sukarela_contract=ShariaContract.MUDHARABAH if cooperative.is_sharia else ShariaContract.WADIAH,
            # Wajib is owed from the month the first member joined: the billing page counts from there.
            effective_from=members_plan.members[0].join_date.replace(day=1),
        )
        members = _register(cooperative, members_plan, staff[0])
        _play(cooperative, members_plan, members, manager=staff[0], cashier=staff[1])
        created["members"] += len(members)
        created["savings transactions"] += SavingsTransaction.objects.filter(cooperative=cooperative).count()
    if _link_demo_login(cooperatives[DEMO_COOPERATIVE_SLUG], admin):
        created["member logins"] += 1
