"""The demo's état des lieux of Lille-Fives, drawn from the seeds (Mosaïque, ATD Quart Monde, the
REP schools of Fives, the partners listed in the social centres' guide)."""

from datetime import timedelta

from django.utils import timezone

from mille.accounts.models import User
from mille.groups.models import LocalGroup
from mille.inventory import services
from mille.territories.models import Commune

RESOURCES = [
    (
        "Centre social Mosaïque",
        "centre_social",
        "20 rue Pierre Legrand",
        (50.6305, 3.0921),
        ["clas", "reaap"],
        "public",
        "Accueil des familles, accompagnement à la scolarité, ateliers parents, café des parents.",
    ),
    (
        "École Jules Ferry",
        "ecole_elementaire",
        "12 rue de Bouvines",
        (50.6312, 3.0901),
        ["rep_plus", "oepre"],
        "public",
        "",
    ),
    (
        "École maternelle Les Tilleuls",
        "ecole_maternelle",
        "3 rue de Bouvines",
        (50.6290, 3.0950),
        ["rep_plus"],
        "public",
        "",
    ),
    (
        "Collège Boris Vian",
        "college",
        "60 rue de Bouvines",
        (50.6281, 3.0968),
        ["rep_plus", "cite_educative"],
        "public",
        "",
    ),
    (
        "PMI de Fives",
        "pmi",
        "5 rue Saint-Gabriel",
        (50.6320, 3.0880),
        [],
        "public",
        "Consultations pour les tout-petits ; on y croise beaucoup de jeunes mamans.",
    ),
    (
        "Médiathèque Jean Lévy",
        "mediatheque",
        "32 rue Édouard Delesalle",
        (50.6340, 3.0620),
        [],
        "public",
        "Heure du conte le mercredi.",
    ),
    (
        "Lieu d'accueil enfants-parents « Les Petits Pas »",
        "lape",
        "Rue du Long-Pot",
        (50.6330, 3.0990),
        ["reaap"],
        "public",
        "",
    ),
    ("CAF du Nord — accueil de Lille", "caf", "", None, [], "public", ""),
    (
        "ATD Quart Monde — groupe de Fives",
        "asso_autre",
        "",
        None,
        ["reaap"],
        "group",
        "Partenaire du croisement des savoirs ; connaît les familles les plus éloignées de l'école.",
    ),
    (
        "Association Lire Ensemble (ateliers sociolinguistiques)",
        "asso_langue",
        "",
        None,
        ["asl"],
        "public",
        "Cours de français pour les parents, le mardi et le jeudi matin.",
    ),
]


def load_inventory(group: LocalGroup, actor: User) -> None:
    lille = Commune.objects.get(insee="59350")
    for name, category, address, point, schemes, visibility, description in RESOURCES:
        latitude, longitude = point or (None, None)
        services.resource_create(
            group=group,
            actor=actor,
            commune=lille,
            name=name,
            category=category,
            address=address,
            latitude=latitude,
            longitude=longitude,
            schemes=schemes,
            visibility=visibility,
            description=description,
        )
    today = timezone.localdate()
    services.person_create(
        group=group,
        actor=actor,
        consent_on=today - timedelta(days=40),
        consent_means="written",
        name_or_role="La médiatrice de la Cité éducative",
        structure="Ville de Lille",
        can_help_with="Traduire (arabe, tamazight), accompagner un parent à un rendez-vous à l'école",
        how_to_reach="Par téléphone le matin, ou à la sortie de l'école le mardi",
    )
    services.person_create(
        group=group,
        actor=actor,
        consent_on=today - timedelta(days=12),
        consent_means="oral",
        name_or_role="Le principal adjoint",
        structure="Collège Boris Vian",
        can_help_with="Organiser une rencontre parents-professeurs hors des heures de classe",
        how_to_reach="Par le secrétariat, plutôt en fin de semaine",
    )
    for text, themes, raised_by in (
        (
            "Des enfants arrivent fatigués le matin : écrans tard le soir",
            ["sleep", "digital"],
            ["school_staff"],
        ),
        (
            "Des parents ne comprennent pas les courriers et les mots de l'école",
            ["language", "school_access"],
            ["parent", "socio_educational"],
        ),
        (
            "Des familles mal logées : pas de coin calme pour les devoirs",
            ["housing"],
            ["socio_educational"],
        ),
    ):
        services.difficulty_create(
            group=group, actor=actor, text=text, themes=themes, raised_by=raised_by
        )
    gate = services.outreach_place_create(
        group=group,
        actor=actor,
        kind="school_gate",
        label="Sortie de l'école Jules Ferry",
        moment="Le mardi à 16 h 30",
    )
    market = services.outreach_place_create(
        group=group, actor=actor, kind="market", label="Marché de Fives", moment="Le samedi matin"
    )
    services.outreach_place_create(
        group=group,
        actor=actor,
        kind="laundrette",
        label="Laverie de la rue Pierre Legrand",
        moment="En semaine, en fin de matinée",
    )
    services.outreach_relay_create(
        group=group, actor=actor, kind="parent_relay", label="Deux mamans relais du quartier"
    )
    services.outreach_relay_create(
        group=group, actor=actor, kind="interpreter", label="La médiatrice de la Cité éducative"
    )
    for days, place, people, said in (
        (140, gate, 6, "Les parents veulent savoir comment aider aux devoirs."),
        (95, market, 14, "Beaucoup ne savent pas qu'un café des parents existe."),
        (50, gate, 11, "Des mamans demandent des cours de français."),
        (9, market, 19, "On nous a demandé quand aura lieu le prochain atelier."),
    ):
        services.outing_create(
            group=group,
            actor=actor,
            on=today - timedelta(days=days),
            place=place,
            people_met=people,
            what_was_said=said,
        )


def load_difficulty_from_crossing(group: LocalGroup, actor: User) -> None:
    """A difficulty of the état des lieux tied to a statement every peer group agreed on in last
    year's crossing: what rises from the group to the network, by theme."""
    from mille.workshops.models import Statement

    statement = Statement.objects.get(
        workshop__group=group, text="Parents et enseignants doivent pouvoir se parler à égalité"
    )
    services.difficulty_create(
        group=group,
        actor=actor,
        text="Des parents n'osent pas parler aux enseignants : ils ne se sentent pas à égalité",
        themes=["school_access"],
        raised_by=["parent", "school_staff"],
        statements=[statement],
    )
