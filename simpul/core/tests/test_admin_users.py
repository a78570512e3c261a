"""Users added or changed in the platform admin follow the same contact rules as every other path: the phone
number stored as +62…, phone and e-mail unique whatever their spelling."""

import pytest
from django.test import Client

from simpul.core.models import User

pytestmark = pytest.mark.django_db

ADD = "/admin-platform/core/user/add/"
PASSWORD = "kata-sandi-yang-panjang-91"


@pytest.fixture
def admin_client():
    admin = User.objects.create_superuser("admin@simpul.id", "rahasia-admin-123", full_name="Admin")
    client = Client()
    client.force_login(admin)
    return client


def add(client, **fields):
    data = {"full_name": "Budi", "email": "", "phone": "", "password1": PASSWORD, "password2": PASSWORD}
    data |= {"usable_password": "true"} | fields
    return client.post(ADD, data)


def errors(response) -> str:
    assert response.status_code == 200  # the admin re-renders the form with its errors
    return str(response.context["adminform"].form.errors)


def test_a_phone_number_is_stored_as_plus_62(admin_client):
    response = add(admin_client, phone="0812-3456-7890", email="Budi@Contoh.ID")
    assert response.status_code == 302, errors(response)
    user = User.objects.get(full_name="Budi")
    assert user.phone == "+6281234567890" and user.email == "budi@contoh.id"


def test_a_bad_phone_number_is_refused(admin_client):
    assert "bukan nomor telepon" in errors(add(admin_client, phone="12"))
    assert not User.objects.filter(full_name="Budi").exists()


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"phone": "+6281234567890"}, "nomor telepon ini"),
        ({"phone": "6281234567890"}, "nomor telepon ini"),
        ({"email": "SITI@contoh.id"}, "alamat e-mail ini"),
    ],
)
def test_another_spelling_of_a_used_contact_is_refused(admin_client, fields, words):
    User.objects.create_user("siti@contoh.id", PASSWORD, phone="+6281234567890", full_name="Siti")
    assert words in errors(add(admin_client, **fields))
    assert not User.objects.filter(full_name="Budi").exists()


def test_a_user_needs_a_phone_or_an_e_mail(admin_client):
    assert "nomor telepon atau alamat e-mail" in errors(add(admin_client))


def test_the_change_form_follows_the_same_rules(admin_client):
    User.objects.create_user("siti@contoh.id", PASSWORD, phone="+6281234567890", full_name="Siti")
    budi = User.objects.create_user("budi@contoh.id", PASSWORD, full_name="Budi")
    url = f"/admin-platform/core/user/{budi.pk}/change/"
    page = {"full_name": "Budi", "email": "budi@contoh.id", "is_active": "on", "date_joined_0": "2026-01-01"}
    page |= {"date_joined_1": "08:00:00"}
    assert "nomor telepon ini" in errors(admin_client.post(url, {**page, "phone": "0812 3456 7890"}))
    response = admin_client.post(url, {**page, "phone": "0813 1111 2222"})
    assert response.status_code == 302, errors(response)
    budi.refresh_from_db()
    assert budi.phone == "+6281311112222"
    # Saving the unchanged contact of the same account is not a clash with itself.
    assert admin_client.post(url, {**page, "phone": "+6281311112222"}).status_code == 302
