from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class RegionsConfig(AppConfig):
    name = "simpul.regions"
    label = "regions"
    verbose_name = gettext_lazy("Regions")
