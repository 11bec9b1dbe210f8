"""The library views' decorators, one per kind of object: a local group's proposal, an item under
review, a live item, a guide contribution, a comment. A group's own library page uses `group_view`
from `mille.groups`."""

from django.shortcuts import get_object_or_404

from mille.core.permissions import object_view
from mille.library.models import GuideContribution, GuidePage, ItemComment, LibraryItemPage


def load_submission(slug: str, pk: int) -> LibraryItemPage:
    """A page proposed by the group of the URL (another group's id gives 404)."""
    return get_object_or_404(LibraryItemPage, pk=pk, local_group__slug=slug).specific


def load_item(pk: int) -> LibraryItemPage:
    return get_object_or_404(LibraryItemPage, pk=pk).specific


def load_live_item(pk: int) -> LibraryItemPage:
    return get_object_or_404(LibraryItemPage.objects.live(), pk=pk).specific


def load_live_guide(pk: int) -> GuidePage:
    return get_object_or_404(GuidePage.objects.live(), pk=pk)


def load_guide_contribution(pk: int) -> GuideContribution:
    return get_object_or_404(GuideContribution.objects.select_related("page"), pk=pk)


def load_comment(pk: int) -> ItemComment:
    return get_object_or_404(ItemComment.objects.select_related("page", "author"), pk=pk)


def load_visible_comment(pk: int) -> ItemComment:
    return get_object_or_404(ItemComment.objects.select_related("page"), pk=pk, hidden_at=None)


submission_view = object_view(load_submission, "slug", "pk")
item_view = object_view(load_item, "pk")
live_item_view = object_view(load_live_item, "pk")
live_guide_view = object_view(load_live_guide, "pk")
guide_contribution_view = object_view(load_guide_contribution, "pk")
comment_view = object_view(load_comment, "pk")
visible_comment_view = object_view(load_visible_comment, "pk")
