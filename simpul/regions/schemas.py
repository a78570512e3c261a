from decimal import Decimal

from ninja import Field, Schema


class RegionOut(Schema):
    code: str
    level: int
    kind: str
    name: str
    path: str
    choice_label: str = Field(description="As pickers show it: 'Sukarasa — Sukasari, Kota Bandung, Jawa Barat'")
    parent_code: str | None
    postal_code: str
    latitude: Decimal | None
    longitude: Decimal | None
    timezone: str

    @staticmethod
    def resolve_parent_code(obj: object) -> str | None:
        return getattr(obj, "parent_id", None)
