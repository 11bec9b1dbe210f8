import pytest
from django.urls import reverse

from mille.library.models import (
    ExperiencePage,
    GuideContribution,
    GuidePage,
    LibraryIndexPage,
    TeachingPage,
)
from mille.library.sanitize import clean_html
from mille.library.services import guide


@pytest.mark.django_db
@pytest.mark.parametrize("model", [TeachingPage, GuidePage, ExperiencePage])
def test_item_page_has_summary_listen_print_share_and_credit(client, model):
    page = model.objects.live().first()
    html = client.get(page.url).content.decode()
    assert page.summary.split(".")[0].replace("'", "&#x27;") in html
    assert 'data-speak-from="easy-summary"' in html
    assert "?imprimer=1" in html and 'id="share-link"' in html
    assert "Source" in html
    printable = client.get(page.url + "?imprimer=1").content.decode()
    assert "css/print.css" in printable and "site-header" not in printable


@pytest.mark.django_db
def test_library_index_and_empty_search(client):
    html = client.get(reverse("library:index")).content.decode()
    assert "8 contenus" in html
    html = client.get(reverse("library:index") + "?q=zzzzzzzz").content.decode()
    assert "0 résultat" in html


@pytest.mark.django_db
def test_only_get_on_pages(client):
    assert client.post(reverse("library:index")).status_code == 405


@pytest.mark.django_db
def test_home_charter_faq_come_from_the_editor(client, django_capture_on_commit_callbacks):
    from mille.library.models import FaqPage

    client.get(reverse("library:faq"))  # cached
    faq = FaqPage.objects.get()
    faq.questions = [("question", {"question": "Une nouvelle question ?", "answer": "<p>Oui.</p>"})]
    with django_capture_on_commit_callbacks(execute=True):
        faq.save_revision().publish()
    assert "Une nouvelle question ?" in client.get(reverse("library:faq")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        faq.unpublish()
    assert client.get(reverse("library:faq")).status_code == 404


def test_sanitizer_neutralises_scripts():
    dirty = '<p onclick="x()">Bonjour<script>alert(1)</script><a href="javascript:alert(1)">lien</a></p>'
    clean = clean_html(dirty)
    assert "script" not in clean and "onclick" not in clean and "javascript" not in clean
    assert "Bonjour" in clean


@pytest.mark.django_db
def test_rich_text_is_sanitised_on_save(client):
    page = TeachingPage.objects.get()
    page.why = '<p>Important</p><script>alert("x")</script><img src=x onerror=alert(1)>'
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "alert(" not in html and "onerror" not in html and "Important" in html


def test_form_text_is_escaped(client, proposal, national):
    from mille.library.services import submissions

    proposal.context = ""
    data = {
        "title": "Titre",
        "summary": "<script>alert(1)</script>",
        "context": "<b>gras</b>",
        "partners_did": "<img src=x onerror=alert(1)>",
        "results": "",
        "themes": [],
        "audiences": [],
        "schemes": [],
        "lenses": [],
    }
    submissions.submission_update(user=proposal.owner, page=proposal, data=data)
    submissions.review_publish(reviewer=national, page=proposal)
    html = client.get(ExperiencePage.objects.get(pk=proposal.pk).url).content.decode()
    assert "<script>alert" not in html and "<img" not in html and "&lt;b&gt;gras&lt;/b&gt;" in html


def test_guide_contribution_accepted_then_credited(client, member, national, group):
    page = GuidePage.objects.get()
    section_id, title = next(iter(guide.open_sections(page).items()))
    client.force_login(member)
    response = client.post(
        reverse("library:guide_contribute", args=[page.pk]),
        {"section": section_id, "text": "Ne jamais convoquer les parents par écrit."},
    )
    assert response.status_code == 302
    contribution = GuideContribution.objects.get()
    assert contribution.local_group == group
    client.force_login(national)
    client.post(reverse("library:contribution_accept", args=[contribution.pk]))
    html = client.get(GuidePage.objects.get().url).content.decode()
    assert "Ne jamais convoquer les parents par écrit." in html
    assert f"Contribution de {group.name}" in html
    contribution.refresh_from_db()
    assert contribution.status == "accepted"


def test_guide_contribution_to_a_closed_part_is_refused(client, member):
    page = GuidePage.objects.get()
    first = next(iter(page.sections))
    client.force_login(member)
    client.post(
        reverse("library:guide_contribute", args=[page.pk]), {"section": first.id, "text": "Texte"}
    )
    assert not GuideContribution.objects.exists()


@pytest.mark.django_db
def test_library_index_is_a_wagtail_page(client):
    index = LibraryIndexPage.objects.get()
    assert client.get(index.url).status_code == 200


def _count(client, url, django_assert_max_num_queries=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_list_pages_query_counts_do_not_grow(client, group, coordinator, national, member):
    from mille.library.models import ItemComment
    from mille.library.services import comments, submissions
    from tests.library.conftest import EXPERIENCE

    def propose(number):
        data = dict(EXPERIENCE, title=f"Expérience {number}")
        return submissions.submission_create(
            user=coordinator, group=group, kind="experience", data=data
        )

    first = propose(0)
    submissions.review_request_changes(reviewer=national, page=first, comment="Plus court.")
    propose(100)  # one waiting for review
    client.force_login(coordinator)
    group_url = reverse("library:group_library", args=[group.slug])
    few = _count(client, group_url)
    client.force_login(national)
    queue_url = reverse("library:review_queue")
    queue_few = _count(client, queue_url)
    experience = ExperiencePage.objects.live().first()
    comments.comment_create(author=member, page=experience, body="Un")
    page_few = _count(client, experience.url)

    for number in range(1, 6):
        page = propose(number)
        if number % 2:
            submissions.review_request_changes(reviewer=national, page=page, comment="Encore.")
        ItemComment.objects.create(page=experience, author=member, body=f"Commentaire {number}")
    client.force_login(coordinator)
    assert _count(client, group_url) == few
    client.force_login(national)
    assert _count(client, queue_url) == queue_few
    assert _count(client, experience.url) == page_few
    assert few <= 12 and queue_few <= 12 and page_few <= 25
