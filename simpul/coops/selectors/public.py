"""Reads over cooperatives, networks, offices and suppliers."""

from django.db.models import Count

from simpul.coops.models import Cooperative, CooperativeStatus, Network


def public_statistics() -> dict[str, int]:
    active = Cooperative.objects.filter(status=CooperativeStatus.ACTIVE)
    return {
        "cooperatives": active.count(),
        "regencies": active.values("regency_code").distinct().count(),
        "networks": Network.objects.aggregate(n=Count("id"))["n"],
    }
