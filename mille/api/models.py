"""Personal API tokens. Only a keyed hash of the token is stored (HMAC-SHA256 with SECRET_KEY):
the token itself is shown once, when it is created, and a stolen database gives none back."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    GROUPS_READ = "groups:read", _("Lire les groupes que vous coordonnez")
    INVENTORY_READ = "inventory:read", _("Lire l'état des lieux de vos groupes")
    ACTIONS_READ = "actions:read", _("Lire les actions de vos groupes")


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_api_tokens"
    )
    name = models.CharField(_("nom"), max_length=80)
    # The first characters of the token, to recognise it in the list (not enough to guess it).
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def scope_labels(self) -> list[str]:
        return [str(Scope(scope).label) for scope in self.scopes if scope in Scope.values]
