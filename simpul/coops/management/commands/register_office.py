from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from simpul.coops.models import OfficeKind
from simpul.coops.services.offices import office_register
from simpul.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Register a Dinas Koperasi (regency/city or province) or the ministry."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", required=True, choices=OfficeKind.values)
        parser.add_argument("--region", default="", help="Region code: 32.73 for a regency/city, 32 for a province")
        parser.add_argument("--address", default="")
        parser.add_argument("--phone", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            office = office_register(
                actor=None,
                name=options["name"],
                kind=options["kind"],
                region_code=options["region"],
                address=options["address"],
                phone=options["phone"],
            )
        except ApplicationError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"{office.name} ({office.slug}) registered.")
