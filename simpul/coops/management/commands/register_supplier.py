from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from simpul.coops.services.suppliers import supplier_register
from simpul.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Register a supplier company; its staff are then given the supplier role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--nib", required=True, help="13-digit Nomor Induk Berusaha")
        parser.add_argument("--contact-name", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--address", default="")
        parser.add_argument("--region", action="append", default=[], help="A region served (repeat for more)")

    def handle(self, *args: Any, **options: Any) -> None:
        data = {
            "name": options["name"],
            "nib": options["nib"],
            "contact_name": options["contact_name"],
            "phone": options["phone"],
            "email": options["email"],
            "address": options["address"],
            "regions_served": options["region"],
        }
        try:
            supplier = supplier_register(actor=None, data=data)
        except ApplicationError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"{supplier.name} ({supplier.slug}) registered.")
