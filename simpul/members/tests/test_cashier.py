"""The cashier's desk (kasir): finding members, deposits with thousands separators, withdrawals only when the manager
allows them and only after a confirmation, the receipt sent by WhatsApp as a signed link, the day's own list in the
cooperative's zone, the manager's per-cashier setting with its audit row, and nothing of the books or register."""

import datetime
import re
from decimal import Decimal
from urllib.parse import parse_qs, unquote, urlparse

import pytest
import time_machine
from django.core import signing
from django.urls import reverse

from simpul.coops.tests.factories import CooperativeFactory, RoleKind, grant, person_with_role
from simpul.core.amount_fields import parse_rupiah
from simpul.core.models import AuditLog
from simpul.members.cashier.receipts import RECEIPT_LINK_DAYS, receipt_token
from simpul.members.cashier.selectors import cashier_day, cashier_member_search, savings_summary
from simpul.members.models import CashierPermission, SavingsAccount, SavingsTransaction
from simpul.members.savings.services import savings_deposit, savings_products_setup
from simpul.members.tests.factories import MemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.calendar]

JSON = "application/json"


@pytest.fixture
def cooperative():
    cooperative = CooperativeFactory.create()
    savings_products_setup(
        cooperative=cooperative,
        actor=None,
        pokok_amount=100000,
        wajib_amount=25000,
        effective_from=cooperative.today().replace(day=1),
    )
    return cooperative


@pytest.fixture
def member(cooperative):
    return MemberFactory.create(
        cooperative=cooperative,
        name="Siti Nurhasanah",
        phone="+6281311112222",
        address="Jl. Rahasia 7",
        join_date=cooperative.today().replace(day=1),
    )


@pytest.fixture
def cashier(cooperative):
    return person_with_role(RoleKind.CASHIER, cooperative, full_name="Kasir Satu")


@pytest.fixture
def manager(cooperative):
    return person_with_role(RoleKind.MANAGER, cooperative, full_name="Pengurus Satu")


def desk_url(cooperative, member):
    return reverse("members:cashier_member", args=[cooperative.slug, member.pk])


def form(**overrides):
    data = {"direction": "deposit", "kind": "sukarela", "amount": "100.000", "client_key": "k-1"}
    data.update(overrides)
    return data


def post(client, cooperative, member, **overrides):
    data = form(**overrides)
    data.setdefault("date", cooperative.today().isoformat())
    return client.post(desk_url(cooperative, member), data)


# --- amounts as people type them ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("100.000", Decimal("100000")),
        ("100000", Decimal("100000")),
        ("Rp 1.250.000", Decimal("1250000")),
        ("1.500,50", Decimal("1500.50")),
        ("1500,5", Decimal("1500.5")),
        ("150000.50", Decimal("150000.50")),
        (" 25.000 ", Decimal("25000")),
    ],
)
def test_amounts_are_read_with_or_without_thousands_separators(text, amount):
    assert parse_rupiah(text) == amount


@pytest.mark.parametrize("text", ["10.00.000", "1,000,000", "abc", "", "1.5.0", "100.000,123", "-5000"])
def test_what_is_not_an_amount_is_refused(text):
    assert parse_rupiah(text) is None


# --- finding a member ---------------------------------------------------------------------------------------


def test_members_are_found_by_name_number_phone_and_card_qr(cooperative, member):
    other = MemberFactory.create(cooperative=cooperative, name="Bambang", phone="+6285700001111")
    assert [m.pk for m in cashier_member_search(cooperative, "nurha").members] == [member.pk]
    by_number = cashier_member_search(cooperative, member.number_display)
    assert by_number.exact == member
    assert [m.pk for m in cashier_member_search(cooperative, "0813-1111-2222").members] == [member.pk]
    assert [m.pk for m in cashier_member_search(cooperative, "+62 857 0000 1111").members] == [other.pk]
    card = cashier_member_search(cooperative, f"{cooperative.slug}:{member.number_display}")
    assert card.exact == member and not card.other_cooperative


