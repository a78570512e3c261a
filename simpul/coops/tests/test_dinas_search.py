"""A Dinas officer finds a cooperative of the region by typing part of its name (any case), with the other filters
and the region's bounds still applied."""

import pytest
from django.urls import reverse

from simpul.coops.models import CooperativeStatus, CooperativeType, OfficeKind, RoleKind
from simpul.coops.selectors.dinas import region_cooperatives
from simpul.coops.tests.factories import CooperativeFactory, OfficeFactory, person_with_role

pytestmark = pytest.mark.django_db

CILACAP_VILLAGE = "33.01.01.2001"


@pytest.fixture
def officer_client(client):
    office = OfficeFactory.create(kind=OfficeKind.REGENCY, region_id="32.73")
    client.force_login(person_with_role(RoleKind.DINAS, office))
    return client


def _names(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [cooperative.name for cooperative in page.object_list]


def test_the_selector_matches_part_of_the_name_in_any_case():
    CooperativeFactory.create(name="KUD Sumber Rejeki", type=CooperativeType.KUD)
    CooperativeFactory.create(name="Koperasi Rejeki Makmur", type=CooperativeType.KSP)
    CooperativeFactory.create(name="KSU Sukamaju")
    CooperativeFactory.create(name="KUD Rejeki Cilacap", village_code=CILACAP_VILLAGE)
    assert _names(region_cooperatives(region_code="32.73", name="  REJEKI ")) == [
        "Koperasi Rejeki Makmur",
        "KUD Sumber Rejeki",
    ]
    assert _names(region_cooperatives(region_code="32.73", name="rejeki", type="kud")) == ["KUD Sumber Rejeki"]
    assert _names(region_cooperatives(region_code="32.73", name="tidak ada")) == []


def test_the_officer_searches_the_list_by_name(officer_client):
    CooperativeFactory.create(name="KUD Sumber Rejeki")
    CooperativeFactory.create(name="KSU Sukamaju", status=CooperativeStatus.DORMANT)
    url = reverse("coops:dinas_home", args=["32.73"])

    page = officer_client.get(url).content.decode()
    assert 'data-testid="dinas-search"' in page and "Nama koperasi" in page

    response = officer_client.get(url, {"cari": "sukamaju"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "KSU Sukamaju" in html and "KUD Sumber Rejeki" not in html
    assert response["HX-Push-Url"] == "/dinas/32.73/?cari=sukamaju"

    nothing = officer_client.get(url, {"cari": "tidak ada"}).content.decode()
    assert "Tidak ada koperasi di wilayah ini yang cocok" in nothing
