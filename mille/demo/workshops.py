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


FINISHED_CONTRIBUTIONS = {
    0: [
        "Savoir lire, écrire, compter",
        "Avoir confiance en soi",
        "Le goûter partagé avec les maîtresses",
    ],
    1: [
        "Ne plus avoir peur de l'école",
        "Être écoutée quand je viens",
        "Comprendre les mots des courriers",
    ],
    2: [
        "Que chaque élève progresse",
        "Des parents présents aux réunions",
        "Le temps nous manque pour se voir",
    ],
    3: [
        "Que l'enfant trouve sa place",
        "L'aide aux devoirs avec les parents",
        "Des lieux neutres pour se rencontrer",
    ],
}
# Statements, and how each peer group leans on them (1 agree, -1 disagree, 0 pass).
STATEMENTS = [
    ("Parents et enseignants doivent pouvoir se parler à égalité", (1, 1, 1, 1)),
    ("Les courriers de l'école sont difficiles à comprendre", (1, 1, -1, 1)),
    ("Les parents ne viennent pas parce qu'ils ne s'intéressent pas à l'école", (-1, -1, 1, -1)),
    ("Un café des parents à l'école, chaque mois, aiderait", (1, 1, 0, 1)),
    ("Les devoirs à la maison creusent les écarts", (-1, 1, 1, 1)),
    ("Le centre social peut être un lieu neutre pour se rencontrer", (1, 1, 1, 1)),
]


def load_finished_workshop(group: LocalGroup, facilitator: User) -> None:
    """Last year's workshop, done from start to end: crossing, tree, priorities and actions."""
    from mille.workshops import crossing
    from mille.workshops.models import Workshop

    workshop = services.workshop_create(
        group=group,
        actor=facilitator,
        blueprint="croisement",
        title="Croisement des savoirs 2025-2026 : se parler à égalité",
    )
    services.workshop_phase_change(workshop=workshop, actor=facilitator, phase=Phase.PEER_WORK)
    workshop.refresh_from_db()
    peer_groups = list(workshop.peer_groups.all())
    first_question = workshop.questions.first()
    people = []
    for index, peer in enumerate(peer_groups):
        for number in range(5):
            participant, _ = services.participant_join(
                workshop=workshop, peer_group=peer, nickname=f"{peer.name[:3]}{number + 1}"
            )
            people.append((index, participant))
        for text in FINISHED_CONTRIBUTIONS[index]:
            services.contribution_enter_on_behalf(
                actor=facilitator, peer_group=peer, question=first_question, text=text
            )
    services.workshop_phase_change(workshop=workshop, actor=facilitator, phase=Phase.CROSSING)
    workshop.refresh_from_db()
    statements = [
        services.statement_create(workshop=workshop, actor=facilitator, text=text)
        for text, _leanings in STATEMENTS
    ]
    for (_text, leanings), statement in zip(STATEMENTS, statements, strict=True):
        for position, (index, participant) in enumerate(people):
            # Most people follow their group's leaning; one in five thinks otherwise.
            value = leanings[index] if position % 5 else -leanings[index] or 1
            services.vote_cast(participant=participant, statement=statement, value=value)
    services.room_count_set(
        actor=facilitator,
        statement=statements[0],
        peer_group=peer_groups[1],
        agree=3,
        disagree=0,
        passes=1,
    )
    add = services.tree_node_add
    problem = add(
        workshop=workshop,
        actor=facilitator,
        kind="problem",
        text="Parents et école ne se comprennent pas toujours",
        statement=statements[1],
    )
    courriers = add(
        workshop=workshop,
        actor=facilitator,
        kind="cause",
        text="Les mots et les courriers de l'école",
    )
    add(
        workshop=workshop,
        actor=facilitator,
        kind="cause",
        text="Des souvenirs d'école difficiles",
        parent=None,
    )
    temps = add(
        workshop=workshop,
        actor=facilitator,
        kind="cause",
        text="Pas de moment pour se voir sans urgence",
    )
    add(
        workshop=workshop,
        actor=facilitator,
        kind="consequence",
        text="Des parents qui n'osent plus venir",
    )
    add(
        workshop=workshop,
        actor=facilitator,
        kind="consequence",
        text="Des enfants pris entre deux mondes",
    )
    simple = add(
        workshop=workshop,
        actor=facilitator,
        kind="objective",
        text="Des courriers en mots simples",
        answers=courriers,
    )
    cafe = add(
        workshop=workshop,
        actor=facilitator,
        kind="objective",
        text="Un moment régulier pour se parler",
        answers=temps,
    )
    add(
        workshop=workshop,
        actor=facilitator,
        kind="objective",
        text="Que chaque parent se sente accueilli",
        answers=problem,
    )
    services.workshop_phase_change(workshop=workshop, actor=facilitator, phase=Phase.ACTION)
    workshop.refresh_from_db()
    cafe_action = services.action_create(
        group=group,
        actor=facilitator,
        workshop=workshop,
        objective=cafe,
        title="Un café des parents chaque premier lundi du mois",
        description="À 8 h 30, dans la salle du centre social, avec une enseignante et une animatrice.",
        lead="Centre social Mosaïque",
        partners="École Jules Ferry, parents relais",
        when="Chaque premier lundi du mois",
        resources="Une salle, du café, deux personnes pour accueillir",
        status="running",
    )
    services.action_create(
        group=group,
        actor=facilitator,
        workshop=workshop,
        objective=simple,
        title="Relire ensemble les courriers de l'école",
        lead="Deux parents et la directrice",
        when="Avant chaque envoi",
        status="planned",
    )
    for position, (_index, participant) in enumerate(people):
        participant.workshop = workshop
        services.dot_place(participant=participant, node=cafe if position % 2 else simple)
        services.dot_place(participant=participant, action=cafe_action)
        if position % 4 == 0:
            services.pledge_save(
                participant=participant,
                can_do="Venir au café et en parler aux autres parents.",
                need="Qu'on me dise à l'avance la date, par un message simple.",
            )
    workshop = Workshop.objects.get(pk=workshop.pk)
    services.crossing_store(
        workshop_id=workshop.pk, figures=crossing.compute(workshop), version=workshop.vote_version
    )
    services.workshop_phase_change(workshop=workshop, actor=facilitator, phase=Phase.CLOSED)
