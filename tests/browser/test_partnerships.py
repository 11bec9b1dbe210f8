"""Partnerships in real Chromium: a whole bilan partagé on 360 px phones (the coordinator prepares
it, a parent and the school answer apart, the collective decides), to the printed report and the
proposed experience sheet; axe-core on every partnership page at 360 and 1280 px."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from mille.library.models import ExperiencePage
from mille.partnerships import services
from mille.partnerships.models import Evaluation, Representative
from mille.workshops.models import Phase
from tests.browser.conftest import axe_check, login_cookie
from tests.factories import UserFactory
from tests.partnerships.conftest import structure

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setting(group, coordinator):
    school = services.partnership_create(
        group=group,
        actor=coordinator,
        structure=structure(group, coordinator, "École Jules Ferry"),
        level="intermediate",
        schemes=["rep_plus"],
    )
    centre = services.partnership_create(
        group=group,
        actor=coordinator,
        structure=structure(group, coordinator, "Centre social Mosaïque", "centre_social"),
    )
    action = services.action_create_direct(
        group=group,
        actor=coordinator,
        title="Un café des parents",
        partnerships=[school, centre],
        children_count=30,
        parents_count=14,
    )
    return school, centre, action


def _answer(page, workshop, peer_name, nickname, text):
    code = workshop.join_codes.get(peer_group__isnull=True).code
    page.goto(page.base + f"/rejoindre/{code}/")
    page.get_by_label(peer_name).check()
    page.get_by_label("Votre prénom ou un surnom").fill(nickname)
    page.get_by_role("button", name="J'ai compris, je participe").click()
    page.get_by_role("heading", name="Votre code personnel").wait_for()
    page.get_by_role("link", name="« Un café des parents » : qu'est-ce qui a marché ?").click()
    page.get_by_label("Votre réponse").fill(text)
    page.get_by_role("button", name="Envoyer").click()
    page.locator("#wall").get_by_text(text).first.wait_for(timeout=8_000)


def test_a_whole_bilan_partage_on_phones(page_at, group, coordinator, setting):
    school, _centre, _action = setting
    nadia = page_at(width=360)
    login_cookie(nadia, coordinator)
    nadia.goto(nadia.base + school.get_absolute_url())
    nadia.get_by_role("link", name="Faire le bilan ensemble").click()
    assert nadia.get_by_label("Un café des parents").is_checked()
    nadia.get_by_role("button", name="Préparer le bilan").click()
    nadia.get_by_text("Le bilan est prêt").wait_for()
    nadia.get_by_role("button", name="Passer à : Travail entre pairs").click()
    nadia.get_by_text("L'atelier passe à l'étape").wait_for()
    workshop = Evaluation.objects.get().workshop
    assert workshop.phase == Phase.PEER_WORK

    # Each side answers apart, on its own phone.
    parent = page_at(width=360)
    _answer(parent, workshop, "Parents", "Samira", "On ose poser nos questions.")
    head = page_at(width=360)
    _answer(
        head, workshop, "École Jules Ferry", "La directrice", "Les parents viennent aux réunions."
    )
    assert "On ose poser" not in head.locator("#wall").inner_text()

    # The collective decides, from the bilan's page.
    nadia.goto(nadia.base + reverse("workshops:detail", args=[workshop.pk]))
    nadia.get_by_role("link", name="Voir le bilan et noter les décisions").click()
    card = nadia.locator("section.card").first
    card.get_by_text("On ose poser nos questions.").wait_for()
    card.get_by_text("Les parents viennent aux réunions.").wait_for()
    assert "Samira" not in nadia.content()
    card.get_by_label("On continue en changeant").check()
    card.get_by_label("Pourquoi, et ce qu'on change").fill("Le mardi matin, avec l'école.")
    card.get_by_role("button", name="Noter la décision").click()
    nadia.get_by_text("La décision est notée.").wait_for()

    # The plain-language report.
    with nadia.expect_response(lambda r: r.url.endswith("rapport.pdf")) as info:
        nadia.evaluate(
            "url => fetch(url)",
            nadia.get_by_role("link", name="Le compte rendu (PDF)").get_attribute("href"),
        )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(info.value.body())).pages)
    assert "On ose poser nos questions." in text and "Le mardi matin" in text

    # One click to a proposed experience sheet, pre-filled.
    nadia.get_by_role("link", name="Partager ce bilan avec le réseau (fiche d'expérience)").click()
    assert nadia.get_by_label("Titre").input_value() == "Bilan partagé avec École Jules Ferry"
    assert nadia.get_by_label("Intermédiaire", exact=False).first.is_checked()
    nadia.get_by_role("button", name="Envoyer pour relecture").click()
    nadia.get_by_text("La coordination nationale va relire la fiche").wait_for()
    sheet = ExperiencePage.objects.get(local_group=group)
    assert sheet.partnership_level == "intermediate" and not sheet.live
    for page in (nadia, parent, head):
        assert page.errors == []


@pytest.mark.parametrize("width", [360, 1280])
def test_no_axe_violation_on_partnership_pages(page_at, group, coordinator, setting, width):
    school, _centre, action = setting
    services.convention_write(
        partnership=school,
        actor=coordinator,
        objectives="Ouvrir l'école aux parents.",
        rhythm_weeks=6,
        parts=[{"party": group.name, "brings": ["premises", "time"], "limits": "Pas d'argent"}],
    )
    from datetime import timedelta

    from django.utils import timezone

    meeting = services.meeting_save(
        partnership=school,
        actor=coordinator,
        starts_at=timezone.now() - timedelta(days=3),
        minutes="On a préparé le café.",
        attendance={"parents": 5, "school": 2},
        next_actions=[action],
    )
    indicator = services.indicator_add(action=action, actor=coordinator, kind="attendance")
    services.indicator_value_add(
        indicator=indicator, actor=coordinator, measured_on=timezone.localdate(), number=9
    )
    evaluation = services.evaluation_start(
        partnership=school, actor=coordinator, actions=[action], period="2025-2026"
    )
    invitation = services.representative_invite(partnership=school, actor=coordinator)
    head = UserFactory(email="directrice@example.org")
    Representative.objects.create(partnership=school, user=head)
    slug, pk = group.slug, school.pk
    paths = [
        reverse("partnerships:list", args=[slug]),
        reverse("partnerships:create", args=[slug]),
        reverse("partnerships:detail", args=[slug, pk]),
        reverse("partnerships:settings", args=[slug, pk]),
        reverse("partnerships:convention", args=[slug, pk]),
        reverse("partnerships:convention_write", args=[slug, pk]),
        reverse("partnerships:meeting_new", args=[slug, pk]),
        reverse("partnerships:meeting", args=[slug, pk, meeting.pk]),
        reverse("partnerships:meeting_edit", args=[slug, pk, meeting.pk]),
        reverse("partnerships:actions", args=[slug]),
        reverse("partnerships:action_new", args=[slug]),
        reverse("partnerships:action", args=[slug, action.pk]),
        reverse("partnerships:action_edit", args=[slug, action.pk]),
        reverse("partnerships:evaluation_new", args=[slug, pk]),
        reverse("partnerships:evaluation", args=[slug, evaluation.pk]),
        reverse("partnerships:experience", args=[slug, evaluation.pk]),
    ]
    page = page_at(width=width)
    login_cookie(page, coordinator)
    for path in paths:
        axe_check(page, path)
    # A form sent with mistakes shows its error summary: still no violation.
    page.goto(page.base + reverse("partnerships:meeting_new", args=[slug, pk]))
    page.get_by_role("button", name="Enregistrer").click()
    page.locator(".error-summary").wait_for()
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.conftest import AXE_OPTIONS

    assert Axe().run(page, options=AXE_OPTIONS).violations_count == 0
    # What the partner's representative sees.
    partner = page_at(width=width)
    login_cookie(partner, head)
    for path in (
        reverse("partnerships:detail", args=[slug, pk]),
        reverse("partnerships:action", args=[slug, action.pk]),
        reverse("partnerships:invitation", args=[invitation.token]),
        reverse("portal:dashboard"),
    ):
        axe_check(partner, path)
