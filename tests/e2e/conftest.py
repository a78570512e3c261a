"""Browser tests: a real Simpul served by gunicorn on a fresh database, driven by Playwright in Debian's Chromium.

The server is built once per test session: a new database (a temporary SQLite file, or `<name>_e2e` on the
PostgreSQL server DATABASE_URL names), `migrate`, `load_regions`, `seed_demo` and `collectstatic` run in
subprocesses, then gunicorn serves it with DEBUG off so whitenoise serves the static files as `make run` does.
Each test gets a fresh browser context; any console error, uncaught exception or failed request fails it.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dj_database_url
import pytest
from playwright.sync_api import expect

BASE_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "simpul-demo"  # what seed_demo gives every demo login
PHONE = {"width": 360, "height": 740}
SERVER_START_TIMEOUT = 60

# An assertion retries up to 15 s (Playwright's default is 5): on a busy shared CI machine a page can take longer
# to answer; a page that never shows what is expected still fails.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    """After a browser test's own steps pass, what its pages logged decides: any problem fails the test."""
    result = yield
    for value in getattr(item, "funcargs", {}).values():
        if isinstance(value, Browsing):
            value.problems.assert_clean()
    return result


# --- the server --------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _postgres_admin(url: str) -> Any:
    import psycopg

    config = dj_database_url.parse(url)
    return psycopg.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        autocommit=True,
    )


def _drop_database(url: str, name: str) -> None:
    with _postgres_admin(url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class E2EDatabase:
    env: dict[str, str]
    postgres_url: str = ""
    postgres_name: str = ""


def _database(var_dir: Path) -> E2EDatabase:
    """A SQLite file in the temporary folder, or a fresh `<name>_e2e` on the PostgreSQL server."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return E2EDatabase(env={})
    config = dj_database_url.parse(url)
    # One database per xdist worker (gw0, gw1…), so parallel sessions never drop each other's.
    name = f"{config['NAME']}_e2e{os.environ.get('PYTEST_XDIST_WORKER', '')}"
    _drop_database(url, name)
    with _postgres_admin(url) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    e2e_url = url.rsplit("/", 1)[0] + "/" + name
    return E2EDatabase(env={"DATABASE_URL": e2e_url}, postgres_url=url, postgres_name=name)


def _manage(env: dict[str, str], *args: str, timeout: int = 900) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}", pytrace=False)


def _wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn stopped:\n{log.read_text()}", pytrace=False)
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    pytest.fail(f"gunicorn did not answer at {url} within {SERVER_START_TIMEOUT} s:\n{log.read_text()}", pytrace=False)


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL (no trailing slash) of a Simpul with the demo data, served by gunicorn."""
    var_dir = tmp_path_factory.mktemp("e2e-var")
    database = _database(var_dir)
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "SIMPUL_PRODUCTION"}}
    env.update(
        {
            "SIMPUL_VAR_DIR": str(var_dir),
            "SIMPUL_E2E_STATIC_ROOT": str(var_dir / "static"),
            "DJANGO_SETTINGS_MODULE": "tests.e2e.settings",
            "PYTHONPATH": str(BASE_DIR),
            **database.env,
        }
    )
    process = None
    try:
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "load_regions", "--if-empty")
        _manage(env, "seed_demo")
        _manage(env, "collectstatic", "--noinput", "-v0")
        port = _free_port()
        env["SITE_URL"] = f"http://127.0.0.1:{port}"  # links in invitations and e-mails point here
        log = var_dir / "gunicorn.log"
        gunicorn = Path(sys.executable).parent / "gunicorn"
        with log.open("wb") as log_file:
            process = subprocess.Popen(
                [str(gunicorn), "simpul.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4"],
                cwd=BASE_DIR,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}"
        _wait_until_serving(url + "/", process, log)
        yield url
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if database.postgres_name:
            _drop_database(database.postgres_url, database.postgres_name)


