"""Pages of the mart's point of sale: the till and its service worker."""

from simpul.mart.pos.views import urlpatterns

__all__ = ["urlpatterns"]
