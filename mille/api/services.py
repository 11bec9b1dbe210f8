"""Writes of the API app: creating and revoking personal tokens."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from mille.api.models import ApiToken, Scope

TOKEN_PREFIX = "mille_"  # noqa: S105 (a marker, not a secret)
MAX_ACTIVE_TOKENS = 10


def token_digest(raw: str) -> str:
    """The keyed hash stored in place of the token."""
    key = f"mille.api.token:{settings.SECRET_KEY}".encode()
    return hmac.new(key, raw.encode("utf-8", "replace"), hashlib.sha256).hexdigest()


@transaction.atomic
def api_token_create(*, user, name: str, scopes: list[str]) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it and the raw token, shown once and never stored."""
    if not user.has_perm("api.add_token"):
        raise PermissionDenied
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise PermissionDenied
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:80],
        prefix=raw[: len(TOKEN_PREFIX) + 4],
        digest=token_digest(raw),
        scopes=sorted({scope for scope in scopes if scope in Scope.values}),
    )
    return token, raw


def api_token_revoke(*, token: ApiToken, actor) -> None:
    """Revoke a token at once (its owner only); a revoked token stays listed, greyed."""
    if not actor.has_perm("api.revoke_token", token):
        raise PermissionDenied
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def api_token_used(*, token: ApiToken) -> None:
    """Note when a token was last used, at most once a minute (no write on every request)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
