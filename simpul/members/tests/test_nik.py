"""NIK rules: 16 digits, an existing district, a real birth date (+40 for women), matching gender and birth date."""

import datetime

import pytest

from simpul.core.exceptions import ApplicationError
from simpul.members.models import Gender
from simpul.members.tests.factories import make_nik
from simpul.members.validators import validate_nik

# calendar: a NIK without a typed birth date takes its century from today.
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]

BORN = datetime.date(1985, 3, 14)


def _refusal(raw: str, **kwargs: object) -> ApplicationError:
    with pytest.raises(ApplicationError) as refused:
        validate_nik(raw, **kwargs)  # type: ignore[arg-type]
    return refused.value


def test_a_valid_nik_is_returned_as_its_sixteen_digits():
    assert validate_nik("3273011403850001", gender=Gender.MALE, birth_date=BORN) == "3273011403850001"
    assert validate_nik("32.7301 140385-0001") == "3273011403850001"


@pytest.mark.parametrize("raw", ["", "327301140385000", "32730114038500011", "327301140385000X"])
def test_a_nik_must_be_sixteen_digits(raw):
    refusal = _refusal(raw)
    assert refusal.message == "NIK harus tepat 16 digit angka."
    assert refusal.code == "invalid_nik" and refusal.extra == {"field": "nik"}


@pytest.mark.parametrize("raw", ["9901011403850001", "3273991403850001", "3200001403850001"])
def test_the_first_six_digits_must_be_an_existing_district(raw):
    refusal = _refusal(raw)
    assert "bukan kode kecamatan yang ada" in refusal.message
    assert f"{raw[:2]}.{raw[2:4]}.{raw[4:6]}" in refusal.message


@pytest.mark.parametrize("date_part", ["320285", "311185", "001385", "140085", "720285", "290285", "810385"])
def test_the_date_part_must_be_a_real_birth_date(date_part):
    refusal = _refusal(f"327301{date_part}0001")
    assert "bukan tanggal lahir yang nyata" in refusal.message
    assert date_part in refusal.message


def test_a_womans_nik_carries_the_day_plus_forty():
    nik = make_nik(BORN, Gender.FEMALE, serial=7)
    assert nik[6:8] == "54"
    assert validate_nik(nik, gender=Gender.FEMALE, birth_date=BORN) == nik
    leap_day = datetime.date(2000, 2, 29)
    assert validate_nik(make_nik(leap_day, Gender.FEMALE, serial=8), gender=Gender.FEMALE, birth_date=leap_day)


def test_the_gender_must_match_the_nik():
    woman = make_nik(BORN, Gender.FEMALE, serial=9)
    refusal = _refusal(woman, gender=Gender.MALE, birth_date=BORN)
    assert refusal.code == "nik_gender_mismatch" and refusal.extra == {"field": "gender"}
    assert refusal.message == (
        "NIK ini milik perempuan (tanggal lahirnya ditambah 40), tetapi jenis kelamin yang dipilih laki-laki."
    )
    man = make_nik(BORN, Gender.MALE, serial=10)
    assert _refusal(man, gender=Gender.FEMALE).message == (
        "NIK ini milik laki-laki, tetapi jenis kelamin yang dipilih perempuan."
    )


def test_the_birth_date_must_match_the_nik():
    refusal = _refusal("3273011403850001", gender=Gender.MALE, birth_date=datetime.date(1985, 3, 15))
    assert refusal.code == "nik_birth_date_mismatch" and refusal.extra == {"field": "birth_date"}
    assert refusal.message == "Tanggal lahir tidak sama dengan yang tertera di NIK, yaitu 14 Maret 1985."


def test_the_century_follows_the_typed_birth_date():
    old = datetime.date(1920, 5, 2)
    assert validate_nik(make_nik(old, serial=11), gender=Gender.MALE, birth_date=old)
    young = datetime.date(2005, 5, 2)
    assert validate_nik(make_nik(young, serial=12), gender=Gender.MALE, birth_date=young)


def test_the_serial_cannot_be_zero():
    assert _refusal("3273011403850000").message == "Empat digit terakhir NIK tidak boleh 0000."
