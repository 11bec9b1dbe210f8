"""Experience sheets and testimonies proposed by a local group; the national review.

A proposal is a Wagtail draft with a revision, sent into the « Relecture par la coordination
nationale » workflow. The national coordination publishes it or asks for changes (with a
comment); the group edits and sends again. Every step is a kept revision.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import WorkflowState

from mille.core.permissions import check_perm
from mille.library.models import ExperiencePage, LibraryItemPage, TestimonyPage
from mille.library.selectors import library_index_page
from mille.library.services.items import paragraphs_html
from mille.workshops.audio import MAX_BYTES as MAX_AUDIO_BYTES
from mille.workshops.services.common import check_audio

EXPERIENCE_TEXT_FIELDS = ("context", "partners_did", "results")


def _unique_slug(parent, title: str) -> str:
    base = slugify(title)[:70] or "contenu"
    slug, number = base, 2
    siblings = set(parent.get_children().values_list("slug", flat=True))
    while slug in siblings:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _apply(page: LibraryItemPage, data: dict) -> None:
    """Copy a form's cleaned data onto the page; typed text becomes escaped paragraphs."""
    terms = {
        name: data.pop(name)
        for name in ("themes", "audiences", "schemes", "lenses")
        if name in data
    }
    for name, value in data.items():
        if name in EXPERIENCE_TEXT_FIELDS:
            value = paragraphs_html(value)
        setattr(page, name, value)
    for name, value in terms.items():
        setattr(page, name, list(value))


def _send_for_review(page: LibraryItemPage, user) -> None:
    state = WorkflowState.objects.for_instance(page).active().first()
    if state is None:
        page.get_workflow().start(page, user)
    elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)


@transaction.atomic
def submission_create(*, user, group, kind: str, data: dict, audio=None) -> LibraryItemPage:
    """A group's new proposal, saved as a draft and sent for review."""
    check_perm(user, "library.submit_item", group)
    library = library_index_page()
    if library is None:
        raise ValidationError(_("La bibliothèque n'est pas encore ouverte."))
    model = {"experience": ExperiencePage, "testimony": TestimonyPage}[kind]
    page = model(
        title=data["title"],
        slug=_unique_slug(library, data["title"]),
        live=False,
        owner=user,
        local_group=group,
    )
    data = dict(data)
    data.pop("title")
    if kind == "testimony":
        page.consent_recorded_by = user
        if audio is not None:
            # Read one byte past the bound at most: a larger file is refused by its size.
            content = audio.read(MAX_AUDIO_BYTES + 1)
            info = check_audio(content)
            extension = {"webm": "webm", "ogg": "ogg"}.get(info.container, "m4a")
            page.audio.save(f"temoignage.{extension}", ContentFile(content), save=False)
    _apply(page, data)
    library.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    _send_for_review(page, user)
    return page


@transaction.atomic
def submission_update(*, user, page: LibraryItemPage, data: dict) -> LibraryItemPage:
    """The group's new version after the review asked for changes (or before anyone looked)."""
    check_perm(user, "library.edit_submission", page.specific)
    page = page.specific
    state = WorkflowState.objects.for_instance(page).active().first()
    if page.live and state is None:
        raise PermissionDenied
    page = page.get_latest_revision_as_object()
    data = dict(data)
    page.title = data.pop("title")
    _apply(page, data)
    page.save_revision(user=user, log_action=True)
    _send_for_review(page, user)
    return page


def _task_state(page):
    state = WorkflowState.objects.for_instance(page).active().first()
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
        raise ValidationError(_("Ce contenu n'attend pas de relecture."))
    return state.current_task_state


@transaction.atomic
def review_publish(*, reviewer, page: LibraryItemPage, comment: str = "") -> None:
    """Approve the proposal: its newest version goes live."""
    check_perm(reviewer, "library.review", page)
    task_state = _task_state(page)
    task_state.task.specific.on_action(task_state, reviewer, "approve", comment=comment)


@transaction.atomic
def review_request_changes(*, reviewer, page: LibraryItemPage, comment: str) -> None:
    """Send the proposal back to its group with what to change."""
    check_perm(reviewer, "library.review", page)
    if not comment.strip():
        raise ValidationError(_("Dites au groupe ce qu'il faut changer."))
    task_state = _task_state(page)
    task_state.task.specific.on_action(task_state, reviewer, "reject", comment=comment.strip())


def review_comment(page) -> str:
    """The last comment of the national review, for the group."""
    from wagtail.models import TaskState

    last = (
        TaskState.objects.for_instance(page)
        .exclude(comment="")
        .order_by("-finished_at", "-pk")
        .first()
    )
    return last.comment if last else ""


def submission_withdraw(*, user, page: LibraryItemPage) -> None:
    """The group takes back a proposal that is not live."""
    check_perm(user, "library.edit_submission", page)
    if page.live:
        raise PermissionDenied
    state = WorkflowState.objects.for_instance(page).active().first()
    if state is not None:
        state.cancel(user=user)
    page.delete()
