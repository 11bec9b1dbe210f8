from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PurgeRun(models.Model):
    """One run of the retention purge: when, and how many records of each kind were erased or
    anonymised (counts only)."""

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("passage de la purge")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"
