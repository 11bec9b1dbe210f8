from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "mille.inventory"
    label = "inventory"
    verbose_name = _("état des lieux du territoire")
