"""The demo's partnerships of Lille-Fives, drawn from the seeds: the centre social Mosaïque, the
école Jules Ferry (minimal, then intermediate) and ATD Quart Monde (encadré 6 of seed 003: a
convention, meetings, four actions and a finished bilan partagé)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from mille.accounts.models import User
from mille.groups.models import LocalGroup
from mille.partnerships import services
from mille.partnerships.models import LevelChange, Partnership, Representative
from mille.workshops import crossing
from mille.workshops import services as workshop_services
from mille.workshops.models import Phase, Workshop

PARIS = ZoneInfo("Europe/Paris")


def _at(day: date, hour: int = 18) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=PARIS)


def _partnership(group, coordinator, name, level, schemes, purpose) -> Partnership:
    return services.partnership_create(
        group=group,
        actor=coordinator,
        structure=group.resources.get(name=name),
        level=level,
        schemes=schemes,
        purpose=purpose,
    )


def _backdate_start(partnership: Partnership, day: date) -> None:
    LevelChange.objects.filter(partnership=partnership).update(changed_on=day)


def load_partnerships(
    group: LocalGroup, coordinator: User, facilitator: User, school_rep: User, atd_rep: User
) -> None:
    today = timezone.localdate()
    mosaique = _partnership(
        group,
        coordinator,
        "Centre social Mosaïque",
        "intermediate",
        ["clas", "reaap"],
        "Accueillir les parents et préparer avec eux les rencontres avec l'école.",
    )
    _backdate_start(mosaique, date(2023, 9, 1))
    services.contact_add(
        partnership=mosaique,
        actor=coordinator,
        name="Sabrina",
        role="facilitator",
        reach="Centre social, secteur familles",
        since=date(2023, 9, 1),
    )
    services.thread_hand_over(
        partnership=mosaique,
        actor=coordinator,
        holder="Sabrina",
        side="partner",
        on=date(2023, 9, 1),
    )

    school = _partnership(
        group,
        coordinator,
        "École Jules Ferry",
        "minimal",
        ["rep_plus", "oepre"],
        "Que les parents osent entrer à l'école et comprennent ce qu'elle attend.",
    )
    _backdate_start(school, date(2024, 9, 2))
    services.partnership_level_change(
        partnership=school,
        actor=coordinator,
        level="intermediate",
        note="Le café des parents se prépare maintenant avec l'école.",
        on=date(2025, 3, 10),
    )
    former = services.contact_add(
        partnership=school,
        actor=coordinator,
        name="M. Martin",
        role="head",
        since=date(2019, 9, 1),
    )
    services.contact_leave(contact=former, actor=coordinator, left_on=date(2025, 7, 4))
    services.contact_add(
        partnership=school,
        actor=coordinator,
        name="Mme Lefebvre",
        role="head",
        since=date(2025, 9, 1),
    )
    services.contact_add(
        partnership=school,
        actor=coordinator,
        name="M. Diallo",
        role="teacher",
        reach="Par la directrice",
        since=date(2024, 9, 2),
    )
    services.thread_hand_over(
        partnership=school,
        actor=coordinator,
        holder="M. Martin",
        side="partner",
        on=date(2024, 9, 2),
    )
    services.thread_hand_over(
        partnership=school,
        actor=coordinator,
        holder="Mme Lefebvre",
        side="partner",
        note="Présenter le café des parents à la nouvelle directrice dès la rentrée. "
        "Les courriers aux familles se relisent avec deux parents.",
        on=date(2025, 9, 1),
    )
    services.expectations_save(
        partnership=school,
        actor=coordinator,
        texts={
            ("group", "availability"): "Une enseignante au café des parents, une fois par mois.",
            ("group", "relation"): "Se dire bonjour à la porte, parler aux parents à égalité.",
            ("partner", "result"): "Des parents présents aux réunions de rentrée.",
            ("partner", "limit"): "Pas de réunion pendant les conseils de classe ; "
            "rien qui touche au projet pédagogique.",
        },
    )
    services.convention_write(
        partnership=school,
        actor=coordinator,
        objectives="Ouvrir l'école aux parents les plus éloignés, avec eux.",
        rhythm_weeks=4,
        rhythm_note="Le mardi après la classe.",
        parts=[
            {"party": group.name, "brings": ["people", "time"], "details": "L'accueil des parents"},
            {
                "party": "École Jules Ferry",
                "brings": ["premises"],
                "details": "La salle du rez-de-chaussée",
            },
        ],
    )
    services.meeting_save(
        partnership=school,
        actor=coordinator,
        starts_at=_at(today - timedelta(weeks=8), 17),
        place="École Jules Ferry",
        agenda="La rentrée ; le café des parents",
        attendance={"school": 2, "social_centre": 1, "parents": 3},
        minutes="La directrice accueille le café dans l'école une fois par mois.",
    )
    Representative.objects.create(partnership=school, user=school_rep)

    atd = _partnership(
        group,
        coordinator,
        "ATD Quart Monde — groupe de Fives",
        "maximal",
        ["reaap"],
        "Se parler à égalité et se comprendre : le croisement des savoirs entre parents, "
        "enseignants et acteurs du quartier.",
    )
    _backdate_start(atd, date(2022, 9, 1))
    services.contact_add(
        partnership=atd,
        actor=coordinator,
        name="Marie",
        role="volunteer",
        reach="Permanence du jeudi",
        since=date(2022, 9, 1),
    )
    services.thread_hand_over(
        partnership=atd, actor=coordinator, holder="Nadia", side="group", on=date(2022, 9, 1)
    )
    version = services.convention_write(
        partnership=atd,
        actor=coordinator,
        objectives="Donner à chacun la parole. Construire ensemble un espace pour la réussite de "
        "tous les enfants. Susciter des projets coopératifs.",
        coordination="Le centre social Mosaïque convoque ; ATD Quart Monde prépare avec les parents.",
        rhythm_weeks=6,
        rhythm_note="Toutes les six semaines, en fin de journée, jamais pendant les vacances.",
        autonomy="Le groupe décide de ses actions avec les parents ; aucun partenaire ne décide seul.",
        parts=[
            {
                "party": group.name,
                "brings": ["premises", "logistics", "people"],
                "details": "La salle, le café, deux animateurs",
                "limits": "Pas de financement propre",
            },
            {
                "party": "ATD Quart Monde — groupe de Fives",
                "brings": ["people", "time"],
                "details": "La préparation avec les parents, la méthode du croisement",
                "limits": "Des bénévoles : pas plus d'une soirée par semaine",
            },
            {
                "party": "Les parents",
                "brings": ["time"],
                "details": "Leur parole et leur expérience",
            },
        ],
    )
    Representative.objects.create(partnership=atd, user=atd_rep)
    services.convention_acknowledge(version=version, actor=coordinator)
    services.convention_acknowledge(version=version, actor=atd_rep)

    finished = Workshop.objects.get(group=group, phase=Phase.CLOSED)
    born = list(finished.actions.order_by("pk"))
    for action in born:
        services.follow_up_save(
            action=action,
            actor=coordinator,
            partnerships=[atd, school],
            schemes=["reaap"],
            starts_on=date(2025, 11, 3),
            children_count=40,
            parents_count=18,
        )
    training = services.action_create_direct(
        group=group,
        actor=coordinator,
        title="Une formation croisée parents-enseignants",
        partnerships=[atd, school],
        description="Trois soirées pour se former ensemble au croisement des savoirs.",
        lead="ATD Quart Monde",
        status="done",
        starts_on=date(2025, 1, 14),
        ends_on=date(2025, 3, 11),
        children_count=0,
        parents_count=12,
    )
    visits = services.action_create_direct(
        group=group,
        actor=coordinator,
        title="Des visites de l'école pour les nouveaux parents",
        partnerships=[atd, school],
        description="Avant la rentrée, une visite en petit groupe avec un parent relais.",
        lead="Parents relais",
        status="running",
        schemes=["oepre"],
        starts_on=date(2025, 8, 28),
        children_count=25,
        parents_count=20,
    )
    cafe = born[0]
    attendance = services.indicator_add(
        action=cafe, actor=coordinator, kind="attendance", target="15 parents à chaque café"
    )
    for day, number in ((date(2025, 12, 1), 9), (date(2026, 2, 2), 12), (date(2026, 4, 6), 16)):
        services.indicator_value_add(
            indicator=attendance, actor=coordinator, measured_on=day, number=number
        )
    view = services.indicator_add(action=cafe, actor=coordinator, kind="parents_view")
    services.indicator_value_add(
        indicator=view,
        actor=atd_rep,
        measured_on=date(2026, 4, 6),
        text="« On ose poser nos questions, on n'a plus peur de déranger. »",
    )
    for day, minutes in (
        (date(2026, 9, 15), "Le plan de l'année : café, visites, formation croisée."),
        (date(2026, 10, 27), "Préparation du bilan partagé avec les parents."),
    ):
        services.meeting_save(
            partnership=atd,
            actor=coordinator,
            starts_at=_at(day),
            place="Centre social Mosaïque",
            agenda="Où en sont nos actions ?",
            attendance={"parents": 7, "associations": 2, "social_centre": 2, "school": 1},
            minutes=minutes,
            decisions="Faire le bilan partagé en novembre.",
            next_actions=[cafe, visits],
        )
    _load_bilan(atd, facilitator, [cafe, training])


ANSWERS = {
    # (peer group index, aspect index): texts. Peer groups: parents, the group's team, ATD, school.
    (0, 0): ["On ose poser nos questions.", "Le café avant l'école, c'est le bon moment."],
    (0, 1): ["Le lundi, on n'a pas toujours le temps.", "Au début on se sentait regardés."],
    (0, 2): ["Mon fils voit que je parle avec la maîtresse.", "On comprend mieux les devoirs."],
    (1, 0): ["Des parents qui ne venaient jamais sont venus."],
    (1, 1): ["Trop peu d'enseignants disponibles le matin."],
    (1, 2): ["Nous connaissons mieux les familles."],
    (2, 0): ["La parole des parents est prise au sérieux."],
    (2, 1): ["La formation a demandé beaucoup de préparation aux bénévoles."],
    (2, 2): ["Les parents ont pris confiance pour parler devant les enseignants."],
    (3, 0): ["Les parents viennent aux réunions de rentrée."],
    (3, 1): ["Nous n'avons pas pu venir à chaque café."],
    (3, 2): ["Nous comprenons mieux ce que vivent les familles."],
}


def _load_bilan(partnership: Partnership, facilitator: User, actions) -> None:
    evaluation = services.evaluation_start(
        partnership=partnership, actor=facilitator, actions=actions, period="2025-2026"
    )
    workshop = evaluation.workshop
    workshop_services.workshop_phase_change(
        workshop=workshop, actor=facilitator, phase=Phase.PEER_WORK
    )
    peer_groups = list(workshop.peer_groups.all())
    links = list(evaluation.questions.select_related("question").order_by("question__order"))
    aspects = ["worked", "did_not", "brought"]
    for link in links:
        for index, peer in enumerate(peer_groups[:4]):
            for text in ANSWERS.get((index, aspects.index(link.aspect)), []):
                workshop_services.contribution_enter_on_behalf(
                    actor=facilitator, peer_group=peer, question=link.question, text=text
                )
    workshop_services.workshop_phase_change(
        workshop=workshop, actor=facilitator, phase=Phase.CROSSING
    )
    workshop.refresh_from_db()
    for link in links:
        if link.aspect == "worked":
            workshop_services.statement_create(
                workshop=workshop,
                actor=facilitator,
                question=link.question,
                text="Les parents osent parler et poser leurs questions.",
            )
        if link.aspect == "did_not":
            workshop_services.statement_create(
                workshop=workshop,
                actor=facilitator,
                question=link.question,
                text="Le moment ne convient pas à tout le monde.",
            )
    workshop = Workshop.objects.get(pk=workshop.pk)
    workshop_services.crossing_store(
        workshop_id=workshop.pk, figures=crossing.compute(workshop), version=workshop.vote_version
    )
    cafe, training = actions
    services.evaluation_decide(
        evaluation=evaluation,
        actor=facilitator,
        action=cafe,
        decision="change",
        why="Le café change de jour : le mardi, et une fois par mois le samedi.",
    )
    services.evaluation_decide(
        evaluation=evaluation,
        actor=facilitator,
        action=training,
        decision="continue",
        why="Une nouvelle session avec les nouveaux enseignants.",
    )
    workshop_services.workshop_phase_change(
        workshop=workshop, actor=facilitator, phase=Phase.CLOSED
    )
