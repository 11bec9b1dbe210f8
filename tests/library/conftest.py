import datetime

import pytest

from mille.library.services import submissions

EXPERIENCE = {
    "title": "Le café des parents de l'école Jules-Ferry",
    "summary": "Chaque mardi, des parents éloignés de l'école boivent un café avec les enseignants.",
    "place": "Lille, Fives",
    "departement": None,
    "themes": [],
    "audiences": [],
    "dates_text": "Depuis 2023",
    "context": "Les parents ne venaient pas à l'école.\n\nIls avaient peur.",
    "partners_did": "Le centre social a ouvert la porte. Les enseignants sont venus.",
    "results": "Les parents viennent aux réunions.",
    "schemes": [],
    "partnership_level": "intermediate",
    "contact": "Centre social Mosaïque",
    "lenses": [],
}

TESTIMONY = {
    "title": "« Je n'osais pas entrer »",
    "summary": "Une maman raconte sa première fois à l'école.",
    "place": "Fives",
    "departement": None,
    "themes": [],
    "audiences": [],
    "quote": "Avant, je n'osais pas entrer dans l'école. Maintenant je viens au café.",
    "speaker_role": "parent",
    "consent_given_on": datetime.date(2026, 11, 2),
    "consent_means": "À l'oral, devant l'animatrice",
}


@pytest.fixture
def proposal(group, coordinator):
    return submissions.submission_create(
        user=coordinator, group=group, kind="experience", data=dict(EXPERIENCE)
    )


@pytest.fixture
def published(proposal, national):
    submissions.review_publish(reviewer=national, page=proposal)
    proposal.refresh_from_db()
    return proposal
