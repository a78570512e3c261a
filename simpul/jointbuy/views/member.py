"""Belanja Bareng pages of the member."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
