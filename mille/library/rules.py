"""Who may do what in the library."""

import rules

from mille.accounts.rules import is_active_user, is_national_coordinator
from mille.groups.rules import is_group_facilitator, is_group_member


@rules.predicate
def can_edit_submission(user, page) -> bool:
    """The person who proposed it while they belong to the group that proposed it, or a
    coordinator/facilitator of that group."""
    if page is None or page.live and not page.has_unpublished_changes:
        return False
    group = page.local_group
    if page.owner_id == user.pk and (group is None or is_group_member(user, group)):
        return True
    return group is not None and is_group_facilitator(user, group)


@rules.predicate
def is_comment_author(user, comment) -> bool:
    return comment is not None and comment.author_id == user.pk


rules.add_perm("library.submit_item", is_group_facilitator)
rules.add_perm("library.view_group_submissions", is_group_facilitator | is_national_coordinator)
rules.add_perm("library.edit_submission", is_active_user & can_edit_submission)
rules.add_perm("library.review", is_national_coordinator)
rules.add_perm("library.comment", is_active_user)
rules.add_perm("library.report_comment", is_active_user)
rules.add_perm("library.moderate", is_national_coordinator)
rules.add_perm("library.delete_comment", is_active_user & is_comment_author)
rules.add_perm("library.contribute_to_guide", is_active_user)
