"""The observatory's exact figures, gathered from the apps' selectors and cached a while; how they
are published (exact or protected) is `mille.observatory.publication`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mille.core.cache import cached
from mille.groups import selectors as groups
from mille.inventory import selectors as inventory
from mille.partnerships import selectors as partnerships
from mille.workshops import selectors as workshops

NAMESPACE = "observatory"
# The figures are read from many apps; rather than every write of every app invalidating them,
# they live a quarter of an hour (a dashboard of trends, not a live counter).
TIMEOUT = 15 * 60
QUARTERS = 8


# --- Exact figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    label: str
    people: bool


@dataclass(frozen=True)
class RawTable:
    """One table of exact counts: rows of (label, one count per column); `total` per column when
    the table has one."""

    ident: str
    title: str
    note: str
    row_header: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]
    totals: tuple[int, ...] | None = None
    trend: bool = False


@dataclass(frozen=True)
class RawKeyFigure:
    ident: str
    label: str
    count: int
    people: bool


@dataclass(frozen=True)
class RawFigures:
    key: tuple[RawKeyFigure, ...]
    without_account: int
    participants: int
    tables: tuple[RawTable, ...]
    quarters: tuple[str, ...]


def quarters_until(today: date, count: int = QUARTERS) -> list[tuple[int, int]]:
    """The last `count` calendar quarters, oldest first, the current one last."""
    year, quarter = today.year, (today.month - 1) // 3 + 1
    keys = []
    for _index in range(count):
        keys.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return keys[::-1]


def quarter_label(key: tuple[int, int]) -> str:
    return _("T%(quarter)d %(year)d") % {"quarter": key[1], "year": key[0]}


def _choice_rows(rows: list[tuple[str, str, int]]) -> tuple[tuple[str, tuple[int, ...]], ...]:
    return tuple((label, (n,)) for _code, label, n in rows)


def compute(departement: str | None, *, today: date | None = None) -> RawFigures:
    """Every exact figure of the network (`departement` None) or of one département."""
    today = today or timezone.localdate()
    keys = quarters_until(today)
    since = date(keys[0][0], 3 * keys[0][1] - 2, 1)
    group_counts = groups.group_figures(departement)
    group_trend = groups.group_trends(departement, since=since)
    members = groups.member_figures(departement, since=since)
    workshop = workshops.workshop_figures(departement, since=since)
    participation = workshops.participation_figures(departement, since=since)
    crossing = workshops.statement_vote_figures(departement, since=since)
    actions = workshops.action_figures(departement, since=since)
    partners = partnerships.partnership_figures(departement, since=since)
    outreach = inventory.outreach_figures(departement, since=since)
    rising = inventory.rising_themes(departement)

    def trend(*series: dict) -> tuple[tuple[str, tuple[int, ...]], ...]:
        return tuple(
            (quarter_label(key), tuple(counts.get(key, 0) for counts in series)) for key in keys
        )

    people = Column(_("Personnes"), people=True)
    quarter = _("Trimestre")
    tables = (
        RawTable(
            "groupes",
            _("Les groupes locaux, selon leur reconnaissance"),
            _("Des groupes, pas des personnes : nombres exacts."),
            _("Reconnaissance"),
            (Column(_("Groupes"), people=False),),
            _choice_rows(group_counts["by_recognition"]),
            (group_counts["total"],),
        ),
        RawTable(
            "groupes-tendance",
            _("Groupes créés et groupes reconnus, par trimestre"),
            _("Des groupes, pas des personnes : nombres exacts."),
            quarter,
            (Column(_("Créés"), people=False), Column(_("Reconnus"), people=False)),
            trend(group_trend["created"], group_trend["recognised"]),
            trend=True,
        ),
        RawTable(
            "membres",
            _("Les membres des groupes, selon leur catégorie"),
            _("Des personnes avec un compte, comptées une fois même dans plusieurs groupes."),
            _("Catégorie"),
            (people,),
            _choice_rows(members["by_category"]),
            (members["people"],),
        ),
        RawTable(
            "membres-tendance",
            _("Personnes qui ont rejoint un groupe, par trimestre"),
            _("Des personnes."),
            quarter,
            (people,),
            trend(members["joined"]),
            trend=True,
        ),
        RawTable(
            "ateliers",
            _("Les ateliers entre pairs, selon leur étape"),
            _("Des ateliers, pas des personnes : nombres exacts."),
            _("Étape"),
            (Column(_("Ateliers"), people=False),),
            _choice_rows(workshop["by_phase"]),
            (sum(n for *_rest, n in workshop["by_phase"]),),
        ),
        RawTable(
            "groupes-de-pairs",
            _("Les groupes de pairs représentés dans les ateliers"),
            _(
                "Par nom de groupe de pairs : dans combien d'ateliers, et combien de personnes "
                "y ont participé."
            ),
            _("Groupe de pairs"),
            (Column(_("Ateliers"), people=False), Column(_("Participants"), people=True)),
            tuple(
                (name, (n_workshops, n_people))
                for name, n_workshops, n_people in workshop["peer_groups"]
            ),
        ),
        RawTable(
            "ateliers-tendance",
            _("Ateliers créés et personnes qui y participent, par trimestre"),
            _("Des ateliers (nombres exacts) et des personnes."),
            quarter,
            (Column(_("Ateliers"), people=False), Column(_("Participants"), people=True)),
            trend(workshop["created"], participation["joined"]),
            trend=True,
        ),
        RawTable(
            "enonces-tendance",
            _("Énoncés soumis au vote et votes par téléphone, par trimestre"),
            _("Des énoncés (nombres exacts) et des votes, comptés comme des personnes."),
            quarter,
            (Column(_("Énoncés"), people=False), Column(_("Votes"), people=True)),
            trend(crossing["statements_per_quarter"], crossing["votes_per_quarter"]),
            trend=True,
        ),
        RawTable(
            "actions",
            _("Les actions des groupes, selon leur état"),
            _("Des actions, pas des personnes : nombres exacts."),
            _("État"),
            (Column(_("Actions"), people=False),),
            _choice_rows(actions["by_status"]),
            (sum(n for *_rest, n in actions["by_status"]),),
        ),
        RawTable(
            "actions-dispositifs",
            _("Les actions suivies, selon leur dispositif"),
            _("Une action dans deux dispositifs compte dans les deux."),
            _("Dispositif"),
            (Column(_("Actions"), people=False),),
            _choice_rows(partners["actions_by_scheme"]),
        ),
        RawTable(
            "actions-tendance",
            _("Actions créées, par trimestre"),
            _("Des actions, pas des personnes : nombres exacts."),
            quarter,
            (Column(_("Actions"), people=False),),
            trend(actions["created"]),
            trend=True,
        ),
        RawTable(
            "partenariats",
            _("Les partenariats, selon leur niveau"),
            _(
                "Minimal : un partenaire demande un service ; intermédiaire : on repense ensemble "
                "la demande ; maximal : on construit ensemble une solution nouvelle."
            ),
            _("Niveau"),
            (Column(_("Partenariats"), people=False),),
            _choice_rows(partners["by_level"]),
            (sum(n for *_rest, n in partners["by_level"]),),
        ),
        RawTable(
            "partenariats-tendance",
            _("Partenariats noués et sorties vers les familles, par trimestre"),
            _("Des partenariats et des sorties, pas des personnes : nombres exacts."),
            quarter,
            (Column(_("Partenariats"), people=False), Column(_("Sorties"), people=False)),
            trend(partners["created"], outreach["per_quarter"]),
            trend=True,
        ),
        RawTable(
            "ce-qui-remonte",
            _("Ce qui remonte des groupes : les thèmes des difficultés et des consensus"),
            _(
                "Les difficultés notées dans les états des lieux, par thème, et les énoncés sur "
                "lesquels tous les groupes de pairs d'un atelier étaient d'accord, par le thème "
                "des difficultés auxquelles le groupe les a reliés. Des groupes et des phrases, "
                "pas des personnes : nombres exacts."
            ),
            _("Thème"),
            (
                Column(_("Groupes"), people=False),
                Column(_("Difficultés"), people=False),
                Column(_("Énoncés de consensus"), people=False),
            ),
            tuple((row.label, (row.groups, row.difficulties, row.consensus)) for row in rising),
        ),
    )
    key = (
        RawKeyFigure("groupes", _("groupes locaux"), group_counts["total"], False),
        RawKeyFigure(
            "reconnus",
            _("groupes reconnus"),
            dict((code, n) for code, _label, n in group_counts["by_recognition"]).get(
                "recognised", 0
            ),
            False,
        ),
        RawKeyFigure(
            "criteres",
            _("groupes qui remplissent les 7 critères"),
            group_counts["criteria_met"],
            False,
        ),
        RawKeyFigure("membres", _("membres avec un compte"), members["people"], True),
        RawKeyFigure(
            "ateliers", _("ateliers entre pairs"), sum(n for *_r, n in workshop["by_phase"]), False
        ),
        RawKeyFigure(
            "participants", _("participations aux ateliers"), participation["people"], True
        ),
        RawKeyFigure("enonces", _("énoncés soumis au vote"), crossing["statements"], False),
        RawKeyFigure(
            "votants", _("personnes qui ont voté par téléphone"), crossing["voters"], True
        ),
        RawKeyFigure("votes", _("votes par téléphone"), crossing["votes"], True),
        RawKeyFigure("votes-salle", _("votes à main levée"), crossing["room_votes"], True),
        RawKeyFigure("actions", _("actions"), sum(n for *_r, n in actions["by_status"]), False),
        RawKeyFigure(
            "partenariats",
            _("partenariats"),
            sum(n for *_r, n in partners["by_level"]),
            False,
        ),
        RawKeyFigure("sorties", _("sorties vers les familles"), outreach["outings"], False),
        RawKeyFigure(
            "rencontres", _("personnes rencontrées lors des sorties"), outreach["people_met"], True
        ),
    )
    return RawFigures(
        key=key,
        without_account=participation["without_account"],
        participants=participation["people"],
        tables=tables,
        quarters=tuple(quarter_label(k) for k in keys),
    )


def raw_figures(departement: str | None) -> RawFigures:
    """The exact figures, computed at most once a quarter of an hour per territory and language."""
    key = f"{departement or 'fr'}:{translation.get_language()}"
    return cached(NAMESPACE, key, lambda: compute(departement), timeout=TIMEOUT)
