"""Every page a demo role can reach stays light and fits a phone: under 150 KB transferred on a first load
(compressed, cache off, the map's optional tiles excluded) and no sideways scrolling at 360 px.

"Every page" is found, not listed: for each demo login the test follows the links of its home page and of the pages
those lead to (two clicks deep), as a person exploring the workspace would, and measures each page it lands on. A
new page linked from a workspace is measured without anyone adding it here.
"""

import re
from collections import Counter, deque
from typing import Any
from urllib.parse import urldefrag, urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError

from simpul.coops.demo.logins import DEMO_LOGINS

from .conftest import PHONE, Browsing, log_in, open_session

BUDGET_BYTES = 150 * 1024
DEPTH = 2
PAGES_PER_ROLE = 90
SIBLINGS = 8  # of /koperasi/<slug>/ and the like, a few stand for all
# Links that are not pages: files, the logout, the platform admin (Django's own, outside the budget's scope).
NOT_A_PAGE = re.compile(
    r"/keluar/|/admin-platform/|/api/|\.(pdf|xlsx|csv|zip|png|svg|json)(\?|$)|[?&](format|unduh)=|/unduh/|/ekspor|/pdf/|/xlsx/"
)
ROLES = [login for login in DEMO_LOGINS if login.kind != "platform_admin"]


def _shape(path: str) -> str:
    """One page per URL shape: /k/x/anggota/12/ and /k/x/anggota/13/ weigh alike."""
    return re.sub(r"\d+", "N", urlparse(path).path)


def _parent(path: str) -> str:
    return urlparse(path).path.rstrip("/").rsplit("/", 1)[0]


class Transferred:
    """Bytes received over the wire (headers and compressed bodies), as Chromium's network layer counts them
    (CDP Network.loadingFinished encodedDataLength); Playwright's request.sizes() cannot give the body of a
    compressed response."""

    def __init__(self, cdp: Any) -> None:
        self.urls: dict[str, str] = {}
        self.bytes = 0
        cdp.send("Network.enable")
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.loadingFinished", self._finished)

    def _request(self, event: dict[str, Any]) -> None:
        self.urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event: dict[str, Any]) -> None:
        if "/tiles/" not in self.urls.get(event["requestId"], ""):  # the map's optional tiles do not count
            self.bytes += int(event["encodedDataLength"])

    def reset(self) -> None:
        self.bytes = 0


def _links(page: Any, base_url: str) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "a[href]:not([download]):not([target=_blank])", "els => els.map(a => a.getAttribute('href'))"
    )
    found = []
    for href in hrefs:
        url, _ = urldefrag(href)
        if url.startswith(base_url):
            url = url[len(base_url) :]
        if not url.startswith("/") or url.startswith("//") or NOT_A_PAGE.search(url):
            continue
        found.append(url)
    return found


@pytest.mark.parametrize("login", ROLES, ids=[login.key for login in ROLES])
def test_every_page_a_role_reaches_is_light_and_fits_a_phone(browser: Any, server_url: str, login: Any) -> None:
    session: Browsing = open_session(browser, server_url, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        log_in(session, login.email)
        page = session.page
        cdp = session.context.new_cdp_session(page)
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        transferred = Transferred(cdp)

        start = urlparse(page.url).path
        queue: deque[tuple[str, int]] = deque([(start, 0)])
        seen_shapes: set[str] = set()
        children: Counter[str] = Counter()
        measured: dict[str, int] = {}
        too_heavy: list[str] = []
        too_wide: list[str] = []
        while queue and len(measured) < PAGES_PER_ROLE:
            path, depth = queue.popleft()
            if _shape(path) in seen_shapes or children[_parent(path)] >= SIBLINGS:
                continue
            seen_shapes.add(_shape(path))
            children[_parent(path)] += 1
            transferred.reset()
            try:
                response = page.goto(session.url(path), wait_until="load")
            except PlaywrightError:  # a file download, not a page
                continue
            if (
                response is None
                or response.status >= 400
                or "text/html" not in response.headers.get("content-type", "")
            ):
                continue
            page.wait_for_load_state("networkidle")
            weight = transferred.bytes
            measured[path] = weight
            if weight > BUDGET_BYTES:
                too_heavy.append(f"{path}: {weight / 1024:.1f} KB")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide.append(f"{path}: scrollWidth {width}")
            if depth < DEPTH:
                queue.extend((link, depth + 1) for link in _links(page, server_url))
        # The crawl really reached the workspace, not just a login page.
        assert len(measured) >= 3, f"{login.key} reached only {list(measured)}"
        assert not too_heavy, f"{login.key}: pages over {BUDGET_BYTES // 1024} KB:\n" + "\n".join(too_heavy)
        assert not too_wide, f"{login.key}: pages wider than {PHONE['width']} px:\n" + "\n".join(too_wide)
        session.problems.assert_clean()
    finally:
        session.context.close()
