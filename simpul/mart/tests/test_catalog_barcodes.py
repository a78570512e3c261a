"""Barcodes: GTIN check digits (EAN-13, EAN-8, UPC-A), the mart's own codes, in-store EAN-13."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from simpul.core.exceptions import ApplicationError
from simpul.mart.catalog.barcodes import (
    barcode_clean,
    barcode_kind,
    gtin_check_digit,
    gtin_valid,
    in_store_ean13,
    is_in_store,
)

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


def test_known_codes():
    assert gtin_valid("8992761111113")  # an Indonesian EAN-13 (prefix 899)
    assert gtin_valid("4006381333931")
    assert gtin_valid("96385074")  # EAN-8
    assert gtin_valid("036000291452")  # UPC-A
    assert not gtin_valid("8992761111112")
    assert not gtin_valid("12345")
    assert barcode_kind("036000291452") == "UPC-A"
    assert barcode_kind("96385074") == "EAN-8"
    assert barcode_kind("ABC123") == "own"


@given(st.sampled_from([7, 11, 12]).flatmap(lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n)))
def test_the_computed_check_digit_makes_a_valid_code(body):
    code = body + str(gtin_check_digit(body))
    assert gtin_valid(code)
    assert barcode_clean(code) == code


@given(
    st.sampled_from([7, 11, 12]).flatmap(lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n)),
    st.integers(min_value=1, max_value=9),
)
def test_any_other_last_digit_is_refused(body, shift):
    wrong = (gtin_check_digit(body) + shift) % 10
    code = body + str(wrong)
    assert not gtin_valid(code)
    with pytest.raises(ApplicationError) as refused:
        barcode_clean(code)
    assert refused.value.code == "invalid_barcode"
    assert str(gtin_check_digit(body)) in refused.value.message


@given(st.text(alphabet="0123456789", min_size=12, max_size=12), st.integers(0, 11), digits)
def test_a_single_wrong_digit_is_caught(body, position, digit):
    code = body + str(gtin_check_digit(body))
    typo = code[:position] + digit + code[position + 1 :]
    assert gtin_valid(typo) == (typo == code)


@given(st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZabcdefxyz0123456789", min_size=3, max_size=32))
@example("00000001")  # an EAN-8's length, its check digit wrong (found by CI)
@example("96385074")  # a valid EAN-8
def test_own_codes(code):
    if code.isdigit() and len(code) in (8, 12, 13) and gtin_valid(code):
        assert barcode_clean(code) == code
    elif code.isdigit() and len(code) in (8, 12, 13):
        # A number of a GTIN's length with a wrong check digit is a mistyped code, not an own code.
        with pytest.raises(ApplicationError) as refused:
            barcode_clean(code)
        assert refused.value.code == "invalid_barcode"
    else:
        assert barcode_clean(f"  {code} ") == code


@pytest.mark.parametrize("bad", ["", "ab", "a" * 33, "AB-12", "kopi susu", "ÄBC"])
def test_bad_own_codes(bad):
    with pytest.raises(ApplicationError):
        barcode_clean(bad)


@given(st.integers(min_value=0, max_value=10**10 - 1), st.integers(min_value=20, max_value=29))
def test_in_store_codes(number, prefix):
    code = in_store_ean13(number, prefix=str(prefix))
    assert len(code) == 13 and code.startswith(str(prefix))
    assert gtin_valid(code) and is_in_store(code)
    assert barcode_clean(code) == code


def test_in_store_range_only():
    with pytest.raises(ValueError):
        in_store_ean13(1, prefix="89")
    with pytest.raises(ValueError):
        in_store_ean13(10**10)
    assert not is_in_store("8992761111113")
