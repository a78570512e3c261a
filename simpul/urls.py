from django.contrib import admin
from django.urls import include, path

from simpul.api import api

urlpatterns = [
    path("", include("simpul.core.urls")),
    path("", include("simpul.coops.urls")),
    path("", include("simpul.ledger.urls")),
    path("", include("simpul.members.urls")),
    path("wilayah/", include("simpul.regions.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin-platform/", admin.site.urls),
]

handler400 = "simpul.core.views.error_400"
handler403 = "simpul.core.views.error_403"
handler404 = "simpul.core.views.error_404"
handler500 = "simpul.core.views.error_500"
