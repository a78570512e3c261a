"""The needs pages of every side, as people use them: the cooperative posts and follows its need, the Dinas
acknowledges and assigns, a supplier and a fellow cooperative pledge, the coordinator reads, the public sees counts."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from simpul.needs.models import Need, NeedStatus, Pledge, PledgeStatus
from simpul.needs.tests.factories import accept, acknowledge, need_data, needs_world, pledge, post_need, ship

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def _client(user: Any, language: str = "id") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def world():
    return needs_world()


def test_a_manager_posts_a_need_with_a_photo_and_sends_it(world):
    client = _client(world.manager)
    slug = world.cooperative.slug
    form = client.get(
        reverse("needs:cooperative_need_new", args=[slug]) + "?kategori=stock&barang=Minyak+goreng&jumlah=48"
    )
    assert form.status_code == 200 and "Minyak goreng" in form.text
    data = need_data(world.cooperative, item="Minyak goreng 1 L", quantity="48", unit="botol")
    response = client.post(
        reverse("needs:cooperative_need_new", args=[slug]),
        data | {"submit": "1", "photo": SimpleUploadedFile("a.png", PNG)},
    )
    need = Need.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "needs:cooperative_need", args=[slug, need.pk]
    )
    assert need.status == NeedStatus.SUBMITTED and need.quantity == Decimal(48)
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Minyak goreng 1 L" in page.text and "diajukan" in page.text
    photo = client.get(reverse("needs:need_photo", args=[need.pk]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"


def test_a_refused_need_comes_back_with_the_message_and_nothing_saved(world):
    client = _client(world.manager)
    data = need_data(world.cooperative, quantity="-3")
    response = client.post(reverse("needs:cooperative_need_new", args=[world.cooperative.slug]), data | {"submit": "1"})
    assert response.status_code == 400 and "lebih dari 0" in response.text
    assert not Need.objects.exists()


def test_supervisors_read_cashiers_and_strangers_do_not(world):
    need = post_need(world)
    url = reverse("needs:cooperative_need", args=[world.cooperative.slug, need.pk])
    assert _client(world.supervisor).get(url).status_code == 200
    assert (
        _client(world.supervisor)
        .post(
            reverse("needs:cooperative_need_status", args=[world.cooperative.slug, need.pk]),
            {"to": "cancelled", "note": "x"},
        )
        .status_code
        == 403
    )
    assert _client(world.cashier).get(url).status_code == 403
    assert _client(world.peer_manager).get(url).status_code == 404
    # The photo of another cooperative's need is as missing as one that does not exist.
    assert _client(world.stranger_manager).get(reverse("needs:need_photo", args=[need.pk])).status_code == 404


def test_the_dinas_acknowledges_assigns_and_closes(world):
    need = post_need(world)
    client = _client(world.officer)
    listing = client.get(reverse("needs:dinas_needs", args=["32.73"]))
    assert listing.status_code == 200 and need.item in listing.text
    url = reverse("needs:dinas_need", args=["32.73", need.pk])
    assert client.get(url).status_code == 200
    response = client.post(reverse("needs:dinas_need_status", args=["32.73", need.pk]), {"to": "acknowledged"})
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == NeedStatus.ACKNOWLEDGED and need.officer == world.officer
    refused = client.post(reverse("needs:dinas_need_status", args=["32.73", need.pk]), {"to": "closed"})
    assert refused.status_code == 400 and "Jelaskan alasannya" in refused.text
    need.refresh_from_db()
    assert need.status == NeedStatus.ACKNOWLEDGED


def test_an_officer_of_another_region_gets_404_everywhere(world):
    need = post_need(world)
    client = _client(world.other_officer)
    assert client.get(reverse("needs:dinas_needs", args=["32.73"])).status_code == 404
    assert client.get(reverse("needs:dinas_need", args=["33.01", need.pk])).status_code == 404
    assert (
        client.post(reverse("needs:dinas_need_status", args=["33.01", need.pk]), {"to": "acknowledged"}).status_code
        == 404
    )
    # Its own region's list does not show the Bandung need.
    assert need.item not in client.get(reverse("needs:dinas_needs", args=["33.01"])).text


def test_a_district_page_of_the_region_shows_only_its_needs(world):
    need = post_need(world)
    district = world.cooperative.district_code
    client = _client(world.officer)
    assert need.item in client.get(reverse("needs:dinas_needs", args=[district])).text
    assert client.get(reverse("needs:dinas_need", args=["32.73.02", need.pk])).status_code == 404


def test_a_supplier_pledges_through_its_page_and_the_cooperative_accepts(world):
    need = post_need(world)
    supplier = _client(world.supplier_staff)
    listing = supplier.get(reverse("needs:supplier_needs"))
    assert listing.status_code == 200 and need.item in listing.text
    # A supplier that serves only Cilacap does not see it.
    far = _client(world.far_supplier_staff)
    assert need.item not in far.get(reverse("needs:supplier_needs")).text
    assert far.get(reverse("needs:supplier_need", args=[need.pk])).status_code == 404
    deliver_by = (world.cooperative.today() + dt.timedelta(days=2)).isoformat()
    response = supplier.post(
        reverse("needs:supplier_need", args=[need.pk]),
        {"quantity": "250,5", "unit_price": "12.500", "deliver_by": deliver_by},
    )
    assert response.status_code == 302
    made = Pledge.objects.get()
    assert made.quantity == Decimal("250.5") and made.unit_price == Decimal(12500)
    refused = supplier.post(
        reverse("needs:supplier_need", args=[need.pk]),
        {"quantity": "-1", "unit_price": "100", "deliver_by": deliver_by},
    )
    assert refused.status_code == 400 and Pledge.objects.count() == 1
    manager = _client(world.manager)
    step = reverse("needs:cooperative_pledge_step", args=[world.cooperative.slug, need.pk, made.pk])
    assert manager.post(step, {"to": "accepted"}).status_code == 302
    made.refresh_from_db()
    assert made.status == PledgeStatus.ACCEPTED
    assert supplier.post(reverse("needs:supplier_pledge_step", args=[made.pk]), {"to": "shipped"}).status_code == 302
    over = manager.post(step, {"to": "received", "received_quantity": "999"})
    assert over.status_code == 400
    assert manager.post(step, {"to": "received", "received_quantity": "250,5"}).status_code == 302
    need.refresh_from_db()
    assert need.received_quantity == Decimal("250.5") and need.status == NeedStatus.COMMITTED


def test_a_network_peer_pledges_and_the_coordinator_follows(world):
    need = post_need(world)
    peer = _client(world.peer_manager)
    assert need.item in peer.get(reverse("needs:peer_needs", args=[world.peer.slug])).text
    deliver_by = (world.cooperative.today() + dt.timedelta(days=1)).isoformat()
    response = peer.post(
        reverse("needs:peer_need", args=[world.peer.slug, need.pk]),
        {"quantity": "50", "unit_price": "0", "deliver_by": deliver_by},
    )
    assert response.status_code == 302 and Pledge.objects.get().from_cooperative == world.peer
    made = Pledge.objects.get()
    # The peer's bad offer and a step its pledge cannot take are refused with a message, nothing written.
    refused = peer.post(
        reverse("needs:peer_need", args=[world.peer.slug, need.pk]),
        {"quantity": "-5", "unit_price": "0", "deliver_by": deliver_by},
    )
    assert refused.status_code == 400 and Pledge.objects.count() == 1
    step = reverse("needs:peer_pledge_step", args=[world.peer.slug, made.pk])
    early = peer.post(step, {"to": "shipped"})  # not accepted yet
    assert early.status_code == 400 and "tawaran" in early.text.lower()
    made.refresh_from_db()
    assert made.status == PledgeStatus.OFFERED
    assert peer.post(step, {"to": "withdrawn"}).status_code == 302
    made.refresh_from_db()
    assert made.status == PledgeStatus.WITHDRAWN
    stranger = _client(world.stranger_manager)
    assert stranger.get(reverse("needs:peer_need", args=[world.stranger.slug, need.pk])).status_code == 404
    coordinator = _client(world.coordinator)
    network = world.coordinator.roles.get().network
    page = coordinator.get(reverse("needs:network_needs", args=[network.slug]))
    assert page.status_code == 200 and need.item in page.text
    assert coordinator.get(reverse("needs:network_need", args=[network.slug, need.pk])).status_code == 200


def test_the_public_summary_counts_without_names(world, client):
    need = post_need(world, description="Hubungi Ibu Sari 0812-3456-7890")
    acknowledge(world, need)
    offered = pledge(world, need)
    accept(world, offered)
    ship(world, offered)
    post_need(world, submit=False, item="Rahasia draf")
    page = client.get(reverse("needs:public_summary"))
    assert page.status_code == 200
    for private in ("Ibu Sari", "0812", need.item, world.cooperative.name, "Rahasia draf", world.officer.full_name):
        assert private not in page.text
    region = client.get(reverse("needs:public_region_summary", args=["32.73"]))
    assert region.status_code == 200 and "Sukasari" in region.text
    assert client.get(reverse("needs:public_region_summary", args=["99.99"])).status_code == 404


def test_list_pages_read_the_same_queries_for_more_needs(world, django_assert_max_num_queries):
    for _ in range(3):
        post_need(world)
    pages = [
        (_client(world.manager), reverse("needs:cooperative_needs", args=[world.cooperative.slug])),
        (_client(world.officer), reverse("needs:dinas_needs", args=["32.73"])),
        (_client(world.supplier_staff), reverse("needs:supplier_needs")),
        (_client(world.peer_manager), reverse("needs:peer_needs", args=[world.peer.slug])),
    ]
    counts = []
    for client, url in pages:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        counts.append(len(few))
    for _ in range(10):
        post_need(world)
    for (client, url), before in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(before):
            assert client.get(url).status_code == 200
