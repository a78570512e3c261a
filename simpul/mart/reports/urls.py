"""Pages of the mart's reports, and the network coordinator's management view (its view lives in
simpul/mart/network/views_management.py; its URL is listed here so network/urls.py stays the network package's)."""

from django.urls import URLPattern

from simpul.mart.network import views_management
from simpul.mart.reports import views

urlpatterns: list[URLPattern] = views.urlpatterns + views_management.urlpatterns
