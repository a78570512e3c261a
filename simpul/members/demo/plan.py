"""Who the demo cooperatives' members are and what they paid in, decided before anything is written.

The plan of a cooperative depends only on its slug, its founding date, the region table and `today`: the same
inputs give the same members, NIKs and savings histories on any machine. Balances are followed here, so a
withdrawal never exceeds what the member has, and the services only ever get a history they accept.

Histories reach back one year (the twelve months up to `today`). What members saved before that year is carried
in on the day before it starts, as a cooperative moving from paper books would enter its members' balances.
"""

import calendar
import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from simpul.coops.demo import names as coop_names
from simpul.coops.demo.logins import DEMO_LOGINS
from simpul.coops.demo.plan import DEMO_COOPERATIVE_SLUG, RANDOM_SEED, DemoPlan
from simpul.coops.models import CooperativeType
from simpul.members.demo import names
from simpul.members.models import Gender, MemberStatus, SavingsKind
from simpul.regions.models import Region, RegionLevel

FULL, LIGHT, HANDFUL = "full", "light", "handful"
SUNDA, JAWA = "sunda", "jawa"
HISTORY_MONTHS = 12
THOUSAND = Decimal(1000)

DEMO_MEMBER_LOGIN = next(login for login in DEMO_LOGINS if login.key == "member")
DEMO_MEMBER_VILLAGE = "32.73.01.1002"  # Gegerkalong, the demo cooperative's own village


@dataclass(frozen=True)
class Scope:
    """How much of a member register a demo cooperative gets."""

    members: int
    # FULL: month-by-month savings; LIGHT: a few deposits a year; HANDFUL: what was carried in and no more (the
    # services take a few milliseconds a transaction: this keeps seed_demo quick).
    history: str
    pokok: Decimal
    wajib: Decimal
    names: str = SUNDA
    sukarela_share: float = 0.3  # members who also keep simpanan sukarela


def demo_scopes(plan: DemoPlan) -> dict[str, Scope]:
    """The demo cooperative gets a full register; a KUD, a sharia KSPPS and a Merah Putih cooperative a
    smaller one; some network members a handful; the other cooperatives none."""
    scopes = {DEMO_COOPERATIVE_SLUG: Scope(300, FULL, Decimal(100_000), Decimal(25_000), sukarela_share=0.2)}
    scopes[plan.kuds[0].slug] = Scope(60, LIGHT, Decimal(50_000), Decimal(10_000), names=JAWA, sukarela_share=0.2)
    others = [p for p in plan.network_members if p.slug != DEMO_COOPERATIVE_SLUG]
    sharia = next(p for p in others if p.type == CooperativeType.KSPPS)
    scopes[sharia.slug] = Scope(40, LIGHT, Decimal(100_000), Decimal(20_000), sukarela_share=0.35)
    scopes[plan.merah_putih[0].slug] = Scope(35, LIGHT, Decimal(100_000), Decimal(25_000), sukarela_share=0.15)
    for index, cooperative_plan in enumerate(others):
        if index % 12 == 3 and cooperative_plan.slug not in scopes:
            scopes[cooperative_plan.slug] = Scope(
                4 + index % 5, HANDFUL, Decimal(100_000), Decimal(20_000), sukarela_share=0
            )
    return scopes


@dataclass
class MemberPlan:
    name: str
    gender: str
    birth_date: datetime.date
    nik: str
    village: str
    address: str
    phone: str
    join_date: datetime.date
    is_producer: bool = False
    business_name: str = ""
    exit_status: str = ""  # "" while the member stays
    exit_date: datetime.date | None = None
    exit_reason: str = ""
    is_demo_login: bool = False


# What happens on a day, in this order within the day: deposits, withdrawals, then a member leaving.
DEPOSIT, WITHDRAWAL, EXIT = 0, 1, 2


@dataclass(frozen=True, order=True)
class SavingsEvent:
    date: datetime.date
    step: int  # DEPOSIT, WITHDRAWAL or EXIT
    member: int  # index into CooperativeMembersPlan.members
    kind: str = ""  # a SavingsKind; empty for EXIT
    amount: Decimal = Decimal(0)


@dataclass
class CooperativeMembersPlan:
    slug: str
    scope: Scope
    opening: datetime.date  # the day the earlier savings are carried in on
    members: list[MemberPlan] = field(default_factory=list)  # in order of joining: the member numbers
    events: list[SavingsEvent] = field(default_factory=list)  # in date order


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _months_between(first: datetime.date, last: datetime.date) -> int:
    """Calendar months from `first`'s month to `last`'s, both counted."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def _on_day(month: datetime.date, day: int) -> datetime.date:
    return month.replace(day=min(day, calendar.monthrange(month.year, month.month)[1]))


def history_start(today: datetime.date) -> datetime.date:
    """The first day of the year of history: the month eleven months before today's."""
    return _add_months(_month_start(today), -(HISTORY_MONTHS - 1))


