"""Members with valid NIKs: a real district of Kota Bandung, the birth date and gender encoded in the number."""

import datetime
import itertools

import factory

from simpul.coops.tests.factories import BANDUNG_VILLAGE, CooperativeFactory
from simpul.members.models import Gender, Member, MemberStatus
from simpul.regions.models import Region

SUKASARI_DISTRICT = "327301"  # 32.73.01, Kota Bandung
_serials = itertools.count(1)


def make_nik(
    birth_date: datetime.date, gender: str = Gender.MALE, *, district: str = SUKASARI_DISTRICT, serial: int = 0
) -> str:
    day = birth_date.day + (40 if gender == Gender.FEMALE else 0)
    serial = serial or next(_serials)
    return f"{district}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


class MemberFactory(factory.django.DjangoModelFactory[Member]):
    class Meta:
        model = Member

    cooperative = factory.SubFactory(CooperativeFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Anggota {n}")
    gender = Gender.MALE
    birth_date = datetime.date(1985, 3, 14)
    nik = factory.LazyAttribute(lambda o: make_nik(o.birth_date, o.gender))
    village = factory.LazyFunction(lambda: Region.objects.get(code=BANDUNG_VILLAGE))
    join_date = datetime.date(2020, 1, 6)
    status = MemberStatus.ACTIVE
