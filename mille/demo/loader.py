"""Demo content drawn from the seeds: a few real-looking groups and fixed log-ins."""

from allauth.account.models import EmailAddress
from django.db import transaction

from mille.accounts.models import Category, User
from mille.demo.governance import load_governance
from mille.demo.inventory import load_difficulty_from_crossing, load_inventory
from mille.demo.library import load_library
from mille.demo.network import load_network
from mille.demo.partnerships import load_partnerships
from mille.demo.workshops import load_finished_workshop, load_workshop
from mille.groups import services
from mille.groups.models import AnchorKind, Criterion, CriterionStatus, Role
from mille.territories.models import Commune

DEMO_PASSWORD = "mille-demo"  # noqa: S105 — documented demo log-ins, refused when DEBUG=0

DEMO_USERS = [
    ("coordination@example.org", "Coordination nationale", Category.OTHER, True),
    ("coordinatrice@example.org", "Nadia", Category.SOCIO_EDUCATIONAL, False),
    ("animateur@example.org", "Karim", Category.SOCIO_EDUCATIONAL, False),
    ("parent@example.org", "Fatou", Category.PARENT, False),
    ("enseignante@example.org", "Claire", Category.SCHOOL_STAFF, False),
    ("coordinateur.stetienne@example.org", "Bernard", Category.SOCIO_EDUCATIONAL, False),
    # Partners' representatives: they see their partnership with Lille-Fives, nothing else.
    ("partenaire@example.org", "Hélène Lefebvre", Category.SCHOOL_STAFF, False),
    ("atd@example.org", "Marie", Category.OTHER, False),
    # The référent of the Nord: follows the Nord's groups through the network's pages only.
    ("referent59@example.org", "Sylvie", Category.SOCIO_EDUCATIONAL, False),
    # The assistant to the coordination (seed 004): prepares the governance's meetings and minutes.
    ("assistance@example.org", "Assistance à la coordination", Category.OTHER, False),
]

DEMO_GROUPS = [
    {
        "key": "lille",
        "name": "Parents et école à Fives",
        "communes": ["59350"],
        "neighbourhood": "Fives",
        "description": (
            "Autour du centre social Mosaïque, des parents, des enseignants et des animateurs se "
            "retrouvent en groupes de pairs puis croisent leurs regards : « Qu'est-ce que réussir à "
            "l'école ? »"
        ),
        "public_contact": "mosaique-fives@example.org",
        "anchors": [
            (AnchorKind.CENTRE_SOCIAL, "Centre social Mosaïque"),
            (AnchorKind.ECOLE_ELEMENTAIRE, "École Jules Ferry"),
        ],
        "coordinator": "coordinatrice@example.org",
        "members": [
            ("animateur@example.org", Role.FACILITATOR),
            ("parent@example.org", Role.MEMBER),
            ("enseignante@example.org", Role.MEMBER),
        ],
        "recognised": True,
    },
    {
        "key": "saint-etienne",
        "name": "Le Babet, parents et collège",
        "communes": ["42218"],
        "neighbourhood": "Montreynaud",
        "description": "Le centre social Le Babet anime un arbre à problèmes avec les parents et le collège du quartier.",
        "public_contact": "",
        "anchors": [
            (AnchorKind.CENTRE_SOCIAL, "Centre social Le Babet"),
            (AnchorKind.COLLEGE, "Collège du quartier"),
        ],
        "coordinator": "coordinateur.stetienne@example.org",
        "members": [],
        "submitted": True,
    },
    {
        "key": "angouleme",
        "name": "Coéducation à Angoulême",
        "communes": ["16015"],
        "neighbourhood": "Basseau",
        "description": "Parents, école maternelle et centre social préparent ensemble l'entrée à l'école.",
        "public_contact": "",
        "anchors": [(AnchorKind.ECOLE_MATERNELLE, "École maternelle de Basseau")],
        "coordinator": "coordinatrice@example.org",
        "members": [],
        "charter": True,
    },
    {
        "key": "valenciennes",
        "name": "Mille et un parents du Valenciennois",
        "communes": ["59606", "59014"],
        "neighbourhood": "",
        "description": "Un réseau de parents et de partenaires sur Valenciennes et Anzin.",
        "public_contact": "",
        "anchors": [],
        "coordinator": "coordinateur.stetienne@example.org",
        "members": [],
    },
    {
        "key": "marseille",
        "name": "Parents des quartiers Nord",
        "communes": ["13055"],
        "neighbourhood": "Saint-Barthélemy",
        "description": "Des mères, un centre social et une école élémentaire préparent une rencontre parents-enseignants.",
        "public_contact": "",
        "anchors": [(AnchorKind.CENTRE_SOCIAL, "Centre social du quartier")],
        "coordinator": "coordinateur.stetienne@example.org",
        "members": [],
    },
]


def demo_is_needed() -> bool:
    return not User.objects.exists()


@transaction.atomic
def load_demo() -> list[str]:
    """Create the demo log-ins and groups; return the e-mails of the log-ins."""
    users = {}
    for email, name, category, national in DEMO_USERS:
        user = User.objects.create_user(
            email,
            DEMO_PASSWORD,
            display_name=name,
            category=category,
            is_national_coordinator=national,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        users[email] = user
    national = users["coordination@example.org"]
    groups = {}
    for spec in DEMO_GROUPS:
        coordinator = users[spec["coordinator"]]
        group = services.group_create(
            creator=coordinator,
            name=spec["name"],
            communes=list(Commune.objects.filter(insee__in=spec["communes"])),
            neighbourhood=spec["neighbourhood"],
            description=spec["description"],
            public_contact=spec["public_contact"],
            anchors=spec["anchors"],
        )
        for email, role in spec["members"]:
            membership = services._join(group, users[email], role)
            membership.role = role
            membership.save(update_fields=["role"])
        if spec.get("recognised") or spec.get("submitted") or spec.get("charter"):
            services.charter_commit(group=group, actor=coordinator)
            for criterion in Criterion.values:
                services.criterion_assess(
                    group=group,
                    actor=coordinator,
                    criterion=criterion,
                    status=CriterionStatus.MET
                    if spec.get("recognised")
                    else CriterionStatus.IN_PROGRESS,
                    evidence="Voir le compte rendu de la dernière rencontre.",
                )
        if spec.get("recognised") or spec.get("submitted"):
            services.recognition_submit(group=group, actor=coordinator)
        if spec.get("recognised"):
            services.recognition_decide(
                group=group, reviewer=national, recognise=True, comment="Bienvenue dans le réseau !"
            )
        groups[spec["key"]] = group
    load_inventory(groups["lille"], users["coordinatrice@example.org"])
    load_finished_workshop(groups["lille"], users["animateur@example.org"])
    load_difficulty_from_crossing(groups["lille"], users["coordinatrice@example.org"])
    load_workshop(groups["lille"], users["animateur@example.org"], users)
    load_partnerships(
        groups["lille"],
        users["coordinatrice@example.org"],
        users["animateur@example.org"],
        users["partenaire@example.org"],
        users["atd@example.org"],
    )
    load_library(groups["lille"], users["coordinatrice@example.org"], users["parent@example.org"])
    load_network(groups, users)
    load_governance(groups, users)
    return [email for email, *_ in DEMO_USERS]
