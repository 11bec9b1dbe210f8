"""Two-factor authentication required where an account sees the whole network."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from mille.accounts.rules import is_national_coordinator

_SESSION_KEY = "mille_mfa_checked"


class RequireMFAMiddleware:
    """A national coordinator without a second factor can only reach the account pages (where
    they set one up, or log out) until they have one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_set_up(request):
            target = reverse("mfa_activate_totp")
            messages.info(
                request,
                _(
                    "Votre compte voit tout le réseau : protégez-le par un second code. "
                    "Installez une application d'authentification sur votre téléphone, puis "
                    "entrez le code qu'elle affiche."
                ),
                fail_silently=True,
            )
            if getattr(request, "htmx", False):
                return HttpResponseClientRedirect(target)
            return redirect(target)
        return self.get_response(request)

    def _must_set_up(self, request: HttpRequest) -> bool:
        if not settings.MFA_REQUIRED_FOR_NATIONAL or not is_national_coordinator(request.user):
            return False
        if request.path.startswith(_open_prefixes()):
            return False
        # Once a second factor exists it stays (removing the last one is refused below), so a
        # positive answer is kept for the session rather than asked of the database each time.
        if request.session.get(_SESSION_KEY) == request.user.pk:
            return False
        if Authenticator.objects.filter(user=request.user).exists():
            request.session[_SESSION_KEY] = request.user.pk
            return False
        return True


def _open_prefixes() -> tuple[str, ...]:
    accounts = reverse("account_login").rsplit("login/", 1)[0]
    return tuple(
        prefix
        for prefix in (accounts, settings.STATIC_URL, settings.MEDIA_URL, "/favicon")
        if prefix
    )
