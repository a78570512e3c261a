"""One demo login per role. `seed_demo` creates them; `demo_logins` prints them."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import NoReverseMatch, reverse

from simpul.coops.demo import names
from simpul.coops.demo.plan import BANDUNG, DEMO_COOPERATIVE_SLUG, JAWA_TENGAH, NETWORK_SLUG, PARTNER_COOPERATIVE_SLUG
from simpul.coops.models import RoleKind

if TYPE_CHECKING:
    from simpul.core.models import User

DEMO_PASSWORD = "simpul-demo"  # noqa: S105 - published on purpose: it is the demo's password
BANDUNG_OFFICE_SLUG = "dinas-koperasi-kota-bandung"
JATENG_OFFICE_SLUG = "dinas-koperasi-provinsi-jawa-tengah"
MINISTRY_SLUG = "kementerian-koperasi"
DEMO_SUPPLIER_SLUG = "mitra-pangan-priangan"


@dataclass(frozen=True)
class DemoLogin:
    key: str
    kind: str
    email: str
    phone_local: str  # as people type it: 0812-0000-0001
    organisation: str  # "cooperative", "network", "office", "supplier" or "" (platform admin)
    organisation_slug: str
    url_name: str
    url_kwargs: tuple[tuple[str, str], ...]
    fallback_path: str
    note: str = ""

    @property
    def full_name(self) -> str:
        return names.PEOPLE[self.key]

    @property
    def phone(self) -> str:
        digits = self.phone_local.replace("-", "")
        return "+62" + digits[1:]

    @property
    def path(self) -> str:
        """Where this person starts; the design's path if the page is not routed yet."""
        try:
            return reverse(self.url_name, kwargs=dict(self.url_kwargs))
        except NoReverseMatch:
            return self.fallback_path


def _login(
    number: int,
    key: str,
    kind: str,
    mailbox: str,
    organisation: str,
    organisation_slug: str,
    url_name: str,
    fallback: str,
    note: str = "",
    **kwargs: str,
) -> DemoLogin:
    return DemoLogin(
        key=key,
        kind=kind,
        email=f"{mailbox}@demo.simpul.id",
        phone_local=f"0812-0000-00{number:02d}",
        organisation=organisation,
        organisation_slug=organisation_slug,
        url_name=url_name,
        url_kwargs=tuple(kwargs.items()),
        fallback_path=fallback,
        note=note,
    )


_COOP = DEMO_COOPERATIVE_SLUG
DEMO_LOGINS: list[DemoLogin] = [
    _login(
        1, "manager", RoleKind.MANAGER, "pengurus", "cooperative", _COOP, "coops:dashboard", f"/k/{_COOP}/", slug=_COOP
    ),
    _login(
        2,
        "supervisor",
        RoleKind.SUPERVISOR,
        "pengawas",
        "cooperative",
        _COOP,
        "coops:dashboard",
        f"/k/{_COOP}/",
        slug=_COOP,
    ),
    _login(
        3,
        "cashier",
        RoleKind.CASHIER,
        "kasir",
        "cooperative",
        _COOP,
        "mart:pos",
        f"/k/{_COOP}/mart/kasir/",
        slug=_COOP,
    ),
    _login(4, "member", RoleKind.MEMBER, "anggota", "cooperative", _COOP, "coops:member_home", "/anggota/"),
    _login(
        5,
        "coordinator",
        RoleKind.COORDINATOR,
        "koordinator",
        "network",
        NETWORK_SLUG,
        "coops:network_home",
        f"/jaringan/{NETWORK_SLUG}/",
        slug=NETWORK_SLUG,
    ),
    _login(
        6,
        "dinas_bandung",
        RoleKind.DINAS,
        "dinas.bandung",
        "office",
        BANDUNG_OFFICE_SLUG,
        "coops:dinas_home",
        f"/dinas/{BANDUNG}/",
        note="Kota Bandung",
        region_code=BANDUNG,
    ),
    _login(
        7,
        "dinas_jateng",
        RoleKind.DINAS,
        "dinas.jateng",
        "office",
        JATENG_OFFICE_SLUG,
        "coops:dinas_home",
        f"/dinas/{JAWA_TENGAH}/",
        note="Provinsi Jawa Tengah",
        region_code=JAWA_TENGAH,
    ),
    _login(
        8, "supplier", RoleKind.SUPPLIER, "pemasok", "supplier", DEMO_SUPPLIER_SLUG, "coops:supplier_home", "/pemasok/"
    ),
    _login(9, "platform_admin", RoleKind.PLATFORM_ADMIN, "admin", "", "", "admin:index", "/admin-platform/"),
    _login(
        10,
        "partner_manager",
        RoleKind.MANAGER,
        "pengurus.sukarasa",
        "cooperative",
        PARTNER_COOPERATIVE_SLUG,
        "coops:dashboard",
        f"/k/{PARTNER_COOPERATIVE_SLUG}/",
        note="KSU Sejahtera Sukarasa",
        slug=PARTNER_COOPERATIVE_SLUG,
    ),
]


def demo_login_user(key: str) -> "User":
    """The seeded user of one of the demo logins (by its key: "manager", "dinas_bandung", "supplier" …)."""
    from simpul.core.models import User

    login = next(login for login in DEMO_LOGINS if login.key == key)
    return User.objects.get(email=login.email)
