"""The till's camera where the browser has no BarcodeDetector: the zxing fallback, loaded on the first tap.

Chromium's fake camera plays a Y4M file this test writes: an EAN-13 of a test product, drawn bar by bar from
python-barcode's modules (uncompressed YUV4MPEG2, 4:2:0: the Y plane is the picture, U and V a flat 128). The page
runs with window.BarcodeDetector deleted before its scripts, so scanner.js must load @zxing/library itself. The test
checks that nothing of zxing is loaded before the tap (the first-load budget), that pointing the camera adds the
product to the cart, and that after one use the service worker keeps zxing, so the camera also reads offline.
"""

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import barcode
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, Browsing, log_in, open_session
from tests.e2e.test_mart_pos import KASIR, open_till, prepare_till, shell, wait_until_controlled

WIDTH, HEIGHT = 640, 480
MODULE_PX = 5  # 95 modules: 475 px, with more than the 9-module quiet zone on each side
FRAMES = 10
ZXING = "/static/vendor/zxing/"
NO_DETECTOR = "delete window.BarcodeDetector;"


def ean13(first12: str) -> str:
    return str(barcode.EAN13(first12).get_fullcode())


def write_y4m(path: Path, code: str) -> None:
    """A few identical frames of a black-on-white EAN-13 in the middle of a 640×480 picture."""
    modules = barcode.EAN13(code[:12]).build()[0]
    left = (WIDTH - len(modules) * MODULE_PX) // 2
    row = bytearray(b"\xff" * WIDTH)
    for i, bit in enumerate(modules):
        if bit == "1":
            row[left + i * MODULE_PX : left + (i + 1) * MODULE_PX] = b"\x00" * MODULE_PX
    blank = b"\xff" * WIDTH
    top, bottom = HEIGHT // 4, HEIGHT * 3 // 4
    y_plane = b"".join(bytes(row) if top <= y < bottom else blank for y in range(HEIGHT))
    chroma = b"\x80" * ((WIDTH // 2) * (HEIGHT // 2))
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(FRAMES):
            out.write(b"FRAME\n" + y_plane + chroma + chroma)


@pytest.fixture
def camera_browser(browser: Any, tmp_path: Path) -> Iterator[tuple[Any, str]]:
    """A Chromium of its own whose fake camera shows a test product's barcode; yields (browser, code)."""
    code = ean13("299000009001")
    video = tmp_path / "barcode.y4m"
    write_y4m(video, code)
    args = [
        *CHROMIUM_ARGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    own = browser.browser_type.launch(executable_path=CHROMIUM, args=args)
    try:
        yield own, code
    finally:
        own.close()


def _forgive_offline(session: Browsing) -> None:
    """The requests cut by the test's own offline switch are not page problems; anything else still is."""
    cut = ("ERR_INTERNET_DISCONNECTED", "ERR_FAILED", "ERR_NETWORK_CHANGED", "Failed to fetch")
    session.problems.found = [p for p in session.problems.found if not any(mark in p for mark in cut)]


def _zxing_requests(requests: list[str]) -> list[str]:
    return [u for u in requests if ZXING in u]


def _zxing_kept(page: Any, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    script = """async () => { const keys = await Promise.all((await caches.keys()).map(async (n) =>
      (await (await caches.open(n)).keys()).map((r) => r.url))); return keys.flat().some((u) => u.includes(%r)); }"""
    while not page.evaluate(script % ZXING):
        assert time.monotonic() < deadline, "the service worker did not keep the zxing fallback"
        page.wait_for_timeout(250)


def _scan_with_camera(page: Any, name: str) -> None:
    camera = page.get_by_test_id("pos-camera")
    expect(camera).to_be_visible()
    camera.click()
    expect(page.get_by_test_id("pos-line-0")).to_contain_text(name, timeout=30_000)
    # The first code read closes the camera and gives the focus back to the scan box.
    expect(page.get_by_test_id("pos-video")).to_be_hidden()
    expect(page.get_by_test_id("pos-scan")).to_be_focused()


def test_the_camera_reads_a_barcode_with_the_zxing_fallback_online_and_offline(
    camera_browser: tuple[Any, str], server_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    own, code = camera_browser
    till = prepare_till(tmp_path_factory)
    tea = till["products"][0]
    shell(
        tmp_path_factory,
        "from simpul.mart.models import Barcode, Product\n"
        f"product = Product.objects.get(pk={tea['id']})\n"
        f"row, _ = Barcode.objects.get_or_create(cooperative=product.cooperative, code={code!r}, "
        "defaults={'product': product})\n"
        "assert row.product_id == product.pk\nprint(row.pk)",
    )
    session = open_session(own, server_url, viewport={"width": 360, "height": 740}, permissions=["camera"])
    requests: list[str] = []
    session.page.on("request", lambda request: requests.append(request.url))
    session.context.add_init_script(NO_DETECTOR)
    try:
        page = session.page
        log_in(session, KASIR)
        open_till(session, till["outlet"])
        assert page.evaluate("() => !('BarcodeDetector' in window) && !window.ZXing")
        page.wait_for_function("() => document.querySelector('[data-pos]').dataset.worker === '1'")
        wait_until_controlled(page)
        # The first load leaves zxing out: it comes with the first tap on the camera button.
        assert not _zxing_requests(requests), _zxing_requests(requests)
        _scan_with_camera(page, tea["name"])
        assert _zxing_requests(requests), "the zxing fallback was not loaded"
        assert page.evaluate("() => Boolean(window.ZXing)")
        expect(page.get_by_test_id("pos-message")).to_be_hidden()

        # Once used, the fallback stays with the till's worker: with the network cut, a reload still reads codes.
        _zxing_kept(page)
        session.context.set_offline(True)
        page.reload()
        page.wait_for_function("() => document.querySelector('[data-pos]').dataset.ready === '1'")
        expect(page.get_by_test_id("pos-network")).to_have_text("Luring: penjualan disimpan di perangkat ini")
        _scan_with_camera(page, tea["name"])
        session.context.set_offline(False)
    finally:
        session.context.close()
    _forgive_offline(session)
    session.problems.assert_clean()
