from typing import Any

from django.core.management.base import BaseCommand

from simpul.rat.reminders import rats_remind


class Command(BaseCommand):
    help = "E-mail the managers of cooperatives whose RAT report of the last fiscal year is overdue (daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"RAT reminders sent: {rats_remind()}")
