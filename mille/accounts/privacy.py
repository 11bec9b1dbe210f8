"""What Mille knows of a person's account (GDPR art. 15), and its erasure."""

from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.utils import timezone

from mille.accounts.models import User


def personal_data(user: User) -> dict:
    return {
        "adresse_email": user.email,
        "nom_affiche": user.display_name,
        "je_suis": user.get_category_display() if user.category else "",
        "langue": user.preferred_language,
        "inscrit_le": user.date_joined.isoformat(),
        "derniere_connexion": user.last_login.isoformat() if user.last_login else None,
        "coordination_nationale": user.is_national_coordinator,
        "assistance_coordination": user.is_coordination_assistant,
        "adresses_verifiees": [
            {"adresse": a.email, "verifiee": a.verified, "principale": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
        "double_authentification": [
            authenticator.get_type_display() for authenticator in user.authenticator_set.all()
        ]
        if hasattr(user, "authenticator_set")
        else [],
    }


def sessions_of(user: User) -> list[Session]:
    """The person's open sessions (the session table holds them encoded)."""
    pk = str(user.pk)
    return [
        session
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == pk
    ]


def erase_account(user: User) -> None:
    """The account itself, last: its sessions, addresses, codes and authenticators go with it."""
    for session in sessions_of(user):
        session.delete()
    user.delete()
