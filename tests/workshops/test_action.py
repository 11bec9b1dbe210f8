import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from mille.workshops import selectors, services
from mille.workshops.models import Dot, Phase
from tests.workshops.conftest import join


@pytest.fixture
def action_workshop(workshop, facilitator):
    services.workshop_phase_change(workshop=workshop, actor=facilitator, phase=Phase.ACTION)
    workshop.refresh_from_db()
    return workshop


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _tree(workshop, actor):
    add = services.tree_node_add
    problem = add(
        workshop=workshop, actor=actor, kind="problem", text="Parents et école se parlent peu"
    )
    cause = add(workshop=workshop, actor=actor, kind="cause", text="Les mots de l'école")
    sub = add(
        workshop=workshop, actor=actor, kind="cause", text="Le jargon des courriers", parent=cause
    )
    consequence = add(workshop=workshop, actor=actor, kind="consequence", text="Des enfants perdus")
    objective = add(
        workshop=workshop, actor=actor, kind="objective", text="Des mots simples", answers=cause
    )
    return problem, cause, sub, consequence, objective


def test_tree_structure(action_workshop, facilitator):
    problem, cause, sub, consequence, objective = _tree(action_workshop, facilitator)
    tree = selectors.problem_tree(action_workshop)
    assert tree.problem == problem
    assert [b.node for b in tree.causes] == [cause]
    assert [b.node for b in tree.causes[0].children] == [sub]
    assert [b.node for b in tree.consequences] == [consequence]
    assert tree.objectives == [objective] and objective.answers == cause


def test_tree_rules(action_workshop, facilitator, member, other_workshop, other_coordinator):
    problem, cause, *_rest = _tree(action_workshop, facilitator)
    with pytest.raises(ValidationError):  # a second central problem
        services.tree_node_add(
            workshop=action_workshop, actor=facilitator, kind="problem", text="x"
        )
    with pytest.raises(ValidationError):  # a consequence under a cause
        services.tree_node_add(
            workshop=action_workshop, actor=facilitator, kind="consequence", text="x", parent=cause
        )
    with pytest.raises(ValidationError):
        services.tree_node_add(workshop=action_workshop, actor=facilitator, kind="cause", text="  ")
    with pytest.raises(ValidationError):
        services.tree_node_add(workshop=action_workshop, actor=facilitator, kind="nope", text="x")
    with pytest.raises(PermissionDenied):
        services.tree_node_add(workshop=action_workshop, actor=member, kind="cause", text="x")
    foreign = services.tree_node_add(
        workshop=other_workshop, actor=other_coordinator, kind="cause", text="Ailleurs"
    )
    with pytest.raises(ValidationError):
        services.tree_node_add(
            workshop=action_workshop, actor=facilitator, kind="cause", text="x", parent=foreign
        )


def test_tree_move_and_delete(action_workshop, facilitator):
    add = services.tree_node_add
    first = add(workshop=action_workshop, actor=facilitator, kind="cause", text="Un")
    second = add(workshop=action_workshop, actor=facilitator, kind="cause", text="Deux")
    services.tree_node_move(node=second, actor=facilitator, offset=-1)
    assert [b.node for b in selectors.problem_tree(action_workshop).causes] == [second, first]
    services.tree_node_delete(node=second, actor=facilitator)
    assert [b.node for b in selectors.problem_tree(action_workshop).causes] == [first]


def test_dots(action_workshop, facilitator):
    *_nodes, objective = _tree(action_workshop, facilitator)
    action = services.action_create(
        group=action_workshop.group,
        actor=facilitator,
        workshop=action_workshop,
        title="Café des parents",
    )
    amina = services.participant_join(
        workshop=action_workshop, peer_group=action_workshop.peer_groups.first(), nickname="Amina"
    )[0]
    services.dot_place(participant=amina, node=objective)
    services.dot_place(participant=amina, node=objective)
    services.dot_place(participant=amina, action=action)
    with pytest.raises(ValidationError):  # three dots by default
        services.dot_place(participant=amina, action=action)
    assert selectors.dots_left(amina) == 0
    services.dot_remove(participant=amina, node=objective)
    assert selectors.dots_left(amina) == 1
    cause = selectors.problem_tree(action_workshop).causes[0].node
    with pytest.raises(PermissionDenied):  # dots go on objectives and actions only
        services.dot_place(participant=amina, node=cause)
    items = selectors.priorities(action_workshop, amina)
    assert [(i.label, i.total, i.mine) for i in items] == [
        ("Café des parents", 1, 1),
        ("Des mots simples", 1, 1),
    ]
    first_group = dict((p.name, c) for p, c in items[0].per_group)
    assert first_group["Parents : bon souvenir de l'école"] == 1
    assert Dot.objects.count() == 2


def test_actions_join_the_group_list(action_workshop, facilitator, member, coordinator):
    *_nodes, objective = _tree(action_workshop, facilitator)
    action = services.action_create(
        group=action_workshop.group,
        actor=facilitator,
        workshop=action_workshop,
        title="Un café des parents chaque mois",
        lead="Centre social",
        objective=objective,
    )
    assert list(selectors.group_actions(action_workshop.group)) == [action]
    with pytest.raises(PermissionDenied):
        services.action_create(group=action_workshop.group, actor=member, title="x")
    with pytest.raises(ValidationError):
        services.action_create(group=action_workshop.group, actor=coordinator, title="  ")
    page = _client(member).get(reverse("partnerships:actions", args=[action_workshop.group.slug]))
    assert "Un café des parents chaque mois" in page.content.decode()
    assert (
        Client().get(reverse("partnerships:actions", args=[action_workshop.group.slug])).status_code
        == 302
    )


