from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is open to everyone: local groups start from people, not from invitations."""

    def is_open_for_signup(self, request) -> bool:
        return True
