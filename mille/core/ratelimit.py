"""Failure counters in the shared cache (fixed windows), for where guessing is the threat
(workshop join codes, recovery codes), and action counters for what must not be repeated too
fast (creating groups, asking to join, writing to a guide).

Guessing is counted per device *and* per network: a whole room behind one school router shares
an address, so one person's typos must not lock the room out (the device limit stops them), while
someone who drops cookies to keep guessing is stopped by the network's, much higher, limit.
A network is an IPv4 address or an IPv6 /64 (what one home or school receives).
"""

import datetime
import ipaddress
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext

DEVICE_COOKIE = "mille_device"


@dataclass(frozen=True)
class Limit:
    name: str
    attempts: int
    window: int  # seconds


def client_address(request: HttpRequest) -> str:
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def client_network(request: HttpRequest) -> str:
    """The IPv4 address, or the IPv6 /64 network, the request comes from."""
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def device_id(request: HttpRequest) -> str:
    """This browser's random identifier (see `remember_device`), or its network if it has none."""
    raw = request.COOKIES.get(DEVICE_COOKIE, "")
    if raw.isascii() and raw.isalnum() and 16 <= len(raw) <= 64:
        return raw
    return "net:" + client_network(request)


def remember_device(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Give the browser an identifier of its own, if it has none (only for counting failures)."""
    if DEVICE_COOKIE not in request.COOKIES:
        response.set_cookie(
            DEVICE_COOKIE,
            secrets.token_hex(16),
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def _key(limit: Limit, scope: str, now: float) -> tuple[str, int]:
    window_start = int(now // limit.window) * limit.window
    return f"rl:{limit.name}:{scope}:{window_start}", window_start + limit.window


def blocked_for(limit: Limit, scope: str) -> int:
    """Seconds until `scope` (a device, a network, a code) may try again; 0 when it may now."""
    now = time.time()
    key, window_end = _key(limit, scope, now)
    if (cache.get(key) or 0) >= limit.attempts:
        return max(int(window_end - now) + 1, 1)
    return 0


def record(limit: Limit, scope: str) -> None:
    """Count one more failure (or one more action) for `scope` in the current window."""
    now = time.time()
    key, window_end = _key(limit, scope, now)
    if cache.add(key, 1, timeout=int(window_end - now) + 1):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=int(window_end - now) + 1)


def blocked_any(checks: list[tuple[Limit, str]]) -> int:
    """The longest wait among several limits."""
    return max((blocked_for(limit, scope) for limit, scope in checks), default=0)


def record_all(checks: list[tuple[Limit, str]]) -> None:
    for limit, scope in checks:
        record(limit, scope)


def take(checks: list[tuple[Limit, str]]) -> int:
    """Count one action against each limit, unless one is already reached: then nothing is
    counted and the seconds to wait are returned (0 when the action may go ahead)."""
    if wait := blocked_any(checks):
        return wait
    record_all(checks)
    return 0


def too_many(request: HttpRequest, retry_after: int) -> HttpResponse:
    """A 429 page saying, in minutes, when to come back. Nothing the person sent is kept, so
    the page says so and offers to go back to their text."""
    minutes = max(1, (retry_after + 59) // 60)
    message = ngettext(
        "Vous avez fait cela beaucoup de fois en peu de temps. Réessayez dans %(minutes)d minute.",
        "Vous avez fait cela beaucoup de fois en peu de temps. Réessayez dans %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


@dataclass(frozen=True)
class Quota:
    """At most ``count`` records in ``within``, counted in the database (so it holds across
    servers and restarts): for what a person writes (groups, requests, texts to review)."""

    count: int
    within: datetime.timedelta


def over_quota(queryset, *quotas: Quota, field: str = "created_at") -> bool:
    """Whether a person's recent records (``queryset``) already reach one of the quotas."""
    now = timezone.now()
    return any(
        queryset.filter(**{f"{field}__gte": now - quota.within}).count() >= quota.count
        for quota in quotas
    )
