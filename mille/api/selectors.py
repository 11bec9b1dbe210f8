"""Reads of the API app: a token from its raw value, a person's tokens."""

from django.db.models import QuerySet

from mille.api.models import ApiToken
from mille.api.services import TOKEN_PREFIX, token_digest


def token_from_raw(raw: str) -> ApiToken | None:
    """The token behind a raw value, revoked or not, with its user; None if unknown."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    return ApiToken.objects.select_related("user").filter(digest=token_digest(raw)).first()


def tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "pk")


def token_of(user, pk: int) -> ApiToken | None:
    return ApiToken.objects.filter(user=user, pk=pk).first()
