"""A person's data in workshops: export, erasure, and the retention of voices and names."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q

from mille.accounts.models import User
from mille.workshops.models import Action, Contribution, Participant, Phase, Statement, Workshop
from mille.workshops.services.erasure import (
    delete_audio_after_commit,
    participant_anonymise,
    participant_forget,
)


def personal_data(user: User) -> dict:
    participations = Participant.objects.filter(user=user).select_related(
        "workshop__group", "peer_group"
    )
    return {
        "participations": [
            {
                "atelier": p.workshop.title,
                "groupe_local": p.workshop.group.name,
                "groupe_de_pairs": p.peer_group.name,
                "prenom_ou_surnom": p.nickname,
                "contributions": [
                    {
                        "question": c.question.text,
                        "texte": c.text,
                        "enregistrement": bool(c.audio),
                        "le": c.created_at.isoformat(),
                    }
                    for c in Contribution.objects.filter(participant=p).select_related("question")
                ],
                "votes": p.votes.count(),
                "que_puis_je_faire": getattr(getattr(p, "pledge", None), "can_do", ""),
                "en_quoi_ai_je_besoin_de_l_autre": getattr(getattr(p, "pledge", None), "need", ""),
            }
            for p in participations
        ],
        "ateliers_animes": [w.title for w in Workshop.objects.filter(facilitators=user)],
        "contributions_saisies_pour_d_autres": Contribution.objects.filter(entered_by=user).count(),
        "phrases_ecrites": Statement.objects.filter(written_by=user).count(),
        "actions_ajoutees": [a.title for a in Action.objects.filter(created_by=user)],
    }


def erase(user: User, *, keep_contributions: bool) -> None:
    """Their participations go (or only their names, if they keep what they said); they stop
    facilitating. What they typed for others stays, unsigned."""
    for participant in Participant.objects.filter(user=user).select_related("workshop"):
        participant_forget(participant=participant, keep_contributions=keep_contributions)
    for workshop in Workshop.objects.filter(facilitators=user):
        workshop.facilitators.remove(user)


def purge(now) -> dict[str, int]:
    """Voices of closed workshops; the devices that never said anything; then the names of the
    participants left."""
    retention = settings.RETENTION
    closed = Q(workshop__phase=Phase.CLOSED)
    voices = Contribution.objects.filter(
        closed,
        workshop__closed_at__lt=now - timedelta(days=retention["audio_after_closing"]),
    ).exclude(audio="")
    voice_count = 0
    for contribution in voices.iterator():
        delete_audio_after_commit(contribution.audio)
        voice_count += 1
    voices.update(audio="", audio_type="", audio_seconds=None)
    idle = (
        Participant.objects.filter(
            closed,
            workshop__closed_at__lt=now
            - timedelta(days=retention["idle_participants_after_closing"]),
        )
        .filter(contributions=None, votes=None, dots=None, pledge=None, statements=None)
        .delete()[0]
    )
    named = Participant.objects.filter(
        closed,
        workshop__closed_at__lt=now - timedelta(days=retention["nicknames_after_closing"]),
        anonymised_at=None,
    )
    names = 0
    for participant in named.iterator():
        participant_anonymise(participant=participant)
        names += 1
    return {"voix": voice_count, "prenoms": names, "appareils": idle}
