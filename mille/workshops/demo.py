"""The demo's workshop: Lille-Fives's « croisement des savoirs », in its peer phase."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from mille.accounts.models import User
from mille.groups.models import LocalGroup
from mille.workshops import services
from mille.workshops.models import Phase

# (peer group index, nickname or None for paper, question index, text)
CONTRIBUTIONS = [
    (0, "Amina", 0, "Que mon fils aime apprendre et qu'il ait des copains."),
    (0, "Amina", 1, "Quand la maîtresse nous dit ce qui va bien, pas seulement ce qui ne va pas."),
    (0, "Mehdi", 0, "Savoir lire, écrire, compter. Et avoir confiance en soi."),
    (0, "Mehdi", 2, "Les devoirs que je ne comprends pas, je ne peux pas aider."),
    (1, "Sonia", 0, "Ne pas avoir peur d'aller à l'école le matin."),
    (
        1,
        "Sonia",
        2,
        "Quand on m'appelle, c'est toujours pour un problème. Alors je n'ose plus y aller.",
    ),
    (1, None, 0, "Que l'enfant soit respecté, même s'il a des difficultés."),
    (1, None, 1, "Être accueillie à la porte, qu'on me dise bonjour."),
    (2, "Claire", 0, "Que chaque élève progresse, à son rythme, et prenne plaisir à apprendre."),
    (
        2,
        "Claire",
        2,
        "Les parents que nous ne voyons jamais : nous ne savons pas comment les joindre.",
    ),
    (2, "Julien", 1, "Le cahier de liaison quand il sert à dire aussi les réussites."),
    (3, "Karima", 0, "Que l'enfant trouve sa place, à l'école et dans le quartier."),
    (3, "Karima", 1, "Le CLAS et l'aide aux devoirs au centre social, avec les parents."),
    (3, None, 2, "Le vocabulaire de l'école : les familles ne comprennent pas les mots utilisés."),
]


def load_workshop(group: LocalGroup, facilitator: User, members: dict[str, User]) -> None:
    workshop = services.workshop_create(group=group, actor=facilitator, blueprint="croisement")
    start = datetime(2026, 12, 3, 18, 0, tzinfo=ZoneInfo("Europe/Paris"))
    for offset, session in enumerate(workshop.sessions.all()):
        services.session_save(
            workshop=workshop,
            actor=facilitator,
            session=session,
            starts_at=start + timedelta(weeks=2 * offset),
            place="Centre social Mosaïque, salle du jardin",
        )
    services.workshop_phase_change(workshop=workshop, actor=facilitator, phase=Phase.PEER_WORK)
    workshop.refresh_from_db()
    peer_groups = list(workshop.peer_groups.all())
    questions = list(workshop.questions.all())
    accounts = {"Claire": members.get("enseignante@example.org")}
    participants = {}
    for peer_index, nickname, question_index, text in CONTRIBUTIONS:
        peer, question = peer_groups[peer_index], questions[question_index]
        if nickname is None:
            services.contribution_enter_on_behalf(
                actor=facilitator, peer_group=peer, question=question, text=text
            )
            continue
        if nickname not in participants:
            participants[nickname], _ = services.participant_join(
                workshop=workshop, peer_group=peer, nickname=nickname, user=accounts.get(nickname)
            )
        services.contribution_create(
            participant=participants[nickname], question=question, text=text
        )
