from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from simpul.coops.demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from simpul.coops.models import RoleKind
from simpul.core.models import User


class Command(BaseCommand):
    help = "Print the demo logins: role, login (e-mail or phone), password and where to go."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", default=settings.SITE_URL, help="Prefix of the links (default SITE_URL).")

    def handle(self, *args: Any, **options: Any) -> None:
        base = options["base_url"].rstrip("/")
        present = set(User.objects.filter(email__in=[d.email for d in DEMO_LOGINS]).values_list("email", flat=True))
        rows = [("Role", "Login (e-mail or phone)", "Password", "Where to go")]
        with translation.override("en"):
            for login in DEMO_LOGINS:
                role = str(RoleKind(login.kind).label) + (f", {login.note}" if login.note else "")
                where = base + login.path
                if login.email not in present:
                    where += "  (not seeded yet: run manage.py seed_demo)"
                rows.append((role, f"{login.email} / {login.phone_local}", DEMO_PASSWORD, where))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        rule = "  ".join("-" * width for width in widths)
        self.stdout.write(rule)
        for index, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
            if index == 0:
                self.stdout.write(rule)
        self.stdout.write(rule)
        self.stdout.write(f"Log in at {base}/masuk/ with the e-mail address or the phone number.")
