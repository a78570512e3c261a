from django.urls import path

from simpul.coops.views import stubs

urlpatterns = [path("koperasi/", stubs.todo, name="directory")]
