from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

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


def user_language_set(*, user: User, language: str) -> User:
    """Keep the language a person chose in the site's language picker in their profile too, so
    that e-mails and their next visit on another device speak it."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Cette langue n'est pas proposée."))
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return user
