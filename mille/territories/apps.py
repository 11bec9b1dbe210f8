from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "mille.territories"
    label = "territories"
