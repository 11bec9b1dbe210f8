"""A person's data in the network's life: registrations, the newsletter, the référent's role,
questions asked and surveys answered under their name; what their erasure removes."""

from django.db.models import Q

from mille.accounts.models import User
from mille.network.models import (
    Participation,
    Referent,
    Registration,
    Response,
    Subscriber,
    VisitorQuestion,
)
from mille.network.services.registrations import registration_cancel


def _registrations(user: User):
    mine = Q(user=user)
    if user.email:
        mine |= Q(email__iexact=user.email)
    return Registration.objects.filter(mine).select_related("event")


def personal_data(user: User) -> dict:
    subscriber = Subscriber.objects.filter(email__iexact=user.email).first() if user.email else None
    return {
        "inscriptions_aux_rencontres": [
            {
                "rencontre": registration.event.title,
                "nom": registration.name,
                "contact": registration.email or registration.phone,
                "besoins": registration.needs_note,
                "inscrit_le": registration.created_at.isoformat(),
                "annule_le": registration.cancelled_at.isoformat()
                if registration.cancelled_at
                else None,
            }
            for registration in _registrations(user)
        ],
        "lettre_d_information": (
            {
                "adresse": subscriber.email,
                "etat": subscriber.get_status_display(),
                "accord_donne_le": subscriber.consented_at.isoformat(),
                "texte_accepte": subscriber.consent_text,
            }
            if subscriber
            else None
        ),
        "referent_departemental": [
            {"departement": role.departement_id, "depuis": role.granted_at.isoformat()}
            for role in Referent.objects.filter(user=user)
        ],
        "questions_posees": [
            {"question": question.question, "le": question.created_at.isoformat()}
            for question in (
                VisitorQuestion.objects.filter(email__iexact=user.email) if user.email else []
            )
        ],
        "enquetes_repondues_sous_votre_nom": Response.objects.filter(user=user).count(),
    }


def erase(user: User, *, keep_contributions: bool) -> None:
    """Registrations to come are cancelled (their places go to the people waiting), then every
    registration goes; the address leaves the newsletter; questions lose their address and name; answers
    given under one's name stay anonymous, or go."""
    for registration in _registrations(user):
        event = registration.event
        if registration.cancelled_at is None and not (event.is_past or event.is_cancelled):
            registration_cancel(registration=registration)
    _registrations(user).delete()
    if user.email:
        Subscriber.objects.filter(email__iexact=user.email).delete()
        VisitorQuestion.objects.filter(email__iexact=user.email).update(email="", name="")
    Referent.objects.filter(user=user).delete()
    Participation.objects.filter(user=user).delete()
    responses = Response.objects.filter(user=user)
    if keep_contributions:
        responses.update(user=None)
    else:
        responses.delete()
