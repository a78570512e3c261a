from django.urls import path

from simpul.coops.views import stubs

urlpatterns = [path("jaringan/<slug:slug>/", stubs.todo, name="network_home")]
