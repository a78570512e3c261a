"""The potential map's pages (simpul/potential/views/)."""

from simpul.potential.views import dinas, operator, public

app_name = "potential"

urlpatterns = [*operator.urlpatterns, *dinas.urlpatterns, *public.urlpatterns]
