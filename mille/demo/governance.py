"""The collective's governance in the demo, from seed 004: the member associations it names (seven
of the seventeen: those at the origin of the recherches-actions), the three bodies, two plenary
meetings with their minutes and decisions, a working group, and a periodic report from
Lille-Fives waiting for the coordination's answer."""

from datetime import timedelta

from django.utils import timezone

from mille.accounts.models import Category, User
from mille.governance import services
from mille.governance.models import (
    Body,
    BodyKind,
    MemberAssociation,
    Seat,
    SeatRole,
    WorkingGroup,
)
from mille.groups.models import LocalGroup

# Seed 004 names these seven « dès l'origine » (2015); it counts seventeen members without naming
# the other ten, so the demo does not invent them (the governance page says so).
FOUNDING_ASSOCIATIONS = [
    (
        "ATD Quart Monde",
        "Mouvement de lutte contre la grande pauvreté, avec les familles qui la vivent.",
    ),
    ("ACEPP", "Association des collectifs enfants parents professionnels."),
    ("FCPE", "Fédération des conseils de parents d'élèves."),
    ("FCSF", "Fédération des centres sociaux et socioculturels de France."),
    ("IRDSU", "Inter-réseaux des professionnels du développement social urbain."),
    ("Les PEP", "Fédération générale des Pupilles de l'enseignement public."),
    ("Réseau Prisme", "Réseau de la prévention spécialisée et de l'éducation."),
]

MISSIONS = {
    BodyKind.PLENARY: "Des représentants élus de chaque association : définit les orientations "
    "de la mobilisation.",
    BodyKind.REFERENTS: "Un volontaire de chaque association : réfléchit et crée les moyens de "
    "réaliser les orientations.",
    BodyKind.COMMITTEE: "Des volontaires parmi les référents : coordonnent la mise en œuvre des "
    "moyens définis ensemble.",
}

REPRESENTATIVES = [
    # (e-mail, name, association); Marie (ATD Quart Monde) is already a demo log-in.
    ("fcpe@example.org", "Paul", "FCPE"),
    ("acepp@example.org", "Lucie", "ACEPP"),
    ("fcsf@example.org", "Samir", "FCSF"),
    ("pep@example.org", "Odile", "Les PEP"),
]


def load_governance(groups: dict[str, LocalGroup], users: dict[str, User]) -> None:
    national = users["coordination@example.org"]
    assistant = users["assistance@example.org"]
    assistant.is_coordination_assistant = True
    assistant.save(update_fields=["is_coordination_assistant"])
    associations = {
        name: MemberAssociation.objects.create(name=name, description=text, founding=True)
        for name, text in FOUNDING_ASSOCIATIONS
    }
    people = {"ATD Quart Monde": users["atd@example.org"]}
    for email, name, association in REPRESENTATIVES:
        people[association] = User.objects.create_user(
            email, None, display_name=name, category=Category.OTHER
        )
    for association, person in people.items():
        associations[association].representatives.add(person)

    bodies = {kind: Body.objects.create(kind=kind, mission=MISSIONS[kind]) for kind in BodyKind}
    today = timezone.localdate()
    term_start = today.replace(month=1, day=1) - timedelta(days=365)
    for association, person in people.items():
        Seat.objects.create(
            body=bodies[BodyKind.PLENARY],
            user=person,
            association=associations[association],
            role=SeatRole.ELECTED,
            start_on=term_start,
        )
    for association in ("ATD Quart Monde", "FCPE", "ACEPP"):
        Seat.objects.create(
            body=bodies[BodyKind.REFERENTS],
            user=people[association],
            association=associations[association],
            role=SeatRole.REFERENT,
            start_on=term_start,
        )
    Seat.objects.create(
        body=bodies[BodyKind.COMMITTEE],
        user=people["ACEPP"],
        association=associations["ACEPP"],
        role=SeatRole.FACILITATOR,
        start_on=term_start,
    )
    # A term that ended: kept, not shown among the current members.
    Seat.objects.create(
        body=bodies[BodyKind.COMMITTEE],
        user=people["FCSF"],
        association=associations["FCSF"],
        role=SeatRole.MEMBER,
        start_on=term_start - timedelta(days=730),
        end_on=term_start - timedelta(days=1),
    )
    working = WorkingGroup.objects.create(
        name="Journée nationale des initiatives",
        purpose="Préparer le forum, les tables rondes et les ateliers de la journée nationale.",
    )
    working.members.add(people["FCPE"], people["ACEPP"], assistant)

    plenary = bodies[BodyKind.PLENARY]
    first = services.meeting_create(
        body=plenary,
        actor=assistant,
        held_on=today - timedelta(days=240),
        place="Paris, maison des associations",
        online=False,
        agenda=[
            "Bilan de la mobilisation de l'année",
            "Les orientations pour l'année qui vient",
            "La journée nationale des initiatives",
        ],
    )
    services.minutes_write(
        meeting=first,
        actor=assistant,
        minutes="Cinq associations représentées. Le bilan de l'année est présenté par la "
        "coordination : trois nouveaux groupes locaux, dont Lille-Fives.\n\nLes orientations "
        "sont discutées en petits groupes puis mises en commun.",
    )
    services.decision_record(
        meeting=first,
        actor=assistant,
        title="Priorité aux parents les plus éloignés de l'école",
        text="Chaque association relaie la démarche des Mille et un territoires auprès des "
        "familles que ses réseaux rencontrent, en commençant par les quartiers prioritaires.",
    )
    services.decision_record(
        meeting=first,
        actor=national,
        title="Une journée nationale des initiatives chaque année",
        text="Un groupe de travail la prépare avec l'assistance à la coordination.",
    )
    second = services.meeting_create(
        body=plenary,
        actor=assistant,
        held_on=today - timedelta(days=60),
        place="",
        online=True,
        agenda=["Les bilans des groupes locaux", "Le partenariat avec la CNAF et l'ANCT"],
    )
    services.minutes_write(
        meeting=second,
        actor=assistant,
        minutes="Réunion en visioconférence. Les bilans des groupes montrent un besoin de "
        "formation à l'animation des ateliers entre pairs.",
    )
    services.decision_record(
        meeting=second,
        actor=assistant,
        title="Une formation à l'animation pour les groupes qui la demandent",
        text="Le comité de suivi et d'animation organise deux sessions régionales.",
    )

    lille = groups["lille"]
    coordinator = users["coordinatrice@example.org"]
    report = services.report_create(
        group=lille,
        actor=coordinator,
        period_start=today - timedelta(days=182),
        period_end=today,
        happened="Deux ateliers entre pairs, dont un terminé avec son plan d'action. Un café "
        "des parents chaque mois au centre social, avec l'école Jules Ferry.",
        needs="Une formation à l'animation pour deux nouvelles personnes, et des affiches "
        "traduites en arabe et en tamoul.",
    )
    services.report_send(report=report, actor=coordinator)
