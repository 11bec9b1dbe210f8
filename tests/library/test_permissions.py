"""Every library view, every role: allowed or refused."""

import pytest
from django.urls import reverse

from mille.groups import services as group_services
from mille.groups.models import Membership
from mille.library.models import ItemComment, LibraryItemPage
from mille.library.services import submissions
from tests.library.conftest import EXPERIENCE


@pytest.fixture
def comment(published, member):
    return ItemComment.objects.create(page=published, author=member, body="Bravo")


def status(client, user, method, url, data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url, data or {})
    return response.status_code


@pytest.mark.parametrize(
    "role,expected",
    [
        (None, 302),
        ("outsider", 403),
        ("member", 403),
        ("other_coordinator", 403),
        ("facilitator", 200),
        ("coordinator", 200),
        ("national", 200),
    ],
)
def test_group_library_page(client, request, group, role, expected):
    user = request.getfixturevalue(role) if role else None
    assert (
        status(client, user, "get", reverse("library:group_library", args=[group.slug])) == expected
    )


@pytest.mark.parametrize(
    "role,expected",
    [
        (None, 302),
        ("outsider", 403),
        ("member", 403),
        ("other_coordinator", 403),
        ("national", 403),
        ("facilitator", 200),
        ("coordinator", 200),
    ],
)
def test_submission_form(client, request, group, role, expected):
    user = request.getfixturevalue(role) if role else None
    url = reverse("library:submission_new", args=[group.slug, "testimony"])
    assert status(client, user, "get", url) == expected


@pytest.mark.parametrize(
    "role,expected",
    [
        (None, 302),
        ("outsider", 403),
        ("member", 403),
        ("other_coordinator", 403),
        ("facilitator", 200),
        ("coordinator", 200),
    ],
)
def test_submission_edit(client, request, group, proposal, role, expected):
    user = request.getfixturevalue(role) if role else None
    url = reverse("library:submission_edit", args=[group.slug, proposal.pk])
    assert status(client, user, "get", url) == expected


def test_live_item_can_no_longer_be_edited_by_the_group(client, group, published, coordinator):
    url = reverse("library:submission_edit", args=[group.slug, published.pk])
    assert status(client, coordinator, "get", url) == 403
    assert (
        status(
            client,
            coordinator,
            "post",
            reverse("library:submission_withdraw", args=[group.slug, published.pk]),
        )
        == 403
    )
    assert LibraryItemPage.objects.filter(pk=published.pk, live=True).exists()


def test_other_group_cannot_reach_a_proposal_through_its_own_slug(
    client, other_group, proposal, other_coordinator
):
    url = reverse("library:submission_edit", args=[other_group.slug, proposal.pk])
    assert status(client, other_coordinator, "get", url) == 404


@pytest.mark.parametrize(
    "role,expected",
    [
        (None, 302),
        ("outsider", 403),
        ("member", 403),
        ("coordinator", 403),
        ("national", 200),
    ],
)
def test_review_pages(client, request, proposal, role, expected):
    user = request.getfixturevalue(role) if role else None
    assert status(client, user, "get", reverse("library:review_queue")) == expected
    assert (
        status(client, user, "get", reverse("library:review_item", args=[proposal.pk])) == expected
    )


def test_a_refused_review_changes_nothing(client, proposal, coordinator):
    url = reverse("library:review_publish", args=[proposal.pk])
    assert status(client, coordinator, "post", url, {"comment": ""}) == 403
    assert not LibraryItemPage.objects.get(pk=proposal.pk).live


@pytest.mark.parametrize(
    "role,expected",
    [
        ("outsider", 403),
        ("member", 403),
        ("coordinator", 403),
        ("national", 302),
    ],
)
def test_hide_comment(client, request, comment, role, expected):
    user = request.getfixturevalue(role)
    url = reverse("library:comment_hide", args=[comment.pk])
    assert status(client, user, "post", url, {"reason": "Hors sujet"}) == expected
    comment.refresh_from_db()
    assert (comment.hidden_at is not None) == (expected == 302)


