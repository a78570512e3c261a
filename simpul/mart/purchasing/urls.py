"""Pages of the mart's purchasing (simpul/mart/purchasing/views.py)."""

from django.urls import URLPattern

from simpul.mart.purchasing import views

urlpatterns: list[URLPattern] = views.urlpatterns
