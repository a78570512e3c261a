"""Security headers, a clean `check --deploy` under production settings, the web app manifest, friendly errors."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture
def landing(client, db):  # type: ignore[no-untyped-def]
    response = client.get("/")
    assert response.status_code == 200
    return response


def test_content_security_policy_has_a_nonce_and_forbids_framing(landing):
    policy = landing["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in (p.strip() for p in policy.split(";")) if d}
    assert "'self'" in directives["default-src"]
    nonces = [v for v in directives["script-src"] if v.startswith("'nonce-")]
    assert len(nonces) == 1, policy
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    # Every inline script of the page carries the same nonce; external ones come from our own origin.
    nonce = nonces[0].removeprefix("'nonce-").removesuffix("'")
    html = landing.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        if "src=" in tag:
            assert re.search(r'src="/', tag), f"a script from another origin: {tag}"
        elif 'type="application/json"' not in tag:
            assert f'nonce="{nonce}"' in tag, f"an inline script without the page's nonce: {tag}"
    assert not re.search(r"\son[a-z]+=", html), "inline event handlers (onclick=…) are blocked by the CSP"


def test_the_nonce_changes_on_every_response(client, db):
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]
    assert first != second


def test_other_security_headers(landing):
    assert landing["X-Frame-Options"] == "DENY"
    assert landing["X-Content-Type-Options"] == "nosniff"
    assert landing["Referrer-Policy"] == "same-origin"
    assert landing["Cross-Origin-Opener-Policy"] == "same-origin"


def test_session_cookie_is_http_only():
    assert settings.SESSION_COOKIE_HTTPONLY is True


def _production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    env.update(
        {
            "SIMPUL_PRODUCTION": "1",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "simpul.example.id",
            "SIMPUL_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "simpul.settings",
        }
    )
    return env


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = _production_env(tmp_path)
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_manifest_is_valid_json_with_name_and_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert manifest["name"] == "Simpul"
    assert manifest["short_name"]
    assert manifest["start_url"] == "/"
    assert manifest["display"] in {"standalone", "minimal-ui", "fullscreen"}
    assert manifest["icons"], "the manifest lists no icons"
    for icon in manifest["icons"]:
        assert icon["src"].startswith(settings.STATIC_URL)
        assert icon["sizes"] and icon["type"].startswith("image/")
        relative = icon["src"].removeprefix(settings.STATIC_URL)
        assert (BASE_DIR / "simpul" / "static" / relative).is_file(), f"icon file missing: {icon['src']}"


@pytest.mark.django_db
def test_the_pages_link_the_manifest(client):
    html = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html


@pytest.mark.django_db
def test_friendly_404_in_indonesian(client):
    response = client.get("/halaman-yang-tidak-ada/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="id"' in html
    assert "Halaman tidak ditemukan" in html
    assert 'data-testid="error-404"' in html
    assert 'href="/"' in html  # a way back home
    assert "Traceback" not in html and "Page not found" not in html


@pytest.mark.django_db
def test_friendly_404_inside_a_cooperative_url(client, world):
    client.force_login(world.people["manager"])
    response = client.get("/k/koperasi-yang-tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


@pytest.mark.django_db
def test_friendly_403_in_indonesian(client, world):
    client.force_login(world.people["supervisor"])
    response = client.post(f"/k/{world.cooperative.slug}/profil/", {})
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="id"' in html
    assert 'data-testid="error-403"' in html
    assert "Forbidden" not in html


@pytest.mark.django_db
def test_api_errors_are_json_with_code_and_message(client):
    response = client.get("/api/v1/tidak-ada")
    assert response.status_code == 404
    body = response.json()
    assert set(body) >= {"code", "message", "detail"}
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
