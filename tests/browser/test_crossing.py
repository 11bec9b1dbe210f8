"""A whole workshop in real Chromium — a facilitator and four participants in the four peer groups
of the Lille-Fives template: peer work → crossing → statements → votes → the crossing views → the
tree → dots → the action plan → the PDF report; the tree by keyboard only; axe-core on every page."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from mille.workshops import crossing, services
from mille.workshops.models import Phase
from tests.browser.conftest import axe_check, login_cookie

pytestmark = pytest.mark.django_db(transaction=True)

PEERS = [
    ("Parents : bon souvenir de l'école", "Amina", "Lire des histoires le soir"),
    ("Parents : mauvais souvenir de l'école", "Bruno", "Ne pas avoir peur le matin"),
    ("Enseignants", "Claire", "Que chaque élève progresse"),
    ("Acteurs socio-éducatifs", "Karima", "L'aide aux devoirs avec les parents"),
]


@pytest.fixture
def workshop(group, facilitator):
    created = services.workshop_create(group=group, actor=facilitator, blueprint="croisement")
    services.workshop_phase_change(workshop=created, actor=facilitator, phase=Phase.PEER_WORK)
    created.refresh_from_db()
    return created


def _join(page, workshop, peer_name, nickname):
    code = workshop.join_codes.get(peer_group__isnull=True).code
    page.goto(page.base + f"/rejoindre/{code}/")
    page.get_by_label(peer_name).check()
    page.get_by_label("Votre prénom ou un surnom").fill(nickname)
    page.get_by_role("button", name="J'ai compris, je participe").click()
    page.get_by_role("heading", name="Votre code personnel").wait_for()


def _phase(page, label):
    page.goto(page.base + page.workshop_url)
    page.get_by_role("button", name=f"Passer à : {label}").click()
    page.get_by_text(f"L'atelier passe à l'étape « {label} ».").wait_for()


def test_a_whole_workshop(page_at, workshop, facilitator):
    karim = page_at(width=1280)
    login_cookie(karim, facilitator)
    karim.workshop_url = reverse("workshops:detail", args=[workshop.pk])
    phones = []
    for peer_name, nickname, answer in PEERS:
        phone = page_at(width=360)
        _join(phone, workshop, peer_name, nickname)
        phone.get_by_role("link", name="Qu'est-ce que réussir à l'école ?").click()
        phone.get_by_label("Votre réponse").fill(answer)
        phone.get_by_role("button", name="Envoyer").click()
        phone.locator("#wall").get_by_text(answer).first.wait_for(timeout=8_000)
        phones.append(phone)

    # Crossing: everyone sees every group's answers.
    _phase(karim, "Croisement")
    amina = phones[0]
    amina.goto(amina.base + reverse("workshops:crossing", args=[workshop.pk]))
    amina.get_by_role("link", name="Enseignants").click()
    amina.get_by_text("Que chaque élève progresse").wait_for()

    # Statements, one drawn from a contribution.
    karim.goto(karim.base + reverse("workshops:statements", args=[workshop.pk]))
    karim.get_by_label("La phrase à voter").fill("Parents et école doivent se parler à égalité")
    karim.get_by_label("Ne pas avoir peur le matin").check()
    karim.get_by_role("button", name="Ajouter la phrase au vote").click()
    karim.get_by_text("La phrase est ajoutée au vote.").wait_for()
    karim.get_by_label("La phrase à voter").fill("Les devoirs à la maison aident tous les enfants")
    karim.get_by_role("button", name="Ajouter la phrase au vote").click()
    karim.get_by_text("La phrase est ajoutée au vote.").wait_for()

    # Votes: everyone agrees on the first; parents and teachers differ on the second.
    leanings = {
        "Parents et école": ["D'accord"] * 4,
        "Les devoirs": ["D'accord", "Pas d'accord", "D'accord", "Pas d'accord"],
    }
    for position, phone in enumerate(phones):
        phone.goto(phone.base + reverse("workshops:vote", args=[workshop.pk]))
        for _round in range(2):
            text = phone.locator("#statement-text").inner_text()
            choice = next(v[position] for k, v in leanings.items() if text.startswith(k))
            phone.get_by_role("button", name=choice, exact=True).click()
            phone.wait_for_load_state()
        phone.get_by_text("Vous avez voté sur toutes les phrases.").wait_for()

    # The crossing views, checked against the engine's output for the same votes.
    figures = crossing.compute(workshop)
    karim.goto(karim.base + reverse("workshops:facilitator_results", args=[workshop.pk]))
    section = karim.locator(
        "section", has=karim.get_by_role("heading", name="Ce qui nous rassemble")
    )
    assert "Parents et école doivent se parler à égalité" in section.inner_text()
    karim.get_by_text("Le tableau des votes").click()
    table = karim.locator("table", has_text="Votes par phrase et par groupe")
    for row in table.locator("tbody tr").all():
        text = row.locator("th").inner_text()
        statement = workshop.statements.get(text=text)
        cells = [c.inner_text() for c in row.locator("td").all()]
        cells_of = figures.peer.statement(statement.pk).groups
        expected = [
            " / ".join(
                str(n)
                for n in (
                    (cells_of[peer.pk].agree, cells_of[peer.pk].disagree, cells_of[peer.pk].passes)
                    if peer.pk in cells_of
                    else (0, 0, 0)
                )
            )
            for peer in workshop.peer_groups.all()
        ]
        assert cells == expected, (text, cells, expected)
    consensus_ids = figures.peer.consensus_agree
    shown = section.inner_text()
    for pk in consensus_ids:
        assert workshop.statements.get(pk=pk).text in shown

    # The tree, by the facilitator.
    karim.goto(karim.base + reverse("workshops:tree_edit", args=[workshop.pk]))
    karim.get_by_label("Texte", exact=True).fill("Parents et école ne se comprennent pas")
    karim.get_by_role("button", name="Ajouter", exact=True).click()
    karim.get_by_text("La case est ajoutée à l'arbre.").wait_for()
    karim.get_by_label("Cause", exact=True).check()
    karim.get_by_label("Texte", exact=True).fill("Les mots de l'école")
    karim.get_by_role("button", name="Ajouter", exact=True).click()
    karim.get_by_text("La case est ajoutée à l'arbre.").wait_for()
    karim.get_by_label("Objectif", exact=True).check()
    karim.get_by_label("Texte", exact=True).fill("Des mots simples")
    karim.get_by_label("Pour un objectif : à quoi répond-il ? (facultatif)").select_option(
        label="Cause : Les mots de l'école"
    )
    karim.get_by_role("button", name="Ajouter", exact=True).click()
    karim.get_by_text("Répond à : Les mots de l'école").wait_for()

    # Action: the plan, the dots, each person's answers.
    _phase(karim, "Passage à l'action")
    karim.goto(karim.base + reverse("workshops:action_plan", args=[workshop.pk]))
    karim.get_by_label("Titre de l'action").fill("Un café des parents chaque mois")
    karim.get_by_label("Qui porte l'action ?").fill("Centre social")
    karim.get_by_role("button", name="Ajouter l'action").click()
    karim.get_by_text("L'action est ajoutée au plan.").wait_for()
    for phone in phones:
        phone.goto(phone.base + reverse("workshops:dots", args=[workshop.pk]))
        phone.get_by_role(
            "button", name="Placer une gommette : Un café des parents chaque mois"
        ).click()
        phone.get_by_text("La gommette est placée.").wait_for()
    amina.goto(amina.base + reverse("workshops:my_actions", args=[workshop.pk]))
    amina.get_by_label("Que puis-je faire ?").fill("Accueillir les parents au café")
    amina.get_by_role("button", name="Envoyer").click()
    amina.get_by_text("Vos réponses sont enregistrées").wait_for()
    karim.goto(karim.base + reverse("workshops:action_plan", args=[workshop.pk]))
    prio = karim.locator("table", has_text="Gommettes par objectif")
    assert re.search(r"Un café des parents chaque mois\s+4\s+1\s+1\s+1\s+1", prio.inner_text())

    # The one-page report.
    response = karim.request.get(karim.base + reverse("workshops:report", args=[workshop.pk]))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in (
        "Parents et école doivent se parler",
        "Des mots simples",
        "Un café des parents",
    ):
        assert expected in text
    for page in [karim, *phones]:
        assert page.errors == []


def test_the_tree_by_keyboard_only(page_at, workshop, facilitator):
    services.workshop_phase_change(workshop=workshop, actor=facilitator, phase=Phase.CROSSING)
    page = page_at(width=1280)
    login_cookie(page, facilitator)
    page.goto(page.base + reverse("workshops:tree_edit", args=[workshop.pk]))
    page.get_by_label("Texte", exact=True).focus()
    page.keyboard.type("Le problème central")
    page.keyboard.press("Enter")
    page.get_by_text("La case est ajoutée à l'arbre.").wait_for()
    for text in ("Première cause", "Deuxième cause"):
        page.get_by_label("Cause", exact=True).focus()
        page.keyboard.press("Space")
        page.get_by_label("Texte", exact=True).focus()
        page.keyboard.type(text)
        page.keyboard.press("Enter")
        page.get_by_text("La case est ajoutée à l'arbre.").wait_for()
    causes = page.locator("section", has=page.get_by_role("heading", name="Causes (les racines)"))
    assert [
        v for v in causes.locator("input[type=text]").evaluate_all("els => els.map(e => e.value)")
    ] == ["Première cause", "Deuxième cause"]
    causes.get_by_role("button", name="Monter : Deuxième cause").focus()
    page.keyboard.press("Enter")
    page.get_by_text("La case est déplacée.").wait_for()
    assert causes.locator("input[type=text]").evaluate_all("els => els.map(e => e.value)") == [
        "Deuxième cause",
        "Première cause",
    ]
    field = causes.get_by_role("textbox").first
    field.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Deuxième cause, précisée")
    page.keyboard.press("Enter")
    page.get_by_text("La case est modifiée.").wait_for()
    causes.get_by_role("button", name="Supprimer : Première cause").focus()
    page.keyboard.press("Space")
    page.get_by_text("La case est supprimée.").wait_for()
    assert list(workshop.tree_nodes.filter(kind="cause").values_list("text", flat=True)) == [
        "Deuxième cause, précisée"
    ]
    assert page.errors == []


@pytest.mark.parametrize("width", [360, 1280])
def test_no_axe_violation_on_action_pages(page_at, workshop, facilitator, member, width):
    services.contributions_paste(
        actor=facilitator,
        peer_group=workshop.peer_groups.first(),
        question=workshop.questions.first(),
        lines="Lire le soir",
    )
    services.workshop_phase_change(workshop=workshop, actor=facilitator, phase=Phase.ACTION)
    workshop.refresh_from_db()
    statement = services.statement_create(
        workshop=workshop, actor=facilitator, text="Se parler à égalité"
    )
    add = services.tree_node_add
    add(
        workshop=workshop,
        actor=facilitator,
        kind="problem",
        text="On ne se comprend pas",
        statement=statement,
    )
    cause = add(workshop=workshop, actor=facilitator, kind="cause", text="Les mots de l'école")
    add(
        workshop=workshop,
        actor=facilitator,
        kind="cause",
        text="Le jargon des courriers",
        parent=cause,
    )
    add(
        workshop=workshop,
        actor=facilitator,
        kind="consequence",
        text="Des parents qui n'osent plus venir",
    )
    objective = add(
        workshop=workshop,
        actor=facilitator,
        kind="objective",
        text="Des mots simples",
        answers=cause,
    )
    action = services.action_create(
        group=workshop.group,
        actor=facilitator,
        workshop=workshop,
        title="Un café des parents",
        objective=objective,
    )
    page = page_at(width=width)
    _join(page, workshop, "Enseignants", "Léo")
    for name in ("tree", "dots", "my_actions"):
        axe_check(page, reverse(f"workshops:{name}", args=[workshop.pk]))
    facilitator_page = page_at(width=width)
    login_cookie(facilitator_page, facilitator)
    for path in (
        reverse("workshops:tree_edit", args=[workshop.pk]),
        reverse("workshops:action_plan", args=[workshop.pk]),
        reverse("workshops:action_edit", args=[workshop.pk, action.pk]),
        reverse("partnerships:actions", args=[workshop.group.slug]),
        reverse("workshops:presentation", args=[workshop.pk]),
        reverse("workshops:presentation", args=[workshop.pk]) + "?n=6",
        reverse("workshops:detail", args=[workshop.pk]),
    ):
        axe_check(facilitator_page, path)
