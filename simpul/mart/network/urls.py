"""Pages of the network's Koperasi Mart standard (simpul/mart/network/views.py; the coordinator's management view
adds its pages through simpul/mart/reports/urls.py)."""

from django.urls import URLPattern

from simpul.mart.network import views

urlpatterns: list[URLPattern] = views.urlpatterns