def test_a_card_of_another_cooperative_finds_nobody_here(cooperative, member):
    elsewhere = CooperativeFactory.create()
    MemberFactory.create(cooperative=elsewhere, number=member.number)
    found = cashier_member_search(cooperative, f"{elsewhere.slug}:{member.number_display}")
    assert found.other_cooperative and found.members == [] and found.exact is None
    # Nor does the desk list another cooperative's members by name.
    MemberFactory.create(cooperative=elsewhere, name="Siti Lain")
    assert [m.name for m in cashier_member_search(cooperative, "Siti").members] == ["Siti Nurhasanah"]


def test_the_nik_finds_nobody_at_the_desk(cooperative, member):
    assert cashier_member_search(cooperative, member.nik).members == []


def test_a_scanned_card_opens_the_member_at_once(client, cooperative, member, cashier):
    client.force_login(cashier)
    home = reverse("members:cashier_home", args=[cooperative.slug])
    response = client.get(home, {"q": f"{cooperative.slug}:{member.number_display}"})
    assert response.status_code == 302 and response["Location"] == desk_url(cooperative, member)
    # Typed live (HTMX), the results are listed instead of jumping away.
    live = client.get(home, {"q": "Siti"}, headers={"HX-Request": "true"})
    assert live.status_code == 200 and f'data-testid="member-result-{member.number_display}"' in live.content.decode()


# --- the member at the desk ---------------------------------------------------------------------------------


def test_the_desk_shows_balances_and_what_is_owed_but_nothing_of_the_register(client, cooperative, member, cashier):
    client.force_login(cashier)
    body = client.get(desk_url(cooperative, member)).content.decode()
    assert "Siti Nurhasanah" in body and member.number_display in body
    assert 'data-testid="summary-balance-sukarela"' in body
    # A new member at Rp0 is prompted to pay the pokok.
    assert 'data-testid="summary-pokok-unpaid"' in body and "Rp100.000" in body
    assert "Simpanan wajib: Rp25.000 sebulan." in body
    for secret in (member.nik, "Jl. Rahasia 7", "81311112222"):
        assert secret not in body
    # Deposits only: no withdrawal choice for a cashier the manager has not allowed.
    assert 'data-testid="withdrawal-locked"' in body and 'value="withdrawal"' not in body


def test_the_summary_counts_wajib_months_owed_and_the_pokok_once_paid(cooperative, member):
    savings_deposit(
        cooperative=cooperative, actor=None, member_id=member.pk, kind="pokok", amount=100000, date=cooperative.today()
    )
    summary = savings_summary(cooperative, member)
    assert summary.pokok_unpaid is None and summary.has_moves
    assert summary.wajib_rate == Decimal("25000")
    assert (summary.wajib_months, summary.wajib_owed) == (1, Decimal("25000"))
    assert summary.total == Decimal("100000")


def test_a_deposit_typed_with_separators_is_recorded_and_its_receipt_offered(client, cooperative, member, cashier):
    client.force_login(cashier)
    response = post(client, cooperative, member)
    saved = SavingsTransaction.objects.get()
    assert saved.amount == Decimal("100000") and saved.actor == cashier
    receipt = reverse("members:cashier_receipt", args=[cooperative.slug, saved.pk])
    assert response.status_code == 302 and response["Location"] == receipt
    page = client.get(receipt).content.decode()
    assert 'data-testid="receipt-print"' in page and 'data-testid="receipt-pdf"' in page
    wa = re.search(r'href="(https://wa\.me/[^"]+)"[^>]*data-testid="receipt-whatsapp"', page)
    assert wa is not None
    url = urlparse(wa.group(1).replace("&amp;", "&"))
    assert url.path == "/6281311112222"
    text = parse_qs(url.query)["text"][0]
    assert "Rp100.000" in text and "BS-" in text
    link = re.search(r"(https?://\S+/bukti/\S+/)", unquote(text))
    assert link is not None
    # The member opens it without logging in.
    client.logout()
    shared = client.get(urlparse(link.group(1)).path)
    assert shared.status_code == 200
    assert "Siti Nurhasanah" in shared.content.decode() and member.nik not in shared.content.decode()
    # The same form sent twice (a double tap) is one deposit.
    client.force_login(cashier)
    post(client, cooperative, member)
    assert SavingsTransaction.objects.count() == 1


