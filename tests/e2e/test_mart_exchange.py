"""Staples exchanged between member marts, in Chromium at 360 px: the short mart's manager opens the staples page,
taps "Minta" beside the mart that holds rice, asks for 12 kg at Rp13.000; the seller's manager finds the request on
its exchanges page, accepts 10 kg, and both see the status with a link to their own document (the sale, the goods
receipt). Two fresh cooperatives of one network are built in the served database (manage.py shell)."""

import json
import subprocess
import sys
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import BASE_DIR, PHONE, Browsing, log_in, no_horizontal_scroll, open_session
from tests.e2e.served import served_env

PREPARE = r"""
import json, secrets
from decimal import Decimal as D
from simpul.coops.models import MembershipStatus, RoleKind
from simpul.coops.tests.factories import CooperativeFactory, MembershipFactory, NetworkFactory, OutletFactory
from simpul.coops.tests.factories import UserFactory, grant
from simpul.ledger.services import chart_of_accounts_create
from simpul.mart.models import Product
from simpul.mart.stock.opening import stock_opening_record

tag = secrets.token_hex(3)
network = NetworkFactory.create()
found = {}
for side in ("pembeli", "penjual"):
    fields = {"name": f"Koperasi {side.title()} {tag}", "slug": f"koperasi-{side}-{tag}"}
    if side == "penjual":
        fields["village_code"] = found["village"]
    coop = CooperativeFactory.create(**fields)
    chart_of_accounts_create(cooperative=coop)
    MembershipFactory.create(network=network, cooperative=coop, status=MembershipStatus.ACTIVE)
    outlet = OutletFactory.create(cooperative=coop, name="Mart Utama")
    phone = f"+62857{secrets.randbelow(10**8):08d}"
    manager = UserFactory.create(full_name=f"Pengurus {side} {tag}", phone=phone, email=None)
    manager.set_password("simpul-demo")
    manager.save(update_fields=["password"])
    grant(manager, RoleKind.MANAGER, coop)
    rice = Product.objects.create(cooperative=coop, sku="BERAS-E2E", name="Beras Medium", base_unit="kg",
                                  fractional=True, staple="rice", price=D(14000), member_price=D(13500))
    if side == "penjual":
        stock_opening_record(cooperative=coop, actor=manager, outlet_id=outlet.pk, items=[(rice.pk, D(40), D(12000))])
    found[side] = {"slug": coop.slug, "name": coop.name, "login": "0" + phone.removeprefix("+62")}
    found["village"] = coop.village_id
print(json.dumps(found))
"""


def prepare(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PREPARE],
        cwd=BASE_DIR,
        env=served_env(tmp_path_factory),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def test_a_short_mart_asks_and_the_seller_accepts_on_phones(
    phone: Browsing, browser: Any, server_url: str, tmp_path_factory: pytest.TempPathFactory
):
    world = prepare(tmp_path_factory)
    buyer, seller = world["pembeli"], world["penjual"]
    page = phone.page
    log_in(phone, buyer["login"])
    phone.goto(f"/k/{buyer['slug']}/mart/laporan/bahan-pokok/?pokok=rice")
    row = page.get_by_test_id("holder-row").filter(has_text=seller["name"])
    with page.expect_navigation():
        row.get_by_test_id("holder-ask").click()
    expect(page.get_by_test_id("seller-holds")).to_contain_text("40 kg")
    no_horizontal_scroll(page)
    page.get_by_test_id("exchange-quantity").fill("12")
    page.get_by_test_id("exchange-price").fill("13000")
    with page.expect_navigation():
        page.get_by_test_id("exchange-submit").click()
    expect(page.get_by_test_id("exchange-status")).to_have_text("Diminta")
    no_horizontal_scroll(page)

    other = open_session(browser, server_url, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        log_in(other, seller["login"])
        other.goto(f"/k/{seller['slug']}/mart/tukar-pokok/")
        with other.page.expect_navigation():
            other.page.get_by_test_id("exchange-link").first.click()
        other.page.get_by_test_id("accept-quantity").fill("10")
        with other.page.expect_navigation():
            other.page.get_by_test_id("accept-submit").click()
        expect(other.page.get_by_test_id("exchange-status")).to_have_text("Diterima")
        expect(other.page.get_by_test_id("sale-link")).to_be_visible()
        no_horizontal_scroll(other.page)
    finally:
        other.context.close()

    page.reload()
    expect(page.get_by_test_id("exchange-status")).to_have_text("Diterima")
    expect(page.get_by_test_id("exchange-sent")).to_contain_text("10 kg")
    with page.expect_navigation():
        page.get_by_test_id("receipt-link").click()
    assert "/mart/penerimaan/" in page.url
