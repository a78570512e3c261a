from django.apps import AppConfig


class CoopsConfig(AppConfig):
    name = "simpul.coops"
    label = "coops"
