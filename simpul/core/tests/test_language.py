"""Pages are Indonesian by default, whatever the browser says; the switch's cookie makes them English."""

import pytest

pytestmark = pytest.mark.django_db


def test_pages_are_indonesian_even_for_an_english_browser(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id"' in html
    assert "Masuk" in html


def test_the_language_switch_is_remembered(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["simpul_language"].value == "en"
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert '<html lang="en"' in html
    assert "Log in" in html


def test_api_clients_choose_their_language_by_header(client):
    english = client.get("/api/v1/regions/99.99", HTTP_ACCEPT_LANGUAGE="en").json()
    indonesian = client.get("/api/v1/regions/99.99").json()
    assert english["code"] == indonesian["code"] == "region_not_found"
    assert english["message"] != indonesian["message"]
