"""Belanja Bareng pages of the coordinator."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
