"""The monitoring pages (simpul/monitoring/views.py)."""

from simpul.monitoring.views import urlpatterns as view_patterns

app_name = "monitoring"

urlpatterns = [*view_patterns]
