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
DESK = frozenset({"manager", "cashier"})  # the cashier's desk: managers may do all a cashier does
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
    # Belanja Bareng reports (simpul/jointbuy/views/reports.py)
    "jointbuy:network_price_report": Route(NETWORK, read=COORDINATOR),
    "jointbuy:network_price_report_pdf": Route(NETWORK, read=COORDINATOR),
    "jointbuy:network_price_report_xlsx": Route(NETWORK, read=COORDINATOR),
    "jointbuy:network_round_report": Route(NETWORK, read=COORDINATOR, ok=(404,), sample={"round_id": "999999"}),
    "jointbuy:network_round_report_pdf": Route(NETWORK, read=COORDINATOR, ok=(404,), sample={"round_id": "999999"}),
    "jointbuy:network_round_report_xlsx": Route(NETWORK, read=COORDINATOR, ok=(404,), sample={"round_id": "999999"}),
    "jointbuy:member_round_report": Route(COOPERATIVE, read=MANAGEMENT, ok=(404,), sample={"round_id": "999999"}),
    "jointbuy:member_round_report_pdf": Route(COOPERATIVE, read=MANAGEMENT, ok=(404,), sample={"round_id": "999999"}),
    "jointbuy:member_round_report_xlsx": Route(COOPERATIVE, read=MANAGEMENT, ok=(404,), sample={"round_id": "999999"}),
    # Needs (simpul/needs/views/): the cooperative's own, its network peers', the Dinas's, suppliers', coordinators'
    "needs:cooperative_needs": Route(COOPERATIVE, read=MANAGEMENT),
    "needs:cooperative_need_new": Route(COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST")),
    "needs:cooperative_need": Route(COOPERATIVE, read=MANAGEMENT),
    "needs:cooperative_need_edit": Route(COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST")),
    "needs:cooperative_need_status": Route(COOPERATIVE, write=MANAGER, methods=("POST",)),
    "needs:cooperative_need_comment": Route(COOPERATIVE, write=MANAGER, methods=("POST",)),
    "needs:cooperative_pledge_step": Route(
        COOPERATIVE, write=MANAGER, methods=("POST",), sample={"pledge_id": "999999"}
    ),
    "needs:peer_needs": Route(COOPERATIVE, read=MANAGEMENT),
    # The need of a fellow network cooperative: the sample names none, so every permitted reader gets 404.
    "needs:peer_need": Route(
        COOPERATIVE, read=MANAGEMENT, write=MANAGER, methods=("GET", "POST"), ok=(404,), sample={"need_id": "999999"}
    ),
    "needs:peer_pledge_step": Route(COOPERATIVE, write=MANAGER, methods=("POST",), sample={"pledge_id": "999999"}),
    "needs:dinas_needs": Route(DINAS, read=DINAS_OFFICER),
    "needs:dinas_need": Route(DINAS, read=DINAS_OFFICER),
    "needs:dinas_need_status": Route(DINAS, write=DINAS_OFFICER, methods=("POST",)),
    "needs:dinas_need_assign": Route(DINAS, write=DINAS_OFFICER, methods=("POST",)),
    "needs:dinas_need_comment": Route(DINAS, write=DINAS_OFFICER, methods=("POST",)),
    "needs:supplier_needs": Route(SUPPLIER, read=SUPPLIER_STAFF),
    "needs:supplier_need": Route(
        SUPPLIER,
        read=SUPPLIER_STAFF,
        write=SUPPLIER_STAFF,
        methods=("GET", "POST"),
        ok=(404,),
        sample={"need_id": "999999"},
    ),
    "needs:supplier_pledge_step": Route(
        SUPPLIER, write=SUPPLIER_STAFF, methods=("POST",), sample={"pledge_id": "999999"}
    ),
    "needs:network_needs": Route(NETWORK, read=COORDINATOR),
    "needs:network_need": Route(NETWORK, read=COORDINATOR),
    # A need's photo: whoever may see the need (its cooperative's managers, its Dinas, its network's coordinators).
    "needs:need_photo": Route(OBJECT, read=frozenset({"manager", "supervisor", "dinas", "coordinator"})),
    "needs:public_summary": Route(PUBLIC),
    "needs:public_region_summary": Route(PUBLIC, sample={"region_code": "32.73"}),
    # Needs API (simpul/needs/api.py)
    "GET /api/v1/cooperatives/{slug}/needs": Route(COOPERATIVE, read=MANAGEMENT),
    "POST /api/v1/cooperatives/{slug}/needs": Route(
        COOPERATIVE,
        write=MANAGER,
        body={"category": "stock", "item": "Beras", "quantity": "10", "unit": "kg", "needed_by": "2099-12-31"},
        expect_write={"manager": 201},
    ),
    "GET /api/v1/cooperatives/{slug}/needs/{need_id}": Route(COOPERATIVE, read=MANAGEMENT),
    "PUT /api/v1/cooperatives/{slug}/needs/{need_id}": Route(
        COOPERATIVE,
        write=MANAGER,
        body={"category": "stock", "item": "Beras", "quantity": "10", "unit": "kg", "needed_by": "2099-12-31"},
        # The need the matrix builds is submitted: no longer editable.
        expect_write={"manager": 400},
    ),
    # The matrix's need is submitted: its photo no longer changes.
    "POST /api/v1/cooperatives/{slug}/needs/{need_id}/photo": Route(
        COOPERATIVE, write=MANAGER, upload=True, expect_write={"manager": 400}
    ),
    "GET /api/v1/cooperatives/{slug}/needs/{need_id}/photo": Route(COOPERATIVE, read=MANAGEMENT),
    "POST /api/v1/cooperatives/{slug}/needs/{need_id}/transition": Route(
        COOPERATIVE, write=MANAGER, body={"to": "cancelled", "note": "Sudah ada"}, expect_write={"manager": 200}
    ),
    "POST /api/v1/cooperatives/{slug}/needs/{need_id}/messages": Route(
        COOPERATIVE, write=MANAGER, body={"note": "Terima kasih"}, expect_write={"manager": 201}
    ),
    "POST /api/v1/cooperatives/{slug}/needs/{need_id}/pledges/{pledge_id}/transition": Route(
        COOPERATIVE, write=MANAGER, sample={"pledge_id": "999999"}, body={"to": "accepted"}
    ),
    "GET /api/v1/cooperatives/{slug}/network-needs": Route(COOPERATIVE, read=MANAGEMENT),
    "POST /api/v1/cooperatives/{slug}/network-needs/{need_id}/pledges": Route(
        COOPERATIVE,
        write=MANAGER,
        sample={"need_id": "999999"},
        body={"quantity": "1", "unit_price": "1000", "deliver_by": "2099-12-31"},
    ),
    "POST /api/v1/cooperatives/{slug}/pledges/{pledge_id}/transition": Route(
        COOPERATIVE, write=MANAGER, sample={"pledge_id": "999999"}, body={"to": "shipped"}
    ),
    "GET /api/v1/dinas/{region_code}/needs": Route(DINAS, read=DINAS_OFFICER),
    "GET /api/v1/dinas/{region_code}/needs/summary": Route(DINAS, read=DINAS_OFFICER),
    "GET /api/v1/dinas/{region_code}/needs/{need_id}": Route(DINAS, read=DINAS_OFFICER),
    "POST /api/v1/dinas/{region_code}/needs/{need_id}/transition": Route(
        DINAS, write=DINAS_OFFICER, body={"to": "acknowledged"}, expect_write={"dinas": 200}
    ),
    "POST /api/v1/dinas/{region_code}/needs/{need_id}/assign": Route(
        DINAS, write=DINAS_OFFICER, body={"officer_id": 999999}, expect_write={"dinas": 400}
    ),
    "GET /api/v1/supplier/needs": Route(SUPPLIER, read=SUPPLIER_STAFF),
    "GET /api/v1/supplier/needs/{need_id}": Route(
        SUPPLIER, read=SUPPLIER_STAFF, ok=(404,), sample={"need_id": "999999"}
    ),
    "POST /api/v1/supplier/needs/{need_id}/pledges": Route(
        SUPPLIER,
        write=SUPPLIER_STAFF,
        sample={"need_id": "999999"},
        body={"quantity": "1", "unit_price": "1000", "deliver_by": "2099-12-31"},
    ),
    "POST /api/v1/supplier/pledges/{pledge_id}/transition": Route(
        SUPPLIER, write=SUPPLIER_STAFF, sample={"pledge_id": "999999"}, body={"to": "shipped"}
    ),
    "GET /api/v1/networks/{slug}/needs": Route(NETWORK, read=COORDINATOR),
    "GET /api/v1/needs/summary": Route(PUBLIC),
    # Belanja Bareng: a member cooperative's pages (simpul/jointbuy/views/member.py)
    "jointbuy:member_rounds": Route(COOPERATIVE, read=MANAGEMENT),
    "jointbuy:member_round": Route(
        COOPERATIVE, read=MANAGEMENT, write=MANAGER, methods=("GET", "POST"), ok=(404,), sample={"round_id": "999999"}
    ),
    "jointbuy:member_round_estimate": Route(COOPERATIVE, read=MANAGEMENT, ok=(404,), sample={"round_id": "999999"}),
    "jointbuy:member_receive": Route(
        COOPERATIVE, read=MANAGEMENT, write=MANAGER, methods=("GET", "POST"), ok=(404,), sample={"round_id": "999999"}
    ),
    # Belanja Bareng: coordinator and supplier pages (simpul/jointbuy/views/)
    "jointbuy:network_rounds": Route(NETWORK, read=COORDINATOR),
    "jointbuy:network_agreements": Route(NETWORK, read=COORDINATOR, write=COORDINATOR, methods=("GET", "POST")),
    "jointbuy:network_agreement_document": Route(
        NETWORK, read=COORDINATOR, ok=(404,), sample={"agreement_id": "999999"}
    ),
    "jointbuy:network_round_new": Route(NETWORK, read=COORDINATOR, write=COORDINATOR, methods=("GET", "POST")),
    "jointbuy:network_round": Route(NETWORK, read=COORDINATOR, ok=(404,), sample={"round_id": "999999"}),
    "jointbuy:network_round_close": Route(NETWORK, write=COORDINATOR, methods=("POST",), sample={"round_id": "999999"}),
    "jointbuy:network_round_cancel": Route(
        NETWORK, write=COORDINATOR, methods=("POST",), sample={"round_id": "999999"}
    ),
    "jointbuy:network_order_pdf": Route(
        NETWORK, read=COORDINATOR, ok=(404,), sample={"round_id": "999999", "round_supplier_id": "999999"}
    ),
    "jointbuy:network_order_xlsx": Route(
        NETWORK, read=COORDINATOR, ok=(404,), sample={"round_id": "999999", "round_supplier_id": "999999"}
    ),
    "jointbuy:supplier_orders": Route(SUPPLIER, read=SUPPLIER_STAFF),
    "jointbuy:supplier_order": Route(
        SUPPLIER,
        read=SUPPLIER_STAFF,
        write=SUPPLIER_STAFF,
        methods=("GET", "POST"),
        ok=(404,),
        sample={"round_supplier_id": "999999"},
    ),
    "jointbuy:supplier_order_pdf": Route(
        SUPPLIER, read=SUPPLIER_STAFF, ok=(404,), sample={"round_supplier_id": "999999"}
    ),
    "jointbuy:supplier_order_xlsx": Route(
        SUPPLIER, read=SUPPLIER_STAFF, ok=(404,), sample={"round_supplier_id": "999999"}
    ),
    # Belanja Bareng API (simpul/jointbuy/api.py)
    "GET /api/v1/networks/{slug}/jointbuy/rounds": Route(NETWORK, read=COORDINATOR),
    "POST /api/v1/networks/{slug}/jointbuy/rounds": Route(
        NETWORK,
        write=COORDINATOR,
        body={
            "title": "Beras bulan ini",
            "closes_at": "2099-01-31T17:00:00+07:00",
            "delivery_mode": "each",
            "payment_terms": "on_delivery",
            "payment_route": "direct",
            "suppliers": [{"supplier_id": 1, "agreement_id": 1}],
            "items": [],
        },
    ),
    "GET /api/v1/networks/{slug}/jointbuy/rounds/{round_id}": Route(
        NETWORK, read=COORDINATOR, ok=(404,), sample={"round_id": "999999"}
    ),
    "POST /api/v1/networks/{slug}/jointbuy/rounds/{round_id}/close": Route(
        NETWORK, write=COORDINATOR, sample={"round_id": "999999"}
    ),
    "POST /api/v1/networks/{slug}/jointbuy/rounds/{round_id}/cancel": Route(
        NETWORK, write=COORDINATOR, sample={"round_id": "999999"}, body={"reason": "Pemasok mundur"}
    ),
    "GET /api/v1/networks/{slug}/jointbuy/agreements": Route(NETWORK, read=COORDINATOR),
    "POST /api/v1/networks/{slug}/jointbuy/agreements": Route(
        NETWORK, write=COORDINATOR, body={"supplier_id": 1, "number": "MoU/BB/01", "signed_on": "2026-01-05"}
    ),
    "GET /api/v1/cooperatives/{slug}/jointbuy/rounds": Route(COOPERATIVE, read=MANAGEMENT),
    "GET /api/v1/cooperatives/{slug}/jointbuy/rounds/{round_id}": Route(
        COOPERATIVE, read=MANAGEMENT, ok=(404,), sample={"round_id": "999999"}
    ),
    "PUT /api/v1/cooperatives/{slug}/jointbuy/rounds/{round_id}/commitments": Route(
        COOPERATIVE,
        write=MANAGER,
        sample={"round_id": "999999"},
        body={"lines": [{"item_id": 1, "quantity": "10", "tolerance": "0"}]},
    ),
    "GET /api/v1/supplier/jointbuy/orders": Route(SUPPLIER, read=SUPPLIER_STAFF),
    "GET /api/v1/supplier/jointbuy/orders/{order_id}": Route(
        SUPPLIER, read=SUPPLIER_STAFF, ok=(404,), sample={"order_id": "999999"}
    ),
    "POST /api/v1/supplier/jointbuy/orders/{order_id}/confirm": Route(
        SUPPLIER, write=SUPPLIER_STAFF, sample={"order_id": "999999"}, body={"delivery_date": "2099-02-01"}
    ),
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
    # Only for people who turned API use on (User.api_access, off for the test people): 403 that says how.
    "core:api_tokens": Route(LOGIN, methods=("GET", "POST"), expect={SIGNED_IN: 403}, expect_write={SIGNED_IN: 403}),
    "core:api_access": Route(LOGIN, methods=("GET", "POST"), expect={"member": 403}),
    # --- help for each role and the glossary: public (a newcomer reads it before logging in)
    "coops:help": Route(PUBLIC),
    "coops:help_role": Route(PUBLIC, sample={"role": "pengurus"}),
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
    # A cashier goes on to the cashier's desk (members:cashier_home).
    "coops:dashboard": Route(COOPERATIVE, read=STAFF, ok=(200, 302)),
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
    # --- members: the cashier's desk (managers and cashiers; supervisors and members 403). A cashier opens the
    # receipts of their own transactions only: the route check's transaction was recorded by nobody (404).
    "members:cashier_home": Route(COOPERATIVE, read=DESK),
    "members:cashier_member": Route(COOPERATIVE, read=DESK, write=DESK, methods=("GET", "POST")),
    "members:cashier_receipt": Route(COOPERATIVE, read=DESK, expect={"cashier": 404}),
    "members:cashier_receipt_pdf": Route(COOPERATIVE, read=DESK, expect={"cashier": 404}),
    "members:cashier_day": Route(COOPERATIVE, read=DESK),
    "members:cashier_day_pdf": Route(COOPERATIVE, read=DESK),
    "members:cashier_permissions": Route(COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST")),
    # The receipt link sent by WhatsApp: signed, no login; a link that is not signed is a 404 for everyone.
    "members:receipt_shared": Route(PUBLIC, sample={"token": "bukan-tautan-sah"}, ok=(404,)),
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
    # --- API: the cashier's desk (a cashier without the manager's permission gets 403 on a withdrawal)
    "GET /api/v1/cooperatives/{slug}/cashier/members": Route(COOPERATIVE, read=DESK, query={"q": "Siti"}),
    "GET /api/v1/cooperatives/{slug}/cashier/members/{member_id}": Route(COOPERATIVE, read=DESK),
    "POST /api/v1/cooperatives/{slug}/cashier/members/{member_id}/deposits": Route(
        COOPERATIVE, write=DESK, body={"kind": "sukarela", "amount": "50000"}
    ),
    "POST /api/v1/cooperatives/{slug}/cashier/members/{member_id}/withdrawals": Route(
        COOPERATIVE, write=DESK, body={"kind": "sukarela", "amount": "1000"}, expect_write={"cashier": 403}
    ),
    "GET /api/v1/cooperatives/{slug}/cashier/day": Route(COOPERATIVE, read=DESK),
    "GET /api/v1/cooperatives/{slug}/cashier/permissions": Route(COOPERATIVE, read=MANAGER),
    "PUT /api/v1/cooperatives/{slug}/cashier/permissions/{user_id}": Route(
        COOPERATIVE, write=MANAGER, body={"may_withdraw": True}, sample={"user_id": "999999"}
    ),
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
    # --- Koperasi Mart: catalog (products, barcodes, HET, import/export, labels)
    # Pages (simpul/mart/catalog/views.py). A product id of the matrix is one that does not exist: 404 for whoever
    # may look; own and foreign products are checked in simpul/mart/tests/test_catalog_views.py.
    "mart:product_list": Route(COOPERATIVE, read=MANAGEMENT, query={"q": "mie", "status": "dijual"}),
    "mart:product_new": Route(COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST")),
    "mart:products_above_het": Route(COOPERATIVE, read=MANAGEMENT),
    "mart:product_import": Route(COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST")),
    "mart:product_import_confirm": Route(COOPERATIVE, write=MANAGER, methods=("POST",)),
    "mart:product_import_template": Route(COOPERATIVE, read=MANAGER),
    "mart:product_export": Route(COOPERATIVE, read=MANAGEMENT),
    "mart:product_labels": Route(COOPERATIVE, read=MANAGEMENT, query={"q": "mie"}),
    "mart:product_detail": Route(COOPERATIVE, read=MANAGEMENT, sample={"product_id": "999999"}, ok=(404,)),
    "mart:product_edit": Route(
        COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST"), sample={"product_id": "999999"}, ok=(404,)
    ),
    "GET /api/v1/cooperatives/{slug}/mart/products": Route(COOPERATIVE, read=MANAGEMENT, query={"q": "mie"}),
    "POST /api/v1/cooperatives/{slug}/mart/products": Route(
        COOPERATIVE, write=MANAGER, body={"sku": "TEH-1", "name": "Teh Celup", "price": "3000"}
    ),
    "GET /api/v1/cooperatives/{slug}/mart/products/{product_id}": Route(
        COOPERATIVE, read=MANAGEMENT, sample={"product_id": "999999"}, ok=(404,)
    ),
    "PATCH /api/v1/cooperatives/{slug}/mart/products/{product_id}": Route(
        COOPERATIVE, write=MANAGER, sample={"product_id": "999999"}, body={"name": "Teh Celup"}
    ),
    "GET /api/v1/cooperatives/{slug}/mart/categories": Route(COOPERATIVE, read=MANAGEMENT),
    "POST /api/v1/cooperatives/{slug}/mart/categories": Route(COOPERATIVE, write=MANAGER, body={"name": "Minuman"}),
    "GET /api/v1/cooperatives/{slug}/mart/het": Route(COOPERATIVE, read=MANAGEMENT, query={"staple": "rice"}),
    "GET /api/v1/cooperatives/{slug}/mart/products-above-het": Route(COOPERATIVE, read=MANAGEMENT),
    # The network's standard (simpul/mart/network/views.py, api.py): the coordinator keeps it; member cooperatives'
    # managers adopt it; their staff read the checklists.
    "mart:network_standard": Route(NETWORK, read=COORDINATOR),
    "mart:network_standard_product": Route(NETWORK, write=COORDINATOR, methods=("POST",)),
    "mart:network_standard_product_delete": Route(NETWORK, write=COORDINATOR, methods=("POST",)),
    "mart:network_checklist": Route(NETWORK, write=COORDINATOR, methods=("POST",)),
    "mart:network_het": Route(NETWORK, write=COORDINATOR, methods=("POST",)),
    "mart:standard_adopt": Route(COOPERATIVE, read=MANAGEMENT),
    "mart:standard_adopt_post": Route(COOPERATIVE, write=MANAGER, methods=("POST",)),
    "GET /api/v1/networks/{slug}/mart/standard-products": Route(NETWORK, read=COORDINATOR),
    "POST /api/v1/networks/{slug}/mart/standard-products": Route(
        NETWORK, write=COORDINATOR, body={"name": "Teh Celup", "recommended_price": "3000"}
    ),
    "GET /api/v1/networks/{slug}/mart/checklists": Route(NETWORK, read=COORDINATOR),
    "PUT /api/v1/networks/{slug}/mart/checklists": Route(
        NETWORK, write=COORDINATOR, body={"phase": "opening", "texts": ["Hitung uang kas awal"]}
    ),
    "GET /api/v1/networks/{slug}/mart/het": Route(NETWORK, read=COORDINATOR),
    "POST /api/v1/networks/{slug}/mart/het": Route(
        NETWORK,
        write=COORDINATOR,
        body={"region_code": "32.73", "staple": "rice", "unit": "kg", "price": "14900", "valid_from": "2026-01-01"},
    ),
    "GET /api/v1/cooperatives/{slug}/mart/standards": Route(COOPERATIVE, read=MANAGEMENT),
    "POST /api/v1/cooperatives/{slug}/mart/standards/adopt": Route(
        COOPERATIVE, write=MANAGER, body={"network": "jaringan-lain"}
    ),
    "GET /api/v1/cooperatives/{slug}/mart/checklists": Route(COOPERATIVE, read=STAFF, query={"phase": "opening"}),
    # Staples exchanged between member marts: the request form needs a seller of the network (404 without one);
    # object pages take an id no cooperative has. simpul/mart/tests/test_exchange.py opens real ones with each role.
    "mart:exchanges": Route(COOPERATIVE, read=MANAGEMENT),
    "mart:exchange_new": Route(COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST"), ok=(404,)),
    "mart:exchange": Route(COOPERATIVE, read=MANAGEMENT, ok=(404,), sample={"exchange_id": "999999"}),
    "mart:exchange_accept": Route(COOPERATIVE, write=MANAGER, methods=("POST",), sample={"exchange_id": "999999"}),
    "mart:exchange_refuse": Route(COOPERATIVE, write=MANAGER, methods=("POST",), sample={"exchange_id": "999999"}),
    "GET /api/v1/cooperatives/{slug}/mart/exchanges": Route(COOPERATIVE, read=MANAGEMENT),
    "POST /api/v1/cooperatives/{slug}/mart/exchanges": Route(
        COOPERATIVE, write=MANAGER, body={"seller_id": 999999, "product_id": 1, "quantity": "1", "unit_price": "1000"}
    ),
    "POST /api/v1/cooperatives/{slug}/mart/exchanges/{exchange_id}/accept": Route(
        COOPERATIVE, write=MANAGER, sample={"exchange_id": "999999"}, body={}
    ),
    "POST /api/v1/cooperatives/{slug}/mart/exchanges/{exchange_id}/refuse": Route(
        COOPERATIVE, write=MANAGER, sample={"exchange_id": "999999"}, body={"reason": "Stok habis"}
    ),
    # --- Koperasi Mart: stock and purchasing (stock card, counts, transfers, reorder, orders, receipts, payables)
    # Object pages take a sample id no cooperative has (404 for every reader); simpul/mart/tests/test_stock_pages.py
    # and test_purchasing_pages.py open real ones, and another cooperative's, with their roles.
    "mart:stock_list": Route(COOPERATIVE, read=MANAGEMENT),
    "mart:stock_card": Route(COOPERATIVE, read=MANAGEMENT, ok=(404,)),
    "mart:stock_reorder": Route(COOPERATIVE, read=MANAGEMENT, write=MANAGER, methods=("GET", "POST")),
    "mart:stock_transfers": Route(COOPERATIVE, read=MANAGEMENT, write=MANAGER, methods=("GET", "POST")),
    "mart:stock_counts": Route(COOPERATIVE, read=MANAGEMENT, write=MANAGER, methods=("GET", "POST")),
    "mart:stock_count": Route(
        COOPERATIVE,
        read=MANAGEMENT,
        write=MANAGER,
        methods=("GET", "POST"),
        ok=(404,),
        sample={"count_id": "999999"},
        expect_write={"manager": 404},
    ),
    "mart:suppliers": Route(COOPERATIVE, read=MANAGEMENT, write=MANAGER, methods=("GET", "POST")),
    "mart:supplier": Route(
        COOPERATIVE,
        read=MANAGEMENT,
        write=MANAGER,
        methods=("GET", "POST"),
        ok=(404,),
        sample={"supplier_id": "999999"},
        expect_write={"manager": 404},
    ),
    "mart:purchase_orders": Route(COOPERATIVE, read=MANAGEMENT),
    "mart:purchase_order_new": Route(COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST")),
    "mart:purchase_order": Route(
        COOPERATIVE,
        read=MANAGEMENT,
        write=MANAGER,
        methods=("GET", "POST"),
        ok=(404,),
        sample={"order_id": "999999"},
        expect_write={"manager": 404},
    ),
    "mart:purchase_order_pdf": Route(COOPERATIVE, read=MANAGEMENT, ok=(404,), sample={"order_id": "999999"}),
    "mart:goods_receipts": Route(COOPERATIVE, read=MANAGEMENT),
    "mart:goods_receipt_new": Route(COOPERATIVE, read=MANAGER, write=MANAGER, methods=("GET", "POST")),
    "mart:goods_receipt": Route(COOPERATIVE, read=MANAGEMENT, ok=(404,), sample={"receipt_id": "999999"}),
    # The API: the matrix's cooperative has no outlet, product or supplier, so reads answer 404 and writes are
    # refused by role before their ids are looked up (simpul/mart/tests/test_stock_api.py calls them for real).
    "GET /api/v1/cooperatives/{slug}/mart/stock": Route(
        COOPERATIVE, read=MANAGEMENT, ok=(404,), query={"outlet_id": "999999"}
    ),
    "GET /api/v1/cooperatives/{slug}/mart/stock/card": Route(
        COOPERATIVE, read=MANAGEMENT, ok=(404,), query={"outlet_id": "999999", "product_id": "999999"}
    ),
    "GET /api/v1/cooperatives/{slug}/mart/stock/reorder": Route(
        COOPERATIVE, read=MANAGEMENT, ok=(404,), query={"outlet_id": "999999"}
    ),
    "POST /api/v1/cooperatives/{slug}/mart/stock/transfers": Route(
        COOPERATIVE,
        write=MANAGER,
        body={"from_outlet_id": 1, "to_outlet_id": 2, "lines": [{"product_id": 1, "quantity": "1"}]},
    ),
    "POST /api/v1/cooperatives/{slug}/mart/stock/counts": Route(COOPERATIVE, write=MANAGER, body={"outlet_id": 1}),
    "GET /api/v1/cooperatives/{slug}/mart/stock/counts/{count_id}": Route(
        COOPERATIVE, read=MANAGEMENT, ok=(404,), sample={"count_id": "999999"}
    ),
    "POST /api/v1/cooperatives/{slug}/mart/stock/counts/{count_id}/lines": Route(
        COOPERATIVE, write=MANAGER, sample={"count_id": "999999"}, body={"product_id": 1, "counted": "1"}
    ),
    "POST /api/v1/cooperatives/{slug}/mart/stock/counts/{count_id}/post": Route(
        COOPERATIVE, write=MANAGER, sample={"count_id": "999999"}
    ),
    "GET /api/v1/cooperatives/{slug}/mart/suppliers": Route(COOPERATIVE, read=MANAGEMENT),
    "POST /api/v1/cooperatives/{slug}/mart/suppliers": Route(COOPERATIVE, write=MANAGER, body={"name": "UD Uji Rute"}),
    "POST /api/v1/cooperatives/{slug}/mart/purchase-orders": Route(
        COOPERATIVE,
        write=MANAGER,
        body={"outlet_id": 1, "supplier_id": 1, "lines": [{"product_id": 1, "quantity": "1", "unit_cost": "1000"}]},
    ),
    "GET /api/v1/cooperatives/{slug}/mart/purchase-orders/{order_id}": Route(
        COOPERATIVE, read=MANAGEMENT, ok=(404,), sample={"order_id": "999999"}
    ),
    "POST /api/v1/cooperatives/{slug}/mart/purchase-orders/{order_id}/transition": Route(
        COOPERATIVE, write=MANAGER, sample={"order_id": "999999"}, body={"status": "sent"}
    ),
    "POST /api/v1/cooperatives/{slug}/mart/goods-receipts": Route(
        COOPERATIVE,
        write=MANAGER,
        body={"outlet_id": 1, "supplier_id": 1, "lines": [{"product_id": 1, "quantity": "1", "unit_cost": "1000"}]},
    ),
    "POST /api/v1/cooperatives/{slug}/mart/suppliers/{supplier_id}/invoices": Route(
        COOPERATIVE,
        write=MANAGER,
        sample={"supplier_id": "999999"},
        body={"number": "F-1", "date": "2026-01-05", "amount": "1000"},
    ),
    "POST /api/v1/cooperatives/{slug}/mart/suppliers/{supplier_id}/payments": Route(
        COOPERATIVE, write=MANAGER, sample={"supplier_id": "999999"}, body={"amount": "1000"}
    ),
    "POST /api/v1/cooperatives/{slug}/mart/suppliers/{supplier_id}/returns": Route(
        COOPERATIVE,
        write=MANAGER,
        sample={"supplier_id": "999999"},
        body={"outlet_id": 1, "reason": "Rusak", "lines": [{"product_id": 1, "quantity": "1"}]},
    ),
    # --- Koperasi Mart: point of sale, sync, sales, returns
    "mart:sales": Route(COOPERATIVE, read=STAFF),
    "mart:sale": Route(
        COOPERATIVE, read=STAFF, write=MANAGER, methods=("GET", "POST"), sample={"sale_id": "999999"}, ok=(404,)
    ),
    "mart:pos": Route(COOPERATIVE, read=DESK),
    "mart:pos_sw": Route(COOPERATIVE, read=DESK),
    # The matrix's cooperative has no outlet: its snapshot is 404 (simpul/mart/tests/test_pos_page.py reads one).
    "GET /api/v1/cooperatives/{slug}/mart/pos/snapshot": Route(COOPERATIVE, read=DESK, ok=(200, 404)),
    "POST /api/v1/cooperatives/{slug}/mart/sales": Route(
        COOPERATIVE,
        write=DESK,
        body={
            "client_id": "5b0d7c1e-2f4a-4c1b-9a55-0f1e2d3c4b5a",
            "outlet_id": 1,
            "lines": [{"product_id": 1, "quantity": "1"}],
            "payments": [{"method": "cash", "amount": "1000"}],
        },
    ),
    "POST /api/v1/cooperatives/{slug}/mart/sync": Route(COOPERATIVE, write=DESK, body={"sales": []}),
    # --- Koperasi Mart: shifts, reports, the network's standard and management view
    # shifts, Z reports, voids and returns with the manager's PIN, kasbon, the mart's settings (simpul/mart/shifts,
    # simpul/mart/settings). A shift or sale id of the matrix is one that does not exist: 404 for whoever may look.
    "mart:shift": Route(COOPERATIVE, read=DESK, write=DESK, methods=("GET", "POST")),
    "mart:shift_close": Route(COOPERATIVE, write=DESK, methods=("POST",)),
    "mart:shifts": Route(COOPERATIVE, read=MANAGEMENT),
    "mart:shift_z": Route(COOPERATIVE, read=STAFF, sample={"shift_id": "999999"}, ok=(404,)),
    "mart:outlet_z": Route(COOPERATIVE, read=MANAGEMENT),
    "mart:sale_void": Route(
        COOPERATIVE, read=DESK, write=DESK, methods=("GET", "POST"), sample={"sale_id": "999999"}, ok=(404,)
    ),
    "mart:sale_return": Route(
        COOPERATIVE, read=DESK, write=DESK, methods=("GET", "POST"), sample={"sale_id": "999999"}, ok=(404,)
    ),
    "mart:settings": Route(COOPERATIVE, read=MANAGEMENT, write=MANAGER, methods=("GET", "POST")),
    "mart:kasbon": Route(COOPERATIVE, read=STAFF),
    "mart:kasbon_member": Route(COOPERATIVE, read=STAFF, write=DESK, methods=("GET", "POST")),
    "mart:kasbon_history": Route(COOPERATIVE, read=STAFF),
    # A repayment id no cooperative has: 404 for whoever may look (simpul/mart/tests/test_kasbon_pages.py opens real
    # receipts of the own and another cooperative).
    "mart:kasbon_receipt": Route(COOPERATIVE, read=STAFF, sample={"repayment_id": "999999"}, ok=(404,)),
    "GET /api/v1/cooperatives/{slug}/mart/shifts/current": Route(COOPERATIVE, read=DESK),
    "POST /api/v1/cooperatives/{slug}/mart/shifts": Route(
        COOPERATIVE, write=DESK, body={"outlet_id": 1, "opening_cash": "0"}
    ),
    "POST /api/v1/cooperatives/{slug}/mart/shifts/{shift_id}/close": Route(
        COOPERATIVE, write=DESK, sample={"shift_id": "999999"}, body={"counted_cash": "0"}
    ),
    "GET /api/v1/cooperatives/{slug}/mart/shifts/{shift_id}/z-report": Route(
        COOPERATIVE, read=STAFF, sample={"shift_id": "999999"}, ok=(404,)
    ),
    "GET /api/v1/cooperatives/{slug}/mart/outlets/{outlet_id}/z-report": Route(COOPERATIVE, read=MANAGEMENT),
    "GET /api/v1/cooperatives/{slug}/mart/settings": Route(COOPERATIVE, read=MANAGEMENT),
    "PUT /api/v1/cooperatives/{slug}/mart/settings": Route(
        COOPERATIVE,
        write=MANAGER,
        body={"max_line_discount_percent": "10", "max_sale_discount_percent": "5", "kasbon_default_limit": "0"},
    ),
    # The matrix's cooperative has no static QRIS: 400 for the desk.
    "GET /api/v1/cooperatives/{slug}/mart/qris": Route(COOPERATIVE, read=DESK, query={"amount": "1000"}, ok=(400,)),
    "POST /api/v1/cooperatives/{slug}/mart/sales/{sale_id}/void": Route(
        COOPERATIVE, write=DESK, sample={"sale_id": "999999"}, body={"pin": "1234", "reason": "salah"}
    ),
    "POST /api/v1/cooperatives/{slug}/mart/sales/{sale_id}/returns": Route(
        COOPERATIVE,
        write=DESK,
        sample={"sale_id": "999999"},
        body={"pin": "1234", "reason": "rusak", "lines": [{"line_id": 1, "quantity": "1"}]},
    ),
    "GET /api/v1/cooperatives/{slug}/mart/kasbon": Route(COOPERATIVE, read=STAFF),
    "PUT /api/v1/cooperatives/{slug}/mart/kasbon/{member_id}/limit": Route(
        COOPERATIVE, write=MANAGER, body={"limit": "100000"}
    ),
    "POST /api/v1/cooperatives/{slug}/mart/kasbon/{member_id}/repayments": Route(
        COOPERATIVE, write=DESK, body={"amount": "1000"}
    ),
    "GET /api/v1/cooperatives/{slug}/mart/kasbon/{member_id}/history": Route(COOPERATIVE, read=STAFF),
    # reports (simpul/mart/reports) and the network's management view (simpul/mart/network/views_management.py)
    "mart:reports_sales": Route(COOPERATIVE, read=MANAGEMENT),
    "mart:reports_products": Route(COOPERATIVE, read=MANAGEMENT),
    "mart:reports_stock": Route(COOPERATIVE, read=MANAGEMENT),
    "mart:reports_het": Route(COOPERATIVE, read=MANAGEMENT),
    "mart:reports_staples": Route(COOPERATIVE, read=MANAGEMENT),
    "mart:network_management": Route(NETWORK, read=COORDINATOR),
    "GET /api/v1/cooperatives/{slug}/mart/reports/sales": Route(COOPERATIVE, read=MANAGEMENT),
    "GET /api/v1/cooperatives/{slug}/mart/reports/stock": Route(COOPERATIVE, read=MANAGEMENT),
    "GET /api/v1/cooperatives/{slug}/mart/reports/staples": Route(COOPERATIVE, read=MANAGEMENT),
    "GET /api/v1/networks/{slug}/mart/management": Route(NETWORK, read=COORDINATOR),
    # --- Potential map (simpul/potential): the Dinas's map, layers and surveys; the public map; the operator's import
    # --- Monitoring (simpul/monitoring): the Dinas dashboard and its downloads, the public transparency page, the API
    "monitoring:dashboard": Route(DINAS, read=DINAS_OFFICER),
    "monitoring:dashboard_xlsx": Route(DINAS, read=DINAS_OFFICER),
    "monitoring:dashboard_pdf": Route(DINAS, read=DINAS_OFFICER),
    "monitoring:cooperative": Route(DINAS, read=DINAS_OFFICER),
    "monitoring:transparency": Route(PUBLIC, sample={"region_code": "32.73"}),
    "GET /api/v1/dinas/{region_code}/monitoring": Route(DINAS, read=DINAS_OFFICER),
    "GET /api/v1/monitoring/{region_code}": Route(PUBLIC, sample={"region_code": "32.73"}),
    "potential:dinas_map": Route(DINAS, read=DINAS_OFFICER),
    "potential:dinas_regions": Route(DINAS, read=DINAS_OFFICER),
    "potential:dinas_layer": Route(DINAS, read=DINAS_OFFICER, sample={"layer": "cooperatives"}),
    "potential:dinas_surveys": Route(DINAS, read=DINAS_OFFICER, write=DINAS_OFFICER, methods=("GET", "POST")),
    "potential:dinas_survey_import": Route(DINAS, read=DINAS_OFFICER, write=DINAS_OFFICER, methods=("GET", "POST")),
    "potential:dinas_survey_template": Route(DINAS, read=DINAS_OFFICER),
    "potential:dinas_commodities": Route(DINAS, read=DINAS_OFFICER),
    "potential:public_map": Route(PUBLIC, sample={"region_code": "32.73"}),
    "potential:public_regions": Route(PUBLIC, sample={"region_code": "32.73"}),
    "potential:public_layer": Route(PUBLIC, sample={"region_code": "32.73", "layer": "commodities"}),
    "potential:public_commodities": Route(PUBLIC, sample={"region_code": "32.73"}),
    "potential:boundary_import": Route(ADMIN),
    "GET /api/v1/dinas/{region_code}/potential/surveys": Route(DINAS, read=DINAS_OFFICER),
    "POST /api/v1/dinas/{region_code}/potential/surveys": Route(
        DINAS,
        write=DINAS_OFFICER,
        body={
            "village_code": "99.99.99.9999",
            "commodity": "padi",
            "volume": "1",
            "unit": "ton",
            "surveyed_on": "2026-06-01",
        },
        expect_write={"dinas": 400},
    ),
    "GET /api/v1/dinas/{region_code}/potential/layers/{layer}": Route(
        DINAS, read=DINAS_OFFICER, sample={"layer": "regions"}
    ),
    "GET /api/v1/potential/{region_code}/layers/{layer}": Route(
        PUBLIC, sample={"region_code": "32.73", "layer": "needs"}
    ),
    # RAT reports (simpul/rat/views/, simpul/rat/api.py): the cooperative's years, the Dinas's region, the members'
    "rat:cooperative_rats": Route(COOPERATIVE, read=MANAGEMENT),
    "rat:cooperative_rat": Route(
        COOPERATIVE, read=MANAGEMENT, write=MANAGER, methods=("GET", "POST"), sample={"year": "2025"}
    ),
    "rat:cooperative_rat_submit": Route(COOPERATIVE, write=MANAGER, methods=("POST",), sample={"year": "2025"}),
    # Nothing recorded for 2025 in the matrix's cooperative: no minutes, no pack.
    "rat:cooperative_rat_minutes": Route(COOPERATIVE, read=MANAGEMENT, ok=(404,), sample={"year": "2025"}),
    "rat:cooperative_rat_pack": Route(COOPERATIVE, read=MANAGEMENT, ok=(404,), sample={"year": "2025"}),
    "rat:dinas_rats": Route(DINAS, read=DINAS_OFFICER),
    "rat:dinas_rat_remind": Route(DINAS, write=DINAS_OFFICER, methods=("POST",)),
    "rat:dinas_rat": Route(DINAS, read=DINAS_OFFICER),
    "rat:dinas_rat_decide": Route(DINAS, write=DINAS_OFFICER, methods=("POST",)),
    "rat:dinas_rat_minutes": Route(DINAS, read=DINAS_OFFICER),
    "rat:dinas_rat_pack": Route(DINAS, read=DINAS_OFFICER),
    "rat:member_rats": Route(MEMBER_PORTAL, read=frozenset({"member"})),
    # No accepted report in the matrix's cooperative: the member's pack link is 404.
    "rat:member_rat_pack": Route(MEMBER_PORTAL, read=frozenset({"member"}), ok=(404,), sample={"year": "2025"}),
    "GET /api/v1/cooperatives/{slug}/rat": Route(COOPERATIVE, read=MANAGEMENT),
    "GET /api/v1/cooperatives/{slug}/rat/{year}": Route(
        COOPERATIVE, read=MANAGEMENT, ok=(404,), sample={"year": "2025"}
    ),
    "POST /api/v1/cooperatives/{slug}/rat/{year}": Route(
        COOPERATIVE,
        write=MANAGER,
        sample={"year": "2025"},
        body={"meeting_date": "2026-03-14", "place": "Balai desa", "members_present": 0},
        expect_write={"manager": 200},
    ),
    "POST /api/v1/cooperatives/{slug}/rat/{year}/minutes": Route(
        COOPERATIVE, write=MANAGER, sample={"year": "2025"}, upload=True
    ),
    "POST /api/v1/cooperatives/{slug}/rat/{year}/submit": Route(COOPERATIVE, write=MANAGER, sample={"year": "2025"}),
    "GET /api/v1/dinas/{region_code}/rat": Route(DINAS, read=DINAS_OFFICER),
    "POST /api/v1/dinas/{region_code}/rat/{report_id}/decision": Route(
        DINAS,
        write=DINAS_OFFICER,
        body={"accept": False, "comment": "Lampirkan daftar hadir."},
        expect_write={"dinas": 200},
    ),
    # Training and mentoring (simpul/training/views/): the organiser's courses (a Dinas office, a network's
    # coordinators), the cooperative's enrolments and visits, the Dinas's mentoring visits, the public certificate check
    "training:dinas_courses": Route(DINAS, read=DINAS_OFFICER, write=DINAS_OFFICER, methods=("GET", "POST")),
    "training:dinas_course": Route(DINAS, read=DINAS_OFFICER),
    "training:dinas_course_session": Route(DINAS, write=DINAS_OFFICER, methods=("POST",)),
    "training:dinas_course_material": Route(DINAS, write=DINAS_OFFICER, methods=("POST",), upload=True),
    "training:dinas_course_publish": Route(DINAS, write=DINAS_OFFICER, methods=("POST",)),
    "training:dinas_course_attendance": Route(DINAS, write=DINAS_OFFICER, methods=("POST",)),
    "training:dinas_material": Route(DINAS, read=DINAS_OFFICER),
    "training:network_courses": Route(NETWORK, read=COORDINATOR, write=COORDINATOR, methods=("GET", "POST")),
    "training:network_course": Route(NETWORK, read=COORDINATOR),
    "training:network_course_session": Route(NETWORK, write=COORDINATOR, methods=("POST",)),
    "training:network_course_material": Route(NETWORK, write=COORDINATOR, methods=("POST",), upload=True),
    "training:network_course_publish": Route(NETWORK, write=COORDINATOR, methods=("POST",)),
    "training:network_course_attendance": Route(NETWORK, write=COORDINATOR, methods=("POST",)),
    "training:network_material": Route(NETWORK, read=COORDINATOR),
    "training:cooperative_training": Route(COOPERATIVE, read=MANAGEMENT),
    "training:cooperative_course": Route(COOPERATIVE, read=MANAGEMENT, write=MANAGER, methods=("GET", "POST")),
    "training:cooperative_material": Route(COOPERATIVE, read=MANAGEMENT),
    "training:cooperative_certificate": Route(COOPERATIVE, read=MANAGEMENT),
    "training:cooperative_visits": Route(COOPERATIVE, read=MANAGEMENT),
    "training:cooperative_recommendation": Route(COOPERATIVE, write=MANAGER, methods=("POST",)),
    "training:dinas_visits": Route(DINAS, read=DINAS_OFFICER, write=DINAS_OFFICER, methods=("GET", "POST")),
    "training:dinas_visit": Route(DINAS, read=DINAS_OFFICER, write=DINAS_OFFICER, methods=("GET", "POST")),
    "training:dinas_recommendation": Route(DINAS, write=DINAS_OFFICER, methods=("POST",)),
    "training:certificate_verify": Route(PUBLIC, ok=(404,), sample={"code": "tidak-ada"}),
    "GET /api/v1/cooperatives/{slug}/training/courses": Route(COOPERATIVE, read=MANAGEMENT),
    "POST /api/v1/cooperatives/{slug}/training/courses/{course_id}/enrolments": Route(
        COOPERATIVE,
        write=MANAGER,
        body={"full_name": "Dewi", "phone": "081200000099", "position": "managers"},
        expect_write={"manager": 201},
    ),
    "GET /api/v1/cooperatives/{slug}/training/recommendations": Route(COOPERATIVE, read=MANAGEMENT),
    "POST /api/v1/cooperatives/{slug}/training/recommendations/{recommendation_id}/follow-up": Route(
        COOPERATIVE, write=MANAGER, body={"status": "in_progress", "note": "Mulai"}, expect_write={"manager": 200}
    ),
    "GET /api/v1/dinas/{region_code}/training/overdue-recommendations": Route(DINAS, read=DINAS_OFFICER),
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
