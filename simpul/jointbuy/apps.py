from django.apps import AppConfig


class JointbuyConfig(AppConfig):
    name = "simpul.jointbuy"
    label = "jointbuy"
    verbose_name = "Belanja Bareng"
