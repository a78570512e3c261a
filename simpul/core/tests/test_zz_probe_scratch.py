import pytest
from django.test import Client
from simpul.coops.models import RoleKind, NetworkMembership, MembershipStatus
from simpul.coops.tests.factories import *

pytestmark = pytest.mark.django_db

def probe(client, method, url, data=None, **kw):
    try:
        r = getattr(client, method)(url, data or {}, **kw)
        return r.status_code
    except Exception as e:
        return f"EXC {type(e).__name__}: {str(e)[:100]}"

def test_probe():
    coop = CooperativeFactory()
    office = OfficeFactory()
    net = NetworkFactory()
    m = MembershipFactory(network=net, cooperative=coop, status=MembershipStatus.INVITED)
    sup = SupplierFactory()
    results = {}
    for kind, org in [(RoleKind.MANAGER, coop), (RoleKind.DINAS, office), (RoleKind.COORDINATOR, net), (RoleKind.SUPPLIER, sup)]:
        c = Client(raise_request_exception=True)
        u = person_with_role(kind, org)
        if kind == RoleKind.DINAS:
            grant(u, RoleKind.DINAS, OfficeFactory(region=None, kind="ministry"))
        c.force_login(u)
        N = "\x00"
        for method, url, data in [
            ("get", f"/undangan/ab{N}c/", None),
            ("get", f"/dinas/32.73.{N}/", None),
            ("get", f"/dinas/3{N}2/", None),
            ("get", f"/dinas/32..73/", None),
            ("get", f"/dinas/32.73/?halaman=99999999999999999999999", None),
            ("get", f"/dinas/32.73/jejak-audit/?halaman=-1", None),
            ("get", f"/koperasi/?cari=a{N}b", None),
            ("get", f"/koperasi/?wilayah=32{N}", None),
            ("get", f"/koperasi/?halaman=0", None),
            ("get", f"/wilayah/cari/?q=ba{N}ndung", None),
            ("get", f"/wilayah/cari/?q=bandung&within=32{N}", None),
            ("get", f"/wilayah/cari/?q=bandung&level=99999999999999999999999", None),
            ("get", f"/jaringan/{net.slug}/cari-koperasi/?q=ko{N}p", None),
            ("post", f"/jaringan/{net.slug}/undang/", {"cooperative": f"a{N}"}),
            ("get", f"/jaringan/{net.slug}/?halaman=abc&status={N}", None),
            ("get", f"/jaringan/{net.slug}/anggota/99999999999999999999999/kerja-sama/baru/", None),
            ("get", f"/kerja-sama/99999999999999999999999/dokumen/", None),
            ("post", f"/k/{coop.slug}/jaringan/{m.pk}/tolak/", {"note": f"x{N}y"}),
            ("post", f"/k/{coop.slug}/outlet/baru/", {"name": "A", "kind": "mart", "village": f"32{N}"}),
            ("post", f"/k/{coop.slug}/profil/", {"name": "A"}),
            ("get", f"/k/{coop.slug}/outlet/99999999999999999999999/", None),
            ("get", f"/k/{coop.slug}/jejak-audit/?halaman=abc", None),
            ("post", f"/peran/", {"role": f"{N}"}),
            ("post", f"/akun/token/99999999999999999999999/cabut/", None),
            ("post", f"/pemasok/ubah/", {"add_region": f"32{N}", "nib": "1"}),
            ("post", f"/k/{coop.slug}/undangan/", {"full_name": "X", "kind": "kasir", "phone": f"08{N}"}),
            ("post", f"/k/{coop.slug}/undangan/99999999999999999999999/batal/", None),
            ("post", "/dinas/32.73/koperasi/baru/", {"name": "x", "type": "ksu", "village": f"32.73.01.1002{N}", "fiscal_year_start_month": "1"}),
            ("get", f"/sandi/atur/a{N}/b/", None),
            ("post", "/masuk/", {"username": f"a{N}", "password": "x"}),
            ("post", "/sandi/lupa/", {"email": f"a{N}@x.id"}),
        ]:
            s = probe(c, method, url, data)
            if not isinstance(s, int) or s >= 500:
                results[(kind, method, url)] = s
    for k, v in results.items():
        print(k, v)
    assert not results
