"""Versioned cache for public aggregate data (directory counts, map).

Writers bump a namespace's version after commit; readers key their entries by the current version,
so every server process sees fresh data as soon as the shared cache does.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
TIMEOUT = 60 * 60


def _version_key(namespace: str) -> str:
    return f"v:{namespace}"


def namespace_version(namespace: str) -> int:
    version = cache.get(_version_key(namespace))
    if version is None:
        version = 1
        cache.add(_version_key(namespace), version, timeout=None)
    return version


def cached(namespace: str, key: str, compute: Callable[[], T], timeout: int = TIMEOUT) -> T:
    full_key = f"{namespace}:{namespace_version(namespace)}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value


def invalidate(namespace: str) -> None:
    """Bump the namespace's version once the current transaction commits."""

    def bump() -> None:
        try:
            cache.incr(_version_key(namespace))
        except ValueError:
            cache.set(_version_key(namespace), 2, timeout=None)

    transaction.on_commit(bump)
