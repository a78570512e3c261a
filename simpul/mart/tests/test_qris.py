"""QRIS: the CRC, reading a static payload, and the dynamic payload for an amount."""

from decimal import Decimal

import pytest

from simpul.core.exceptions import ApplicationError
from simpul.mart.sales.qris import crc16_ccitt_false, crc_hex, qris_dynamic, qris_parse


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def static_payload(name: str = "KOPERASI MART DESA") -> str:
    body = (
        _tlv("00", "01")
        + _tlv("01", "11")
        + _tlv("26", _tlv("00", "ID.CO.QRIS.WWW") + _tlv("01", "936008990000012345"))
        + _tlv("51", _tlv("00", "ID.CO.QRIS.WWW") + _tlv("02", "ID1023123456789"))
        + _tlv("52", "5411")
        + _tlv("53", "360")
        + _tlv("58", "ID")
        + _tlv("59", name)
        + _tlv("60", "BANDUNG")
        + _tlv("61", "40123")
        + _tlv("62", _tlv("07", "A01"))
        + "6304"
    )
    return body + crc_hex(body)


def test_crc_check_value():
    assert crc16_ccitt_false(b"123456789") == 0x29B1
    assert crc_hex("123456789") == "29B1"
    assert crc16_ccitt_false(b"") == 0xFFFF


def test_known_vector_of_a_payload():
    # The EMVCo sample's opening fields with its own CRC (computed independently of qris.py, by hand-rolled bits).
    body = "00020101021129370016A0000006770101110113006691234567802TH530376454042.005802TH6304"
    assert crc_hex(body) == f"{_bitwise_crc(body.encode()):04X}"


def _bitwise_crc(data: bytes) -> int:
    register = 0xFFFF
    for bit in "".join(f"{byte:08b}" for byte in data):
        top = (register >> 15) & 1
        register = (register << 1) & 0xFFFF
        if top ^ int(bit):
            register ^= 0x1021
    return register


def test_parse_static():
    parsed = qris_parse(static_payload())
    assert parsed.merchant_name == "KOPERASI MART DESA"
    assert parsed.merchant_city == "BANDUNG"
    assert not parsed.is_dynamic


def test_dynamic_round_trip():
    dynamic = qris_dynamic(static_payload(), Decimal("15000"))
    parsed = qris_parse(dynamic)  # its CRC checks out
    assert parsed.is_dynamic
    assert parsed.get("54") == "15000"
    assert dynamic.startswith("000201010212")
    assert "5405150005802ID" in dynamic  # the amount in tag order, before 58
    assert dynamic[-8:-4] == "6304"
    assert dynamic[-4:] == dynamic[-4:].upper()
    # Made again from the dynamic one, with another amount: one amount, one CRC.
    again = qris_dynamic(dynamic, Decimal("2500.50"))
    assert qris_parse(again).get("54") == "2500.50"
    assert again.count("6304") == 1


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        ("", "Masukkan"),
        ("hello", "000201"),
        ("000201010211", "tag 63"),
        ("0002010102116305ABCD", "terpotong"),
        ("0002010102116304ABCD", "tidak cocok"),
    ],
)
def test_bad_payloads_refused(payload, words):
    with pytest.raises(ApplicationError) as refused:
        qris_parse(payload)
    assert refused.value.code == "invalid_qris"
    assert words in refused.value.message


def test_a_changed_character_fails_the_crc():
    good = static_payload()
    bad = good.replace("BANDUNG", "BANDUNK")
    with pytest.raises(ApplicationError, match="tidak cocok"):
        qris_parse(bad)


def test_amount_refused():
    for amount in (Decimal(0), Decimal(-5), Decimal("1e14")):
        with pytest.raises(ApplicationError):
            qris_dynamic(static_payload(), amount)
