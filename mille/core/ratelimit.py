"""Failure counters per client address, in the shared cache (fixed windows).

Used where guessing is the threat (workshop join codes, recovery codes): only failed attempts count,
so a room full of people behind one school router is not blocked by its own successful joins.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


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


def _key(limit: Limit, address: str, now: float) -> tuple[str, int]:
    window_start = int(now // limit.window) * limit.window
    return f"rl:{limit.name}:{address}:{window_start}", window_start + limit.window


def blocked_for(request: HttpRequest, limit: Limit) -> int:
    """Seconds until the address may try again; 0 when it may try now."""
    now = time.time()
    key, window_end = _key(limit, client_address(request), now)
    if (cache.get(key) or 0) >= limit.attempts:
        return max(int(window_end - now) + 1, 1)
    return 0


def record_failure(request: HttpRequest, limit: Limit) -> None:
    now = time.time()
    key, window_end = _key(limit, client_address(request), now)
    if cache.add(key, 1, timeout=int(window_end - now) + 1):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=int(window_end - now) + 1)
