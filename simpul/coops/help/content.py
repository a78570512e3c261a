"""What each role's help page says. Strings are English and translated (Bahasa Indonesia by default); the glossary
follows docs/glossary.md, whose Indonesian words keep their names.

A step may link to a page: `url` is the page's name and `needs` what its URL is made of ("cooperative", "network",
"office", or "" for a page without arguments); the link is drawn only for someone who holds such a role."""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from simpul.coops.models import RoleKind


@dataclass(frozen=True)
class Step:
    text: Promise
    url: str = ""
    needs: str = ""


@dataclass(frozen=True)
class RoleHelp:
    slug: str  # in the URL: /bantuan/<slug>/
    kind: RoleKind
    title: Promise
    summary: Promise
    does: list[Promise] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)


ROLES = [
    RoleHelp(
        slug="pengurus",
        kind=RoleKind.MANAGER,
        title=_("Manager (pengurus)"),
        summary=_("The pengurus run the cooperative day to day and change everything in its workspace."),
        does=[
            _("Keep the member register: register, edit, and record members who leave."),
            _("Record savings: deposits, withdrawals, and the simpanan wajib each member owes."),
            _("Keep the books: journal entries, periods, and the reports the RAT approves."),
            _("Invite the staff (pengawas, kasir) and join networks of cooperatives."),
        ],
        steps=[
            Step(_("Check the cooperative's profile and add its outlets."), "coops:profile", "cooperative"),
            Step(
                _("Set up the savings products (pokok, wajib, sukarela) as your by-laws say."),
                "members:savings_products",
                "cooperative",
            ),
            Step(_("Register your members, or import them from a spreadsheet."), "members:list", "cooperative"),
            Step(_("Invite your pengawas and kasir."), "coops:invitations", "cooperative"),
            Step(_("Read the books: trial balance, neraca and PHU."), "ledger:home", "cooperative"),
            Step(_("See every change made, in the audit trail."), "coops:audit_trail", "cooperative"),
        ],
    ),
    RoleHelp(
        slug="pengawas",
        kind=RoleKind.SUPERVISOR,
        title=_("Supervisor (pengawas)"),
        summary=_("The pengawas check the pengurus' work for the members: they read everything and change nothing."),
        does=[
            _("Read the member register, the savings and the wajib arrears."),
            _("Audit the books and the reports before the RAT."),
            _("Follow the audit trail: who changed what, and when."),
        ],
        steps=[
            Step(_("Look over the members, their savings and arrears."), "members:list", "cooperative"),
            Step(_("Check the trial balance, the neraca and the PHU."), "ledger:home", "cooperative"),
            Step(_("Check that the savings agree with the books."), "members:savings_reconciliation", "cooperative"),
            Step(_("Read the audit trail."), "coops:audit_trail", "cooperative"),
        ],
    ),
    RoleHelp(
        slug="kasir",
        kind=RoleKind.CASHIER,
        title=_("Cashier (kasir)"),
        summary=_("The kasir sell at the Koperasi Mart's till and serve members at the savings desk."),
        does=[
            _("Open the shift, sell by scanner, camera or name, take cash, QRIS, transfer, savings or kasbon."),
            _("Keep selling when the internet drops: the till sends the sales when it is back."),
            _("Find members by name, number, phone or member card."),
            _("Record savings deposits, and withdrawals when the pengurus allow it."),
            _("Print or send the receipt, and close the day with its total."),
        ],
        steps=[
            Step(_("Open your shift with the opening cash and the checklist."), "mart:shift", "cooperative"),
            Step(_("Sell at the till."), "mart:pos", "cooperative"),
            Step(_("Open the cashier's desk and find a member."), "members:cashier_home", "cooperative"),
            Step(
                _("At the end of the day, check your transactions and their total."),
                "members:cashier_day",
                "cooperative",
            ),
        ],
    ),
    RoleHelp(
        slug="anggota",
        kind=RoleKind.MEMBER,
        title=_("Member (anggota)"),
        summary=_("Members own the cooperative through their savings, and receive a share of the SHU."),
        does=[
            _("See your savings in each product and the simpanan wajib you still owe."),
            _("See your latest transactions and receipts."),
        ],
        steps=[
            Step(_("Open your member page: balances, arrears and transactions."), "coops:member_home"),
            Step(_("Find other cooperatives in the directory."), "coops:directory"),
        ],
    ),
    RoleHelp(
        slug="koordinator",
        kind=RoleKind.COORDINATOR,
        title=_("Network coordinator"),
        summary=_("The coordinator runs a network of cooperatives (JUK): its members, partnerships and joint work."),
        does=[
            _("Invite cooperatives into the network and follow their answers."),
            _("Record the partnership agreements (PKS/MoU) with their documents."),
            _("Watch which member cooperatives keep their books up to date."),
        ],
        steps=[
            Step(_("Open the network's page."), "coops:network_home", "network"),
            Step(_("Invite a cooperative."), "coops:network_invite_search", "network"),
            Step(_("Record a partnership agreement."), "coops:network_partnerships", "network"),
        ],
    ),
    RoleHelp(
        slug="dinas",
        kind=RoleKind.DINAS,
        title=_("Dinas officer"),
        summary=_("Officers of a Dinas Koperasi see the cooperatives of their region, as they are today."),
        does=[
            _("Follow the region's cooperatives by type, status, members and savings."),
            _("Register cooperatives and decide on changes to their legal identity."),
            _("Read the region's audit trail (personal data masked)."),
        ],
        steps=[
            Step(_("Open your region's page and search its cooperatives."), "coops:dinas_home", "office"),
            Step(_("Register a cooperative of your region."), "coops:dinas_register", "office"),
            Step(_("Decide on requested changes of legal identity."), "coops:dinas_identity_requests", "office"),
            Step(_("Read the region's audit trail."), "coops:dinas_audit", "office"),
        ],
    ),
    RoleHelp(
        slug="pemasok",
        kind=RoleKind.SUPPLIER,
        title=_("Supplier staff"),
        summary=_("Suppliers (Bulog, food makers, distributors) serve the cooperatives of the regions they cover."),
        does=[
            _("Keep the supplier's profile and the regions it serves up to date."),
            _("Later: quote prices, confirm purchase orders and deliver (Belanja Bareng)."),
        ],
        steps=[
            Step(_("Open the supplier's page."), "coops:supplier_home"),
            Step(_("Update the profile and the regions served."), "coops:supplier_edit"),
        ],
    ),
]
BY_SLUG = {role.slug: role for role in ROLES}
BY_KIND = {role.kind: role for role in ROLES}


