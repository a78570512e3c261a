"""Pages of the network's Koperasi Mart standard (simpul/mart/network/views.py; the coordinator's management view
adds its pages through simpul/mart/reports/urls.py), and the staples exchanged between member marts
(exchange_views.py)."""

from django.urls import URLPattern

from simpul.mart.network import exchange_views, views

urlpatterns: list[URLPattern] = views.urlpatterns + exchange_views.urlpatterns
