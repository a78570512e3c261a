"""Cooperatives as points. A cooperative has no coordinates of its own: it is drawn at its village's centre."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from simpul.coops.models import Cooperative, CooperativeStatus
from simpul.potential.layers.base import MAX_POINTS, Layer, LayerScope, collection, in_region, point


def build(scope: LayerScope) -> dict[str, Any]:
    cooperatives = (
        Cooperative.objects.filter(in_region(scope))
        .exclude(status=CooperativeStatus.DISSOLVED)
        .select_related("village")
        .order_by("search_name", "id")
    )
    total = cooperatives.count()
    features = [
        point(
            c.village,
            {
                "name": c.name,
                "detail": f"{c.get_type_display()} · {c.village.name}",
                "url": reverse("coops:cooperative_profile", kwargs={"slug": c.slug}),
            },
        )
        for c in cooperatives[:MAX_POINTS]
    ]
    return collection(features, total=total)


LAYER = Layer(key="cooperatives", label=_("Cooperatives"), build=build, color="#1d4ed8")
