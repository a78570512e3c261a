"""The API's contract for failures: every error is JSON {"code", "message", "detail"} with a 4xx status and a
message in Bahasa Indonesia (English on request); the spec and its docs page are served without internet."""

import json
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from simpul.coops.models import Cooperative
from simpul.coops.tests.factories import CooperativeFactory, RoleKind, person_with_role
from simpul.core.models import ApiToken, AuditLog
from simpul.core.tokens import api_token_create

pytestmark = pytest.mark.django_db


def error_of(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "detail"}
    return body


@pytest.fixture
def manager():
    cooperative = CooperativeFactory(name="Koperasi Sumber Rejeki")
    return person_with_role(RoleKind.MANAGER, cooperative), cooperative


# --- 401: nobody logged in


def test_unauthenticated_is_401_in_indonesian(client):
    body = error_of(client.get("/api/v1/me"), 401)
    assert body["code"] == "unauthenticated"
    assert body["message"] == "Silakan masuk terlebih dahulu atau kirim token API yang valid."


def test_english_on_request(client):
    body = error_of(client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en"), 401)
    assert body["message"] == "Log in or send a valid API token."


def test_a_write_without_login_is_401_not_a_csrf_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/auth/tokens", {"name": "x"}, content_type="application/json")
    assert error_of(response, 401)["code"] == "unauthenticated"


def test_a_wrong_or_revoked_token_is_401(client, manager):
    user, _cooperative = manager
    assert error_of(client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer smp_not-a-token"), 401)
    token, key = api_token_create(user=user, name="laptop")
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(revoked_at="2026-01-01T00:00:00Z")
    assert error_of(client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}"), 401)
    # Another scheme is not a token either.
    assert error_of(client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Basic {key}"), 401)


def test_a_deactivated_person_s_token_stops_working(client, manager):
    user, _cooperative = manager
    _token, key = api_token_create(user=user, name="laptop")
    user.is_active = False
    user.save()
    assert error_of(client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}"), 401)


# --- 403: CSRF on session writes, and roles that may not act


def test_a_session_write_without_the_csrf_token_is_403_and_saves_nothing(manager):
    user, cooperative = manager
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.patch(
        f"/api/v1/cooperatives/{cooperative.slug}", {"name": "Baru"}, content_type="application/json"
    )
    body = error_of(response, 403)
    assert body["code"] == "csrf_failed"
    assert body["message"].startswith("Token keamanan (CSRF) tidak ada atau salah.")
    cooperative.refresh_from_db()
    assert cooperative.name == "Koperasi Sumber Rejeki"


def test_a_session_write_with_the_csrf_token_passes(manager):
    user, cooperative = manager
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/api/v1/docs")  # sets the CSRF cookie, as the browser would from any page
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.patch(
        f"/api/v1/cooperatives/{cooperative.slug}",
        {"name": "Koperasi Sumber Rejeki Baru"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Koperasi Sumber Rejeki Baru"


def test_a_token_client_needs_no_csrf_token(manager):
    user, cooperative = manager
    _token, key = api_token_create(user=user, name="skrip")
    client = Client(enforce_csrf_checks=True)
    response = client.patch(
        f"/api/v1/cooperatives/{cooperative.slug}",
        {"address": "Jl. Gegerkalong Hilir No. 7"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 200, response.content
    cooperative.refresh_from_db()
    assert cooperative.address == "Jl. Gegerkalong Hilir No. 7"
    assert AuditLog.objects.get(event="cooperative.updated").actor == user


def test_a_read_only_role_is_403(client, manager):
    _user, cooperative = manager
    client.force_login(person_with_role(RoleKind.SUPERVISOR, cooperative))
    body = error_of(
        client.patch(f"/api/v1/cooperatives/{cooperative.slug}", {"name": "X"}, content_type="application/json"), 403
    )
    assert body["code"] == "forbidden"
    assert body["message"] == "Peran Anda tidak diizinkan melakukan ini."


# --- 404: missing, foreign, unknown path


def test_missing_and_foreign_are_the_same_404(client, manager):
    user, _cooperative = manager
    other = CooperativeFactory()
    client.force_login(user)
    foreign = error_of(client.patch(f"/api/v1/cooperatives/{other.slug}", {}, content_type="application/json"), 404)
    missing = error_of(client.patch("/api/v1/cooperatives/tidak-ada", {}, content_type="application/json"), 404)
    assert foreign == missing
    assert foreign["message"] == "Halaman atau data yang Anda cari tidak ada."


def test_an_unknown_api_path_is_a_json_404(client):
    for path in ("/api/v1/", "/api/v1/tidak-ada", "/api/v1/regions/32.73/cucu/lagi"):
        body = error_of(client.get(path), 404)
        assert body["code"] == "not_found"
        assert body["message"] == "Tidak ada endpoint API di alamat ini."


def test_a_wrong_method_is_a_json_405(client):
    response = client.delete("/api/v1/regions/32.73")
    body = error_of(response, 405)
    assert body["code"] == "method_not_allowed"
    assert body["detail"] == {"allowed_methods": ["GET"]}
    assert response["Allow"] == "GET"


# --- 400 and 422: bad input, nothing saved


def test_malformed_json_is_400_and_saves_nothing(client, manager):
    user, cooperative = manager
    client.force_login(user)
    for body in ('{"name": "Baru"', "bukan json", b"\xff\xfe"):
        response = client.patch(f"/api/v1/cooperatives/{cooperative.slug}", body, content_type="application/json")
        error = error_of(response, 400)
        assert error["code"] == "malformed_json"
        assert error["message"] == "Isi permintaan bukan JSON yang valid."
    cooperative.refresh_from_db()
    assert cooperative.name == "Koperasi Sumber Rejeki"
    assert not AuditLog.objects.exists()


def test_invalid_fields_are_422_with_a_message_per_field(client, manager):
    user, cooperative = manager
    client.force_login(user)
    response = client.patch(
        f"/api/v1/cooperatives/{cooperative.slug}",
        {"name": None, "founded_on": "kemarin", "fiscal_year_start_month": 13, "warna": "merah"},
        content_type="application/json",
    )
    body = error_of(response, 422)
    assert body["code"] == "validation_error"
    assert body["message"] == "Ada kolom yang belum diisi atau isinya tidak valid."
    by_field = {e["field"]: e for e in body["detail"]}
    assert by_field["name"]["message"] == "Harus berupa teks."
    assert by_field["founded_on"]["message"].startswith("Harus berupa tanggal")
    assert by_field["fiscal_year_start_month"]["message"] == "Terlalu besar."
    assert by_field["warna"]["message"] == "Kolom ini tidak dapat dikirim di sini."
    assert all(e["in"] == "body" for e in body["detail"])
    assert Cooperative.objects.get(pk=cooperative.pk).name == "Koperasi Sumber Rejeki"


def test_a_body_that_is_not_an_object_is_422(client, manager):
    user, cooperative = manager
    client.force_login(user)
    for body in ("[]", '"nama"', "42"):
        response = client.patch(f"/api/v1/cooperatives/{cooperative.slug}", body, content_type="application/json")
        assert error_of(response, 422)["detail"][0]["message"] == "Harus berupa objek JSON."


def test_an_application_error_keeps_its_code_and_field(client, manager):
    user, cooperative = manager
    client.force_login(user)
    response = client.patch(
        f"/api/v1/cooperatives/{cooperative.slug}", {"nik_koperasi": "123"}, content_type="application/json"
    )
    body = error_of(response, 400)
    assert body == {
        "code": "invalid_nik_koperasi",
        "message": "NIK Koperasi harus tepat 16 digit angka.",
        "detail": {"field": "nik_koperasi"},
    }


def test_bad_query_parameters_are_422_never_500(client):
    for url in (
        "/api/v1/cooperatives?limit=0",
        "/api/v1/cooperatives?limit=101",
        "/api/v1/cooperatives?offset=-1",
        "/api/v1/cooperatives?limit=banyak",
        "/api/v1/cooperatives?type=bank",
        "/api/v1/regions?q=bandung&level=5",
        "/api/v1/regions?q=" + "a" * 101,
    ):
        assert error_of(client.get(url), 422)["code"] == "validation_error", url


# --- the spec and the docs page


def test_openapi_spec_lists_every_area(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    paths = set(spec["paths"])
    assert {
        "/api/v1/regions",
        "/api/v1/regions/{code}",
        "/api/v1/cooperatives",
        "/api/v1/cooperatives/{slug}",
        "/api/v1/cooperatives/{slug}/outlets",
        "/api/v1/offices",
        "/api/v1/suppliers",
        "/api/v1/me",
        "/api/v1/auth/tokens",
    } <= paths
    schemes = spec["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} >= {"http", "apiKey"}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), f"{method.upper()} {path} has no summary"


def test_docs_page_loads_only_local_files_under_the_csp(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    # Nothing from the internet: every src/href is a local path.
    assert not re.search(r"(src|href)=\"(https?:)?//", html), html
    # No CDN host anywhere (the CSRF token is random, so it is left out: it can spell "cdn" by chance).
    assert "cdn" not in re.sub(r'data-csrf-token="[^"]*"', "", html).lower()
    assets = re.findall(r"(?:src|href)=\"(/static/[^\"]+)\"", html)
    assert "/static/ninja/swagger-ui-bundle.js" in assets
    assert "/static/ninja/swagger-ui.css" in assets
    # No inline script to run: the only inline <script> is the JSON settings block.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' type="application/json" id="swagger-settings"']
    settings_block = re.search(r'id="swagger-settings">(.*?)</script>', html, re.S)
    assert settings_block is not None
    swagger_settings = json.loads(settings_block.group(1))
    assert swagger_settings["url"] == "/api/v1/openapi.json"
    assert swagger_settings["validatorUrl"] is None  # no badge fetched from validator.swagger.io
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "default-src 'self'" in csp


def test_docs_page_static_files_are_served_from_this_server():
    """The Swagger UI files ship inside django-ninja; "ninja" in INSTALLED_APPS lets staticfiles find them."""
    for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"):
        assert finders.find(name), f"{name} is not found by staticfiles"


# --- input that would fail deep inside (PostgreSQL refuses NUL; BIGINT has a range) is refused up front


def test_nul_characters_are_refused_before_they_reach_the_database(client, manager):
    user, cooperative = manager
    for url in (
        "/api/v1/cooperatives?q=ban%00dung",
        "/api/v1/cooperatives/sumber%00rejeki",
        "/api/v1/regions?q=%00%00",
    ):
        body = error_of(client.get(url), 400)
        assert body["code"] == "invalid_characters", url
        assert (
            body["message"]
            == "Permintaan berisi karakter kendali (karakter tak terlihat seperti NUL), yang tidak diperbolehkan."
        )
    client.force_login(user)
    response = client.patch(
        f"/api/v1/cooperatives/{cooperative.slug}", '{"name": "Koperasi\\u0000Baru"}', content_type="application/json"
    )
    assert error_of(response, 400)["code"] == "invalid_characters"
    cooperative.refresh_from_db()
    assert cooperative.name == "Koperasi Sumber Rejeki"


def test_numbers_beyond_a_bigint_are_422(client, manager):
    user, cooperative = manager
    client.force_login(user)
    huge = 10**30
    assert error_of(client.delete(f"/api/v1/auth/tokens/{huge}"), 422)["code"] == "validation_error"
    response = client.patch(
        f"/api/v1/cooperatives/{cooperative.slug}/outlets/{huge}", {}, content_type="application/json"
    )
    assert error_of(response, 422)["code"] == "validation_error"
    assert error_of(client.get(f"/api/v1/cooperatives?offset={huge}"), 422)["code"] == "validation_error"
    assert client.get(f"/api/v1/cooperatives?offset={2**62}").json() == {"items": [], "count": 1}


def test_a_body_over_the_size_limit_is_413(client, manager, settings):
    user, cooperative = manager
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(user)
    response = client.patch(
        f"/api/v1/cooperatives/{cooperative.slug}", {"description": "x" * 2000}, content_type="application/json"
    )
    assert error_of(response, 413)["code"] == "too_large"


def test_a_value_the_database_refuses_is_a_400_not_a_500(rf):
    from django.db import DataError

    from simpul.api import api

    for error in (DataError("value too long for type character varying(20)"), OverflowError("int too large")):
        response = api.on_exception(rf.get("/api/v1/x"), error)
        assert response.status_code == 400
        assert json.loads(response.content)["code"] == "value_out_of_range"


def test_a_django_validation_error_from_a_service_is_a_400(rf):
    from django.core.exceptions import ValidationError

    from simpul.api import api

    response = api.on_exception(rf.get("/api/v1/x"), ValidationError({"phone": ["Nomor tidak valid."]}))
    assert response.status_code == 400
    assert json.loads(response.content) == {
        "code": "invalid",
        "message": "Nomor tidak valid.",
        "detail": {"phone": ["Nomor tidak valid."]},
    }
