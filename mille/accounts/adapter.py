from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings

from mille.accounts.rules import is_national_coordinator


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is open to everyone: local groups start from people, not from invitations."""

    def is_open_for_signup(self, request) -> bool:
        return True


class MFAAdapter(DefaultMFAAdapter):
    """Where the second factor is required, it cannot be switched off (only replaced by the
    recovery codes' regeneration, which keeps it)."""

    def can_delete_authenticator(self, authenticator) -> bool:
        if settings.MFA_REQUIRED_FOR_NATIONAL and is_national_coordinator(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
