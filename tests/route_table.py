"""Every URL and API operation of Simpul, classified by who may reach it. tests/test_routes.py walks the URL
resolver and fails on any route missing here, so each new page or endpoint must be added with its rule.

Keys: the qualified URL name for pages ("coops:dashboard"), "METHOD /api/v1/path/{param}" for API operations
(as in /api/v1/openapi.json), the path of an unnamed pattern, and a trailing "*" for a whole namespace or
path prefix ("admin:*", "/admin-platform/*").
"""

from dataclasses import dataclass, field
from typing import Any

# Scopes: what part of the URL says whose page it is.
PUBLIC = "public"  # anyone, logged in or not
LOGIN = "login"  # any logged-in person, whatever their role
COOPERATIVE = "cooperative"  # /k/<slug>/…: people holding a role in that cooperative
NETWORK = "network"  # /jaringan/<slug>/…: the network's coordinators
DINAS = "dinas"  # /dinas/<region_code>/…: officers of an office whose scope holds the region
SUPPLIER = "supplier"  # /pemasok/…: the supplier's staff
MEMBER_PORTAL = "member_portal"  # /anggota/…: people who are members of some cooperative
PERSONAL = "personal"  # a logged-in person's own things (API tokens): someone else's id is 404
OBJECT = "object"  # the object id alone says whose it is (a partnership document): `read` roles reach their own
ADMIN = "admin"  # the Django admin, platform staff only

SIGNED_IN = "signed_in"  # in Route.expect: every role but anonymous

# Which roles "belong" to each scope. Anyone else has no role there: the page does not exist for them (404).
SCOPE_ROLES: dict[str, frozenset[str]] = {
    COOPERATIVE: frozenset({"manager", "supervisor", "cashier", "member"}),
    NETWORK: frozenset({"coordinator"}),
    DINAS: frozenset({"dinas"}),
    SUPPLIER: frozenset({"supplier"}),
    MEMBER_PORTAL: frozenset({"member"}),
    PERSONAL: frozenset({"manager", "supervisor", "cashier", "member", "coordinator", "dinas", "supplier"}),
}

STAFF = frozenset({"manager", "supervisor", "cashier"})
MANAGEMENT = frozenset({"manager", "supervisor"})  # supervisors read everything managers read
MANAGER = frozenset({"manager"})
COORDINATOR = frozenset({"coordinator"})
DINAS_OFFICER = frozenset({"dinas"})
SUPPLIER_STAFF = frozenset({"supplier"})
EVERYONE = SCOPE_ROLES[PERSONAL]


@dataclass(frozen=True)
class Route:
    scope: str
    # Roles of the scope that may GET the page of their own organisation; the others holding a role there get 403.
    read: frozenset[str] = frozenset()
    # Roles that may POST (pages) or call a write operation (API); None: no write check for this route.
    write: frozenset[str] | None = None
    # Statuses a permitted GET may answer with.
    ok: tuple[int, ...] = (200,)
    # HTTP methods the page accepts (API operations carry their method in the key).
    methods: tuple[str, ...] = ("GET",)
    # Fixed URL kwargs for routes whose kwargs no scope explains (password reset links, region codes …).
    sample: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    # JSON body for API write checks (so validation passes and the access check decides).
    body: dict[str, Any] = field(default_factory=dict)
    # Per-role overrides of the expected status of a GET on the own organisation (SIGNED_IN: every logged-in role).
    expect: dict[str, int] = field(default_factory=dict)
    # The same for a write (POST on a page, the operation's method in the API).
    expect_write: dict[str, int] = field(default_factory=dict)
    # Roles that hold a place where the route points (default: the scope's roles; for OBJECT: read | write).
    members: frozenset[str] | None = None
    # What a `slug` kwarg names when it is not the scope's own key: cooperative, network, office or supplier.
    slug: str = ""
    # Write checks send a multipart form with a small PDF in `document` instead of a JSON body.
    upload: bool = False


