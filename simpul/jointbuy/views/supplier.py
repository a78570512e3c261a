"""Belanja Bareng pages of the supplier."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
