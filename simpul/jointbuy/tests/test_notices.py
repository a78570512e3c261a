"""Closing a round e-mails each supplier its purchase order (issue 13 §4): a task enqueued once the close has
committed sends them."""

import io

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import person_with_role
from simpul.core.exports import XLSX_CONTENT_TYPE
from simpul.jointbuy.notices import order_emails_send
from simpul.jointbuy.tasks import send_order_emails
from simpul.jointbuy.tests.factories import (
    close_round,
    commit,
    jointbuy_world,
    open_round,
    rice_item,
    round_items,
    sugar_item,
    supplier_order,
)

pytestmark = pytest.mark.django_db


def test_closing_e_mails_the_supplier_its_purchase_order_with_the_excel_and_the_link(
    django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://simpul.contoh.id"
    world = jointbuy_world(members=2)
    world.supplier.email = "order@bulog.contoh.id"
    world.supplier.contact_name = "Bu Ratna"
    world.supplier.save()
    round_ = open_round(world, [rice_item(world.supplier), sugar_item(world.supplier, min_cases=50)])
    rice, sugar = round_items(round_)
    commit(world, 0, round_, {rice: 30, sugar: 50})
    commit(world, 1, round_, {rice: 20})

    with django_capture_on_commit_callbacks(execute=True):
        close_round(world, round_)
    task = DBTaskResult.objects.get(task_path="simpul.jointbuy.tasks.send_order_emails")
    assert task.args_kwargs == {"args": [round_.pk], "kwargs": {}}
    assert mail.outbox == []  # not in the coordinator's request

    assert send_order_emails.call(round_.pk) == 1
    order = supplier_order(world, round_)
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert set(sent.to) == {"order@bulog.contoh.id", world.supplier_staff.email}
    assert sent.subject == f"Pesanan pembelian {order.order_number} dari {world.network.name}"
    assert sent.body.startswith("Halo Bu Ratna,")
    assert f"- {rice.name}: 5 dus isi 10 pcs dengan harga Rp70.000 per satuan" in sent.body
    assert sugar.name not in sent.body  # dropped below the minimum: nothing to deliver
    assert f"https://simpul.contoh.id/pemasok/belanja-bareng/{order.pk}/" in sent.body
    ((filename, content, mimetype),) = sent.attachments
    assert filename.endswith(".xlsx") and mimetype == XLSX_CONTENT_TYPE
    deliveries = load_workbook(io.BytesIO(content))["Pengiriman"]
    cells = [[cell for cell in row if cell is not None] for row in deliveries.iter_rows(values_only=True)]
    assert [world.cooperatives[0].name, rice.name, 3, 30] in [[r[0], *r[2:]] for r in cells if len(r) == 5]


def test_no_e_mail_without_an_address_nor_for_an_order_with_nothing_to_deliver():
    world = jointbuy_world(members=1)
    world.supplier_staff.email = ""
    world.supplier_staff.save()
    round_ = open_round(world, [rice_item(world.supplier)])
    commit(world, 0, round_, {round_items(round_)[0]: 30})
    close_round(world, round_)
    assert order_emails_send(round_.pk) == 0 and mail.outbox == []

    # An address now, but every item dropped: nothing to order.
    person_with_role(RoleKind.SUPPLIER, world.supplier, email="gudang@pemasok.contoh.id")
    empty = open_round(world, [rice_item(world.supplier, min_cases=100)])
    commit(world, 0, empty, {round_items(empty)[0]: 30})
    close_round(world, empty)
    assert order_emails_send(empty.pk) == 0 and mail.outbox == []
    assert order_emails_send(round_.pk) == 1 and mail.outbox[0].to == ["gudang@pemasok.contoh.id"]
