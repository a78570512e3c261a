"""A need from draft to fulfilled, through the Dinas, pledges, shipment and receipt; and every refusal on the way."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import AuditLog
from simpul.needs import lifecycle
from simpul.needs.models import Need, NeedEvent, NeedStatus, Pledge, PledgeStatus
from simpul.needs.services.needs import need_assign, need_create, need_transition, need_update
from simpul.needs.services.pledges import pledge_offer, pledge_transition
from simpul.needs.tests.factories import accept, acknowledge, need_data, needs_world, pledge, post_need, receive, ship

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


@pytest.fixture
def world():
    return needs_world()


def test_the_whole_way_from_draft_to_fulfilled(world):
    need = post_need(world, submit=False)
    assert need.status == NeedStatus.DRAFT and need.number == 1 and need.label == "KBT-1"
    assert (need.province_code, need.regency_code, need.village_code) == ("32", "32.73", world.cooperative.village_id)
    need = need_transition(
        need_id=need.pk, actor=world.manager, side=lifecycle.COOPERATIVE, to="submitted", cooperative=world.cooperative
    )
    assert need.submitted_at is not None and need.first_response_at is None
    need = acknowledge(world, need)
    assert need.status == NeedStatus.ACKNOWLEDGED and need.officer == world.officer and need.office == world.office
    assert need.first_response_at is not None
    first = pledge(world, need, "300")
    second = pledge(world, need, "200", "12000", from_cooperative=world.peer)
    accept(world, first)
    need.refresh_from_db()
    assert need.status == NeedStatus.COMMITTED and need.committed_quantity == Decimal(300) and not need.fully_committed
    accept(world, second)
    need.refresh_from_db()
    assert need.committed_quantity == Decimal(500) and need.fully_committed
    ship(world, first)
    need.refresh_from_db()
    assert need.status == NeedStatus.IN_TRANSIT
    receive(world, first, "300")
    need.refresh_from_db()
    # The peer's 200 kg are promised but not sent: back to committed.
    assert need.status == NeedStatus.COMMITTED and need.received_quantity == Decimal(300)
    pledge_transition(pledge_id=second.pk, actor=world.peer_manager, to="shipped", giver_cooperative=world.peer)
    receive(world, second, "200")
    need.refresh_from_db()
    assert need.status == NeedStatus.FULFILLED and need.fulfilled_at is not None and need.ended_at is not None
    statuses = list(NeedEvent.objects.filter(need=need, kind="status").values_list("to_status", flat=True))
    assert statuses == [
        "draft",
        "submitted",
        "acknowledged",
        "committed",
        "in_transit",
        "committed",
        "in_transit",
        "fulfilled",
    ]
    events = set(
        AuditLog.objects.filter(target_type__in=["needs.need", "needs.pledge"]).values_list("event", flat=True)
    )
    assert {"need.created", "need.status_changed", "pledge.offered", "pledge.status_changed"} <= events
    assert AuditLog.objects.filter(event="need.status_changed", region_code=world.cooperative.village_id).exists()


def test_numbers_count_per_cooperative(world):
    assert [post_need(world).number for _ in range(3)] == [1, 2, 3]
    other = need_create(cooperative=world.peer, actor=world.peer_manager, data=need_data(world.peer))
    assert other.number == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"category": "gold"}, "category"),
        ({"item": "  "}, "item"),
        ({"item": "x" * 201}, "item"),
        ({"quantity": "-5"}, "quantity"),
        ({"quantity": "0"}, "quantity"),
        ({"quantity": "abc"}, "quantity"),
        ({"quantity": "1.0001"}, "quantity"),
        ({"quantity": ""}, "quantity"),  # stock needs say how much
        ({"unit": ""}, "unit"),
        ({"needed_by": "2020-01-01"}, "needed_by"),
        ({"needed_by": "31-12-2030"}, "needed_by"),
        ({"priority": "now"}, "priority"),
        ({"description": "x" * 4001}, "description"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(world, overrides, field):
    with pytest.raises(ApplicationError) as refused:
        post_need(world, **overrides)
    assert refused.value.extra.get("field") == field
    assert refused.value.message
    assert not Need.objects.exists() and not AuditLog.objects.filter(event__startswith="need.").exists()


def test_a_need_that_is_not_stock_may_name_no_quantity(world):
    need = post_need(world, category="training", item="Pelatihan pembukuan", quantity="", unit="")
    assert need.quantity is None and need.status == NeedStatus.SUBMITTED


def test_a_photo_must_be_an_image(world):
    with pytest.raises(ApplicationError) as refused:
        need_create(
            cooperative=world.cooperative,
            actor=world.manager,
            data=need_data(world.cooperative),
            photo=SimpleUploadedFile("x.png", b"%PDF-1.4 not an image"),
        )
    assert refused.value.code == "invalid_file" and not Need.objects.exists()
    need = need_create(
        cooperative=world.cooperative,
        actor=world.manager,
        data=need_data(world.cooperative),
        photo=SimpleUploadedFile("rak.png", PNG),
    )
    name = str(need.photo.name)
    assert need.photo_kind == "png" and name.endswith(".png") and "rak" not in name


def test_only_drafts_change(world):
    need = post_need(world, submit=False)
    need = need_update(
        cooperative=world.cooperative,
        actor=world.manager,
        need_id=need.pk,
        data=need_data(world.cooperative, item="Gula"),
    )
    assert need.item == "Gula"
    need_transition(
        need_id=need.pk, actor=world.manager, side=lifecycle.COOPERATIVE, to="submitted", cooperative=world.cooperative
    )
    with pytest.raises(ApplicationError) as refused:
        need_update(
            cooperative=world.cooperative, actor=world.manager, need_id=need.pk, data=need_data(world.cooperative)
        )
    assert refused.value.code == "not_editable"
    with pytest.raises(NotFoundError):
        need_update(cooperative=world.peer, actor=world.peer_manager, need_id=need.pk, data=need_data(world.peer))


@pytest.mark.parametrize(
    ("side", "start", "to"),
    [
        (lifecycle.COOPERATIVE, "submitted", "acknowledged"),  # only the Dinas acknowledges
        (lifecycle.DINAS, "draft", "acknowledged"),  # a draft is not the Dinas's yet
        (lifecycle.DINAS, "submitted", "cancelled"),  # only the cooperative cancels
        (lifecycle.COOPERATIVE, "submitted", "in_transit"),  # goods move it there, not a click
        (lifecycle.COOPERATIVE, "submitted", "draft"),
        (lifecycle.COOPERATIVE, "submitted", "nonsense"),
    ],
)
def test_the_lifecycle_refuses_what_it_forbids(world, side, start, to):
    need = post_need(world, submit=start != "draft")
    before = NeedEvent.objects.count()
    with pytest.raises(ApplicationError) as refused:
        need_transition(
            need_id=need.pk,
            actor=world.officer if side == lifecycle.DINAS else world.manager,
            side=side,
            to=to,
            office=world.office if side == lifecycle.DINAS else None,
            cooperative=world.cooperative if side == lifecycle.COOPERATIVE else None,
        )
    assert refused.value.code in ("invalid_transition", "invalid_choice")
    need.refresh_from_db()
    assert need.status == start and NeedEvent.objects.count() == before


def test_closing_and_cancelling_need_a_reason_and_end_the_need(world):
    need = post_need(world)
    with pytest.raises(ApplicationError) as refused:
        need_transition(need_id=need.pk, actor=world.officer, side=lifecycle.DINAS, to="closed", office=world.office)
    assert refused.value.extra["field"] == "note"
    need = need_transition(
        need_id=need.pk,
        actor=world.officer,
        side=lifecycle.DINAS,
        to="closed",
        office=world.office,
        note="Sudah dibantu",
    )
    assert need.status == NeedStatus.CLOSED and need.ended_at is not None
    with pytest.raises(ApplicationError):
        need_transition(
            need_id=need.pk,
            actor=world.manager,
            side=lifecycle.COOPERATIVE,
            to="cancelled",
            cooperative=world.cooperative,
            note="x",
        )


def test_an_officer_outside_the_region_gets_404_and_writes_nothing(world):
    need = post_need(world)
    with pytest.raises(NotFoundError):
        need_transition(
            need_id=need.pk,
            actor=world.other_officer,
            side=lifecycle.DINAS,
            to="acknowledged",
            office=world.other_office,
        )
    with pytest.raises(NotFoundError):
        need_assign(
            need_id=need.pk, office=world.other_office, actor=world.other_officer, officer_id=world.other_officer.pk
        )
    need.refresh_from_db()
    assert need.status == NeedStatus.SUBMITTED and need.officer is None


def test_assigning_an_officer_of_an_office_without_the_region_is_refused(world):
    need = post_need(world)
    with pytest.raises(ApplicationError) as refused:
        need_assign(need_id=need.pk, office=world.office, actor=world.officer, officer_id=world.other_officer.pk)
    assert refused.value.code == "unknown_officer"
    need = need_assign(need_id=need.pk, office=world.office, actor=world.officer, officer_id=world.officer.pk)
    assert need.officer == world.officer


def test_a_pledge_counts_as_the_first_answer(world):
    need = post_need(world)
    pledge(world, need)
    need.refresh_from_db()
    assert need.first_response_at is not None and need.status == NeedStatus.SUBMITTED


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"quantity": "-1"}, "invalid_quantity"),
        ({"quantity": "0"}, "invalid_quantity"),
        ({"quantity": "501"}, "over_needed"),
        ({"unit_price": "-100"}, "invalid_price"),
        ({"unit_price": "12.345"}, "invalid_price"),
        ({"deliver_by": "2001-01-01"}, "invalid_date"),
    ],
)
def test_bad_pledges_are_refused(world, data, code):
    need = post_need(world)
    body = {"quantity": "100", "unit_price": "12000", "deliver_by": (world.cooperative.today()).isoformat()} | data
    with pytest.raises(ApplicationError) as refused:
        pledge_offer(need_id=need.pk, actor=world.supplier_staff, data=body, supplier=world.supplier)
    assert refused.value.code == code
    assert not Pledge.objects.exists()


def test_pledges_only_for_open_goods_needs_and_never_to_oneself(world):
    training = post_need(world, category="training", quantity="", unit="")
    with pytest.raises(ApplicationError) as refused:
        pledge(world, training)
    assert refused.value.code == "not_goods"
    draft = post_need(world, submit=False)
    with pytest.raises(ApplicationError):
        pledge(world, draft)
    need = post_need(world)
    with pytest.raises(ApplicationError) as refused:
        pledge_offer(
            need_id=need.pk,
            actor=world.manager,
            data={"quantity": "1", "unit_price": "1", "deliver_by": world.cooperative.today().isoformat()},
            from_cooperative=world.cooperative,
        )
    assert refused.value.code == "own_need"
    with pytest.raises(NotFoundError):  # not in a network with the asker
        pledge_offer(
            need_id=need.pk,
            actor=world.stranger_manager,
            data={"quantity": "1", "unit_price": "1", "deliver_by": world.cooperative.today().isoformat()},
            from_cooperative=world.stranger,
        )


def test_accepting_more_than_needed_is_refused(world):
    need = post_need(world)
    first, second = pledge(world, need, "400"), pledge(world, need, "400", from_cooperative=world.peer)
    accept(world, first)
    with pytest.raises(ApplicationError) as refused:
        accept(world, second)
    assert refused.value.code == "over_needed"
    second.refresh_from_db()
    assert second.status == PledgeStatus.OFFERED


def test_pledge_steps_belong_to_their_side(world):
    need = post_need(world)
    offered = pledge(world, need)
    with pytest.raises(NotFoundError):  # another supplier's pledge
        pledge_transition(
            pledge_id=offered.pk, actor=world.far_supplier_staff, to="withdrawn", supplier=world.far_supplier
        )
    with pytest.raises(ApplicationError):  # the giver does not accept its own pledge
        pledge_transition(pledge_id=offered.pk, actor=world.supplier_staff, to="accepted", supplier=world.supplier)
    with pytest.raises(ApplicationError):  # nothing is received before it is sent
        receive(world, offered, "10")
    accept(world, offered)
    ship(world, offered)
    with pytest.raises(ApplicationError) as refused:
        receive(world, offered, "301")
    assert refused.value.code == "over_shipped"
    receive(world, offered, "250")
    offered.refresh_from_db()
    assert offered.status == PledgeStatus.RECEIVED and offered.received_quantity == Decimal(250)


def test_a_withdrawn_pledge_gives_the_need_back_to_waiting(world):
    need = acknowledge(world, post_need(world))
    offered = pledge(world, need)
    accept(world, offered)
    pledge_transition(
        pledge_id=offered.pk, actor=world.supplier_staff, to="withdrawn", supplier=world.supplier, note="Stok habis"
    )
    need.refresh_from_db()
    assert need.status == NeedStatus.ACKNOWLEDGED and need.committed_quantity == 0


def test_the_cooperative_marks_a_need_fulfilled_when_enough_arrived(world):
    need = post_need(world)
    offered = pledge(world, need, "300")
    accept(world, offered)
    ship(world, offered)
    receive(world, offered, "300")
    need = need_transition(
        need_id=need.pk, actor=world.manager, side=lifecycle.COOPERATIVE, to="fulfilled", cooperative=world.cooperative
    )
    assert need.status == NeedStatus.FULFILLED


def test_the_dinas_commits_help_that_is_not_goods(world):
    need = post_need(world, category="licensing", item="Izin PIRT", quantity="", unit="")
    need = need_transition(
        need_id=need.pk,
        actor=world.officer,
        side=lifecycle.DINAS,
        to="committed",
        office=world.office,
        note="Jadwal 12",
    )
    assert need.status == NeedStatus.COMMITTED and need.first_response_at is not None


def test_a_need_past_its_date_is_not_submitted(world, time_machine):
    need = post_need(world, submit=False)
    time_machine.move_to(dt.datetime.combine(need.needed_by + dt.timedelta(days=2), dt.time(12), dt.UTC))
    with pytest.raises(ApplicationError) as refused:
        need_transition(
            need_id=need.pk,
            actor=world.manager,
            side=lifecycle.COOPERATIVE,
            to="submitted",
            cooperative=world.cooperative,
        )
    assert refused.value.extra["field"] == "needed_by"
