"""The needs' background task (django.tasks): a submitted need's first reminder, at the moment its answer is due."""

from django.tasks import task

from simpul.needs.services.reminders import needs_remind


@task()
def remind_need(need_id: int) -> int:
    return needs_remind(need_ids=[need_id])
