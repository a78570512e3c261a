from django.urls import path

from simpul.coops.views import roles, stubs

app_name = "coops"

urlpatterns = [
    path("koperasi/", stubs.todo, name="directory"),
    path("peran/", roles.switch_role, name="switch_role"),
    path("k/<slug:slug>/", stubs.todo, name="dashboard"),
    path("anggota/", stubs.todo, name="member_home"),
    path("jaringan/<slug:slug>/", stubs.todo, name="network_home"),
    path("dinas/<str:region_code>/", stubs.todo, name="dinas_home"),
    path("pemasok/", stubs.todo, name="supplier_home"),
]
