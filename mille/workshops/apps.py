from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "mille.workshops"
    label = "workshops"
    verbose_name = _("ateliers entre pairs")
