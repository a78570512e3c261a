"""Needs in the demo, seeded by `manage.py seed_demo` through the coops demo hook, after Belanja Bareng.

Through the services only, then with the stamps moved back so the service levels have a history to show:
- the demo cooperative: LPG acknowledged by the Bandung Dinas, pledged by the demo supplier, accepted and on its
  way (the manager confirms what arrives); a bookkeeping training asked five days ago and not yet answered (late);
  a draft for cooking oil;
- the partner cooperative (the second manager login): rice, with the supplier's offer waiting, which the demo
  cooperative can also pledge to from its network page;
- other network cooperatives: sugar fulfilled through a pledge, a PIRT licence the Dinas committed to help with,
  working capital closed with its reason;
- Central Java's cooperatives: a fertiliser supplier past its needed-by date, LPG acknowledged by their Dinas.

Idempotent: nothing is written when the demo cooperative already has a need."""

import datetime as dt
from collections import Counter
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import translation

from simpul.coops.demo.logins import demo_login_user
from simpul.coops.demo.plan import DEMO_COOPERATIVE_SLUG, PARTNER_COOPERATIVE_SLUG, DemoPlan
from simpul.coops.models import Cooperative, GovernmentOffice, Role, RoleKind, Supplier
from simpul.core.models import User
from simpul.needs import lifecycle
from simpul.needs.models import Need, NeedEvent, Pledge
from simpul.needs.services.needs import need_create, need_transition
from simpul.needs.services.pledges import pledge_offer, pledge_transition


def demo_needs_seed(*, cooperatives: dict[str, Cooperative], plan: DemoPlan, created: Counter[str], **_: Any) -> None:
    demo = cooperatives.get(DEMO_COOPERATIVE_SLUG)
    if demo is None or Need.objects.filter(cooperative=demo).exists():
        return  # a second run creates nothing
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        _Needs(cooperatives, plan, created).seed()


def _backdate(need: Need, days: int) -> None:
    """Move every stamp of a need, its events and pledges `days` back: the demo's history."""
    delta = dt.timedelta(days=days)
    stamps = ["created_at", "submitted_at", "acknowledged_at", "first_response_at", "fulfilled_at", "ended_at"]
    Need.objects.filter(pk=need.pk).update(
        **{name: F(name) - delta for name in stamps if getattr(need, name) is not None}
    )
    NeedEvent.objects.filter(need=need).update(at=F("at") - delta)
    Pledge.objects.filter(need=need).update(created_at=F("created_at") - delta, updated_at=F("updated_at") - delta)


