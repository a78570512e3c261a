"""The village picker ranks around the cooperative's village and asks before a village outside its regency/city.

"Sukarasa" is a village in Kota Bandung (32.73.01.1001, in Sukasari), in Kabupaten Bogor (32.01.36.2007), in three
districts of Kabupaten Garut, in Tasikmalaya, Kuningan and Kota Tangerang: a Bandung cooperative must see its own
first, and a manager who picks Bogor's must say so.
"""

import pytest
from django.urls import reverse

from simpul.core.exceptions import ApplicationError
from simpul.regions.confirmation import OUTSIDE_REGENCY, check_outside_regency, outside_regency
from simpul.regions.models import Region
from simpul.regions.selectors import region_search

pytestmark = pytest.mark.django_db

GEGERKALONG = "32.73.01.1002"  # Sukasari, Kota Bandung: the demo cooperative's village
SUKARASA_BANDUNG = "32.73.01.1001"  # Sukasari, Kota Bandung
SUKARASA_BOGOR = "32.01.36.2007"  # Tanjungsari, Kabupaten Bogor
SUKAMAJU_BANDUNG = "32.73.14.1004"  # Cibeunying Kidul, Kota Bandung
CIANJUR_VILLAGE = "32.03.01.2003"  # Sukamaju, Cianjur, Kabupaten Cianjur (Jawa Barat)


def codes(results):
    return [r.code for r in results]


def test_without_a_cooperative_the_ranking_is_by_name_only():
    # The whole country's Sukarasa villages, by name then code: Kabupaten Bogor's (32.01) first, the bug.
    assert codes(region_search("sukarasa", level=4))[0] == SUKARASA_BOGOR


def test_a_bandung_cooperative_sees_kota_bandungs_sukarasa_first():
    results = region_search("Sukarasa", level=4, near=GEGERKALONG)
    assert results[0].code == SUKARASA_BANDUNG
    assert set(codes(results)) == set(codes(region_search("sukarasa", level=4)))  # ranked, not filtered


def test_the_district_then_the_regency_then_the_province_then_the_rest():
    # Sukamaju: none in Sukasari; one elsewhere in Kota Bandung; dozens in Jawa Barat; more in other provinces.
    results = region_search("sukamaju", level=4, near=GEGERKALONG, limit=100)
    assert results[0].code == SUKAMAJU_BANDUNG
    provinces = [r.province_code for r in results]
    west_java = provinces.count("32")
    assert provinces[:west_java] == ["32"] * west_java  # the province's before any other
    assert west_java > 20 and len(results) > west_java


def test_the_own_district_comes_before_the_rest_of_the_regency():
    # A village of the cooperative's own district (Sukasari) before one elsewhere in Kota Bandung.
    results = region_search("suka", level=4, near=GEGERKALONG, limit=50)
    districts = [r.district_code for r in results]
    own = districts.count("32.73.01")
    assert own >= 1 and districts[:own] == ["32.73.01"] * own
    assert results[own].regency_code == "32.73"


def test_near_also_ranks_districts_and_regencies():
    # A Dinas of Kota Bandung (near is a regency code) picking a district named Sukasari.
    results = region_search("sukasari", level=3, near="32.73")
    assert results[0].code == "32.73.01"


def test_choice_label_names_the_village_then_where_it_is():
    village = Region.objects.get(code=SUKARASA_BANDUNG)
    assert village.choice_label == "Sukarasa — Sukasari, Kota Bandung, Jawa Barat"
    assert Region.objects.get(code="32").choice_label == "Jawa Barat"
    assert Region.objects.get(code="32.73").choice_label == "Kota Bandung — Jawa Barat"


def test_the_picker_shows_choices_as_people_write_them_and_marks_the_outside_ones(client):
    url = reverse("regions:picker_search")
    html = client.get(url, {"q": "Sukarasa", "level": 4, "near": GEGERKALONG, "target": "village"}).content.decode()
    first = html.index("data-region-pick")
    assert html.index(f'data-code="{SUKARASA_BANDUNG}"') < html.index(f'data-code="{SUKARASA_BOGOR}"')
    assert html.index(f'data-code="{SUKARASA_BANDUNG}"') - first < 200
    assert 'data-label="Sukarasa — Sukasari, Kota Bandung, Jawa Barat"' in html
    bandung = html[html.index(f'data-code="{SUKARASA_BANDUNG}"') :].split("</li>")[0]
    bogor = html[html.index(f'data-code="{SUKARASA_BOGOR}"') :].split("</li>")[0]
    assert "data-outside" not in bandung
    assert "data-outside" in bogor
    assert "Sukarasa — Tanjungsari, Kabupaten Bogor, Jawa Barat" in bogor


def test_the_picker_ignores_a_near_that_is_not_a_code(client):
    url = reverse("regions:picker_search")
    response = client.get(url, {"q": "Sukarasa", "level": 4, "near": "bandung"})
    assert response.status_code == 200
    assert "data-outside" not in response.content.decode()


def test_the_api_ranks_near_a_village_and_refuses_a_bad_one(client):
    found = client.get("/api/v1/regions", {"q": "Sukarasa", "level": 4, "near": GEGERKALONG}).json()
    assert found[0]["code"] == SUKARASA_BANDUNG
    assert found[0]["choice_label"] == "Sukarasa — Sukasari, Kota Bandung, Jawa Barat"
    refused = client.get("/api/v1/regions", {"q": "Sukarasa", "near": "kota bandung"})
    assert refused.status_code == 400
    assert refused.json()["code"] == "invalid_region"


def test_the_search_near_a_village_is_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        region_search("sukarasa", level=4, near=GEGERKALONG)


def test_outside_regency():
    assert not outside_regency(SUKARASA_BANDUNG, GEGERKALONG)
    assert not outside_regency(SUKAMAJU_BANDUNG, GEGERKALONG)  # another district, same city
    assert outside_regency(SUKARASA_BOGOR, GEGERKALONG)
    assert outside_regency(CIANJUR_VILLAGE, GEGERKALONG)  # same province, another regency
    assert not outside_regency(SUKARASA_BOGOR, None)  # no home: nothing to compare
    assert not outside_regency("", GEGERKALONG)


def test_a_village_outside_the_regency_is_refused_unless_confirmed(django_assert_num_queries):
    with django_assert_num_queries(0):
        check_outside_regency(SUKARASA_BANDUNG, home_code=GEGERKALONG, confirmed=False)
        check_outside_regency(SUKARASA_BOGOR, home_code=GEGERKALONG, confirmed=True)
    with pytest.raises(ApplicationError) as refused:
        check_outside_regency(SUKARASA_BOGOR, home_code=GEGERKALONG, confirmed=False)
    assert refused.value.code == OUTSIDE_REGENCY
    assert refused.value.extra == {"field": "village"}
    assert refused.value.message == (
        "Sukarasa ada di Kabupaten Bogor, di luar Kota Bandung tempat koperasi. Jika memang benar, centang "
        "konfirmasi desa di luar kabupaten/kota."
    )


def test_a_code_that_is_no_village_is_left_to_the_service():
    check_outside_regency("32.01.36.9999", home_code=GEGERKALONG, confirmed=False)
