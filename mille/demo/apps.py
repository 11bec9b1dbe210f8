from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data and the national benchmark's seeds: the one app that may import every other."""

    name = "mille.demo"
    label = "demo"
    verbose_name = "Démonstration et jeux d'essai"
