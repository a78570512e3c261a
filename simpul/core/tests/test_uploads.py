"""Request bodies past the size limits are refused with 413 before they are read (simpul/core/uploads.py).

The test client's body is a FakePayload that fails on any read past the bytes it holds: a request that declares
50 MB and holds 100 bytes proves that nothing tried to read the declared body. A real gunicorn shows the same on
a socket: the answer comes while the client has sent a fraction of what it announced.
"""

import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from simpul.coops.tests.factories import CooperativeFactory, RoleKind, person_with_role
from simpul.members.models import MemberImport
from simpul.members.tests.test_import import csv_bytes, rows

FIFTY_MB = str(50 * 1024 * 1024)
MULTIPART = "multipart/form-data; boundary=BATAS"


def multipart(field: str, name: str, content: bytes) -> bytes:
    return (
        b"--BATAS\r\n"
        + f'Content-Disposition: form-data; name="{field}"; filename="{name}"\r\n'.encode()
        + b"Content-Type: application/octet-stream\r\n\r\n"
        + content
        + b"\r\n--BATAS--\r\n"
    )


UPLOAD_URLS = [
    "/k/koperasi-mana-saja/anggota/impor/",  # member import (page)
    "/k/koperasi-mana-saja/buku/jurnal/baru/",  # journal entry with its attachment (page)
    "/api/v1/cooperatives/koperasi-mana-saja/member-imports",
    "/api/v1/networks/jaringan-mana-saja/partnerships/1/document",
    "/tidak-ada/",  # any address at all: the limit holds before routing
]


@pytest.mark.parametrize("url", UPLOAD_URLS)
def test_a_declared_size_past_the_limit_is_refused_before_the_body_is_read(client, url):
    response = client.generic(
        "POST", url, multipart("file", "besar.xlsx", b"x" * 100), content_type=MULTIPART, CONTENT_LENGTH=FIFTY_MB
    )
    assert response.status_code == 413
    message = "Unggahan terlalu besar: paling banyak 5 MB dapat dikirim sekaligus. Kirim berkas yang lebih kecil."
    if url.startswith("/api/"):
        assert response.json() == {
            "code": "too_large",
            "message": message,
            "detail": {"max_bytes": settings.UPLOAD_MAX_BYTES},
        }
    else:
        body = response.content.decode()
        assert 'data-testid="error-413"' in body and message in body
        # The refusal is a page like any other: framing forbidden, the CSP sent.
        assert response["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_other_bodies_have_their_own_limit(client):
    response = client.generic(
        "POST", "/api/v1/cooperatives/x/members", b"{}", content_type="application/json", CONTENT_LENGTH=FIFTY_MB
    )
    assert response.status_code == 413 and "paling banyak 10 MB" in response.json()["message"]


@pytest.mark.django_db
def test_a_file_within_the_limit_goes_through(client):
    cooperative = CooperativeFactory.create()
    client.force_login(person_with_role(RoleKind.MANAGER, cooperative))
    url = reverse("members:import", args=[cooperative.slug])
    response = client.generic("POST", url, multipart("file", "anggota.csv", csv_bytes(rows())), content_type=MULTIPART)
    assert response.status_code == 302 and MemberImport.objects.count() == 1


class CountingStream(io.BytesIO):
    """A wsgi.input that remembers how much was read from it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.taken = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.taken += len(chunk)
        return chunk


@pytest.mark.django_db
def test_a_chunked_body_is_counted_and_refused_once_past_the_limit(client):
    body = multipart("file", "besar.csv", b"x" * (8 * 1024 * 1024))
    stream = CountingStream(body)
    response = client.generic(
        "POST",
        "/api/v1/cooperatives/x/member-imports",
        b"",
        content_type=MULTIPART,
        CONTENT_TYPE=MULTIPART,  # the client sets it only with a body of its own
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": stream},
    )
    assert response.status_code == 413
    assert stream.taken <= settings.UPLOAD_MAX_BYTES + 64 * 1024 < len(body)


@pytest.mark.django_db
def test_a_chunked_body_within_the_limit_is_read_as_usual(client):
    cooperative = CooperativeFactory.create()
    client.force_login(person_with_role(RoleKind.MANAGER, cooperative))
    body = multipart("file", "anggota.csv", csv_bytes(rows()))
    response = client.generic(
        "POST",
        reverse("members:import", args=[cooperative.slug]),
        b"",
        content_type=MULTIPART,
        CONTENT_TYPE=MULTIPART,  # the client sets it only with a body of its own
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": CountingStream(body)},
    )
    assert response.status_code == 302 and MemberImport.objects.get().rows_total == 3


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_answers_413_while_the_body_is_still_on_its_way(tmp_path: Path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env.update({"SIMPUL_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "simpul.settings"})
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "simpul.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _attempt in range(100):
            try:
                connection = socket.create_connection(("127.0.0.1", port), timeout=30)
                break
            except ConnectionRefusedError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        with connection:
            connection.sendall(
                b"POST /api/v1/cooperatives/x/member-imports HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: " + MULTIPART.encode() + b"\r\nContent-Length: " + FIFTY_MB.encode() + b"\r\n\r\n"
                + multipart("file", "besar.xlsx", b"x" * 1024)
            )  # fmt: skip
            # 1 KB of the announced 50 MB is sent; the answer must come without the rest.
            received = b""
            while chunk := connection.recv(65536):  # gunicorn closes the connection after its answer
                received += chunk
            answer = received.decode(errors="replace")
        assert answer.startswith("HTTP/1.1 413"), answer[:200]
        assert '"code":"too_large"' in answer.replace(" ", "")
    finally:
        server.terminate()
        server.wait(timeout=10)
