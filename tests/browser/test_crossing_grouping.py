"""The crossing's second pass in real Chromium: a facilitator groups 60 contributions, edits three
suggested statements and puts them to the vote; participants vote and the facilitator's results page
follows without a reload; axe-core on the new and changed pages at 360 and 1280 px."""

import pytest
from django.urls import reverse

from mille.texts.scoring import read_labelled
from mille.workshops import services
from mille.workshops.models import Phase, Statement
from tests.browser.conftest import axe_check, login_cookie
from tests.browser.test_crossing import _join
from tests.texts.test_cli import DATA

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def workshop(group, facilitator):
    """Sixty contributions from the labelled set, spread over the four peer groups."""
    created = services.workshop_create(group=group, actor=facilitator, blueprint="croisement")
    services.workshop_phase_change(workshop=created, actor=facilitator, phase=Phase.PEER_WORK)
    texts = read_labelled(DATA / "contributions_fr.tsv")[1][:60]
    peers = list(created.peer_groups.all())
    question = created.questions.first()
    for index, text in enumerate(texts):
        services.contributions_paste(
            actor=facilitator, peer_group=peers[index % 4], question=question, lines=text
        )
    services.workshop_phase_change(workshop=created, actor=facilitator, phase=Phase.CROSSING)
    created.refresh_from_db()
    return created


def test_group_edit_vote_and_results_follow(page_at, workshop, facilitator):
    karim = page_at(width=1280)
    login_cookie(karim, facilitator)
    karim.goto(karim.base + reverse("workshops:statements", args=[workshop.pk]))
    karim.get_by_role("link", name="Regrouper les contributions semblables").click()
    karim.get_by_role("heading", name="Regrouper les contributions semblables").wait_for()
    boxes = karim.locator("input[name=groups]")
    for index in range(boxes.count()):
        boxes.nth(index).uncheck()
    texts = karim.get_by_label("Phrase proposée")
    assert texts.count() >= 10
    for index, wording in enumerate(
        ["Les devoirs pèsent sur les familles", "L'école doit mieux accueillir", "Parler simple"]
    ):
        texts.nth(index).fill(wording)
        boxes.nth(index).check()
    karim.get_by_role("button", name="Ajouter les groupes cochés au vote").click()
    karim.get_by_text("3 phrases sont ajoutées au vote.").wait_for()
    chosen = list(Statement.objects.filter(workshop=workshop).order_by("pk"))
    assert [s.text for s in chosen] == [
        "Les devoirs pèsent sur les familles",
        "L'école doit mieux accueillir",
        "Parler simple",
    ]
    assert all(s.sources.exists() for s in chosen)

    # The results page, left open: it follows the votes without a reload.
    karim.goto(karim.base + reverse("workshops:facilitator_results", args=[workshop.pk]))
    karim.evaluate("() => { window.stayed = true; }")
    table = karim.locator("table", has_text="Sur téléphone")
    assert "1" not in [cell.inner_text() for cell in table.locator("tbody td").all()]
    phone = page_at(width=360)
    _join(phone, workshop, "Enseignants", "Léo")
    phone.goto(phone.base + reverse("workshops:vote", args=[workshop.pk]))
    for _round in range(3):
        phone.get_by_role("button", name="D'accord", exact=True).click()
        phone.wait_for_load_state()
    phone.get_by_text("Vous avez voté sur toutes les phrases.").wait_for()
    row = table.locator("tbody tr", has_text="Enseignants")
    row.locator("td").first.filter(has_text="1").wait_for(timeout=12_000)
    assert karim.evaluate("() => window.stayed === true")  # swapped in place, never reloaded
    assert karim.locator("#results-status").inner_text() == "Les résultats ont été mis à jour."
    assert karim.errors == [] and phone.errors == []


@pytest.mark.parametrize("width", [360, 1280])
def test_no_axe_violation_on_the_grouping_and_live_pages(page_at, workshop, facilitator, width):
    statement = services.statement_create(
        workshop=workshop, actor=facilitator, text="Les devoirs pèsent sur les familles"
    )
    participant, _ = services.participant_join(
        workshop=workshop, peer_group=workshop.peer_groups.first(), nickname="Amina"
    )
    services.vote_cast(participant=participant, statement=statement, value=1)
    page = page_at(width=width)
    login_cookie(page, facilitator)
    slides = workshop.questions.count() + 1
    for path in (
        reverse("workshops:statements_grouped", args=[workshop.pk]),
        reverse("workshops:statements", args=[workshop.pk]),
        reverse("workshops:facilitator_results", args=[workshop.pk]),
        reverse("workshops:presentation", args=[workshop.pk]) + f"?n={slides}",
    ):
        axe_check(page, path)
