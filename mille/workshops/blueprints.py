"""Workshops to start from. Editable once created: they only fill the first version.

« Croisement des savoirs (Lille-Fives) » follows encadré 6 of the network's study (four peer groups,
three sessions); « Arbre à problèmes » follows the Saint-Étienne example of the first teaching sheet.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PeerGroupPlan:
    name: str
    description: str
    pictogram: str
    colour: str


@dataclass(frozen=True)
class SessionPlan:
    title: str
    questions: tuple[tuple[str, str], ...]  # (text, pictogram)


@dataclass(frozen=True)
class Blueprint:
    key: str
    name: str
    summary: str
    title: str
    purpose: str
    peer_groups: tuple[PeerGroupPlan, ...] = field(default_factory=tuple)
    sessions: tuple[SessionPlan, ...] = field(default_factory=tuple)


LILLE_FIVES = Blueprint(
    key="croisement",
    name=_("Croisement des savoirs (Lille-Fives)"),
    summary=_(
        "Quatre groupes de pairs travaillent séparément les mêmes questions en trois séances, "
        "puis croisent leurs regards pour construire ensemble des actions."
    ),
    title=_("École, familles, quartier : ensemble pour la réussite"),
    purpose=_(
        "Donner à chacun la parole. Se parler à égalité et se comprendre. "
        "Construire ensemble des projets pour la réussite de tous les enfants."
    ),
    peer_groups=(
        PeerGroupPlan(
            _("Parents : bon souvenir de l'école"),
            _("Des parents qui gardent un bon souvenir de leur école."),
            "smile",
            "green",
        ),
        PeerGroupPlan(
            _("Parents : mauvais souvenir de l'école"),
            _("Des parents pour qui l'école a été difficile."),
            "cloud",
            "purple",
        ),
        PeerGroupPlan(
            _("Enseignants"),
            _("Les enseignants et l'équipe de l'école."),
            "teacher",
            "blue",
        ),
        PeerGroupPlan(
            _("Acteurs socio-éducatifs"),
            _("Centre social, associations, professionnels du quartier."),
            "hands",
            "orange",
        ),
    ),
    sessions=(
        SessionPlan(_("Séance 1"), ((_("Qu'est-ce que réussir à l'école ?"), "star"),)),
        SessionPlan(
            _("Séance 2"),
            (
                (_("Qu'est-ce qui aide tous les enfants à réussir à l'école ?"), "heart"),
                (_("Qu'est-ce qui empêche des enfants de réussir à l'école ?"), "cloud"),
            ),
        ),
        SessionPlan(
            _("Séance 3 : en route vers l'action"),
            (
                (_("Que puis-je faire ?"), "hands"),
                (_("En quoi ai-je besoin de l'autre ?"), "speech"),
            ),
        ),
    ),
)

PROBLEM_TREE = Blueprint(
    key="arbre",
    name=_("Arbre à problèmes (Saint-Étienne)"),
    summary=_(
        "Parents et professionnels cherchent d'abord, chacun de leur côté, le problème, ses causes "
        "et ses conséquences, puis croisent leurs résultats avec les enseignants et choisissent "
        "ensemble les priorités."
    ),
    title=_("Arbre à problèmes : ce qui freine la réussite des enfants"),
    purpose=_(
        "Comprendre ensemble un problème, ses racines et ses effets, pour choisir les priorités "
        "de travail."
    ),
    peer_groups=(
        PeerGroupPlan(_("Parents"), _("Les parents du quartier."), "parent", "green"),
        PeerGroupPlan(
            _("Professionnels socio-éducatifs"),
            _("CLAS, secteur famille, associations."),
            "hands",
            "orange",
        ),
        PeerGroupPlan(_("Enseignants"), _("Les équipes des écoles."), "teacher", "blue"),
    ),
    sessions=(
        SessionPlan(
            _("Le problème et ses racines"),
            (
                (_("Quel est, pour vous, le problème le plus important ?"), "tree"),
                (_("D'où vient ce problème ? Quelles en sont les causes ?"), "speech"),
            ),
        ),
        SessionPlan(
            _("Les effets et ce qui peut changer"),
            (
                (_("Quelles sont les conséquences pour les enfants et les familles ?"), "cloud"),
                (_("Que faudrait-il changer en priorité ?"), "star"),
            ),
        ),
    ),
)

SHARED_EVALUATION = Blueprint(
    key="bilan",
    name=_("Bilan partagé"),
    summary=_(
        "Chaque partenaire et les parents font d'abord le bilan chacun de leur côté, puis on "
        "croise les regards et on décide ensemble de ce qu'on continue, change ou arrête."
    ),
    title=_("Bilan partagé"),
    purpose=_(
        "On évalue ensemble et on décide ensemble de ce qu'on continue ensemble. "
        "On parle aussi de ce qui a été mal vécu."
    ),
    peer_groups=(
        PeerGroupPlan(
            _("Parents"), _("Les parents qui ont pris part aux actions."), "parent", "green"
        ),
        PeerGroupPlan(
            _("L'équipe du groupe local"),
            _("Animateurs, bénévoles, coordination."),
            "hands",
            "orange",
        ),
    ),
    sessions=(
        SessionPlan(
            _("Le bilan"),
            (
                (_("Qu'est-ce qui a marché ?"), "star"),
                (_("Qu'est-ce qui n'a pas marché ? Qu'avons-nous mal vécu ?"), "cloud"),
                (_("Qu'est-ce que ça a apporté à chacun, et aux enfants ?"), "heart"),
            ),
        ),
    ),
)

EMPTY = Blueprint(
    key="vide",
    name=_("Atelier vide"),
    summary=_("Vous créez vous-même les groupes de pairs et les questions."),
    title="",
    purpose="",
)

BLUEPRINTS = {
    blueprint.key: blueprint for blueprint in (LILLE_FIVES, PROBLEM_TREE, SHARED_EVALUATION, EMPTY)
}
