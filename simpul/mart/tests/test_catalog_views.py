"""The catalog's pages and API: a manager adds and edits products, supervisors read, other cooperatives' products
are 404; Excel import (preview, all or nothing, confirm) and export; labels as PDF."""

import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import CooperativeFactory, person_with_role
from simpul.core.models import AuditLog
from simpul.mart.catalog.services import product_create
from simpul.mart.models import Barcode, Product, ProductUnit

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def coop():
    return CooperativeFactory.create()


@pytest.fixture
def manager(coop):
    return person_with_role(RoleKind.MANAGER, coop)


@pytest.fixture
def managed(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


def make(coop, manager, **kw):
    kw.setdefault("sku", "MIE-01")
    kw.setdefault("name", "Mie Goreng")
    kw.setdefault("price", D("3500"))
    return product_create(cooperative=coop, actor=manager, **kw)


FORM = {
    "name": "Teh Celup Sariwangi",
    "sku": "TEH-25",
    "barcodes": "8992761111113",
    "category_name": "Minuman",
    "base_unit": "pcs",
    "price": "5.500",
    "member_price": "5.000",
    "min_stock": "12",
    "unit_1_name": "dus",
    "unit_1_factor": "40",
    "unit_1_price": "",
    "unit_1_barcode": "18992761111110",
    "is_active": "on",
}


def test_a_manager_adds_a_product_with_a_pack_and_barcodes(managed, coop):
    form = {**FORM, "unit_1_barcode": "DUSTEH25"}
    response = managed.post(reverse("mart:product_new", args=[coop.slug]), form)
    assert response.status_code == 302
    product = Product.objects.get(cooperative=coop, sku="TEH-25")
    assert (product.price, product.member_price, product.min_stock) == (D("5500"), D("5000"), D("12"))
    assert ProductUnit.objects.get(product=product).factor == D("40")
    codes = dict(Barcode.objects.filter(product=product).values_list("code", "unit__name"))
    assert codes == {"8992761111113": None, "DUSTEH25": "dus"}
    page = managed.get(response["Location"]).content.decode()
    assert "Teh Celup Sariwangi" in page and "DUSTEH25" in page
    listing = managed.get(reverse("mart:product_list", args=[coop.slug]), {"q": "8992761111113"}).content.decode()
    assert "Teh Celup Sariwangi" in listing


def test_a_wrong_check_digit_is_refused_in_indonesian(managed, coop):
    response = managed.post(reverse("mart:product_new", args=[coop.slug]), {**FORM, "barcodes": "8992761111112"})
    assert response.status_code == 400
    assert "digit terakhirnya seharusnya 3" in response.content.decode()
    assert not Product.objects.exists()


def test_a_duplicate_barcode_names_the_product(managed, coop, manager):
    make(coop, manager, barcodes=["8992761111113"])
    response = managed.post(reverse("mart:product_new", args=[coop.slug]), {**FORM, "unit_1_barcode": ""})
    assert response.status_code == 400
    assert "Mie Goreng" in response.content.decode()


def test_edit_and_retire(managed, coop, manager):
    product = make(coop, manager, units=[("dus", "40")], barcodes=["8992761111113"])
    url = reverse("mart:product_edit", args=[coop.slug, product.pk])
    page = managed.get(url).content.decode()
    assert 'value="dus"' in page and "8992761111113" in page
    data = {**FORM, "sku": "MIE-01", "name": "Mie Goreng Pedas", "barcodes": "8992761111113", "unit_1_barcode": ""}
    data.pop("is_active")
    assert managed.post(url, data).status_code == 302
    product.refresh_from_db()
    assert product.name == "Mie Goreng Pedas" and not product.is_active


def test_supervisors_read_and_may_not_write(client, coop, manager):
    product = make(coop, manager)
    client.force_login(person_with_role(RoleKind.SUPERVISOR, coop))
    assert client.get(reverse("mart:product_detail", args=[coop.slug, product.pk])).status_code == 200
    assert client.get(reverse("mart:product_edit", args=[coop.slug, product.pk])).status_code == 403
    assert client.post(reverse("mart:product_new", args=[coop.slug]), FORM).status_code == 403
    client.force_login(person_with_role(RoleKind.CASHIER, coop))
    assert client.get(reverse("mart:product_list", args=[coop.slug])).status_code == 403


def test_another_cooperatives_product_is_404(managed, coop):
    other = CooperativeFactory.create()
    foreign = make(other, person_with_role(RoleKind.MANAGER, other))
    assert managed.get(reverse("mart:product_detail", args=[coop.slug, foreign.pk])).status_code == 404
    assert managed.post(reverse("mart:product_edit", args=[coop.slug, foreign.pk]), FORM).status_code == 404
    api = f"/api/v1/cooperatives/{coop.slug}/mart/products/{foreign.pk}"
    assert managed.get(api).status_code == 404
    patch = managed.patch(api, json.dumps({"name": "x"}), content_type="application/json")
    assert patch.status_code == 404


def test_the_list_runs_the_same_queries_for_few_or_many(managed, coop, manager, django_assert_max_num_queries):
    for n in range(3):
        make(coop, manager, sku=f"A{n}", name=f"Produk {n}", barcodes=[f"KODE{n}"], units=[("dus", "10")])
    url = reverse("mart:product_list", args=[coop.slug])
    with django_assert_max_num_queries(14) as few:
        assert managed.get(url).status_code == 200
    for n in range(3, 30):
        make(coop, manager, sku=f"A{n}", name=f"Produk {n}", barcodes=[f"KODE{n}"], units=[("dus", "10")])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert managed.get(url).status_code == 200


def test_api_create_patch_and_refusals(managed, coop):
    url = f"/api/v1/cooperatives/{coop.slug}/mart/products"
    body = {
        "sku": "GULA-1",
        "name": "Gula Pasir 1 kg",
        "price": "17500",
        "barcodes": [{"code": "8992761111113"}],
        "units": [{"name": "karung", "factor": "50"}],
        "category": "Sembako",
    }
    created = managed.post(url, json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["member_price"] == "17500.00" and data["units"][0]["name"] == "karung"
    again = managed.post(url, json.dumps({**body, "sku": "GULA-2"}), content_type="application/json")
    assert again.status_code == 400 and again.json()["code"] == "duplicate_barcode"
    patched = managed.patch(
        f"{url}/{data['id']}", json.dumps({"price": "18000", "is_active": False}), content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["price"] == "18000.00" and not patched.json()["is_active"]
    float_price = managed.post(url, json.dumps({**body, "sku": "X", "price": 1.5}), content_type="application/json")
    assert float_price.status_code in (400, 422)
    listing = managed.get(url, {"q": "gula"}).json()
    assert [p["sku"] for p in listing["items"]] == ["GULA-1"]


# --- import and export -------------------------------------------------------------------------------------


def workbook(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["SKU", "Nama", "Barcode", "Kategori", "Satuan dasar", "Harga jual", "Harga anggota", "Kemasan"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "produk.xlsx"
    return buffer


def test_import_preview_then_confirm(managed, coop, manager):
    make(coop, manager, sku="MIE-01", name="Mie Goreng")
    rows = [
        ["MIE-01", "Mie Goreng Jumbo", "", "Makanan", "pcs", 3800, 3600, "dus=40"],
        ["KOPI-1", "Kopi Tubruk", 8992761111113, "Minuman", "pcs", "2.500", "", ""],
    ]
    preview = managed.post(reverse("mart:product_import", args=[coop.slug]), {"file": workbook(rows)})
    assert preview.status_code == 200, preview.content.decode()[:3000]
    body = preview.content.decode()
    assert "1 produk baru, 1 diubah" in body or "import-confirm" in body
    assert Product.objects.filter(cooperative=coop).count() == 1  # nothing saved yet
    token = preview.context["preview"].token
    confirmed = managed.post(reverse("mart:product_import_confirm", args=[coop.slug]), {"token": token})
    assert confirmed.status_code == 302
    assert Product.objects.get(cooperative=coop, sku="MIE-01").name == "Mie Goreng Jumbo"
    kopi = Product.objects.get(cooperative=coop, sku="KOPI-1")
    assert kopi.price == D("2500") and list(kopi.barcodes.values_list("code", flat=True)) == ["8992761111113"]
    assert AuditLog.objects.filter(event="mart.products_imported").count() == 1
    # the same token again: expired
    again = managed.post(reverse("mart:product_import_confirm", args=[coop.slug]), {"token": token})
    assert again.status_code == 400


def test_one_bad_row_imports_nothing(managed, coop):
    rows = [
        ["A-1", "Sabun", "", "", "pcs", 4000, "", ""],
        ["A-2", "Sampo", "8992761111112", "", "pcs", 9000, "", ""],
        ["A-3", "", "", "", "pcs", "abc", "", ""],
    ]
    response = managed.post(reverse("mart:product_import", args=[coop.slug]), {"file": workbook(rows)})
    assert response.status_code == 400
    body = response.content.decode()
    assert "digit terakhirnya" in body and "Nothing" not in body
    errors = response.context["preview"].errors
    assert {e["row"] for e in errors} == {3, 4}
    assert not Product.objects.exists() and not AuditLog.objects.filter(event__startswith="mart.").exists()


def test_export_has_the_import_columns_and_reimports_unchanged(managed, coop, manager):
    make(coop, manager, barcodes=["8992761111113"], units=[("dus", "40")], category_name="Makanan")
    response = managed.get(reverse("mart:product_export", args=[coop.slug]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if r and r[0] == "SKU")
    data = rows[rows.index(header) + 1]
    assert data[:4] == ["MIE-01", "Mie Goreng", "8992761111113", "Makanan"] and data[11] == "dus=40"
    file = io.BytesIO(response.content)
    file.name = "produk.xlsx"
    preview = managed.post(reverse("mart:product_import", args=[coop.slug]), {"file": file})
    assert preview.status_code == 200 and preview.context["preview"].updated == 1


def test_labels_pdf(managed, coop, manager):
    product = make(coop, manager, barcodes=["8992761111113"])
    own = make(coop, manager, sku="K2", name="Keripik", barcodes=["KRP001"])
    url = reverse("mart:product_labels", args=[coop.slug])
    for kind in ("shelf", "stickers"):
        response = managed.get(url, {"kind": kind, "copies": "2", "produk": [product.pk, own.pk]})
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    assert managed.get(url, {"kind": "shelf", "copies": "1"}).status_code == 200  # nothing chosen: the page again


def test_the_search_answers_htmx_with_the_results_only(managed, coop, manager):
    make(coop, manager, barcodes=["8992761111113"])
    response = managed.get(reverse("mart:product_list", args=[coop.slug]), {"q": "mie"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith('<div id="product-results">')
    assert "Mie Goreng" in body
