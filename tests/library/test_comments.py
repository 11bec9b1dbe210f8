import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mille.library.models import ItemComment
from mille.library.services import comments
from tests.factories import UserFactory


def test_comment_is_published_and_the_author_of_the_item_told(
    client, published, member, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("library:comment_post", args=[published.pk]),
            {"body": "Nous faisons pareil à Roubaix !"},
        )
    assert response.status_code == 302
    assert ItemComment.objects.get().body == "Nous faisons pareil à Roubaix !"
    assert [message.to for message in mail.outbox] == [["coord@example.org"]]
    page = client.get(published.url).content.decode()
    assert "Nous faisons pareil à Roubaix !" in page


def test_rate_limit_keeps_the_text(client, published, member):
    client.force_login(member)
    url = reverse("library:comment_post", args=[published.pk])
    for number in range(comments.COMMENTS_PER_WINDOW):
        client.post(url, {"body": f"Message {number}"})
    response = client.post(url, {"body": "Un de trop"}, follow=True)
    assert "Réessayez dans 10 minutes" in response.content.decode()
    assert "Un de trop" in response.content.decode()  # back in the form, not lost
    assert ItemComment.objects.count() == comments.COMMENTS_PER_WINDOW


def test_too_long_comment_is_refused_with_a_message(client, published, member):
    client.force_login(member)
    response = client.post(
        reverse("library:comment_post", args=[published.pk]), {"body": "x" * 2001}, follow=True
    )
    assert "2000 caractères au plus" in response.content.decode()
    assert not ItemComment.objects.exists()


def test_three_reports_hide_until_review_and_moderation_restores(published, member, national):
    comment = comments.comment_create(author=member, page=published, body="Message douteux")
    with pytest.raises(ValidationError):
        comments.comment_report(reporter=member, comment=comment, reason="moi-même")
    month_ago = timezone.now() - datetime.timedelta(days=30)
    reporters = [UserFactory(date_joined=month_ago) for _ in range(3)]
    comments.comment_report(reporter=reporters[0], comment=comment, reason="Insultant")
    with pytest.raises(ValidationError):
        comments.comment_report(reporter=reporters[0], comment=comment, reason="encore")
    comments.comment_report(reporter=reporters[1], comment=comment, reason="Insultant")
    comment.refresh_from_db()
    assert comment.hidden_at is None
    comments.comment_report(reporter=reporters[2], comment=comment, reason="Insultant")
    comment.refresh_from_db()
    assert comment.hidden_at is not None
    comments.comment_restore(moderator=national, comment=comment)
    comment.refresh_from_db()
    assert comment.hidden_at is None and not comment.reports.filter(resolved_at=None).exists()


def test_fresh_accounts_cannot_hide_a_comment_by_themselves(published, member, national):
    comment = comments.comment_create(author=member, page=published, body="Un avis qui dérange")
    for _ in range(5):
        comments.comment_report(reporter=UserFactory(), comment=comment, reason="Pas d'accord")
    comment.refresh_from_db()
    assert comment.hidden_at is None
    # Their reports still reach the national coordination's queue.
    assert comment.reports.filter(resolved_at=None).count() == 5
    # One seasoned account's report does not tip it either; three do.
    month_ago = timezone.now() - datetime.timedelta(days=30)
    for _ in range(3):
        comments.comment_report(
            reporter=UserFactory(date_joined=month_ago), comment=comment, reason="Blessant"
        )
    comment.refresh_from_db()
    assert comment.hidden_at is not None


def test_hidden_comment_is_shown_to_its_author_only(
    client, published, member, outsider, national, django_capture_on_commit_callbacks
):
    comment = comments.comment_create(author=member, page=published, body="Texte à masquer")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comments.comment_hide(
            moderator=national, comment=comment, reason="Donne le nom d'un enfant"
        )
    assert mail.outbox[0].to == ["membre@example.org"]
    client.force_login(outsider)
    assert "Texte à masquer" not in client.get(published.url).content.decode()
    client.force_login(member)
    page = client.get(published.url).content.decode()
    assert "Texte à masquer" in page and "Donne le nom d&#x27;un enfant" in page


def test_reported_comments_reach_the_review_queue(client, published, member, outsider, national):
    comment = comments.comment_create(author=member, page=published, body="À relire")
    client.force_login(outsider)
    client.post(reverse("library:comment_report", args=[comment.pk]), {"reason": "Publicité"})
    client.force_login(national)
    assert "À relire" in client.get(reverse("library:review_queue")).content.decode()


def test_an_author_takes_a_comment_back(client, published, member, outsider, national):
    comment = comments.comment_create(author=member, page=published, body="Je retire ceci")
    comments.comment_report(reporter=outsider, comment=comment, reason="Pas d'accord")
    url = reverse("library:comment_delete", args=[comment.pk])
    for someone_else in (outsider, national):
        client.force_login(someone_else)
        assert client.post(url).status_code == 403
    client.force_login(member)
    page = client.get(published.url).content.decode()
    assert url in page and "Effacer mon commentaire" in page
    response = client.post(url, follow=True)
    assert "Votre commentaire est effacé." in response.content.decode()
    assert not ItemComment.objects.filter(pk=comment.pk).exists()
