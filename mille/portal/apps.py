from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The pages that compose several apps (home page, personal dashboard): above every domain app."""

    name = "mille.portal"
    label = "portal"
    verbose_name = "Accueil et espace personnel"
