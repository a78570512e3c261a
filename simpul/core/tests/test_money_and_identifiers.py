from decimal import Decimal

import pytest

from simpul.core.exceptions import ApplicationError
from simpul.core.identifiers import phone_to_e164, validate_nib
from simpul.core.money import format_rupiah, quantize


def test_rupiah_is_written_the_indonesian_way():
    assert format_rupiah(Decimal("1234567")) == "Rp1.234.567"
    assert format_rupiah(Decimal("1234567.50")) == "Rp1.234.567,50"
    assert format_rupiah(0) == "Rp0"


def test_money_refuses_floats_and_rounds_half_up():
    assert quantize("10.005") == Decimal("10.01")
    with pytest.raises(TypeError):
        quantize(1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", ["081234567890", "+6281234567890", "6281234567890", "0812-3456-7890"])
def test_phone_numbers_are_stored_as_plus_62(raw):
    assert phone_to_e164(raw) == "+6281234567890"


def test_bad_phone_and_nib_are_refused():
    with pytest.raises(ApplicationError):
        phone_to_e164("12")
    with pytest.raises(ApplicationError):
        validate_nib("12345")
    assert validate_nib("9120001234567") == "9120001234567"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("10.000"), "10"),
        (Decimal("100"), "100"),
        (Decimal("2.500"), "2.5"),
        (Decimal("0.000"), "0"),
        (Decimal("-3.250"), "-3.25"),
        (12, "12"),
        (None, ""),
    ],
)
def test_quantities_show_without_trailing_zeros_and_never_as_exponents(value, shown):
    from django.template import Context, Template

    assert Template("{{ value|qty }}").render(Context({"value": value})) == shown
