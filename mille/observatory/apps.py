from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    """The network's figures (national and per département) and its open data: reads every
    domain app through its selectors, and nothing below imports it."""

    name = "mille.observatory"
    label = "observatory"
    verbose_name = "Observatoire et données ouvertes"
