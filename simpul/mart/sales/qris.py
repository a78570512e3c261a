"""QRIS: the cooperative's static merchant payload (EMVCo merchant-presented QR, as printed on its sticker) read and
checked, and the dynamic payload for one sale's amount that the till shows as a QR code.

The payload is a run of TLV fields: a two-digit ID, a two-digit length and the value. It starts with "000201"
(payload format 01) and ends with tag 63, the CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF) of everything
before it including "6304", in four uppercase hex digits. A dynamic payload has point of initiation "12" (tag 01)
and the amount in tag 54.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from simpul.core.exceptions import ApplicationError
from simpul.mart import error_codes

MAX_PAYLOAD = 512
STATIC = "11"
DYNAMIC = "12"
CURRENCY_RUPIAH = "360"


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def crc_hex(text: str) -> str:
    return f"{crc16_ccitt_false(text.encode('ascii')):04X}"


@dataclass(frozen=True)
class QrisPayload:
    fields: tuple[tuple[str, str], ...]  # (ID, value) in payload order, the CRC (63) left out

    def get(self, tag: str) -> str | None:
        return next((value for key, value in self.fields if key == tag), None)

    @property
    def merchant_name(self) -> str:
        return self.get("59") or ""

    @property
    def merchant_city(self) -> str:
        return self.get("60") or ""

    @property
    def is_dynamic(self) -> bool:
        return self.get("01") == DYNAMIC


def _refuse(message: str) -> ApplicationError:
    return ApplicationError(message, code=error_codes.INVALID_QRIS, extra={"field": "qris_payload"})


def _split(payload: str) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    position = 0
    while position < len(payload):
        head = payload[position : position + 4]
        if len(head) < 4 or not head.isdigit():
            raise _refuse(
                _("The QRIS code is damaged: a field at character %(position)s has no valid tag and length.")
                % {"position": position + 1}
            )
        tag, length = head[:2], int(head[2:])
        value = payload[position + 4 : position + 4 + length]
        if len(value) != length:
            raise _refuse(_("The QRIS code is damaged: field %(tag)s is cut short.") % {"tag": tag})
        fields.append((tag, value))
        position += 4 + length
    return fields


def qris_parse(payload: str) -> QrisPayload:
    """Read and check a merchant-presented QRIS payload; a damaged or incomplete one is refused, saying why."""
    text = (payload or "").strip()
    if not text:
        raise _refuse(_("Enter the QRIS code."))
    if len(text) > MAX_PAYLOAD or not text.isascii() or not text.isprintable():
        raise _refuse(_("This is not a QRIS code: it holds characters a QRIS code never has."))
    if not text.startswith("000201"):
        raise _refuse(_("This is not a QRIS code: it must start with 000201."))
    fields = _split(text)
    tags = [tag for tag, _value in fields]
    if tags[-1] != "63" or tags.count("63") != 1:
        raise _refuse(_("The QRIS code has no check code (tag 63) at its end."))
    crc = fields[-1][1]
    if len(crc) != 4:
        raise _refuse(_("The QRIS check code (tag 63) must have four characters."))
    if crc.upper() != crc_hex(text[:-4]):
        raise _refuse(_("The QRIS check code does not match: the code was copied wrongly or is damaged."))
    body = tuple(fields[:-1])
    found = dict(body)
    if found.get("01", STATIC) not in (STATIC, DYNAMIC):
        raise _refuse(_("The QRIS point of initiation (tag 01) must be 11 or 12."))
    if not any(26 <= int(tag) <= 51 for tag in tags if tag.isdigit()):
        raise _refuse(_("The QRIS code names no merchant account (tags 26 to 51)."))
    if found.get("53") != CURRENCY_RUPIAH:
        raise _refuse(_("The QRIS code is not in Rupiah (tag 53 must be 360)."))
    if found.get("58") != "ID":
        raise _refuse(_("The QRIS code is not Indonesian (tag 58 must be ID)."))
    if not found.get("59"):
        raise _refuse(_("The QRIS code has no merchant name (tag 59)."))
    return QrisPayload(fields=body)


def _amount_text(amount: Decimal) -> str:
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount <= 0:
        raise ApplicationError(
            _("The QRIS amount must be more than zero."), code=error_codes.INVALID_PRICE, extra={"field": "amount"}
        )
    amount = amount.quantize(Decimal("0.01"))
    text = f"{amount:.0f}" if amount == amount.to_integral_value() else f"{amount:.2f}"
    if len(text) > 13:
        raise ApplicationError(
            _("The amount is too large for a QRIS code."), code=error_codes.INVALID_PRICE, extra={"field": "amount"}
        )
    return text


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def qris_dynamic(static_payload: str, amount: Decimal) -> str:
    """The payload for one payment of `amount`: the static payload with point of initiation 12, the amount in tag
    54 (in tag order) and a fresh CRC."""
    parsed = qris_parse(static_payload)
    amount_text = _amount_text(amount)
    fields = [(tag, value) for tag, value in parsed.fields if tag not in ("01", "54")]
    fields.insert(1, ("01", DYNAMIC))  # right after 00, the payload format
    position = next((index for index, (tag, _value) in enumerate(fields) if tag > "54"), len(fields))
    fields.insert(position, ("54", amount_text))
    body = "".join(_tlv(tag, value) for tag, value in fields) + "6304"
    return body + crc_hex(body)
