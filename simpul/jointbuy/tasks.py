"""Belanja Bareng's background tasks (django.tasks; `manage.py db_worker` runs them in the demo): a round closes
at its closing time, a recurring round opens on its day, and a closed round's suppliers get their orders by
e-mail. `manage.py jointbuy_due` closes and opens for any task lost."""

from django.tasks import task

from simpul.jointbuy import notices
from simpul.jointbuy.services import schedule


@task()
def close_round_when_due(round_id: int) -> bool:
    return schedule.round_close_if_due(round_id)


@task()
def open_template_round(template_id: int) -> int | None:
    created = schedule.round_from_template(template_id)
    return created.pk if created is not None else None


@task()
def send_order_emails(round_id: int) -> int:
    return notices.order_emails_send(round_id)
