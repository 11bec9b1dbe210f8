"""What a workshop's facilitators download: the contributions and the crossing's outcome, as JSON
and as CSV for spreadsheets. No names unless asked for (pseudonyms only, never accounts)."""

import csv
import io

from django.utils.translation import gettext as _

from mille.core.text import spreadsheet_safe
from mille.workshops import selectors
from mille.workshops.models import Workshop

CONTRIBUTION_COLUMNS = [
    "groupe_de_pairs",
    "question",
    "texte",
    "audio",
    "duree_audio_s",
    "saisie_par_animateur",
    "nombre_de_personnes",
    "date",
]
CROSSING_COLUMNS = [
    "phrase",
    "groupe",
    "d_accord",
    "pas_d_accord",
    "ne_sait_pas",
    "rassemble",
    "divise",
]


def csv_cell(value):
    """Booleans in words; text that a spreadsheet would run as a formula is neutralised."""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    return "" if value is None else spreadsheet_safe(value)


def contributions(workshop: Workshop, *, pseudonyms: bool) -> dict:
    return {
        "atelier": workshop.title,
        "contributions": selectors.export_rows(workshop, pseudonyms=pseudonyms),
    }


def contributions_csv(data: dict, *, pseudonyms: bool) -> str:
    buffer = io.StringIO()
    columns = CONTRIBUTION_COLUMNS + (["pseudonyme"] if pseudonyms else [])
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=";")
    writer.writeheader()
    for row in data["contributions"]:
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    return buffer.getvalue()


def _branch(item) -> dict:
    return {"texte": item.node.text, "sous": [_branch(child) for child in item.children]}


def crossing(workshop: Workshop) -> dict:
    """The crossing's outcome: each statement's votes per peer group, the tree, the priorities and
    the actions. Peer groups only, no person."""
    view = selectors.crossing_view(workshop)
    consensus = {r.statement.pk for r in view.consensus + view.consensus_against}
    divisive = {r.statement.pk for r in view.divisive}
    tree = selectors.problem_tree(workshop)
    return {
        "atelier": workshop.title,
        "phrases": [
            {
                "phrase": result.statement.text,
                "rassemble": result.statement.pk in consensus,
                "divise": result.statement.pk in divisive,
                "groupes": {
                    bar.peer_group.name: {
                        "d_accord": bar.agree,
                        "pas_d_accord": bar.disagree,
                        "ne_sait_pas": bar.passes,
                    }
                    for bar in result.bars
                },
            }
            for result in view.statements
        ],
        "arbre": {
            "probleme": tree.problem.text if tree.problem else None,
            "causes": [_branch(b) for b in tree.causes],
            "consequences": [_branch(b) for b in tree.consequences],
            "objectifs": [
                {"texte": n.text, "repond_a": n.answers.text if n.answers else None}
                for n in tree.objectives
            ],
        },
        "priorites": [
            {
                "libelle": p.label,
                "gommettes": p.total,
                "par_groupe": {g.name: c for g, c in p.per_group},
            }
            for p in selectors.priorities(workshop)
        ],
        "actions": [
            {
                "titre": a.title,
                "description": a.description,
                "porteur": a.lead,
                "avec": a.partners,
                "quand": a.when,
                "moyens": a.resources,
                "etat": a.status,
            }
            for a in selectors.workshop_actions(workshop)
        ],
    }


def crossing_csv(data: dict) -> str:
    """One line per statement and peer group."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(CROSSING_COLUMNS)
    for row in data["phrases"]:
        for group, counts in row["groupes"].items():
            writer.writerow(
                [
                    csv_cell(row["phrase"]),
                    csv_cell(group),
                    counts["d_accord"],
                    counts["pas_d_accord"],
                    counts["ne_sait_pas"],
                    csv_cell(row["rassemble"]),
                    csv_cell(row["divise"]),
                ]
            )
    return buffer.getvalue()
