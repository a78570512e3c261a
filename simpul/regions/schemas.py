from decimal import Decimal

from ninja import Schema


class RegionOut(Schema):
    code: str
    level: int
    kind: str
    name: str
    path: str
    parent_code: str | None
    postal_code: str
    latitude: Decimal | None
    longitude: Decimal | None
    timezone: str

    @staticmethod
    def resolve_parent_code(obj: object) -> str | None:
        return getattr(obj, "parent_id", None)