# --- the browser -------------------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    # Package scope: Playwright's event loop is gone before the database tests that follow in the same run.
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Resources a page loads for itself: any 4xx on these is a broken page, not an expected refusal.
_SUBRESOURCES = {"script", "stylesheet", "image", "font", "manifest", "media"}


@dataclass
class PageProblems:
    """Console errors, uncaught exceptions and failed requests seen by one page. Empty means healthy."""

    base_url: str
    found: list[str] = field(default_factory=list)
    # Statuses a test expects from a document or HTMX request (a refused form answers 400).
    expected_statuses: set[int] = field(default_factory=set)
    _refused_urls: set[str] = field(default_factory=set)

    def expect_status(self, *statuses: int) -> None:
        self.expected_statuses.update(statuses)

    def on_console(self, message: Any) -> None:
        if message.type != "error":
            return
        text = message.text
        url = (message.location or {}).get("url", "")
        # Chromium logs every 4xx response as "Failed to load resource"; the response handler judges those.
        if text.startswith("Failed to load resource") and url in self._refused_urls:
            return
        self.found.append(f"console error: {text} ({url})")

    def on_page_error(self, error: Any) -> None:
        self.found.append(f"uncaught exception: {error}")

    def on_request_failed(self, request: Any) -> None:
        failure = request.failure or ""
        # A navigation cancels what the previous page still loaded (and downloads end as "aborted").
        if "ERR_ABORTED" in failure:
            return
        self.found.append(f"request failed: {request.method} {request.url}: {failure}")

    def on_response(self, response: Any) -> None:
        status = response.status
        if status < 400:
            return
        kind = response.request.resource_type
        if status < 500 and kind not in _SUBRESOURCES and status in self.expected_statuses:
            self._refused_urls.add(response.url)
            return
        self.found.append(f"HTTP {status} for {kind} {response.request.method} {response.url}")

    def assert_clean(self) -> None:
        assert not self.found, "the browser saw problems:\n" + "\n".join(self.found)


@dataclass
class Browsing:
    """One test's browser context and page, with its problem collector."""

    page: Any
    context: Any
    problems: PageProblems
    base_url: str

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str) -> Any:
        return self.page.goto(self.url(path))


def open_session(browser: Any, base_url: str, **context_options: Any) -> Browsing:
    options = {"locale": "id-ID", "timezone_id": "Asia/Jakarta", "viewport": {"width": 1280, "height": 900}}
    options.update(context_options)
    context = browser.new_context(base_url=base_url, **options)
    # Generous: a login hashes its password and a shared CI machine may be busy; a broken page still fails.
    context.set_default_timeout(20_000)
    context.set_default_navigation_timeout(30_000)
    page = context.new_page()
    problems = PageProblems(base_url)
    page.on("console", problems.on_console)
    page.on("pageerror", problems.on_page_error)
    page.on("requestfailed", problems.on_request_failed)
    page.on("response", problems.on_response)
    return Browsing(page=page, context=context, problems=problems, base_url=base_url)


@pytest.fixture
def browsing(browser: Any, server_url: str) -> Iterator[Browsing]:
    """A desktop-sized page in a fresh context, Indonesian like a browser in Indonesia."""
    session = open_session(browser, server_url)
    yield session
    session.context.close()  # pytest_runtest_call has judged its problems


@pytest.fixture
def phone(browser: Any, server_url: str) -> Iterator[Browsing]:
    """A 360×740 phone: touch, mobile user agent behaviour, Indonesian."""
    session = open_session(browser, server_url, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield session
    session.context.close()


def log_in(session: Browsing, login: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the login form, as a person would."""
    page = session.page
    session.goto("/masuk/")
    form = page.get_by_test_id("login-form")
    form.locator("input[name=username]").fill(login)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.get_by_test_id("login-submit").click()
    assert "/masuk/" not in page.url, f"login as {login} failed: still on {page.url}"


def no_horizontal_scroll(page: Any, width: int = PHONE["width"]) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways at {width} px: scrollWidth is {scroll_width}"