def test_the_receipts_signature_labels_stand_apart(client, cooperative, member, cashier):
    client.force_login(cashier)
    post(client, cooperative, member)
    saved = SavingsTransaction.objects.get()
    page = client.get(reverse("members:cashier_receipt", args=[cooperative.slug, saved.pk])).content.decode()
    block = page.split('data-testid="receipt-signatures"')[1].split("</div>")[0]
    assert re.search(r"<span>Anggota</span>\s+<span>Kasir</span>", block)


def test_a_receipt_link_forged_altered_or_expired_is_a_404(client, cooperative, member):
    row = savings_deposit(
        cooperative=cooperative, actor=None, member_id=member.pk, kind="sukarela", amount=5000, date=cooperative.today()
    )
    token = receipt_token(row)
    shown = client.get(reverse("members:receipt_shared", args=[token]))
    assert shown.status_code == 200
    assert "no-store" in shown["Cache-Control"]  # a balance: no browser or proxy keeps a copy
    assert client.get(reverse("members:receipt_shared", args=[token[:-2] + "xx"])).status_code == 404
    forged = signing.dumps([cooperative.pk, row.pk], salt="another-salt", compress=True)
    assert client.get(reverse("members:receipt_shared", args=[forged])).status_code == 404
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=RECEIPT_LINK_DAYS, hours=1)
    with time_machine.travel(later, tick=False):
        assert client.get(reverse("members:receipt_shared", args=[token])).status_code == 404


def test_a_refused_deposit_says_why_in_indonesian_with_400(client, cooperative, member, cashier):
    client.force_login(cashier)
    response = post(client, cooperative, member, kind="pokok", amount="50.000")
    assert response.status_code == 400
    assert "Simpanan pokok sebesar Rp100.000, dibayar satu kali." in response.content.decode()
    bad = post(client, cooperative, member, amount="seratus ribu", client_key="k-2")
    assert bad.status_code == 400 and "Tulis jumlah dalam rupiah" in bad.content.decode()
    assert not SavingsTransaction.objects.exists()


def test_another_cooperatives_member_is_a_404(client, cooperative, cashier):
    stranger = MemberFactory.create(cooperative=CooperativeFactory.create())
    client.force_login(cashier)
    assert client.get(desk_url(cooperative, stranger)).status_code == 404
    assert post(client, cooperative, stranger).status_code == 404
    assert not SavingsTransaction.objects.exists()


# --- withdrawals: the manager's setting and the confirmation ------------------------------------------------


def _sukarela(cooperative, member, amount=300000):
    return savings_deposit(
        cooperative=cooperative,
        actor=None,
        member_id=member.pk,
        kind="sukarela",
        amount=amount,
        date=cooperative.today(),
    )


def test_a_withdrawal_is_refused_until_the_manager_allows_it(client, cooperative, member, cashier, manager):
    _sukarela(cooperative, member)
    client.force_login(cashier)
    refused = post(client, cooperative, member, direction="withdrawal", amount="50.000", confirm="1")
    assert refused.status_code == 403
    page = refused.content.decode()
    assert "belum mengizinkan Anda membayar penarikan" in page
    assert 'data-testid="error-role-cashier"' in page and "Kasir" in page
    assert SavingsTransaction.objects.count() == 1

    client.force_login(manager)
    permissions = reverse("members:cashier_permissions", args=[cooperative.slug])
    assert f'data-testid="cashier-{cashier.pk}"' in client.get(permissions).content.decode()
    client.post(permissions, {"user": cashier.pk, "may_withdraw": "on"})
    assert CashierPermission.objects.get(user=cashier).may_withdraw
    audit = AuditLog.objects.get(event="cashier.permission_changed")
    assert audit.actor == manager and audit.changes["may_withdraw"] is True
    client.post(permissions, {"user": cashier.pk, "may_withdraw": "on"})  # no change, no second row
    assert AuditLog.objects.filter(event="cashier.permission_changed").count() == 1

    client.force_login(cashier)
    assert 'value="withdrawal"' in client.get(desk_url(cooperative, member)).content.decode()
    # First step: the confirmation with the balance after; nothing is recorded yet.
    step = post(client, cooperative, member, direction="withdrawal", amount="50.000", client_key="w-1")
    assert step.status_code == 200
    body = step.content.decode()
    assert 'data-testid="withdrawal-confirm"' in body
    assert re.search(r'data-testid="confirm-balance-after"><strong>Rp250\.000<', body)
    assert SavingsTransaction.objects.count() == 1
    # Second step, confirmed: recorded.
    done = post(client, cooperative, member, direction="withdrawal", amount="50.000", client_key="w-1", confirm="1")
    assert done.status_code == 302
    assert SavingsAccount.objects.get(member=member, product__kind="sukarela").balance == Decimal("250000")

    # Stopped again: refused again, and the change is audited.
    client.force_login(manager)
    client.post(permissions, {"user": cashier.pk})
    assert AuditLog.objects.filter(event="cashier.permission_changed").count() == 2
    client.force_login(cashier)
    again = post(client, cooperative, member, direction="withdrawal", amount="1.000", client_key="w-2", confirm="1")
    assert again.status_code == 403


