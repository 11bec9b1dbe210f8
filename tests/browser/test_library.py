"""The library in real Chromium: a coordinator proposes an experience sheet, the national
coordination publishes it, a visitor finds it by « parents éloignés » and listens to its summary.
axe-core on every library page at 360 and 1280 px (Wagtail's editor excepted)."""

import pytest
from django.urls import reverse

from mille.library.models import ExperiencePage, GuidePage, TeachingPage, TestimonyPage
from mille.library.services import comments, submissions
from tests.browser.conftest import axe_check, login_cookie
from tests.library.conftest import TESTIMONY

pytestmark = pytest.mark.django_db(transaction=True)

# Record what « Écouter » asks the browser to say (headless Chromium has no voice to hear).
RECORD_SPEECH = """
window.__spoken = [];
if (window.speechSynthesis) {
  window.speechSynthesis.speak = function (utterance) { window.__spoken.push(utterance.text); };
}
"""


def test_propose_publish_find_and_listen(page_at, group, coordinator, national):
    # The coordinator, on a phone, tells the network about the group's parents' café.
    phone = page_at(width=360)
    login_cookie(phone, coordinator)
    phone.goto(phone.base + reverse("library:group_library", args=[group.slug]))
    phone.get_by_role("link", name="Raconter une expérience").click()
    phone.get_by_label("Titre").fill("Le café des mamans de Fives")
    phone.get_by_label("Résumé facile à lire").fill(
        "Des parents éloignés de l'école prennent un café avec les maîtresses. On se parle. On se comprend."
    )
    phone.get_by_label("Lieu (commune, quartier)").fill("Lille, Fives")
    phone.get_by_label("Au départ : la situation").fill("Les mamans n'entraient pas dans l'école.")
    phone.get_by_label("Ce que les partenaires ont fait").fill(
        "Le centre social a invité les maîtresses."
    )
    phone.get_by_label("Intermédiaire : la demande est repensée ensemble").check()
    phone.get_by_label("Soutien à la parentalité").check()
    phone.get_by_role("button", name="Envoyer à la coordination nationale").click()
    phone.get_by_text("C'est envoyé !").wait_for()
    phone.get_by_text("En relecture").wait_for()
    assert not ExperiencePage.objects.get(title="Le café des mamans de Fives").live

    # The national coordination reads it and publishes it.
    desk = page_at(width=1280)
    login_cookie(desk, national)
    desk.goto(desk.base + reverse("library:review_queue"))
    desk.get_by_role("link", name="Le café des mamans de Fives").click()
    desk.get_by_text("Les mamans n'entraient pas dans l'école.").wait_for()
    desk.get_by_role("button", name="Publier").click()
    desk.get_by_text("C'est publié dans la bibliothèque.").wait_for()
    assert ExperiencePage.objects.get(title="Le café des mamans de Fives").live

    # A visitor searches, finds it, and listens to its easy-to-read summary.
    visitor = page_at(width=360)
    visitor.add_init_script(RECORD_SPEECH)
    visitor.goto(visitor.base + reverse("library:index"))
    visitor.get_by_label("Chercher un mot, une idée, un lieu").fill("parents éloignés")
    visitor.get_by_role("button", name="Chercher").click()
    result = visitor.get_by_role("link", name="Le café des mamans de Fives")
    result.wait_for()
    assert visitor.locator(".result mark").first.inner_text().lower() in {"parents", "éloignés"}
    result.click()
    visitor.get_by_role("heading", name="Le café des mamans de Fives").wait_for()
    visitor.get_by_role("button", name="Écouter").click()
    spoken = visitor.evaluate("() => window.__spoken")
    assert spoken and spoken[0].startswith("Des parents éloignés de l'école prennent un café")
    assert visitor.errors == []


@pytest.mark.parametrize("width", [360, 1280])
def test_library_pages_pass_axe(page_at, width, group, coordinator, national, member):
    proposal = submissions.submission_create(
        user=coordinator, group=group, kind="testimony", data=dict(TESTIMONY)
    )
    teaching = TeachingPage.objects.live().get()
    guide = GuidePage.objects.live().get()
    experience = ExperiencePage.objects.live().first()
    comments.comment_create(author=member, page=experience, body="Merci pour ce partage !")
    visitor = page_at(width=width)
    for path in (
        reverse("library:index"),
        reverse("library:index") + "?q=parents+éloignés&type=experience",
        reverse("library:index") + "?q=décrochge",
        teaching.url,
        guide.url,
        experience.url,
        experience.url + "?imprimer=1",
    ):
        axe_check(visitor, path)
    signed_in = page_at(width=width)
    login_cookie(signed_in, coordinator)
    for path in (
        experience.url,
        guide.url,
        reverse("library:group_library", args=[group.slug]),
        reverse("library:submission_new", args=[group.slug, "experience"]),
        reverse("library:submission_new", args=[group.slug, "testimony"]),
    ):
        axe_check(signed_in, path)
    reviewer = page_at(width=width)
    login_cookie(reviewer, national)
    axe_check(reviewer, reverse("library:review_item", args=[proposal.pk]))
    submissions.review_publish(reviewer=national, page=proposal)
    testimony = TestimonyPage.objects.get(pk=proposal.pk)
    for path in (reverse("library:review_queue"), testimony.url):
        axe_check(reviewer, path)
