from django.urls import path

from simpul.coops.views import stubs

urlpatterns = [path("k/<slug:slug>/", stubs.todo, name="dashboard")]
