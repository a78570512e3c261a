from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "simpul.members"
    label = "members"
