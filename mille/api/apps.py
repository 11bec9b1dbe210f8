from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The public API (/api/v1/, django-ninja) and its personal tokens: reads every domain app
    through its selectors, and nothing below imports it."""

    name = "mille.api"
    label = "api"
    verbose_name = "API publique"
