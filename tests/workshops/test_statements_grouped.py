"""« Regrouper les contributions semblables »: similar contributions across peer groups shown
together, each group turned into one statement with its contributions as sources."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from mille.workshops import selectors, services
from mille.workshops.models import Phase, Statement

IDEAS = {
    "homework": [
        "Les devoirs à la maison sont trop durs pour nous les parents",
        "Je n'arrive pas à aider mon fils pour ses devoirs",
        "Aider aux devoirs le soir c'est difficile pour les familles",
    ],
    "welcome": [
        "On ne se sent pas accueillis à la porte de l'école",
        "Le portail de l'école reste fermé aux parents, on ne se sent pas accueillis",
    ],
    "canteen": ["La cantine coûte trop cher pour les familles nombreuses"],
}


@pytest.fixture
def crossing_workshop(workshop, facilitator):
    peers = list(workshop.peer_groups.all())
    question = workshop.questions.first()
    n = 0
    for texts in IDEAS.values():
        for text in texts:
            services.contributions_paste(
                actor=facilitator, peer_group=peers[n % len(peers)], question=question, lines=text
            )
            n += 1
    services.workshop_phase_change(workshop=workshop, actor=facilitator, phase=Phase.CROSSING)
    workshop.refresh_from_db()
    return workshop


def _idea_of(text: str) -> str:
    return next(idea for idea, texts in IDEAS.items() if text in texts)


def test_similar_contributions_come_together_across_peer_groups(crossing_workshop):
    groups = selectors.contribution_groups(crossing_workshop)
    assert sum(len(g.members) for g in groups) == 6
    for group in groups:
        assert len({_idea_of(c.text) for c in group.members}) == 1
        assert group.typical in group.members and group.label
    homework = next(g for g in groups if _idea_of(g.members[0].text) == "homework")
    assert len(homework.members) == 3 and len(homework.peer_groups) == 3


def test_the_facilitator_edits_and_adds_groups_to_the_vote(crossing_workshop, facilitator):
    client = Client()
    client.force_login(facilitator)
    url = reverse("workshops:statements_grouped", args=[crossing_workshop.pk])
    page = client.get(url).content.decode()
    assert "Phrase proposée" in page and "la plus typique" in page
    groups = selectors.contribution_groups(crossing_workshop)
    together = [g for g in groups if len(g.members) > 1]
    data = {"groups": [str(g.index) for g in together]}
    for group in groups:
        data[f"text-{group.index}"] = f"Idée {group.index} corrigée"
        data[f"members-{group.index}"] = [str(c.pk) for c in group.members]
    response = client.post(url, data)
    assert response.status_code == 302
    created = Statement.objects.filter(workshop=crossing_workshop).order_by("pk")
    assert [s.text for s in created] == [f"Idée {g.index} corrigée" for g in together]
    for statement, group in zip(created, together, strict=True):
        assert set(statement.sources.all()) == set(group.members)


def test_a_bad_text_changes_nothing_and_keeps_what_was_typed(crossing_workshop, facilitator):
    client = Client()
    client.force_login(facilitator)
    url = reverse("workshops:statements_grouped", args=[crossing_workshop.pk])
    groups = selectors.contribution_groups(crossing_workshop)
    data = {"groups": [str(g.index) for g in groups]}
    for group in groups:
        data[f"text-{group.index}"] = "Gardée telle quelle"
        data[f"members-{group.index}"] = [str(c.pk) for c in group.members]
    data[f"text-{groups[-1].index}"] = "   "
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Écrivez l&#x27;énoncé" in response.content.decode() or "Écrivez l'énoncé" in (
        response.content.decode()
    )
    assert response.content.decode().count('value="Gardée telle quelle"') == len(groups) - 1
    assert not Statement.objects.exists()
    assert client.post(url, {}).status_code == 400  # nothing ticked: said, nothing created


def test_grouped_statements_check_the_workshop_and_the_actor(
    crossing_workshop, facilitator, member, other_workshop, other_coordinator
):
    (foreign,) = services.contributions_paste(
        actor=other_coordinator,
        peer_group=other_workshop.peer_groups.first(),
        question=other_workshop.questions.first(),
        lines="Ailleurs",
    )
    mine = selectors.contribution_groups(crossing_workshop)[0]
    ids = [c.pk for c in mine.members]
    with pytest.raises(PermissionDenied):
        services.statements_from_groups(
            workshop=crossing_workshop, actor=member, drafts=[("Une idée", ids)]
        )
    with pytest.raises(ValidationError):
        services.statements_from_groups(
            workshop=crossing_workshop, actor=facilitator, drafts=[("Une idée", [*ids, foreign.pk])]
        )
    assert not Statement.objects.exists()