@dataclass(frozen=True)
class Term:
    word: str  # the Indonesian word, as people say it
    meaning: Promise


GLOSSARY: list[tuple[Promise, list[Term]]] = [
    (
        _("Organisations"),
        [
            Term("Koperasi", _("A cooperative: owned by its members, run under the cooperatives law.")),
            Term("KUD, KSU, KSP, KSPPS", _("Village unit, multipurpose, savings and loan, and sharia cooperatives.")),
            Term(
                "Koperasi Desa/Kelurahan Merah Putih",
                _("The national programme founding a cooperative in every village and urban village."),
            ),
            Term("Koperasi Mart", _("A cooperative's minimart; also warung (small shop) and lapak (stall).")),
            Term(
                "JUK (Jaringan Usaha Koperasi)",
                _("A business network of cooperatives that buy together and sell each other's products."),
            ),
            Term("PKS / MoU", _("The partnership agreement behind a cooperative's place in a network.")),
            Term("Dinas Koperasi", _("The regional government office that registers and supervises cooperatives.")),
            Term("UMKM", _("Micro, small and medium enterprises: the local producers cooperatives sell for.")),
            Term("Pemasok", _("Supplier: Bulog, food makers, distributors.")),
        ],
    ),
    (
        _("People and roles"),
        [
            Term("Pengurus", _("The board that runs the cooperative; in Simpul, the manager who edits everything.")),
            Term("Pengawas", _("The supervisory board: checks the books and the trail; reads only.")),
            Term("Kasir", _("The cashier at the desk or the outlet's till.")),
            Term("Anggota", _("A member: owns the cooperative through savings, buys from it, receives SHU.")),
        ],
    ),
    (
        _("Money and the year"),
        [
            Term("Simpanan pokok", _("Principal savings: paid once on joining, returned only on leaving.")),
            Term("Simpanan wajib", _("Mandatory savings: a fixed amount paid every month.")),
            Term("Simpanan sukarela", _("Voluntary savings: deposited and withdrawn at will.")),
            Term("Tunggakan", _("Arrears: simpanan wajib owed and not yet paid.")),
            Term("SHU (Sisa Hasil Usaha)", _("The year's surplus, shared out after the RAT.")),
            Term(
                "RAT (Rapat Anggota Tahunan)", _("The annual members' meeting that approves the accounts and the SHU.")
            ),
            Term("Tahun buku", _("The fiscal year.")),
            Term("Neraca, PHU", _("The balance sheet and the statement of the year's result.")),
            Term("Saldo awal", _("Opening balances, brought over from the paper books.")),
            Term("Jejak audit", _("The audit trail: every change, who made it and when; nobody can edit it.")),
        ],
    ),
    (
        _("Identifiers and places"),
        [
            Term("NIK", _("A person's 16-digit national ID number.")),
            Term("NIK Koperasi", _("The national cooperative number: 16 digits starting with the regency code.")),
            Term("NIB", _("A business's 13-digit registration number.")),
            Term(
                "Provinsi, Kabupaten/Kota, Kecamatan, Desa/Kelurahan", _("Province, regency/city, district, village.")
            ),
            Term("WIB / WITA / WIT", _("Western, Central and Eastern Indonesian time; a cooperative keeps its own.")),
        ],
    ),
]
