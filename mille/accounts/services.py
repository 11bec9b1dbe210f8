from django.db import transaction

from mille.accounts.models import User


@transaction.atomic
def user_profile_update(
    *, user: User, display_name: str, preferred_language: str, category: str
) -> User:
    """Save the profile fields a person controls."""
    user.display_name = display_name.strip()
    user.preferred_language = preferred_language
    user.category = category
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "preferred_language", "category"])
    return user
