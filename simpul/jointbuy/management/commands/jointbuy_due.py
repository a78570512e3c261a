from typing import Any

from django.core.management.base import BaseCommand

from simpul.jointbuy.services.schedule import rounds_due


class Command(BaseCommand):
    help = "Close the joint purchasing rounds past their closing time and open the recurring rounds that are due."

    def handle(self, *args: Any, **options: Any) -> None:
        closed, opened = rounds_due()
        self.stdout.write(f"rounds closed: {len(closed)}; rounds opened: {len(opened)}")
