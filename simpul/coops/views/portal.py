from django.urls import path

from simpul.coops.views import stubs

urlpatterns = [path("anggota/", stubs.todo, name="member_home"), path("pemasok/", stubs.todo, name="supplier_home")]
