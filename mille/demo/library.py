"""Demo content for the library: a proposal waiting for review, a comment, a tool to download."""

import datetime

from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from mille.core.pdf import render_pdf
from mille.library.models import ExperiencePage, LibraryIndexPage, Term, ToolPage
from mille.library.services import comments, submissions


def load_library(group, coordinator, parent) -> None:
    submissions.submission_create(
        user=coordinator,
        group=group,
        kind="testimony",
        data={
            "title": "« Au café, j'ai osé poser ma question »",
            "summary": "Une maman raconte le café des parents. Elle a osé parler à la maîtresse.",
            "place": "Lille, Fives",
            "departement": None,
            "themes": [],
            "audiences": [],
            "quote": "Avant, je restais devant la grille. Au café, j'ai osé poser ma question à la "
            "maîtresse. Maintenant, je viens à chaque fois.",
            "speaker_role": "parent",
            "consent_given_on": datetime.date(2026, 10, 6),
            "consent_means": "À l'oral, devant l'animatrice du centre social",
        },
    )
    fives = ExperiencePage.objects.filter(slug="lille-fives-ecole-familles-quartier").first()
    if fives is not None:
        comments.comment_create(
            author=parent, page=fives, body="Nous avons fait les mêmes groupes à Roubaix. Merci !"
        )
    library = LibraryIndexPage.objects.first()
    if library is None or ToolPage.objects.exists():
        return
    pdf = render_pdf("library/tool_poster.html", {})
    document = Document(title="Affiche : les 3 principes de la charte")
    document.file.save("affiche-3-principes.pdf", ContentFile(pdf), save=False)
    document.save()
    tool = ToolPage(
        title="Affiche : les 3 principes de la charte",
        slug="affiche-3-principes",
        summary="Une affiche à imprimer. Elle dit les 3 principes de la charte en mots simples. "
        "Accrochez-la dans la salle de réunion.",
        document=document,
        how_to_use="<p>Imprimez-la en A4 ou A3. Lisez-la à voix haute au début d'une rencontre. "
        "Demandez à chacun ce qu'elle veut dire pour lui.</p>",
        credit="Collectif « Mille et un territoires », d'après la charte.",
    )
    tool.audiences = list(Term.objects.filter(kind="audience", slug__in=["parents", "animateurs"]))
    library.add_child(instance=tool)
    tool.save_revision().publish()
