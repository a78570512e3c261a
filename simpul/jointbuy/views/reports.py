"""Belanja Bareng reports: per round for the coordinator and each member cooperative, and the network's price
history across rounds beside the HET. Pages, PDF and Excel."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
