"""The RAT pages (simpul/rat/views/)."""

from simpul.rat.views import cooperative, dinas, member

app_name = "rat"

urlpatterns = [*cooperative.urlpatterns, *dinas.urlpatterns, *member.urlpatterns]
