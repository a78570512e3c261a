"""The map's layers: each module builds one GeoJSON FeatureCollection for a region; a new layer is one module and one
line in LAYERS. Choropleths (a value per child region drawn on its boundary) are registered in choropleth.py."""

from simpul.potential.layers import commodities, cooperatives, needs, producers
from simpul.potential.layers.base import Layer, LayerScope

LAYERS: dict[str, Layer] = {
    layer.key: layer for layer in (cooperatives.LAYER, producers.LAYER, commodities.LAYER, needs.LAYER)
}

__all__ = ["LAYERS", "Layer", "LayerScope"]
