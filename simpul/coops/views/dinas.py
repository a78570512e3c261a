from django.urls import path

from simpul.coops.views import stubs

urlpatterns = [path("dinas/<str:region_code>/", stubs.todo, name="dinas_home")]
