"""Region search, one region and its children over the API, against the real 91,599-row table."""

import pytest

pytestmark = pytest.mark.django_db


def search(client, query, **params):
    response = client.get("/api/v1/regions", {"q": query, **params})
    assert response.status_code == 200, response.content
    return [(r["code"], r["name"]) for r in response.json()]


def test_kab_bogor_is_the_regency_not_the_city(client):
    assert search(client, "kab. bogor") == [("32.01", "Kabupaten Bogor")]
    assert search(client, "Kabupaten Bogor") == [("32.01", "Kabupaten Bogor")]
    assert search(client, "kota bogor")[0] == ("32.71", "Kota Bogor")


def test_kota_bandung_comes_first(client):
    assert search(client, "kota bandung")[0] == ("32.73", "Kota Bandung")
    assert search(client, "kota bandung", limit=5)[0] == ("32.73", "Kota Bandung")


def test_bandung_lists_the_regency_and_the_city_then_districts_then_villages(client):
    results = search(client, "bandung", limit=100)
    assert results[:2] == [("32.04", "Kabupaten Bandung"), ("32.73", "Kota Bandung")]
    exact_names = {"Bandung", "Kabupaten Bandung", "Kota Bandung"}
    exact = [code for code, name in results if name in exact_names]
    # The exact names come first, from higher to lower levels …
    assert [code for code, _name in results[: len(exact)]] == exact
    assert [code.count(".") for code in exact] == sorted(code.count(".") for code in exact)
    # … then names with a word "Bandung" ("Bandung Kulon", "Sumur Bandung"), then "Bandung" inside a word.
    names = [name for _code, name in results]
    assert names.index("Kabupaten Bandung Barat") > len(exact) - 1
    assert names.index("Kabandungan") > names.index("Bandung Kulon")
    assert names.index("Kabandungan") > names.index("Sumur Bandung")


def test_sukasari_gives_the_districts_then_the_villages(client):
    results = search(client, "sukasari", limit=40)
    districts = [code for code, name in results if code.count(".") == 2]
    assert "32.73.01" in districts  # Sukasari, Kota Bandung
    assert all(name == "Sukasari" for _c, name in results[: len(districts)])
    assert [code.count(".") for code, _n in results[: len(districts)]] == [2] * len(districts)
    assert results[len(districts)][0].count(".") == 3  # then the villages called Sukasari


def test_level_and_within_narrow_the_search(client):
    assert search(client, "sukasari", level=3, within="32.73") == [("32.73.01", "Sukasari")]
    villages = search(client, "sukasari", level=4, limit=100)
    assert villages and all(code.count(".") == 3 for code, _n in villages)
    assert search(client, "gegerkalong", within="32.73.01") == [("32.73.01.1002", "Gegerkalong")]
    assert search(client, "gegerkalong", within="33") == []


def test_search_answers_in_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        search(client, "bandung")


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"q": "b"}, 400, "query_too_short"),
        ({"q": "bandung", "within": "jawa barat"}, 400, "invalid_region"),
        ({"q": "bandung", "level": 0}, 422, "validation_error"),
        ({"q": "bandung", "limit": 500}, 422, "validation_error"),
        ({}, 422, "validation_error"),
    ],
)
def test_bad_searches_are_4xx(client, params, status, code):
    response = client.get("/api/v1/regions", params)
    assert response.status_code == status
    assert response.json()["code"] == code


def test_too_short_a_search_says_so_in_indonesian(client):
    assert (
        client.get("/api/v1/regions", {"q": "b"}).json()["message"] == "Ketik paling sedikit dua huruf untuk mencari."
    )


def test_one_region(client):
    body = client.get("/api/v1/regions/32.73.01.1002").json()
    assert body["name"] == "Gegerkalong"
    assert body["level"] == 4
    assert body["parent_code"] == "32.73.01"
    assert body["path"] == "Gegerkalong, Sukasari, Kota Bandung, Jawa Barat"
    assert body["timezone"] == "Asia/Jakarta"
    assert client.get("/api/v1/regions/73.71").json()["timezone"] == "Asia/Makassar"


def test_a_missing_region_is_404(client):
    response = client.get("/api/v1/regions/99.99")
    assert response.status_code == 404
    assert response.json() == {"code": "region_not_found", "message": "Wilayah 99.99 tidak ditemukan.", "detail": None}


def test_children(client, django_assert_max_num_queries):
    provinces = client.get("/api/v1/regions/id/children").json()
    assert len(provinces) == 38
    assert provinces[0]["code"] == "11"
    with django_assert_max_num_queries(2):
        districts = client.get("/api/v1/regions/32.73/children").json()
    assert len(districts) == 30
    assert {d["parent_code"] for d in districts} == {"32.73"}
    assert "Sukasari" in [d["name"] for d in districts]
    assert client.get("/api/v1/regions/32.73.01.1002/children").json() == []
    assert client.get("/api/v1/regions/99/children").status_code == 404


def test_english_on_request(client):
    response = client.get("/api/v1/regions/99", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["message"] == "Region 99 does not exist."
