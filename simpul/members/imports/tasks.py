"""The member import's background tasks (django.tasks; `manage.py db_worker` runs them in the demo). Each one is
the job's service in simpul/members/imports/jobs.py; they are enqueued once the row they name is committed."""

from django.tasks import task

from simpul.members.imports import jobs


@task()
def read_member_import(import_id: int) -> str:
    return str(jobs.member_import_read(import_id=import_id).status)


@task()
def confirm_member_import(import_id: int, actor_id: int | None, ip_address: str | None) -> str:
    return str(jobs.member_import_register(import_id=import_id, actor_id=actor_id, ip_address=ip_address).status)
