from django.urls import path

from simpul.regions import views

app_name = "regions"

urlpatterns = [
    path("cari/", views.picker_search, name="picker_search"),
]
