"""Pages of the mart's stock (simpul/mart/stock/views.py)."""

from django.urls import URLPattern

from simpul.mart.stock import views

urlpatterns: list[URLPattern] = views.urlpatterns