def test_anonymous_people_cannot_comment_or_report(client, published, comment):
    assert (
        status(
            client,
            None,
            "post",
            reverse("library:comment_post", args=[published.pk]),
            {"body": "Bonjour"},
        )
        == 302
    )
    assert (
        status(
            client,
            None,
            "post",
            reverse("library:comment_report", args=[comment.pk]),
            {"reason": "Spam"},
        )
        == 302
    )
    assert ItemComment.objects.count() == 1


def test_draft_items_take_no_comments(client, proposal, member):
    assert (
        status(
            client,
            member,
            "post",
            reverse("library:comment_post", args=[proposal.pk]),
            {"body": "Bonjour"},
        )
        == 404
    )


def test_cms_needs_the_national_coordination(client, outsider, national):
    assert status(client, outsider, "get", "/cms/") == 302
    assert status(client, national, "get", "/cms/") == 200


def test_cms_policy_is_loosened_there_only_and_calls_no_third_party(client, national):
    client.force_login(national)
    editor = client.get("/cms/")
    assert "'unsafe-inline'" in editor["Content-Security-Policy"]
    assert "gravatar" not in editor.content.decode()
    public = client.get(reverse("library:index"))
    assert "unsafe-inline" not in public["Content-Security-Policy"]


def test_previews_of_group_content_keep_the_strict_policy(client, national, proposal):
    # A group's proposal rendered inside the editor must not run inline scripts it might carry.
    client.force_login(national)
    for name in ("view_draft", "preview_on_edit"):
        response = client.get(reverse(f"wagtailadmin_pages:{name}", args=[proposal.pk]))
        assert "unsafe-inline" not in response["Content-Security-Policy"], name
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[proposal.pk]))
    assert "'unsafe-inline'" in edit["Content-Security-Policy"]


def test_edit_form_data_never_leaks(client, group, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("library:submission_new", args=[group.slug, "nope"]))
    assert response.status_code == 404
    assert EXPERIENCE["title"] not in response.content.decode()


def test_every_page_type_opens_in_the_editor(client, national, proposal):
    from wagtail.models import Page

    from mille.library.models import HomePage, LibraryIndexPage

    client.force_login(national)
    for page in Page.objects.filter(depth__gte=2).specific():
        response = client.get(f"/cms/pages/{page.pk}/edit/")
        assert response.status_code == 200, (page, response.status_code)
    library = LibraryIndexPage.objects.get()
    for model in ("teachingpage", "experiencepage", "testimonypage", "toolpage", "guidepage"):
        response = client.get(f"/cms/pages/add/library/{model}/{library.pk}/")
        assert response.status_code == 200, model
    assert client.get(f"/cms/pages/{HomePage.objects.get().pk}/").status_code == 200


def test_a_proposal_s_owner_loses_it_when_leaving_the_group(
    client, group, facilitator, coordinator
):
    page = submissions.submission_create(
        user=facilitator, group=group, kind="experience", data=dict(EXPERIENCE)
    )
    edit = reverse("library:submission_edit", args=[group.slug, page.pk])
    assert status(client, facilitator, "get", edit) == 200
    membership = Membership.objects.get(group=group, user=facilitator)
    group_services.membership_remove(membership=membership, actor=coordinator)
    page = LibraryItemPage.objects.get(pk=page.pk).specific
    assert not facilitator.has_perm("library.edit_submission", page)
    assert status(client, facilitator, "get", edit) in (403, 404)
    withdraw = reverse("library:submission_withdraw", args=[group.slug, page.pk])
    assert status(client, facilitator, "post", withdraw) in (403, 404)
    assert LibraryItemPage.objects.filter(pk=page.pk).exists()
    # The group keeps it: its coordination may still change or withdraw it.
    assert coordinator.has_perm("library.edit_submission", page)
