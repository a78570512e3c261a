"""Pages of the mart's sales."""

from simpul.mart.sales.views import urlpatterns

__all__ = ["urlpatterns"]
