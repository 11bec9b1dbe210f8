from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """A person's rights over their data, across every app (GDPR art. 15, 17, 20), and the
    retention of what is kept: above the domain apps, which each say what they hold."""

    name = "mille.privacy"
    label = "privacy"
    verbose_name = "Données personnelles"
