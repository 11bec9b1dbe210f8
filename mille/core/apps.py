from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mille.core"
    label = "core"