class _Needs:
    def __init__(self, cooperatives: dict[str, Cooperative], plan: DemoPlan, created: Counter[str]) -> None:
        self.cooperatives = cooperatives
        self.plan = plan
        self.created = created
        self.manager = demo_login_user("manager")
        self.partner_manager = demo_login_user("partner_manager")
        self.officer = demo_login_user("dinas_bandung")
        self.jateng_officer = demo_login_user("dinas_jateng")
        self.supplier_staff = demo_login_user("supplier")
        self.supplier = Supplier.objects.get(roles__user=self.supplier_staff, roles__kind=RoleKind.SUPPLIER)

    def _office(self, officer: User) -> GovernmentOffice:
        role = Role.objects.select_related("office").get(user=officer, kind=RoleKind.DINAS)
        assert role.office is not None
        return role.office

    def _manager_of(self, cooperative: Cooperative) -> User:
        role = Role.objects.filter(cooperative=cooperative, kind=RoleKind.MANAGER, is_active=True).select_related(
            "user"
        )
        found = role.first()
        if found is not None:
            return found.user
        email = f"pengurus.{cooperative.slug}@demo.simpul.id"[:254]
        user = User.objects.filter(email=email).first() or User.objects.create(
            full_name=f"Pengurus {cooperative.name}"[:150], email=email
        )
        Role.objects.get_or_create(user=user, kind=RoleKind.MANAGER, cooperative=cooperative)
        return user

    def _post(self, cooperative: Cooperative, manager: User, **data: Any) -> Need:
        data.setdefault("needed_by", (cooperative.today() + dt.timedelta(days=data.pop("in_days", 10))).isoformat())
        need = need_create(cooperative=cooperative, actor=manager, data=data, submit=data.pop("submit", True))
        self.created["needs"] += 1
        return need

    def _acknowledge(self, need: Need, officer: User) -> None:
        need_transition(
            need_id=need.pk, actor=officer, side=lifecycle.DINAS, to="acknowledged", office=self._office(officer)
        )

    def _pledge(self, need: Need, quantity: str, price: str, **giver: Any) -> Pledge:
        actor = giver.pop("actor", self.supplier_staff)
        giver = giver or {"supplier": self.supplier}
        deliver_by = (self.cooperatives[DEMO_COOPERATIVE_SLUG].today() + dt.timedelta(days=2)).isoformat()
        pledge = pledge_offer(
            need_id=need.pk,
            actor=actor,
            data={"quantity": quantity, "unit_price": price, "deliver_by": deliver_by},
            **giver,
        )
        self.created["pledges"] += 1
        return pledge

    def _step(self, pledge: Pledge, to: str, actor: User, **side: Any) -> None:
        pledge_transition(pledge_id=pledge.pk, actor=actor, to=to, **side)

    def seed(self) -> None:
        demo = self.cooperatives[DEMO_COOPERATIVE_SLUG]
        partner = self.cooperatives[PARTNER_COOPERATIVE_SLUG]
        members = [self.cooperatives[p.slug] for p in self.plan.network_members if p.slug in self.cooperatives]
        others = [c for c in members if c.pk not in (demo.pk, partner.pk)]
        jateng = [
            self.cooperatives[p.slug] for p in [*self.plan.kuds, *self.plan.merah_putih] if p.slug in self.cooperatives
        ]

        lpg = self._post(
            demo,
            self.manager,
            category="stock",
            item="LPG 3 kg",
            quantity="60",
            unit="tabung",
            priority="high",
            description="Pangkalan langganan berhenti mengirim; stok tinggal 8 tabung.",
            in_days=4,
        )
        self._acknowledge(lpg, self.officer)
        offer = self._pledge(lpg, "60", "18000")
        self._step(offer, "accepted", self.manager, asker=demo)
        self._step(offer, "shipped", self.supplier_staff, supplier=self.supplier)
        _backdate(lpg, 2)

        training = self._post(
            demo,
            self.manager,
            category="training",
            item="Pelatihan pembukuan untuk pengurus",
            priority="normal",
            description="Dua pengurus baru belum pernah menyusun neraca.",
            in_days=30,
        )
        _backdate(training, 5)
        self._post(
            demo,
            self.manager,
            category="stock",
            item="Minyak goreng 2 L",
            quantity="48",
            unit="botol",
            submit=False,
            in_days=14,
        )

        rice = self._post(
            partner,
            self.partner_manager,
            category="stock",
            item="Beras medium",
            quantity="500",
            unit="kg",
            priority="urgent",
            description="Permintaan anggota naik menjelang hari raya.",
            in_days=5,
        )
        self._pledge(rice, "300", "12400")
        _backdate(rice, 1)

        if others:
            sugar = self._post(
                others[0],
                self._manager_of(others[0]),
                category="stock",
                item="Gula pasir",
                quantity="100",
                unit="kg",
                in_days=7,
            )
            self._acknowledge(sugar, self.officer)
            given = self._pledge(sugar, "100", "16500")
            manager = self._manager_of(others[0])
            self._step(given, "accepted", manager, asker=others[0])
            self._step(given, "shipped", self.supplier_staff, supplier=self.supplier)
            self._step(given, "received", manager, asker=others[0], received_quantity="100")
            _backdate(sugar, 12)
        if len(others) > 1:
            licence = self._post(
                others[1],
                self._manager_of(others[1]),
                category="licensing",
                item="Izin PIRT untuk keripik singkong anggota",
                in_days=45,
            )
            need_transition(
                need_id=licence.pk,
                actor=self.officer,
                side=lifecycle.DINAS,
                to="committed",
                office=self._office(self.officer),
                note="Klinik perizinan keliling hari Kamis di kecamatan.",
            )
            _backdate(licence, 8)
        if len(others) > 2:
            capital = self._post(
                others[2],
                self._manager_of(others[2]),
                category="capital",
                item="Modal kerja untuk etalase pendingin",
                in_days=60,
            )
            need_transition(
                need_id=capital.pk,
                actor=self.officer,
                side=lifecycle.DINAS,
                to="closed",
                office=self._office(self.officer),
                note="Diarahkan ke program kredit LPDB; koperasi sudah mengajukan.",
            )
            _backdate(capital, 20)
        if jateng:
            fertiliser = self._post(
                jateng[0], self._manager_of(jateng[0]), category="supplier", item="Pemasok pupuk bersubsidi", in_days=3
            )
            _backdate(fertiliser, 9)
            Need.objects.filter(pk=fertiliser.pk).update(needed_by=F("needed_by") - dt.timedelta(days=9))
        if len(jateng) > 1:
            gas = self._post(
                jateng[1],
                self._manager_of(jateng[1]),
                category="stock",
                item="LPG 3 kg",
                quantity="40",
                unit="tabung",
                in_days=6,
            )
            self._acknowledge(gas, self.jateng_officer)
            _backdate(gas, 2)