def test_a_withdrawal_beyond_the_balance_is_refused_before_the_confirmation(client, cooperative, member, manager):
    _sukarela(cooperative, member, amount=10000)
    client.force_login(manager)
    response = client.post(
        reverse("members:savings", args=[cooperative.slug, member.pk]),
        form(direction="withdrawal", amount="20.000", date=cooperative.today().isoformat()),
    )
    assert response.status_code == 400
    assert "Penarikan melebihi saldo sebesar Rp10.000" in response.content.decode()
    assert 'data-testid="withdrawal-confirm"' not in response.content.decode()


def test_the_manager_setting_names_only_this_cooperatives_cashiers(client, cooperative, manager):
    outsider = person_with_role(RoleKind.CASHIER, CooperativeFactory.create())
    client.force_login(manager)
    response = client.post(
        reverse("members:cashier_permissions", args=[cooperative.slug]), {"user": outsider.pk, "may_withdraw": "on"}
    )
    assert response.status_code == 404
    assert not CashierPermission.objects.exists()


# --- the day's own transactions -------------------------------------------------------------------------------


def test_the_days_list_holds_ones_own_transactions_with_the_closing_total(client, cooperative, member, cashier):
    other_cashier = person_with_role(RoleKind.CASHIER, cooperative)
    CashierPermission.objects.create(cooperative=cooperative, user=cashier, may_withdraw=True)
    client.force_login(cashier)
    post(client, cooperative, member, amount="100.000", client_key="a")
    post(client, cooperative, member, amount="25.000", client_key="b")
    post(client, cooperative, member, direction="withdrawal", amount="40.000", client_key="c", confirm="1")
    savings_deposit(
        cooperative=cooperative,
        actor=other_cashier,
        member_id=member.pk,
        kind="sukarela",
        amount=999000,
        date=cooperative.today(),
    )
    day = cashier_day(cooperative, cashier, cooperative.today())
    assert (day.deposits, day.withdrawals, day.net) == (Decimal("125000"), Decimal("40000"), Decimal("85000"))
    assert (day.deposit_count, day.withdrawal_count) == (2, 1)
    page = client.get(reverse("members:cashier_day", args=[cooperative.slug])).content.decode()
    assert page.count('data-testid="day-row"') == 3
    assert re.search(r'data-testid="closing-net">Rp85\.000<', page)
    assert "Rp999.000" not in page
    pdf = client.get(reverse("members:cashier_day_pdf", args=[cooperative.slug]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_day_is_cut_in_the_cooperatives_own_zone(cashier):
    bali = CooperativeFactory.create(village_code="51.01.01.1006")  # WITA, UTC+8
    savings_products_setup(cooperative=bali, actor=None, pokok_amount=100000, wajib_amount=25000)
    grant(cashier, RoleKind.CASHIER, bali)
    member = MemberFactory.create(cooperative=bali)
    # 23:30 WITA on 2 March is 15:30 UTC: that WITA day, though it is already 3 March nowhere yet.
    with time_machine.travel(datetime.datetime(2026, 3, 2, 15, 30, tzinfo=datetime.UTC), tick=False):
        late = savings_deposit(
            cooperative=bali, actor=cashier, member_id=member.pk, kind="sukarela", amount=7000, date=bali.today()
        )
    # 00:30 WITA on 3 March is 16:30 UTC on 2 March: the next day.
    with time_machine.travel(datetime.datetime(2026, 3, 2, 16, 30, tzinfo=datetime.UTC), tick=False):
        early = savings_deposit(
            cooperative=bali, actor=cashier, member_id=member.pk, kind="sukarela", amount=3000, date=bali.today()
        )
    assert [r.pk for r in cashier_day(bali, cashier, datetime.date(2026, 3, 2)).rows] == [late.pk]
    assert [r.pk for r in cashier_day(bali, cashier, datetime.date(2026, 3, 3)).rows] == [early.pk]


def test_a_cashier_opens_only_the_receipts_they_recorded(client, cooperative, member, cashier):
    someone_elses = _sukarela(cooperative, member)
    client.force_login(cashier)
    assert client.get(reverse("members:cashier_receipt", args=[cooperative.slug, someone_elses.pk])).status_code == 404


# --- nothing of the books or the register ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["members:list", "members:export", "ledger:home", "coops:audit_trail", "members:savings_products"],
)
def test_a_cashier_gets_403_beyond_the_desk(client, cooperative, cashier, name):
    client.force_login(cashier)
    response = client.get(reverse(name, args=[cooperative.slug]))
    assert response.status_code == 403
    page = response.content.decode()
    assert 'data-testid="error-role-cashier"' in page and ">Kasir<" in page
    assert "mencatat setoran simpanan" in page  # what a cashier may do, not a supervisor's example
    assert reverse("mart:pos", args=[cooperative.slug]) in page  # the link home is the till


def test_a_cashier_gets_403_on_member_pages_and_the_register_api(client, cooperative, member, cashier):
    client.force_login(cashier)
    assert client.get(reverse("members:detail", args=[cooperative.slug, member.pk])).status_code == 403
    assert client.get(reverse("members:savings", args=[cooperative.slug, member.pk])).status_code == 403
    api = f"/api/v1/cooperatives/{cooperative.slug}"
    assert client.get(f"{api}/members").status_code == 403
    assert client.get(f"{api}/members/{member.pk}/savings").status_code == 403
    assert client.get(f"{api}/ledger/accounts").status_code == 403
    deposit = {"kind": "sukarela", "amount": "5000"}
    assert client.post(f"{api}/members/{member.pk}/savings/deposits", deposit, content_type=JSON).status_code == 403


def test_a_supervisor_gets_403_at_the_desk_naming_the_supervisor_role(client, cooperative):
    supervisor = person_with_role(RoleKind.SUPERVISOR, cooperative)
    client.force_login(supervisor)
    response = client.get(reverse("members:cashier_home", args=[cooperative.slug]))
    assert response.status_code == 403
    assert 'data-testid="error-role-supervisor"' in response.content.decode()


def test_a_cashiers_home_is_the_till_which_links_the_desk(client, cooperative, cashier):
    client.force_login(cashier)
    assert client.get(reverse("core:home"))["Location"] == reverse("mart:pos", args=[cooperative.slug])
    till = client.get(reverse("mart:pos", args=[cooperative.slug])).content.decode()
    assert reverse("members:cashier_home", args=[cooperative.slug]) in till


# --- the API ------------------------------------------------------------------------------------------------------


def test_the_desk_api_finds_deposits_and_lists_the_day(client, cooperative, member, cashier):
    client.force_login(cashier)
    api = f"/api/v1/cooperatives/{cooperative.slug}/cashier"
    found = client.get(f"{api}/members", {"q": f"{cooperative.slug}:{member.number_display}"}).json()
    assert found["exact_id"] == member.pk and found["items"][0]["name"] == "Siti Nurhasanah"
    assert "nik" not in found["items"][0] and "phone" not in found["items"][0]
    seen = client.get(f"{api}/members/{member.pk}").json()
    assert seen["pokok_unpaid"] == "100000.00" and seen["may_withdraw"] is False
    body = {"kind": "sukarela", "amount": "100000", "client_key": "api-1"}
    made = client.post(f"{api}/members/{member.pk}/deposits", body, content_type=JSON)
    assert made.status_code == 201
    assert made.json()["whatsapp_url"].startswith("https://wa.me/6281311112222?text=")
    assert "/bukti/" in made.json()["receipt_url"]
    again = client.post(f"{api}/members/{member.pk}/deposits", body, content_type=JSON)
    assert again.json()["id"] == made.json()["id"]
    refused = client.post(
        f"{api}/members/{member.pk}/withdrawals", {"kind": "sukarela", "amount": "1000"}, content_type=JSON
    )
    assert refused.status_code == 403 and refused.json()["code"] == "withdrawal_not_allowed"
    day = client.get(f"{api}/day").json()
    assert day["deposits"] == "100000.00" and day["net"] == "100000.00" and len(day["items"]) == 1


def test_the_desk_api_refuses_bad_input_in_indonesian(client, cooperative, member, cashier):
    client.force_login(cashier)
    api = f"/api/v1/cooperatives/{cooperative.slug}/cashier"
    bad = client.post(f"{api}/members/{member.pk}/deposits", {"kind": "sukarela", "amount": 12.5}, content_type=JSON)
    assert bad.status_code == 400 and "tidak tepat" in bad.json()["message"]
    wajib = client.post(f"{api}/members/{member.pk}/deposits", {"kind": "wajib", "amount": "30000"}, content_type=JSON)
    assert wajib.status_code == 400 and wajib.json()["code"] == "wajib_amount"
    future = (cooperative.today() + datetime.timedelta(days=2)).isoformat()
    assert client.get(f"{api}/day", {"date": future}).status_code == 400
    assert not SavingsTransaction.objects.exists()


def test_the_manager_sets_a_cashier_over_the_api(client, cooperative, manager, cashier):
    client.force_login(manager)
    url = f"/api/v1/cooperatives/{cooperative.slug}/cashier/permissions"
    assert client.get(url).json() == [{"user_id": cashier.pk, "name": "Kasir Satu", "may_withdraw": False}]
    changed = client.put(f"{url}/{cashier.pk}", {"may_withdraw": True}, content_type=JSON)
    assert changed.status_code == 200 and changed.json()["may_withdraw"] is True
    assert AuditLog.objects.filter(event="cashier.permission_changed").count() == 1
    client.force_login(cashier)
    assert client.put(f"{url}/{cashier.pk}", {"may_withdraw": False}, content_type=JSON).status_code == 403


def test_the_desk_form_answers_htmx_with_the_form_alone(client, cooperative, member, cashier):
    CashierPermission.objects.create(cooperative=cooperative, user=cashier, may_withdraw=True)
    _sukarela(cooperative, member, amount=80000)
    client.force_login(cashier)
    data = form(direction="withdrawal", amount="30.000", date=cooperative.today().isoformat())
    step = client.post(desk_url(cooperative, member), data, headers={"HX-Request": "true"})
    assert step.status_code == 200
    body = step.content.decode()
    assert body.lstrip().startswith("<form") and "<html" not in body
    assert re.search(r'data-testid="confirm-balance-after"><strong>Rp50\.000<', body)
    refused = client.post(desk_url(cooperative, member), {**data, "amount": "x"}, headers={"HX-Request": "true"})
    assert refused.status_code == 400 and "<html" not in refused.content.decode()
    done = client.post(desk_url(cooperative, member), {**data, "confirm": "1"}, headers={"HX-Request": "true"})
    assert done.status_code == 200 and done["HX-Redirect"].startswith(f"/k/{cooperative.slug}/kasir/bukti/")


def test_the_desk_pages_run_the_same_queries_for_one_row_or_many(client, cooperative, member, cashier):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cashier)
    day_url = reverse("members:cashier_day", args=[cooperative.slug])
    home_url = reverse("members:cashier_home", args=[cooperative.slug])

    def counted(url, **query):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, query).status_code == 200
        return len(captured)

    post(client, cooperative, member, client_key="one")
    MemberFactory.create(cooperative=cooperative, name="Siti Kedua")
    few = (counted(day_url), counted(home_url, q="siti"))
    for index in range(5):
        post(client, cooperative, member, amount=f"{index + 1}.000", client_key=f"many-{index}")
        MemberFactory.create(cooperative=cooperative, name=f"Siti {index}")
    assert (counted(day_url), counted(home_url, q="siti")) == few
