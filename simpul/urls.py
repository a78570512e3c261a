from django.contrib import admin
from django.urls import include, path

from simpul.api import api
from simpul.coops import urls as coops_urls
from simpul.coops.views import landing
from simpul.core import urls as core_urls
from simpul.members.home import views as cooperative_home

urlpatterns = [
    # The landing page and the role home read coops data but keep their names core:landing and core:home.
    path("", include(([*landing.urlpatterns, *core_urls.urlpatterns], core_urls.app_name))),
    # The cooperative's home (/k/<slug>/) is drawn in members from the members' and the books' figures, under the
    # name every page links to, "coops:dashboard".
    path("", include(([*cooperative_home.urlpatterns, *coops_urls.urlpatterns], coops_urls.app_name))),
    path("", include("simpul.ledger.urls")),
    path("", include("simpul.members.urls")),
    path("", include("simpul.mart.urls")),
    path("", include("simpul.jointbuy.urls")),
    path("", include("simpul.needs.urls")),
    path("", include("simpul.potential.urls")),
    path("", include("simpul.monitoring.urls")),
    path("", include("simpul.rat.urls")),
    path("", include("simpul.training.urls")),
    path("wilayah/", include("simpul.regions.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin-platform/", admin.site.urls),
]

handler400 = "simpul.core.views.error_400"
handler403 = "simpul.core.views.error_403"
handler404 = "simpul.core.views.error_404"
handler500 = "simpul.core.views.error_500"
