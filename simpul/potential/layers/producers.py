"""Small producers (UMKM): the cooperatives' mart products that name a producer, one point per cooperative at its
village's centre. Product names and counts only: a producer is a person, so names stay off the map."""

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.coops.models import Cooperative
from simpul.mart.models import Product
from simpul.potential.layers.base import MAX_POINTS, Layer, LayerScope, collection, in_region, point

LISTED = 5  # product names shown in a popup


def build(scope: LayerScope) -> dict[str, Any]:
    products = (
        Product.objects.filter(is_active=True)
        .filter(Q(producer__isnull=False) | ~Q(producer_name=""))
        .filter(cooperative__in=Cooperative.objects.filter(in_region(scope)))
        .values_list("cooperative_id", "name")
        .order_by("cooperative_id", "name")
    )
    by_cooperative: dict[int, list[str]] = {}
    for cooperative_id, name in products[: MAX_POINTS * 20]:
        by_cooperative.setdefault(cooperative_id, []).append(name)
    cooperatives = Cooperative.objects.filter(pk__in=list(by_cooperative)[:MAX_POINTS]).select_related("village")
    features = []
    for c in cooperatives:
        names = by_cooperative[c.pk]
        features.append(
            point(
                c.village,
                {
                    "name": c.name,
                    "detail": _("%(count)s UMKM products: %(names)s")
                    % {"count": len(names), "names": ", ".join(names[:LISTED])},
                    "count": len(names),
                    "url": reverse("coops:cooperative_profile", kwargs={"slug": c.slug}),
                },
            )
        )
    return collection(features, total=len(by_cooperative))


LAYER = Layer(key="producers", label=gettext_lazy("Small producers (UMKM)"), build=build, color="#b45309")
