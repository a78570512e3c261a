from typing import Any

from django.core.management.base import BaseCommand

from simpul.needs.services.reminders import needs_remind


class Command(BaseCommand):
    help = "E-mail the Dinas officers the needs not answered within their service level or past their date (daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"needs reminded: {needs_remind()}")
