"""The needs' pages (simpul/needs/views/)."""

from django.urls import path

from simpul.needs.views import common, cooperative, dinas, others

app_name = "needs"

urlpatterns = [
    *cooperative.urlpatterns,
    *dinas.urlpatterns,
    *others.urlpatterns,
    path("kebutuhan/foto/<int:need_id>/", common.need_photo, name="need_photo"),
]