def test_pledge(action_workshop):
    amina = join(action_workshop, 0, "Amina")
    url = reverse("workshops:my_actions", args=[action_workshop.pk])
    assert amina.post(url, {"can_do": "", "need": ""}).status_code == 400
    assert amina.post(url, {"can_do": "Accueillir au café", "need": "Une salle"}).status_code == 302
    assert amina.participant.pledge.need == "Une salle"
    assert amina.post(url, {"can_do": "x" * 1001, "need": ""}).status_code == 400


def test_tree_editing_by_form(action_workshop, facilitator):
    client = _client(facilitator)
    url = reverse("workshops:tree_edit", args=[action_workshop.pk])
    add = reverse("workshops:tree_node_add", args=[action_workshop.pk])
    assert client.post(add, {"kind": "problem", "text": "Le problème"}).status_code == 302
    client.post(add, {"kind": "cause", "text": "Une cause"})
    cause = action_workshop.tree_nodes.get(kind="cause")
    edit = reverse("workshops:tree_node_edit", args=[action_workshop.pk, cause.pk])
    client.post(edit, {"text": "Une cause précise"})
    cause.refresh_from_db()
    assert cause.text == "Une cause précise"
    page = client.get(url).content.decode()
    assert "Une cause précise" in page and 'class="tree-picture"' in page
    client.post(reverse("workshops:tree_node_delete", args=[action_workshop.pk, cause.pk]))
    assert not action_workshop.tree_nodes.filter(kind="cause").exists()
    # Bad input: a message, nothing written.
    client.post(add, {"kind": "cause", "text": ""})
    assert action_workshop.tree_nodes.count() == 1


def test_action_pages_permissions(
    action_workshop, facilitator, coordinator, member, outsider, other_coordinator
):
    action = services.action_create(
        group=action_workshop.group, actor=facilitator, workshop=action_workshop, title="Café"
    )
    amina = join(action_workshop, 0, "Amina")
    urls = [
        reverse("workshops:tree_edit", args=[action_workshop.pk]),
        reverse("workshops:action_plan", args=[action_workshop.pk]),
        reverse("workshops:action_edit", args=[action_workshop.pk, action.pk]),
        reverse("workshops:report", args=[action_workshop.pk]),
        reverse("workshops:tree_poster", args=[action_workshop.pk]),
    ]
    for url in urls:
        for user in (facilitator, coordinator):
            assert _client(user).get(url).status_code == 200, url
        for user in (member, outsider, other_coordinator):
            assert _client(user).get(url).status_code == 403, (url, user)
        assert amina.get(url).status_code in (302, 403)
    for name in ("tree", "dots", "my_actions", "participant_report"):
        url = reverse(f"workshops:{name}", args=[action_workshop.pk])
        assert amina.get(url).status_code == 200, url
        assert Client().get(url).status_code == 302


def test_participant_action_pages_closed_in_peer_phase(workshop):
    amina = join(workshop, 0, "Amina")
    for name in ("tree", "dots", "my_actions"):
        assert (
            "pas ouvert"
            in amina.get(reverse(f"workshops:{name}", args=[workshop.pk])).content.decode()
        )
    assert amina.get(reverse("workshops:participant_report", args=[workshop.pk])).status_code == 403


def test_report_pdf_has_everything(
    action_workshop, facilitator, django_capture_on_commit_callbacks
):
    _tree(action_workshop, facilitator)
    services.action_create(
        group=action_workshop.group,
        actor=facilitator,
        workshop=action_workshop,
        title="Café des parents",
        lead="Centre social",
    )
    with django_capture_on_commit_callbacks(execute=True):
        statement = services.statement_create(
            workshop=action_workshop, actor=facilitator, text="Se parler à égalité"
        )
        for index, peer in enumerate(action_workshop.peer_groups.all()):
            person = services.participant_join(
                workshop=action_workshop, peer_group=peer, nickname=f"P{index}"
            )[0]
            services.vote_cast(participant=person, statement=statement, value=1)
    response = _client(facilitator).get(reverse("workshops:report", args=[action_workshop.pk]))
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in (
        "Qu",
        "Enseignants",
        "Parents et école se parlent peu",
        "Des mots simples",
        "Café des parents",
    ):
        assert expected in text, expected
    poster = _client(facilitator).get(reverse("workshops:tree_poster", args=[action_workshop.pk]))
    assert (
        "Le jargon des courriers" in PdfReader(io.BytesIO(poster.content)).pages[0].extract_text()
    )


def test_crossing_exports(action_workshop, facilitator, member, django_capture_on_commit_callbacks):
    import csv
    import json

    _tree(action_workshop, facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        statement = services.statement_create(
            workshop=action_workshop, actor=facilitator, text="=Se parler"
        )
        person = services.participant_join(
            workshop=action_workshop,
            peer_group=action_workshop.peer_groups.first(),
            nickname="Amina",
        )[0]
        services.vote_cast(participant=person, statement=statement, value=1)
    client = _client(facilitator)
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(
                    reverse("workshops:crossing_export", args=[action_workshop.pk, "csv"])
                ).content.decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    assert len(rows) == 4 and rows[0]["phrase"] == "'=Se parler" and rows[0]["d_accord"] == "1"
    data = json.loads(
        client.get(reverse("workshops:crossing_export", args=[action_workshop.pk, "json"])).content
    )
    assert data["arbre"]["causes"][0]["sous"][0]["texte"] == "Le jargon des courriers"
    assert "Amina" not in json.dumps(data)
    assert (
        _client(member)
        .get(reverse("workshops:crossing_export", args=[action_workshop.pk, "json"]))
        .status_code
        == 403
    )
    assert (
        client.get(
            reverse("workshops:crossing_export", args=[action_workshop.pk, "xml"])
        ).status_code
        == 404
    )
