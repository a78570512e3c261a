"""Barcodes a scanner reads: GTIN codes (EAN-13, EAN-8, UPC-A) with their check digit verified, the mart's own
codes (letters and digits), and the mart's own EAN-13 in the in-store range (prefix 20–29) for what it packs itself.

A code of all digits with the length of an EAN-13, EAN-8 or UPC-A is read as that code: its check digit must be
right (a typo in a printed barcode is caught here, not at the till). Any other code of 3–32 letters and digits is
the mart's own code.
"""

import re

from django.utils.translation import gettext as _

from simpul.core.exceptions import ApplicationError
from simpul.mart import error_codes

GTIN_LENGTHS = {8: "EAN-8", 12: "UPC-A", 13: "EAN-13"}
OWN_CODE = re.compile(r"[0-9A-Za-z]{3,32}")
MIN_LENGTH = 3
MAX_LENGTH = 32
IN_STORE_PREFIXES = tuple(str(prefix) for prefix in range(20, 30))


def gtin_check_digit(body: str) -> int:
    """The check digit of a GTIN without it: weights 3, 1, 3, … from the right, the digit that makes a multiple of
    ten (the same rule for EAN-8, UPC-A and EAN-13)."""
    total = sum(int(digit) * (3 if position % 2 == 0 else 1) for position, digit in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def gtin_valid(code: str) -> bool:
    """Whether `code` is an EAN-8, UPC-A or EAN-13 with the right check digit."""
    if not (code.isascii() and code.isdigit() and len(code) in GTIN_LENGTHS):
        return False
    return gtin_check_digit(code[:-1]) == int(code[-1])


def barcode_kind(code: str) -> str:
    """ "EAN-13", "EAN-8", "UPC-A" or "own" for a valid code (barcode_clean first)."""
    if code.isdigit() and len(code) in GTIN_LENGTHS:
        return GTIN_LENGTHS[len(code)]
    return "own"


def barcode_clean(raw: str, *, field: str = "barcodes") -> str:
    """The code as stored (spaces around it dropped), or a 400 saying what is wrong with it."""
    code = (raw or "").strip()
    if code.isascii() and code.isdigit() and len(code) in GTIN_LENGTHS:
        if not gtin_valid(code):
            expected = gtin_check_digit(code[:-1])
            raise ApplicationError(
                _("Barcode %(code)s is not a valid %(kind)s: its last digit should be %(digit)s. Check the number.")
                % {"code": code, "kind": GTIN_LENGTHS[len(code)], "digit": expected},
                code=error_codes.INVALID_BARCODE,
                extra={"field": field},
            )
        return code
    if not OWN_CODE.fullmatch(code):
        raise ApplicationError(
            _("Barcode %(code)s is not valid: use 3 to 32 letters and digits, or an EAN-13, EAN-8 or UPC-A number.")
            % {"code": code or "''"},
            code=error_codes.INVALID_BARCODE,
            extra={"field": field},
        )
    return code


def in_store_ean13(number: int, *, prefix: str = "20") -> str:
    """The mart's own EAN-13 for `number` (0 ≤ number < 10^10) in the in-store range: prefix 20–29, ten digits,
    the check digit."""
    if prefix not in IN_STORE_PREFIXES:
        raise ValueError(f"in-store prefixes are 20 to 29, not {prefix!r}")
    if not 0 <= number < 10**10:
        raise ValueError("an in-store EAN-13 has room for ten digits")
    body = f"{prefix}{number:010d}"
    return body + str(gtin_check_digit(body))


def is_in_store(code: str) -> bool:
    return len(code) == 13 and code[:2] in IN_STORE_PREFIXES and gtin_valid(code)
