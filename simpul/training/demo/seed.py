"""Training and mentoring in the demo, through the services only, dated relative to the day it is seeded:
- the Bandung Dinas's bookkeeping course for managers: two sessions past, three people of the demo cooperative and
  one of the partner enrolled, attendance taken; two attended both sessions and hold a certificate;
- the network's course for small producers, in a week, online, with one person enrolled;
- two mentoring visits by the Bandung officer to the demo cooperative: one recommendation done, one in progress,
  one past its deadline (overdue).

Idempotent: nothing is written when the Bandung office already has a course."""

import datetime as dt
from collections import Counter
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation

from simpul.coops.demo.logins import demo_login_user
from simpul.coops.demo.plan import DEMO_COOPERATIVE_SLUG, NETWORK_SLUG, PARTNER_COOPERATIVE_SLUG
from simpul.coops.models import Cooperative, Network, Role, RoleKind
from simpul.training.models import Course, Enrolment
from simpul.training.services import (
    attendance_record,
    course_create,
    course_publish,
    enrolment_create,
    material_add,
    recommendation_add,
    recommendation_follow_up,
    session_add,
    visit_create,
)


def demo_training_seed(*, cooperatives: dict[str, Cooperative], created: Counter[str], **_: Any) -> None:
    demo = cooperatives.get(DEMO_COOPERATIVE_SLUG)
    if demo is None:
        return
    officer = demo_login_user("dinas_bandung")
    role = Role.objects.select_related("office").get(user=officer, kind=RoleKind.DINAS)
    office = role.office
    if office is None or Course.objects.filter(office=office).exists():
        return  # a second run creates nothing
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        _seed(demo, cooperatives.get(PARTNER_COOPERATIVE_SLUG), office, officer, created)


def _seed(demo: Cooperative, partner: Cooperative | None, office: Any, officer: Any, created: Counter[str]) -> None:
    today = demo.today()
    manager = demo_login_user("manager")
    course = course_create(
        actor=officer,
        office=office,
        data={
            "title": "Pembukuan Koperasi untuk Pengurus",
            "description": "Jurnal, buku besar dan laporan keuangan sederhana sesuai SAK EP.",
            "audience": "managers",
            "capacity": "20",
        },
    )
    first = session_add(
        course=course,
        actor=officer,
        data={
            "date": today - dt.timedelta(days=14),
            "starts_at": "09:00",
            "ends_at": "12:00",
            "place": "Aula Dinas Koperasi Kota Bandung",
        },
    )
    second = session_add(
        course=course,
        actor=officer,
        data={
            "date": today - dt.timedelta(days=7),
            "starts_at": "09:00",
            "ends_at": "12:00",
            "place": "Aula Dinas Koperasi Kota Bandung",
        },
    )
    material_add(course=course, actor=officer, title="Modul pembukuan (SAK EP)", link="https://sak.iaiglobal.or.id/")
    course_publish(course=course, actor=officer)
    people = [
        (demo, "Dewi Lestari", "081200001101", "managers"),
        (demo, "Asep Sunandar", "081200001102", "supervisors"),
        (demo, "Rina Marlina", "081200001103", "cashiers"),
    ]
    if partner is not None:
        people.append((partner, "Ujang Hermawan", "081200001104", "managers"))
    enrolments: list[Enrolment] = []
    for cooperative, name, phone, position in people:
        enrolments.append(
            enrolment_create(
                cooperative=cooperative,
                course=course,
                actor=manager,
                data={"full_name": name, "phone": phone, "position": position},
            )
        )
    attendance_record(course=course, session_id=first.pk, actor=officer, present_ids=[e.pk for e in enrolments])
    attendance_record(
        course=course, session_id=second.pk, actor=officer, present_ids=[enrolments[0].pk, enrolments[1].pk]
    )
    created["training courses"] += 1
    created["training enrolments"] += len(enrolments)

    network = Network.objects.filter(slug=NETWORK_SLUG).first()
    if network is not None:
        coordinator = demo_login_user("coordinator")
        producers = course_create(
            actor=coordinator,
            network=network,
            data={
                "title": "Foto Produk dan Jualan Daring untuk UMKM",
                "description": "Memotret produk dengan ponsel dan menulis deskripsi untuk katalog jaringan.",
                "audience": "producers",
                "capacity": "15",
            },
        )
        session_add(
            course=producers,
            actor=coordinator,
            data={
                "date": today + dt.timedelta(days=7),
                "starts_at": "13:00",
                "ends_at": "15:00",
                "link": "https://meet.jit.si/simpul-umkm-foto-produk",
            },
        )
        course_publish(course=producers, actor=coordinator)
        enrolment_create(
            cooperative=demo,
            course=producers,
            actor=manager,
            data={"full_name": "Siti Aminah", "phone": "081200001105", "position": "producers"},
        )
        created["training courses"] += 1

    earlier = visit_create(
        office=office,
        actor=officer,
        cooperative=demo,
        data={
            "date": today - dt.timedelta(days=40),
            "findings": "Buku kas belum direkonsiliasi dengan bank; stok gudang belum dihitung sejak triwulan lalu.",
        },
    )
    done = recommendation_add(
        visit=earlier,
        actor=officer,
        data={
            "text": "Rekonsiliasi kas dan bank setiap akhir bulan.",
            "owner": "Dewi Lestari (bendahara)",
            "deadline": today - dt.timedelta(days=25),
        },
    )
    recommendation_follow_up(
        recommendation=done, actor=manager, data={"status": "done", "note": "Rekonsiliasi Oktober selesai."}
    )
    recommendation_add(
        visit=earlier,
        actor=officer,
        data={
            "text": "Lakukan stok opname gudang dan catat selisihnya.",
            "owner": "Asep Sunandar (pengawas)",
            "deadline": today - dt.timedelta(days=5),
        },
    )
    later = visit_create(
        office=office,
        actor=officer,
        cooperative=demo,
        data={
            "date": today - dt.timedelta(days=3),
            "findings": "Simpanan wajib 12 anggota tertunggak lebih dari tiga bulan.",
        },
    )
    follow = recommendation_add(
        visit=later,
        actor=officer,
        data={
            "text": "Hubungi anggota yang menunggak dan susun jadwal cicilan.",
            "owner": "Dewi Lestari (bendahara)",
            "deadline": today + dt.timedelta(days=14),
        },
    )
    recommendation_follow_up(
        recommendation=follow, actor=manager, data={"status": "in_progress", "note": "5 anggota sudah dihubungi."}
    )
    created["mentoring visits"] += 2