def _round_to(amount: float, step: int) -> Decimal:
    return Decimal(max(step, int(amount) // step * step))


class _MemberPlanner:
    def __init__(self, slug: str, scope: Scope, founded_on: datetime.date, district: str, today: datetime.date):
        self.rng = random.Random(f"{RANDOM_SEED}:members:{slug}")  # noqa: S311 - repeatable demo data
        self.slug, self.scope, self.today = slug, scope, today
        self.start = history_start(today)
        self.opening = self.start - datetime.timedelta(days=1)
        self.earliest = max(founded_on, datetime.date(today.year - 10, 1, 1))
        self.villages = list(Region.objects.filter(level=RegionLevel.VILLAGE, district_code=district).order_by("code"))
        self.niks: set[str] = set()
        self.plan = CooperativeMembersPlan(slug=slug, scope=scope, opening=self.opening)

    # People ---------------------------------------------------------------------------------------------

    def person_name(self, gender: str) -> str:
        rng = self.rng
        female = gender == Gender.FEMALE
        if self.scope.names == JAWA:
            local_first = names.JAVANESE_FEMALE if female else names.JAVANESE_MALE
            local_second = names.JAVANESE_SECOND_FEMALE if female else names.JAVANESE_SECOND
        else:
            local_first = names.SUNDANESE_FEMALE if female else names.SUNDANESE_MALE
            local_second = names.SUNDANESE_SECOND_FEMALE if female else names.SUNDANESE_SECOND
        common = rng.random() < 0.25
        first = rng.choice((names.INDONESIAN_FEMALE if female else names.INDONESIAN_MALE) if common else local_first)
        if self.scope.names == JAWA and not common and rng.random() < 0.35:
            return first  # many Javanese of the older generation carry one name
        second_pool = (
            local_second
            if rng.random() < 0.75
            else (names.INDONESIAN_SECOND_FEMALE if female else names.INDONESIAN_SECOND)
        )
        second = rng.choice(second_pool)
        return first if second == first else f"{first} {second}"

    def nik(self, village: str, gender: str, birth: datetime.date) -> str:
        district = village.rsplit(".", 1)[0].replace(".", "")
        day = birth.day + (40 if gender == Gender.FEMALE else 0)
        serial = self.rng.randint(1, 60)
        while True:
            nik = f"{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"
            if nik not in self.niks:
                self.niks.add(nik)
                return nik
            serial += 1

    def address(self, village: Region) -> str:
        rng = self.rng
        rt_rw = f"RT {rng.randint(1, 9):02d}/RW {rng.randint(1, 12):02d}"
        if village.kind == "desa":
            return f"Dusun {rng.choice(['Krajan', 'Kidul', 'Lor', 'Wetan', 'Kulon', 'Tengah'])} {rt_rw}"
        street = rng.choice(names.STREETS + coop_names.STREETS)
        prefix = "Gg." if rng.random() < 0.3 else "Jl."
        return f"{prefix} {street} No. {rng.randint(1, 160)}, {rt_rw}"

    def phone(self) -> str:
        rng = self.rng
        if rng.random() < 0.1:
            return ""
        return f"{rng.choice(names.PHONE_PREFIXES)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"

    def member(self, join: datetime.date) -> MemberPlan:
        rng = self.rng
        gender = Gender.FEMALE if rng.random() < 0.48 else Gender.MALE
        age_at_join = rng.randint(19, 58)
        birth = datetime.date(join.year - age_at_join, rng.randint(1, 12), rng.randint(1, 28))
        village = rng.choice(self.villages)
        name = self.person_name(gender)
        plan = MemberPlan(
            name=name,
            gender=gender,
            birth_date=birth,
            nik=self.nik(village.code, gender, birth),
            village=village.code,
            address=self.address(village),
            phone=self.phone(),
            join_date=join,
        )
        if rng.random() < 0.12:
            plan.is_producer = True
            template = rng.choice(names.BUSINESSES)
            plan.business_name = template.format(name=name.split()[0], place=village.name)
        return plan

    def demo_login_member(self) -> MemberPlan:
        """The demo member login's own record: a member since 2019 who pays every month."""
        birth = datetime.date(1984, 7, 17)
        village = DEMO_MEMBER_VILLAGE
        return MemberPlan(
            name=DEMO_MEMBER_LOGIN.full_name,
            gender=Gender.MALE,
            birth_date=birth,
            nik=self.nik(village, Gender.MALE, birth),
            village=village,
            address="Jl. Gegerkalong Girang No. 47, RT 03/RW 05",
            phone=DEMO_MEMBER_LOGIN.phone_local,
            join_date=min(datetime.date(2019, 3, 11), self.opening),
            is_producer=True,
            business_name="Keripik Singkong Mang Ujang",
            is_demo_login=True,
        )

    def join_date(self) -> datetime.date:
        rng = self.rng
        if rng.random() < 0.2 or self.earliest >= self.opening:
            first, last = self.start, self.today
        else:
            first, last = self.earliest, self.opening
        return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))

    def leave(self, member: MemberPlan) -> None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.035:
            member.exit_status, member.exit_reason = MemberStatus.RESIGNED, rng.choice(names.RESIGNATION_REASONS)
        elif roll < 0.045:
            member.exit_status, member.exit_reason = MemberStatus.DECEASED, names.DECEASED_REASON
        else:
            return
        first = member.join_date + datetime.timedelta(days=90)
        if first >= self.today:
            member.exit_status = member.exit_reason = ""
            return
        # Most who left did so within the year of history, so their settlement shows in the books.
        if rng.random() < 0.65:
            first = max(first, self.start)
        member.exit_date = first + datetime.timedelta(days=rng.randint(0, (self.today - first).days))

    # Savings --------------------------------------------------------------------------------------------

    def history(self) -> None:
        plan = self.plan
        events: list[SavingsEvent] = []
        for index, member in enumerate(plan.members):
            if member.exit_date is not None and member.exit_date <= self.opening:
                events.append(SavingsEvent(member.exit_date, EXIT, index))
                continue
            member_events = self.member_history(index, member)
            if member.exit_date is not None:
                # Leaving settles pokok, wajib and sukarela on the day (member_exit pays them out).
                member_events = [e for e in member_events if e.date < member.exit_date]
                events.append(SavingsEvent(member.exit_date, EXIT, index))
            events.extend(member_events)
        plan.events = sorted(events)

    def member_history(self, index: int, member: MemberPlan) -> list[SavingsEvent]:
        scope, rng = self.scope, self.rng
        events: list[SavingsEvent] = []
        carried = member.join_date <= self.opening
        first_due = self.start if carried else _month_start(member.join_date)
        pokok_day = self.opening if carried else member.join_date
        events.append(SavingsEvent(pokok_day, DEPOSIT, index, SavingsKind.POKOK, scope.pokok))
        if scope.history != FULL:
            events.append(self.wajib_at_once(index, member, carried))
        elif carried:
            months = _months_between(member.join_date, self.opening)
            events.append(SavingsEvent(self.opening, DEPOSIT, index, SavingsKind.WAJIB, scope.wajib * months))
        else:
            # New members pay their first wajib with the pokok.
            events.append(SavingsEvent(member.join_date, DEPOSIT, index, SavingsKind.WAJIB, scope.wajib))
            first_due = _add_months(first_due, 1)
        if scope.history == FULL:
            due = [_add_months(first_due, n) for n in range(_months_between(first_due, self.today))]
            events.extend(self.wajib(index, member, due if due and due[0] <= self.today else []))
        if member.is_demo_login or rng.random() < scope.sukarela_share:
            events.extend(self.sukarela(index, member, carried))
        return [e for e in events if e.date <= self.today]

    def wajib_at_once(self, index: int, member: MemberPlan, carried: bool) -> SavingsEvent:
        """A smaller register's history: every month since joining paid in one deposit, up to this month for
        most, some months behind for a few."""
        rng = self.rng
        behind = rng.choice([2, 3, 5, 9]) if rng.random() < 0.12 else rng.choice([0, 0, 0, 0, 0, 1])
        first = _month_start(member.join_date)
        through = max(first, _add_months(_month_start(self.today), -behind))
        day = _on_day(through, rng.randint(1, 28))
        if carried and through < self.start:
            day = self.opening
        day = min(max(day, member.join_date), self.today)
        amount = self.scope.wajib * _months_between(first, through)
        return SavingsEvent(day, DEPOSIT, index, SavingsKind.WAJIB, amount)

    def wajib(self, index: int, member: MemberPlan, due: list[datetime.date]) -> list[SavingsEvent]:
        """Month by month, every three or six months, or a few months at once; some stopped paying (the billing
        page's list)."""
        rng, wajib = self.rng, self.scope.wajib
        if not due:
            return []
        roll = rng.random()
        if member.is_demo_login:
            pattern, behind = "monthly", 0
        elif self.scope.history == FULL:
            pattern = (
                "monthly" if roll < 0.12 else "quarterly" if roll < 0.4 else "half-yearly" if roll < 0.72 else "lump"
            )
            behind = rng.choice([2, 3, 4, 6, 12]) if rng.random() < 0.16 else 0
        else:
            pattern = "lump"
            behind = 0
        paid = due[: max(0, len(due) - behind)]
        day = 5 if member.is_demo_login else rng.choice([5, 5, 10, 10, 25, rng.randint(1, 28)])
        groups: list[list[datetime.date]]
        if pattern == "monthly":
            groups = [[month] for month in paid]
        elif pattern in ("quarterly", "half-yearly"):
            size = 3 if pattern == "quarterly" else 6
            groups = [paid[n : n + size] for n in range(0, len(paid), size)]
        else:  # one or two deposits for several months at once
            cut = rng.randint(1, len(paid)) if len(paid) > 1 else len(paid)
            groups = [group for group in (paid[:cut], paid[cut:]) if group]
        events = []
        for group in groups:
            # A group is paid in the month of its last month (arrears caught up) or of its first (in advance).
            month = group[-1] if rng.random() < 0.5 else group[0]
            events.append(SavingsEvent(self.paid_on(month, day), DEPOSIT, index, SavingsKind.WAJIB, wajib * len(group)))
        return events

    def paid_on(self, month: datetime.date, day: int) -> datetime.date:
        """The member's pay day in `month`. In the month being seeded, a pay day still to come is brought forward
        to today (they paid at the counter today): otherwise, seeded early in a month, every member whose group of
        months ends this month would show as months behind, and the billing list would hold half the register."""
        return min(_on_day(month, day), self.today)

    def sukarela(self, index: int, member: MemberPlan, carried: bool) -> list[SavingsEvent]:
        """Deposits of any amount now and then, and a withdrawal when money is needed (school fees, Lebaran)."""
        rng = self.rng
        moves: list[tuple[datetime.date, float]] = []  # (date, +deposit / -share withdrawn)
        light = self.scope.history != FULL and not member.is_demo_login
        if carried:
            moves.append((self.opening, rng.choice([100, 250, 500, 750, 1_000, 2_000, 3_500]) * 1000.0))
        months = [_add_months(self.start, n) for n in range(HISTORY_MONTHS)]
        months = [m for m in months if m >= _month_start(member.join_date)]
        if member.is_demo_login:
            deposit_months, withdraw_months = months, months[2::4]
            amounts = [150_000, 200_000, 250_000, 300_000, 500_000]
        elif self.scope.history == FULL:
            deposit_months = sorted(rng.sample(months, min(len(months), rng.randint(1, 3))))
            withdraw_months = sorted(rng.sample(months, min(len(months), rng.randint(0, 2))))
            amounts = [50_000, 100_000, 150_000, 200_000, 300_000, 500_000, 1_000_000]
        else:  # a smaller register: what was carried in or one deposit, now and then a withdrawal
            deposit_months = [] if light and carried else sorted(rng.sample(months, min(len(months), 1)))
            withdraw_months = sorted(rng.sample(months, min(len(months), rng.randint(0, 1))))
            amounts = [50_000, 100_000, 250_000, 500_000]
        for month in deposit_months:
            moves.append((_on_day(month, rng.randint(1, 24)), float(rng.choice(amounts))))
        for month in withdraw_months:
            moves.append((_on_day(month, rng.randint(25, 28)), -rng.uniform(0.2, 0.6)))
        events, balance = [], Decimal(0)
        for day, move in sorted(moves):
            if move > 0:
                amount = Decimal(int(move))
                balance += amount
                events.append(SavingsEvent(day, DEPOSIT, index, SavingsKind.SUKARELA, amount))
            else:
                amount = _round_to(float(balance) * -move, 10_000)
                if balance >= Decimal(50_000) and amount <= balance:
                    balance -= amount
                    events.append(SavingsEvent(day, WITHDRAWAL, index, SavingsKind.SUKARELA, amount))
        return events

    def build(self, *, with_demo_login: bool) -> CooperativeMembersPlan:
        members = [self.member(self.join_date()) for _ in range(self.scope.members - int(with_demo_login))]
        if with_demo_login:
            members.append(self.demo_login_member())
        members.sort(key=lambda m: (m.join_date, m.nik))
        for member in members:
            if not member.is_demo_login:
                self.leave(member)
        self.plan.members = members
        self.history()
        return self.plan


def cooperative_members_plan(
    *, slug: str, scope: Scope, founded_on: datetime.date, village: str, today: datetime.date
) -> CooperativeMembersPlan:
    """The members of one cooperative, living in its district (kecamatan), and their savings up to `today`."""
    district = village.rsplit(".", 1)[0]
    planner = _MemberPlanner(slug, scope, founded_on, district, today)
    return planner.build(with_demo_login=slug == DEMO_COOPERATIVE_SLUG)
