"""The Kota Bandung Dinas officer reads the books' chain heads the office holds, on a 360 px phone."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import BASE_DIR, PHONE, Browsing, log_in, no_horizontal_scroll
from tests.e2e.served import served_env

BANDUNG_OFFICER = "081200000006"
BANDUNG = "32.73"


@pytest.fixture(scope="module")
def heads_published(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Today's heads published to every holder in the served database, as the daily job does (a second run the
    same day adds only the copies still missing, so a demo seed that publishes them already is left as it is)."""
    env = served_env(tmp_path_factory)
    result = subprocess.run(
        [sys.executable, "manage.py", "publish_chain_heads"],
        cwd=Path(BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _inside_the_screen(locator) -> None:  # type: ignore[no-untyped-def]
    locator.evaluate("element => element.scrollIntoView({block: 'center'})")
    box = locator.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box


def test_the_dinas_officer_reads_the_heads_on_a_phone(phone: Browsing, heads_published: None):
    page = phone.page
    log_in(phone, BANDUNG_OFFICER)
    page.get_by_test_id("dinas-heads-link").click()
    expect(page).to_have_url(re.compile(rf"/dinas/{re.escape(BANDUNG)}/kepala-buku/$"))
    rows = page.get_by_test_id("heads-row")
    expect(rows).to_have_count(50)  # the first page of Kota Bandung's cooperatives
    row = rows.filter(has=page.get_by_test_id("head-hash")).first
    day = row.get_by_test_id("head-day")
    short = row.get_by_test_id("hash-short")
    expect(day).to_have_text(re.compile(r"^\d{1,2} \w+ \d{4}$"))  # the office's copy of today, as 3 Desember 2026
    expect(short).to_have_text(re.compile(r"^[0-9a-f]{16}$"))
    _inside_the_screen(day)
    _inside_the_screen(short)

    short.click()  # the whole hash opens beside it, ready to copy
    full = row.get_by_test_id("hash-full")
    expect(full).to_have_value(re.compile(r"^[0-9a-f]{64}$"))
    assert full.input_value().startswith(short.inner_text())
    _inside_the_screen(full)
    no_horizontal_scroll(page)
