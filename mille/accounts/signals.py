"""A log-in cancels an inactive account's warning: the person is back."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from mille.accounts.models import User


@receiver(user_logged_in)
def back_again(sender, request, user, **kwargs) -> None:
    User.objects.filter(pk=user.pk, inactivity_warned_at__isnull=False).update(
        inactivity_warned_at=None
    )
