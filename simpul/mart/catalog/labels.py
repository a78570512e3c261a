"""Shelf labels (name, price, member price, barcode) and barcode sticker sheets as PDF: the barcodes drawn by
python-barcode as SVG (EAN-13, EAN-8, UPC-A as they are; the mart's own codes as Code 128), laid out on A4 by
WeasyPrint."""

import base64
from io import BytesIO
from typing import Any

from simpul.coops.models import Cooperative
from simpul.mart.models import Product

TEMPLATES = {"shelf": "mart/catalog/labels_shelf.html", "stickers": "mart/catalog/labels_stickers.html"}


def barcode_svg(code: str) -> bytes:
    """The barcode of `code` as SVG, the digits printed under the bars."""
    import barcode
    from barcode.writer import SVGWriter

    if code.isdigit() and len(code) == 13:
        symbol = barcode.get("ean13", code[:12], writer=SVGWriter())
    elif code.isdigit() and len(code) == 8:
        symbol = barcode.get("ean8", code[:7], writer=SVGWriter())
    elif code.isdigit() and len(code) == 12:
        symbol = barcode.get("upca", code[:11], writer=SVGWriter())
    else:
        symbol = barcode.get("code128", code, writer=SVGWriter())
    buffer = BytesIO()
    symbol.write(buffer, options={"module_height": 10.0, "font_size": 8, "text_distance": 3.5, "quiet_zone": 2.0})
    return buffer.getvalue()


def barcode_data_uri(code: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(barcode_svg(code)).decode("ascii")


def _first_code(product: Product) -> str:
    codes = sorted(product.barcodes.all(), key=lambda b: (b.unit_id is not None, b.pk))
    return codes[0].code if codes else ""


def label_context(cooperative: Cooperative, products: list[Product], *, kind: str, copies: int = 1) -> dict[str, Any]:
    items = []
    for product in products:
        code = _first_code(product)
        item = {
            "product": product,
            "code": code,
            "image": barcode_data_uri(code) if code else "",
            "member_price_differs": product.member_price != product.price,
        }
        items.extend([item] * (copies if kind == "stickers" else 1))
    return {"cooperative": cooperative, "items": items, "kind": kind}
