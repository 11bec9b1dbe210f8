from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    """Partners, conventions, meetings, actions followed through, and the shared evaluation."""

    name = "mille.partnerships"
    label = "partnerships"
    verbose_name = "Partenariats"
