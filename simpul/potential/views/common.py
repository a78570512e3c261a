"""What the Dinas and the public map pages share: the region a URL names, and the layers' GeoJSON answers."""

from typing import Any

from django.http import HttpRequest, JsonResponse

from simpul.core.exceptions import NotFoundError
from simpul.potential.layers import LAYERS, LayerScope
from simpul.potential.layers.choropleth import CHOROPLETHS
from simpul.potential.layers.regions import base_layer


def layer_json(scope: LayerScope, key: str) -> JsonResponse:
    layer = LAYERS.get(key)
    if layer is None or (scope.public and not layer.public):
        raise NotFoundError.plain()
    return JsonResponse(layer.build(scope))


def regions_json(request: HttpRequest, scope: LayerScope) -> JsonResponse:
    return JsonResponse(base_layer(scope, str(request.GET.get("nilai", ""))[:40]))


def map_config(scope: LayerScope, *, layer_url: str, regions_url: str, region_url: str) -> dict[str, Any]:
    """What map.js needs: where to fetch each layer, their labels and colours, the choropleths to choose from."""
    return {
        "regions": regions_url,
        "regionUrl": region_url,
        "layers": [
            {
                "key": layer.key,
                "label": str(layer.label),
                "color": layer.color,
                "url": layer_url.replace("__", layer.key),
            }
            for layer in LAYERS.values()
            if layer.public or not scope.public
        ],
        "choropleths": [{"key": c.key, "label": str(c.label)} for c in CHOROPLETHS.values()],
    }
