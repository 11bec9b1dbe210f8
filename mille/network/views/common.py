"""Helpers shared by the network's views."""

import segno
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from mille.core.ratelimit import Limit, client_network, take

# Public forms write for people without an account: a generous ceiling per network (an IPv4
# address or an IPv6 /64), so that a facilitator registering a room of parents from one school's
# router is not stopped.
PUBLIC_FORM_LIMIT = Limit("network-public-form", attempts=40, window=600)


def too_many(request: HttpRequest) -> bool:
    """True (with a message) when this network sent too many public forms lately; else counts it."""
    if retry := take([(PUBLIC_FORM_LIMIT, client_network(request))]):
        messages.error(
            request,
            _("Trop d'envois depuis cette connexion. Réessayez dans %(minutes)d minutes.")
            % {"minutes": max(retry // 60, 1)},
        )
        return True
    return False


def qr_data_uri(url: str, scale: int = 5) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=scale, border=2)
