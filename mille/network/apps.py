from django.apps import AppConfig


class NetworkConfig(AppConfig):
    """The network's life: gatherings, the départemental level, the newsletter, the survey."""

    name = "mille.network"
    label = "network"
    verbose_name = "Vie du réseau"