ROUTES: dict[str, Route] = {
    # --- core: landing, login, password, manifest, API tokens
    "core:landing": Route(PUBLIC),
    "core:home": Route(LOGIN, ok=(302,)),
    "core:manifest": Route(PUBLIC),
    "core:login": Route(PUBLIC, expect={SIGNED_IN: 302}),
    "core:logout": Route(PUBLIC, methods=("POST",)),
    "core:password_change": Route(LOGIN, methods=("GET", "POST")),
    "core:password_reset": Route(PUBLIC, methods=("GET", "POST")),
    "core:password_reset_done": Route(PUBLIC),
    "core:password_reset_confirm": Route(PUBLIC, sample={"uidb64": "MQ", "token": "set-password"}),
    "core:api_tokens": Route(LOGIN, methods=("GET", "POST")),
    "core:api_token_revoke": Route(PERSONAL, write=EVERYONE, methods=("POST",)),
    "set_language": Route(PUBLIC, ok=(302,), methods=("GET", "POST")),
    # --- coops: public directory, role switch
    "coops:directory": Route(PUBLIC),
    "coops:cooperative_profile": Route(PUBLIC),
    "coops:switch_role": Route(LOGIN, methods=("POST",)),
    # --- coops: staff invitations (the link's page asks a logged-in person to log out first: 403)
    "coops:invitations": Route(COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST")),
    "coops:invitation_revoke": Route(COOPERATIVE, write=MANAGER, methods=("POST",)),
    "coops:invitation_accept": Route(PUBLIC, methods=("GET", "POST"), expect={SIGNED_IN: 403}),
    # --- coops: the cooperative workspace (cashiers see the name and outlets; supervisors read, never write)
    "coops:dashboard": Route(COOPERATIVE, read=STAFF),
    "coops:profile": Route(COOPERATIVE, read=MANAGEMENT, write=MANAGER, methods=("GET", "POST")),
    "coops:identity_requests": Route(COOPERATIVE, read=MANAGEMENT, write=MANAGER, methods=("GET", "POST")),
    "coops:outlets": Route(COOPERATIVE, read=MANAGEMENT),
    "coops:outlet_create": Route(COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST")),
    "coops:outlet_edit": Route(COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST")),
    "coops:audit_trail": Route(COOPERATIVE, read=MANAGEMENT),
    "coops:membership_accept": Route(COOPERATIVE, write=MANAGER, methods=("POST",)),
    "coops:membership_decline": Route(COOPERATIVE, write=MANAGER, methods=("POST",)),
    "coops:membership_leave": Route(COOPERATIVE, write=MANAGER, methods=("POST",)),
    # --- coops: networks
    "coops:network_home": Route(NETWORK, read=COORDINATOR),
    "coops:network_invite_search": Route(NETWORK, read=COORDINATOR, query={"q": "koperasi"}),
    "coops:network_invite": Route(NETWORK, write=COORDINATOR, methods=("POST",)),
    "coops:network_partnerships": Route(NETWORK, read=COORDINATOR),
    "coops:partnership_create": Route(NETWORK, read=COORDINATOR, write=COORDINATOR, methods=("GET", "POST")),
    "coops:partnership_document": Route(
        OBJECT, read=frozenset({"manager", "supervisor", "coordinator"}), slug="network"
    ),
    # --- coops: Dinas, member portal, supplier
    "coops:dinas_home": Route(DINAS, read=DINAS_OFFICER),
    "coops:dinas_register": Route(DINAS, read=DINAS_OFFICER, write=DINAS_OFFICER, methods=("GET", "POST")),
    "coops:dinas_audit": Route(DINAS, read=DINAS_OFFICER),
    "coops:dinas_identity_requests": Route(DINAS, read=DINAS_OFFICER),
    "coops:dinas_identity_decide": Route(DINAS, write=DINAS_OFFICER, methods=("POST",)),
    "coops:member_home": Route(MEMBER_PORTAL, read=frozenset({"member"})),
    "coops:supplier_home": Route(SUPPLIER, read=SUPPLIER_STAFF),
    "coops:supplier_edit": Route(SUPPLIER, read=SUPPLIER_STAFF, write=SUPPLIER_STAFF, methods=("GET", "POST")),
    # --- members: the member register (supervisors read it; only managers register, edit and end memberships)
    "members:list": Route(COOPERATIVE, read=MANAGEMENT, query={"q": "siti", "status": "active"}),
    "members:register": Route(COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST")),
    "members:detail": Route(COOPERATIVE, read=MANAGEMENT),
    "members:edit": Route(COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST")),
    "members:exit": Route(COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST")),
    "members:savings": Route(COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST")),
    # --- ledger: the books (managers and supervisors read; only managers post entries)
    "ledger:home": Route(COOPERATIVE, read=MANAGEMENT),
    "ledger:chart": Route(COOPERATIVE, read=MANAGEMENT),
    "ledger:trial_balance": Route(COOPERATIVE, read=MANAGEMENT, query={"dari": "2026-01-01", "sampai": "2026-12-31"}),
    "ledger:balance_sheet": Route(COOPERATIVE, read=MANAGEMENT, query={"per": "2026-06-30"}),
    "ledger:entry_new": Route(COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST")),
    # --- members: import, export, member card (pages)
    "members:import": Route(COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST")),
    "members:import_template": Route(COOPERATIVE, read=MANAGER),
    "members:import_preview": Route(COOPERATIVE, read=MANAGER),
    "members:import_confirm": Route(COOPERATIVE, write=MANAGER, methods=("POST",)),
    "members:export": Route(COOPERATIVE, read=MANAGEMENT, query={"q": "siti", "status": "active"}),
    "members:card": Route(COOPERATIVE, read=MANAGEMENT),
    # --- members: savings products, receipts, wajib billing (pages)
    "members:savings_products": Route(COOPERATIVE, read=MANAGEMENT, write=MANAGER, methods=("GET", "POST")),
    "members:savings_receipt": Route(COOPERATIVE, read=MANAGEMENT),
    "members:savings_receipt_pdf": Route(COOPERATIVE, read=MANAGEMENT),
    "members:wajib_billing": Route(COOPERATIVE, read=MANAGEMENT, query={"q": "siti", "bulan": "2"}),
    "members:wajib_billing_xlsx": Route(COOPERATIVE, read=MANAGEMENT),
    # --- members: the member portal (pages)
    "members:portal_access": Route(COOPERATIVE, read=MANAGEMENT),
    "members:portal_invite": Route(COOPERATIVE, write=MANAGER, methods=("POST",)),
    "members:portal_revoke": Route(COOPERATIVE, write=MANAGER, methods=("POST",)),
    "members:portal_unlink": Route(COOPERATIVE, write=MANAGER, methods=("POST",)),
    # the member's own page: the slug of another cooperative (or no linked member record) is 404
    "members:portal_home": Route(MEMBER_PORTAL, read=frozenset({"member"})),
    # --- ledger: reports (pages, PDF, Excel)
    "ledger:general_journal": Route(COOPERATIVE, read=MANAGEMENT, query={"dari": "2026-01-01", "sampai": "2026-12-31"}),
    "ledger:general_ledger": Route(COOPERATIVE, read=MANAGEMENT, query={"dari": "2026-01-01", "sampai": "2026-12-31"}),
    "ledger:business_results": Route(
        COOPERATIVE, read=MANAGEMENT, query={"dari": "2026-01-01", "sampai": "2026-12-31"}
    ),
    "ledger:equity_changes": Route(COOPERATIVE, read=MANAGEMENT, query={"dari": "2026-01-01", "sampai": "2026-12-31"}),
    "ledger:cash_flow": Route(COOPERATIVE, read=MANAGEMENT, query={"dari": "2026-01-01", "sampai": "2026-12-31"}),
    # --- ledger: opening balances, entries, attachments, reversals, sub-accounts (pages)
    "ledger:entry_detail": Route(COOPERATIVE, read=MANAGEMENT),
    "ledger:entry_reverse": Route(COOPERATIVE, write=MANAGER, methods=("POST",)),
    "ledger:entry_attachment": Route(COOPERATIVE, read=MANAGEMENT),
    "ledger:opening_balances": Route(COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST")),
    "ledger:account_new": Route(COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST")),
    "ledger:account_edit": Route(COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST")),
    "ledger:account_delete": Route(COOPERATIVE, write=MANAGER, methods=("POST",)),
    "ledger:periods": Route(COOPERATIVE, read=MANAGEMENT, query={"tahun": "2026"}),
    "ledger:period_close": Route(COOPERATIVE, write=MANAGER, methods=("POST",)),
    # Reopening a closed period: a manager or a supervisor asks, the other role signs (issue 10 §3).
    "ledger:period_reopen": Route(COOPERATIVE, read=MANAGEMENT),
    "ledger:period_reopen_ask": Route(COOPERATIVE, write=MANAGEMENT, methods=("POST",)),
    "ledger:period_reopen_approve": Route(COOPERATIVE, write=MANAGEMENT, methods=("POST",)),
    "ledger:period_reopen_reject": Route(COOPERATIVE, write=MANAGEMENT, methods=("POST",)),
    # The route world's cooperatives are not sharia: their ZIS report does not exist (404).
    "ledger:zis_report": Route(COOPERATIVE, read=MANAGEMENT, ok=(200, 404)),
    "ledger:heads": Route(COOPERATIVE, read=MANAGEMENT),
    "ledger:heads_dinas": Route(DINAS, read=DINAS_OFFICER),
    "ledger:heads_network": Route(NETWORK, read=COORDINATOR),
    "members:savings_reconciliation": Route(COOPERATIVE, read=MANAGEMENT),
    "members:savings_correct": Route(COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST")),
    "members:savings_opening": Route(COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST")),
    # --- regions
    "regions:picker_search": Route(PUBLIC, query={"q": "bandung"}),
    # --- API: the spec, its offline docs page, JSON 404s for unknown paths
    "api:openapi-json": Route(PUBLIC),
    "api:openapi-view": Route(PUBLIC),
    "api:api-root": Route(PUBLIC, ok=(404,)),
    "api:api-unknown": Route(PUBLIC, ok=(404,)),
    "GET /api/v1/regions": Route(PUBLIC, query={"q": "bandung"}),
    "GET /api/v1/regions/{code}": Route(PUBLIC, sample={"code": "32.73"}),
    "GET /api/v1/regions/{code}/children": Route(PUBLIC, sample={"code": "32.73"}),
    # --- API: cooperatives and outlets
    "GET /api/v1/cooperatives": Route(PUBLIC),
    "POST /api/v1/cooperatives": Route(
        LOGIN,
        body={"name": "Koperasi Uji Rute", "type": "ksu", "village": "32.73.01.1002"},
        expect_write={SIGNED_IN: 403, "dinas": 201},
    ),
    "GET /api/v1/cooperatives/{slug}": Route(PUBLIC),
    "PATCH /api/v1/cooperatives/{slug}": Route(COOPERATIVE, write=MANAGER, body={"address": "Jl. Uji No. 1"}),
    "GET /api/v1/cooperatives/{slug}/outlets": Route(COOPERATIVE, read=STAFF),
    "POST /api/v1/cooperatives/{slug}/outlets": Route(COOPERATIVE, write=MANAGER, body={"name": "Gerai Uji"}),
    "PATCH /api/v1/cooperatives/{slug}/outlets/{outlet_id}": Route(
        COOPERATIVE, write=MANAGER, body={"name": "Gerai Uji Baru"}
    ),
    "GET /api/v1/cooperatives/{slug}/networks": Route(COOPERATIVE, read=MANAGEMENT),
    # --- API: legal identity change requests (the manager asks, the Dinas decides)
    "GET /api/v1/cooperatives/{slug}/identity-requests": Route(COOPERATIVE, read=MANAGEMENT),
    "POST /api/v1/cooperatives/{slug}/identity-requests": Route(
        COOPERATIVE, write=MANAGER, body={"deed_number": "AHU-0002.AH.01.26", "reason": "Akta perubahan"}
    ),
    "GET /api/v1/dinas/{region_code}/identity-requests": Route(DINAS, read=DINAS_OFFICER),
    "POST /api/v1/dinas/{region_code}/identity-requests/{request_id}/approve": Route(
        DINAS, write=DINAS_OFFICER, body={"note": ""}
    ),
    "POST /api/v1/dinas/{region_code}/identity-requests/{request_id}/reject": Route(
        DINAS, write=DINAS_OFFICER, body={"note": "Akta belum dilampirkan"}
    ),
    # --- API: offices, suppliers, the caller and their tokens
    "GET /api/v1/offices": Route(PUBLIC),
    "GET /api/v1/offices/{slug}": Route(PUBLIC, slug="office"),
    "GET /api/v1/suppliers": Route(PUBLIC),
    "GET /api/v1/suppliers/{slug}": Route(PUBLIC, slug="supplier"),
    "GET /api/v1/me": Route(LOGIN),
    "GET /api/v1/auth/tokens": Route(LOGIN),
    "POST /api/v1/auth/tokens": Route(LOGIN, body={"name": "Laptop kasir"}, expect_write={SIGNED_IN: 201}),
    "DELETE /api/v1/auth/tokens/{token_id}": Route(PERSONAL, write=EVERYONE),
    # --- API: networks (coordinators), and the member cooperative's answers (its managers)
    "GET /api/v1/networks": Route(PUBLIC),
    "GET /api/v1/networks/{slug}": Route(PUBLIC, slug="network"),
    "GET /api/v1/networks/{slug}/memberships": Route(NETWORK, read=COORDINATOR),
    "POST /api/v1/networks/{slug}/memberships": Route(
        NETWORK, write=COORDINATOR, body={"cooperative": "belum-ada"}, expect_write={"coordinator": 404}
    ),
    "GET /api/v1/networks/{slug}/partnerships": Route(NETWORK, read=COORDINATOR),
    "POST /api/v1/networks/{slug}/partnerships": Route(
        NETWORK,
        write=COORDINATOR,
        body={"membership_id": 0, "signed_on": "2025-01-15", "parties": "Para pihak", "scope": "Belanja bersama"},
        expect_write={"coordinator": 404},
    ),
    "POST /api/v1/networks/{slug}/partnerships/{partnership_id}/document": Route(
        NETWORK, write=COORDINATOR, upload=True
    ),
    "GET /api/v1/networks/{slug}/partnerships/{partnership_id}/document": Route(
        OBJECT, read=frozenset({"manager", "supervisor", "coordinator"}), slug="network"
    ),
    "POST /api/v1/networks/{slug}/memberships/{membership_id}/respond": Route(
        OBJECT, write=MANAGER, members=SCOPE_ROLES[COOPERATIVE], slug="network", body={"decision": "accept"}
    ),
    "POST /api/v1/networks/{slug}/memberships/{membership_id}/leave": Route(
        OBJECT, write=MANAGER, members=SCOPE_ROLES[COOPERATIVE], slug="network", body={"note": ""}
    ),
    # --- API: members
    "GET /api/v1/cooperatives/{slug}/members": Route(COOPERATIVE, read=MANAGEMENT, query={"q": "siti"}),
    "POST /api/v1/cooperatives/{slug}/members": Route(
        COOPERATIVE,
        write=MANAGER,
        body={
            "nik": "3273011708900001",
            "name": "Budi Uji Rute",
            "gender": "male",
            "birth_date": "1990-08-17",
            "village": "32.73.01.1002",
            "join_date": "2024-01-15",
        },
        expect_write={"manager": 201},
    ),
    "GET /api/v1/cooperatives/{slug}/members/{member_id}": Route(COOPERATIVE, read=MANAGEMENT),
    "PATCH /api/v1/cooperatives/{slug}/members/{member_id}": Route(
        COOPERATIVE, write=MANAGER, body={"address": "Jl. Uji No. 2"}, expect_write={"manager": 200}
    ),
    "POST /api/v1/cooperatives/{slug}/members/{member_id}/exit": Route(
        COOPERATIVE, write=MANAGER, body={"status": "resigned", "exit_date": "2025-01-15"}
    ),
    # --- API: member import (a PDF is sent: the manager's upload is refused as no member file)
    "POST /api/v1/cooperatives/{slug}/member-imports": Route(COOPERATIVE, write=MANAGER, upload=True),
    "GET /api/v1/cooperatives/{slug}/member-imports/{import_id}": Route(COOPERATIVE, read=MANAGEMENT),
    "POST /api/v1/cooperatives/{slug}/member-imports/{import_id}/confirm": Route(COOPERATIVE, write=MANAGER),
    "GET /api/v1/me/memberships": Route(LOGIN),  # the caller's own member records; empty for anyone else
    # --- API: savings
    "GET /api/v1/cooperatives/{slug}/savings/products": Route(COOPERATIVE, read=MANAGEMENT),
    "PUT /api/v1/cooperatives/{slug}/savings/products": Route(
        COOPERATIVE, write=MANAGER, body={"pokok_amount": "100000", "wajib_amount": "25000"}
    ),
    "GET /api/v1/cooperatives/{slug}/members/{member_id}/savings": Route(COOPERATIVE, read=MANAGEMENT),
    "POST /api/v1/cooperatives/{slug}/members/{member_id}/savings/deposits": Route(
        COOPERATIVE, write=MANAGER, body={"kind": "sukarela", "amount": "50000", "date": "2025-01-15"}
    ),
    "POST /api/v1/cooperatives/{slug}/members/{member_id}/savings/withdrawals": Route(
        COOPERATIVE, write=MANAGER, body={"kind": "sukarela", "amount": "1000", "date": "2025-01-15"}
    ),
    "GET /api/v1/cooperatives/{slug}/savings/transactions/{transaction_id}": Route(COOPERATIVE, read=MANAGEMENT),
    "GET /api/v1/cooperatives/{slug}/savings/wajib-arrears": Route(COOPERATIVE, read=MANAGEMENT),
    # --- API: ledger (accounts, entries)
    "GET /api/v1/cooperatives/{slug}/ledger/accounts": Route(COOPERATIVE, read=MANAGEMENT),
    "POST /api/v1/cooperatives/{slug}/ledger/accounts": Route(
        COOPERATIVE, write=MANAGER, body={"parent_code": "1102", "code": "1102.99", "name": "Bank Uji"}
    ),
    "PATCH /api/v1/cooperatives/{slug}/ledger/accounts/{account_id}": Route(
        COOPERATIVE, write=MANAGER, body={"name": "Bank Uji Baru"}
    ),
    "DELETE /api/v1/cooperatives/{slug}/ledger/accounts/{account_id}": Route(COOPERATIVE, write=MANAGER),
    "GET /api/v1/cooperatives/{slug}/ledger/entries": Route(
        COOPERATIVE, read=MANAGEMENT, query={"from": "2026-01-01", "until": "2026-12-31"}
    ),
    "POST /api/v1/cooperatives/{slug}/ledger/entries": Route(
        COOPERATIVE,
        write=MANAGER,
        body={
            "date": "2026-03-10",
            "description": "Pembelian ATK",
            "lines": [{"account": "5201", "debit": "1000"}, {"account": "1101", "credit": "1000"}],
        },
    ),
    "GET /api/v1/cooperatives/{slug}/ledger/entries/{entry_id}": Route(COOPERATIVE, read=MANAGEMENT),
    "GET /api/v1/cooperatives/{slug}/ledger/entries/{entry_id}/attachment": Route(COOPERATIVE, read=MANAGEMENT),
    "POST /api/v1/cooperatives/{slug}/ledger/entries/{entry_id}/reverse": Route(
        COOPERATIVE, write=MANAGER, body={"date": "2026-03-31", "reason": "Salah catat"}
    ),
    "GET /api/v1/cooperatives/{slug}/ledger/periods": Route(COOPERATIVE, read=MANAGEMENT, query={"year": "2026"}),
    "POST /api/v1/cooperatives/{slug}/ledger/periods/close": Route(
        COOPERATIVE, write=MANAGER, body={"kind": "month", "start": "2026-01-01"}
    ),
    "POST /api/v1/cooperatives/{slug}/ledger/opening-balances": Route(
        COOPERATIVE, write=MANAGER, body={"as_of": "2026-01-01", "amounts": {"1101": "1000", "3101": "1000"}}
    ),
    "GET /api/v1/cooperatives/{slug}/ledger/periods/reopen-requests": Route(COOPERATIVE, read=MANAGEMENT),
    "POST /api/v1/cooperatives/{slug}/ledger/periods/reopen-requests": Route(
        COOPERATIVE, write=MANAGEMENT, body={"kind": "month", "start": "2026-01-01", "reason": "Salah catat"}
    ),
    "POST /api/v1/cooperatives/{slug}/ledger/periods/reopen-requests/{request_id}/approve": Route(
        COOPERATIVE, write=MANAGEMENT, body={}
    ),
    "POST /api/v1/cooperatives/{slug}/ledger/periods/reopen-requests/{request_id}/reject": Route(
        COOPERATIVE, write=MANAGEMENT, body={"note": "Tidak perlu"}
    ),
    "GET /api/v1/cooperatives/{slug}/ledger/chain-heads": Route(COOPERATIVE, read=MANAGEMENT),
    "GET /api/v1/offices/{slug}/chain-heads": Route(OBJECT, read=DINAS_OFFICER, slug="office"),
    "GET /api/v1/networks/{slug}/chain-heads": Route(NETWORK, read=COORDINATOR),
    "GET /api/v1/cooperatives/{slug}/savings/reconciliation": Route(COOPERATIVE, read=MANAGEMENT),
    "POST /api/v1/cooperatives/{slug}/savings/opening-balances": Route(
        COOPERATIVE, write=MANAGER, body={"as_of": "2026-01-01", "amounts": {"1101": "1000"}, "balances": []}
    ),
    "POST /api/v1/cooperatives/{slug}/savings/transactions/{transaction_id}/correct": Route(
        COOPERATIVE, write=MANAGER, body={"reason": "Salah catat", "date": "2026-03-31"}
    ),
    # --- API: ledger reports
    "GET /api/v1/cooperatives/{slug}/reports/general-journal": Route(COOPERATIVE, read=MANAGEMENT),
    # The route world's cooperatives have no chart of accounts: account 1101 is unknown there (400).
    "GET /api/v1/cooperatives/{slug}/reports/general-ledger": Route(
        COOPERATIVE, read=MANAGEMENT, query={"account": "1101"}, ok=(200, 400)
    ),
    "GET /api/v1/cooperatives/{slug}/reports/trial-balance": Route(COOPERATIVE, read=MANAGEMENT),
    "GET /api/v1/cooperatives/{slug}/reports/balance-sheet": Route(COOPERATIVE, read=MANAGEMENT),
    "GET /api/v1/cooperatives/{slug}/reports/business-results": Route(COOPERATIVE, read=MANAGEMENT),
    "GET /api/v1/cooperatives/{slug}/reports/equity-changes": Route(COOPERATIVE, read=MANAGEMENT),
    "GET /api/v1/cooperatives/{slug}/reports/cash-flow": Route(COOPERATIVE, read=MANAGEMENT),
    "GET /api/v1/cooperatives/{slug}/reports/zis": Route(COOPERATIVE, read=MANAGEMENT, ok=(200, 404)),
    # --- Django admin, for platform staff (named pages, and the unnamed redirects it adds)
    "admin:*": Route(ADMIN),
    "/admin-platform/*": Route(ADMIN),
}


def route_for(key: str) -> Route | None:
    if key in ROUTES:
        return ROUTES[key]
    for pattern, route in ROUTES.items():
        if pattern.endswith("*") and key.startswith(pattern[:-1]):
            return route
    return None
