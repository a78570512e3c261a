"""The Kota Bandung Dinas officer reads the books' chain heads the office holds, on a 360 px phone."""

import os
import re
import subprocess
import sys
from pathlib import Path

import dj_database_url
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import BASE_DIR, PHONE, Browsing, log_in, no_horizontal_scroll

BANDUNG_OFFICER = "081200000006"
BANDUNG = "32.73"


@pytest.fixture(scope="module")
def heads_published(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Today's heads published to every holder in the served database, as the daily job does (a second run the
    same day adds only the copies still missing, so a demo seed that publishes them already is left as it is)."""
    # The server fixture keeps its database in its own temporary folder (SQLite) or in `<name>_e2e<worker>`.
    var_dirs = [
        path
        for path in tmp_path_factory.getbasetemp().glob("e2e-var*")
        if not path.is_symlink() and (path / "gunicorn.log").exists()
    ]
    assert len(var_dirs) == 1, var_dirs
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "SIMPUL_PRODUCTION"}}
    env.update(
        SIMPUL_VAR_DIR=str(var_dirs[0]),
        SIMPUL_E2E_STATIC_ROOT=str(var_dirs[0] / "static"),
        DJANGO_SETTINGS_MODULE="tests.e2e.settings",
        PYTHONPATH=str(BASE_DIR),
    )
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        name = f"{dj_database_url.parse(url)['NAME']}_e2e{os.environ.get('PYTEST_XDIST_WORKER', '')}"
        env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
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
