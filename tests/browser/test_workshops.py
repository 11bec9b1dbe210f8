"""Peer-group workshops in real Chromium: three people on 360 px phones, live walls, the voice
recorder with Chromium's fake microphone, nothing lost on a failing connection, and axe-core."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from mille.workshops import services
from mille.workshops.models import Contribution, Phase
from tests.browser.conftest import axe_check, login_cookie

pytestmark = pytest.mark.django_db(transaction=True)

LIVE_TIMEOUT = 8_000  # the walls poll every 3 s


@pytest.fixture
def workshop(group, facilitator):
    created = services.workshop_create(group=group, actor=facilitator, blueprint="croisement")
    services.workshop_phase_change(workshop=created, actor=facilitator, phase=Phase.PEER_WORK)
    created.refresh_from_db()
    return created


def _general_code(workshop) -> str:
    return workshop.join_codes.get(peer_group__isnull=True).code


def _join_by_typing(page, workshop, peer_name: str, nickname: str) -> None:
    page.goto(page.base + "/rejoindre/")
    page.get_by_label("Code de l'atelier").fill(_general_code(workshop).lower())
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label(peer_name).check()
    page.get_by_label("Votre prénom ou un surnom").fill(nickname)
    page.get_by_role("button", name="J'ai compris, je participe").click()
    page.get_by_role("heading", name="Votre code personnel").wait_for()


def _join_by_qr_link(page, workshop, peer_name: str, nickname: str) -> None:
    page.goto(page.base + f"/rejoindre/{_general_code(workshop)}/")
    page.get_by_label(peer_name).check()
    page.get_by_label("Votre prénom ou un surnom").fill(nickname)
    page.get_by_role("button", name="J'ai compris, je participe").click()
    page.get_by_role("heading", name="Votre code personnel").wait_for()


def _open_first_question(page) -> None:
    page.get_by_role("link", name="Qu'est-ce que réussir à l'école ?").click()
    page.locator("#wall").wait_for()
    # The form is sent by workshop.js once it has run (it gives each answer its id); a click
    # before that would send the page the old way, which a loaded machine can let happen.
    page.wait_for_function("() => document.querySelector('[data-client-id]').value !== ''")


def _send(page, text: str) -> None:
    page.get_by_label("Votre réponse").fill(text)
    page.get_by_role("button", name="Envoyer").click()


def test_three_phones_walls_are_live_and_isolated(page_at, workshop, facilitator):
    amina = page_at(width=360)
    bruno = page_at(width=360)
    karim = page_at(width=360)
    _join_by_typing(amina, workshop, "Parents : bon souvenir de l'école", "Amina")
    _join_by_qr_link(bruno, workshop, "Parents : mauvais souvenir de l'école", "Bruno")
    _open_first_question(amina)
    _open_first_question(bruno)

    _send(amina, "Lire des histoires le soir")
    amina.locator("#wall").get_by_text("Lire des histoires le soir").first.wait_for(
        timeout=LIVE_TIMEOUT
    )
    _send(bruno, "Ne pas avoir peur le matin")
    bruno.locator("#wall").get_by_text("Ne pas avoir peur le matin").first.wait_for(
        timeout=LIVE_TIMEOUT
    )

    # The facilitator enters a paper contribution for Amina's group, on a phone too.
    login_cookie(karim, facilitator)
    karim.goto(karim.base + reverse("workshops:board", args=[workshop.pk]))
    karim.get_by_text("Saisir une contribution pour quelqu'un").click()
    karim.get_by_label("Groupe de pairs").first.select_option(
        label="Parents : bon souvenir de l'école"
    )
    karim.get_by_label("Question").first.select_option(label="Qu'est-ce que réussir à l'école ?")
    karim.get_by_label("Ce que la personne a dit ou écrit").fill("Un post-it : le goûter partagé")
    karim.get_by_role("button", name="Ajouter", exact=True).click()
    karim.get_by_text("La contribution est ajoutée.").wait_for()
    # The facilitator's board shows every group.
    for text in ("Lire des histoires le soir", "Ne pas avoir peur le matin", "le goûter partagé"):
        karim.locator("#board-grid").get_by_text(text).first.wait_for(timeout=LIVE_TIMEOUT)

    # Amina's wall updates without reload; Bruno's never shows the other group.
    amina.locator("#wall").get_by_text("Un post-it : le goûter partagé").first.wait_for(
        timeout=LIVE_TIMEOUT
    )
    assert "Saisie par l'animateur" in amina.locator("#wall").inner_text()
    bruno.wait_for_timeout(3_500)
    wall_b = bruno.locator("#wall").inner_text()
    assert "Lire des histoires" not in wall_b and "goûter" not in wall_b
    assert "Ne pas avoir peur" not in amina.locator("#wall").inner_text()

    # A second member of Bruno's group posts: Bruno sees it live.
    sonia = page_at(width=360)
    _join_by_qr_link(sonia, workshop, "Parents : mauvais souvenir de l'école", "Sonia")
    _open_first_question(sonia)
    _send(sonia, "Être accueillie à la porte")
    bruno.locator("#wall").get_by_text("Être accueillie à la porte").first.wait_for(
        timeout=LIVE_TIMEOUT
    )
    assert "Être accueillie" not in amina.locator("#wall").inner_text()

    for page in (amina, bruno, karim, sonia):
        assert page.errors == []


def test_voice_recording_is_sent_and_plays_back(page_at, workshop, facilitator):
    page = page_at(width=360)
    _join_by_qr_link(page, workshop, "Enseignants", "Claire")
    _open_first_question(page)
    page.get_by_role("button", name="Enregistrer ma voix").click()
    page.get_by_role("button", name="Arrêter").wait_for()
    page.wait_for_timeout(2_500)
    page.get_by_role("button", name="Arrêter").click()
    page.locator("[data-record-preview]").wait_for()
    page.get_by_role("button", name="Envoyer").click()
    audio = page.locator("#wall audio").first
    audio.wait_for(timeout=LIVE_TIMEOUT)
    contribution = Contribution.objects.get()
    assert contribution.audio_type == "audio/webm"
    assert 1.5 < contribution.audio_seconds < 4.5  # measured by the server from the real file
    played = page.evaluate(
        """() => new Promise(resolve => {
            const audio = document.querySelector('#wall audio');
            audio.addEventListener('timeupdate', () => resolve(audio.currentTime), {once: true});
            audio.addEventListener('error', () => resolve(-1), {once: true});
            audio.play().catch(() => resolve(-2));
        })"""
    )
    assert played >= 0
    assert page.errors == []


def test_nothing_is_lost_when_the_connection_fails(page_at, workshop):
    page = page_at(width=360)
    _join_by_qr_link(page, workshop, "Acteurs socio-éducatifs", "Karima")
    _open_first_question(page)
    question_url = page.url

    # 1. The server receives the answer but the reply is lost (the line is cut mid-send).
    cut = {"count": 0}

    def cut_after_sending(route):
        if route.request.method == "POST" and cut["count"] == 0:
            cut["count"] += 1
            route.fetch()  # the server stores it...
            route.abort("connectionreset")  # ...and the phone never hears back
        else:
            route.continue_()

    page.route(re.compile(re.escape(question_url) + "$"), cut_after_sending)
    _send(page, "Le CLAS avec les parents")
    page.locator("#pending").get_by_text("Le CLAS avec les parents").wait_for()
    page.locator("#messages").get_by_text("gardée sur ce téléphone").wait_for()
    kept = page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('mille-queue'))")
    assert kept
    # The retry goes through; the server keeps a single copy.
    page.locator("#pending").wait_for(state="hidden", timeout=LIVE_TIMEOUT + 4_000)
    page.locator("#wall").get_by_text("Le CLAS avec les parents").first.wait_for(
        timeout=LIVE_TIMEOUT
    )
    assert Contribution.objects.filter(text="Le CLAS avec les parents").count() == 1
    page.unroute(re.compile(re.escape(question_url) + "$"))

    # 2. Fully offline: kept, then sent when the connection comes back — even after a reload.
    page.context.set_offline(True)
    _send(page, "Les mots de l'école")
    page.locator("#pending").get_by_text("Les mots de l'école").wait_for()
    page.context.set_offline(False)
    page.reload()
    page.locator("#wall").get_by_text("Les mots de l'école").first.wait_for(timeout=LIVE_TIMEOUT)
    assert Contribution.objects.filter(text="Les mots de l'école").count() == 1
    assert (
        page.evaluate(
            f"() => JSON.parse(localStorage.getItem('mille-queue-atelier{workshop.pk}') || '[]').length"
        )
        == 0
    )


def test_listen_buttons_and_one_question_per_screen(page_at, workshop):
    page = page_at(width=360)
    _join_by_qr_link(page, workshop, "Enseignants", "Léo")
    _open_first_question(page)
    assert page.locator("h1").inner_text().strip() == "Qu'est-ce que réussir à l'école ?"
    page.wait_for_load_state("load")  # mille.js shows the buttons once the page is ready
    has_speech = page.evaluate("() => 'speechSynthesis' in window")
    listen = page.locator("#question-text ~ .actions .listen")
    if has_speech:
        expect(listen).to_be_visible()
    else:
        expect(listen).to_be_hidden()
    page.get_by_role("link", name="Question suivante").click()
    assert "aide tous les enfants" in page.locator("h1").inner_text()


def test_touch_targets_are_at_least_44px(page_at, workshop):
    page = page_at(width=360)
    small_targets = """() => [...document.querySelectorAll('main button, main .button, main input, main select, main textarea, .main-nav a')]
        .filter(el => el.offsetParent !== null && !['hidden', 'checkbox', 'radio'].includes(el.type))
        .filter(el => { const r = el.getBoundingClientRect(); return r.height < 44 || r.width < 44; })
        .map(el => el.outerHTML.slice(0, 80))"""
    page.goto(page.base + f"/rejoindre/{_general_code(workshop)}/")
    assert page.evaluate(small_targets) == []
    radios = page.evaluate(
        "() => [...document.querySelectorAll('.peer-choice label')].map(l => l.getBoundingClientRect().height)"
    )
    assert radios and min(radios) >= 44
    _join_by_qr_link(page, workshop, "Enseignants", "Léo")
    _open_first_question(page)
    assert page.evaluate(small_targets) == []


@pytest.mark.parametrize("width", [360, 1280])
def test_no_axe_violation_on_workshop_pages(page_at, workshop, facilitator, width):
    services.contributions_paste(
        actor=facilitator,
        peer_group=workshop.peer_groups.first(),
        question=workshop.questions.first(),
        lines="Le cahier de liaison\nLes réunions de rentrée",
    )
    hidden = Contribution.objects.first()
    services.contribution_hide(contribution=hidden, actor=facilitator, reason="Doublon")
    code = _general_code(workshop)
    participant_page = page_at(width=width)
    for path in (
        "/rejoindre/",
        f"/rejoindre/{code}/",
        f"/rejoindre/{code}/retrouver/",
        "/rejoindre/XXXXXX/",
    ):
        axe_check(participant_page, path)
    _join_by_qr_link(participant_page, workshop, "Parents : bon souvenir de l'école", "Amina")
    axe_check(participant_page, reverse("workshops:participate", args=[workshop.pk]))
    question = workshop.questions.first()
    axe_check(participant_page, reverse("workshops:question", args=[workshop.pk, question.pk]))
    _send(participant_page, "Mon avis")
    participant_page.locator("#wall").get_by_text("Mon avis").first.wait_for(timeout=LIVE_TIMEOUT)
    mine = Contribution.objects.get(text="Mon avis")
    axe_check(participant_page, reverse("workshops:contribution_edit", args=[workshop.pk, mine.pk]))

    page = page_at(width=width)
    login_cookie(page, facilitator)
    peer, session = workshop.peer_groups.first(), workshop.sessions.first()
    for path in (
        reverse("workshops:group_workshops", args=[workshop.group.slug]),
        reverse("workshops:create", args=[workshop.group.slug]),
        reverse("workshops:detail", args=[workshop.pk]),
        reverse("workshops:edit", args=[workshop.pk]),
        reverse("workshops:guide", args=[workshop.pk]),
        reverse("workshops:session_edit", args=[workshop.pk, session.pk]),
        reverse("workshops:peer_group_edit", args=[workshop.pk, peer.pk]),
        reverse("workshops:peer_group_add", args=[workshop.pk]),
        reverse("workshops:question_edit", args=[workshop.pk, question.pk]),
        reverse("workshops:board", args=[workshop.pk]),
        reverse("portal:dashboard"),
    ):
        axe_check(page, path)
    # After a live swap of the board, still no violation.
    page.goto(page.base + reverse("workshops:board", args=[workshop.pk]))
    services.contributions_paste(
        actor=facilitator, peer_group=peer, question=question, lines="Arrivé pendant la lecture"
    )
    page.locator("#board-grid").get_by_text("Arrivé pendant la lecture").wait_for(
        timeout=LIVE_TIMEOUT
    )
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.conftest import AXE_OPTIONS

    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [360, 1280])
def test_no_axe_violation_on_crossing_pages(page_at, workshop, facilitator, width):
    services.contributions_paste(
        actor=facilitator,
        peer_group=workshop.peer_groups.first(),
        question=workshop.questions.first(),
        lines="Le cahier de liaison\nLes réunions de rentrée",
    )
    services.workshop_phase_change(workshop=workshop, actor=facilitator, phase=Phase.CROSSING)
    workshop.refresh_from_db()
    people = []
    for index, peer in enumerate(workshop.peer_groups.all()):
        for n in range(5):
            people.append(
                services.participant_join(
                    workshop=workshop, peer_group=peer, nickname=f"P{index}{n}"
                )[0]
            )
    statements = [
        services.statement_create(workshop=workshop, actor=facilitator, text=text)
        for text in (
            "Parents et école doivent se parler",
            "Les devoirs aident",
            "Un café des parents",
        )
    ]
    for index, person in enumerate(people):
        for position, statement in enumerate(statements):
            services.vote_cast(
                participant=person, statement=statement, value=(1, -1, 0)[(index + position) % 3]
            )
    from mille.workshops import tasks

    tasks.analyse_crossing.call(workshop.pk)
    page = page_at(width=width)
    _join_by_qr_link(page, workshop, "Enseignants", "Léo")
    for name in ("crossing", "vote", "results"):
        axe_check(page, reverse(f"workshops:{name}", args=[workshop.pk]))
    page.goto(page.base + reverse("workshops:vote", args=[workshop.pk]))
    page.get_by_role("button", name="D'accord", exact=True).click()
    page.get_by_text("Phrase 2 sur 3").wait_for()
    facilitator_page = page_at(width=width)
    login_cookie(facilitator_page, facilitator)
    for path in (
        reverse("workshops:statements", args=[workshop.pk]),
        reverse("workshops:statement_edit", args=[workshop.pk, statements[0].pk]),
        reverse("workshops:facilitator_results", args=[workshop.pk]),
    ):
        axe_check(facilitator_page, path)
