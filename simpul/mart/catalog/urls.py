"""Pages of the mart's catalog (simpul/mart/catalog/views.py)."""

from django.urls import URLPattern

from simpul.mart.catalog import views

urlpatterns: list[URLPattern] = views.urlpatterns
