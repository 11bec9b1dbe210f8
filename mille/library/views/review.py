"""The national coordination: review proposals, guide contributions and reported comments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mille.core.permissions import permission_required
from mille.core.views_helpers import error_text
from mille.library import selectors
from mille.library.decorators import comment_view, guide_contribution_view, item_view
from mille.library.forms import ReasonForm, ReviewForm
from mille.library.models import GuideContribution, ItemComment, LibraryItemPage
from mille.library.services import comments as comment_services
from mille.library.services import guide as guide_services
from mille.library.services import submissions


@require_GET
@permission_required("library.review")
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "library/review_queue.html",
        {
            "items": selectors.review_queue(),
            "contributions": list(selectors.pending_guide_contributions()),
            "reported": list(selectors.reported_comments()),
        },
    )


def _review_page(request, page, form, status=200) -> HttpResponse:
    draft = page.get_latest_revision_as_object()
    context = {"item": draft, "form": form, "state": selectors.submission_state(page)}
    return render(request, "library/review_item.html", context, status=status)


@require_GET
@item_view("library.review")
def review_item(request: HttpRequest, page: LibraryItemPage) -> HttpResponse:
    """A proposal as it would be published, with the two decisions."""
    return _review_page(request, page, ReviewForm())


def _decide(request, page, decide, done: str) -> HttpResponse:
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            decide(reviewer=request.user, page=page, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            form.add_error("comment", error_text(error))
        else:
            messages.success(request, done)
            return redirect("library:review_queue")
    return _review_page(request, page, form, status=400)


@require_POST
@item_view("library.review")
def review_publish(request: HttpRequest, page: LibraryItemPage) -> HttpResponse:
    return _decide(
        request, page, submissions.review_publish, _("C'est publié dans la bibliothèque.")
    )


@require_POST
@item_view("library.review")
def review_changes(request: HttpRequest, page: LibraryItemPage) -> HttpResponse:
    return _decide(
        request,
        page,
        submissions.review_request_changes,
        _("Le groupe va voir votre message et modifier sa proposition."),
    )


@require_POST
@guide_contribution_view("library.review")
def contribution_accept(request: HttpRequest, contribution: GuideContribution) -> HttpResponse:
    try:
        guide_services.contribution_accept(reviewer=request.user, contribution=contribution)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Le texte est ajouté au guide."))
    return redirect("library:review_queue")


@require_POST
@guide_contribution_view("library.review")
def contribution_decline(request: HttpRequest, contribution: GuideContribution) -> HttpResponse:
    try:
        guide_services.contribution_decline(
            reviewer=request.user,
            contribution=contribution,
            comment=request.POST.get("comment", ""),
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("La contribution n'est pas retenue ; son auteur est prévenu."))
    return redirect("library:review_queue")


@require_POST
@comment_view("library.moderate")
def comment_hide(request: HttpRequest, comment: ItemComment) -> HttpResponse:
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(
                _("Dites pourquoi ce commentaire est masqué : son auteur le verra.")
            )
        comment_services.comment_hide(
            moderator=request.user, comment=comment, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Le commentaire est masqué."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    if request.POST.get("next") == "page":
        return redirect(f"{comment.page.specific.url}#commentaires")
    return redirect("library:review_queue")


@require_POST
@comment_view("library.moderate")
def comment_restore(request: HttpRequest, comment: ItemComment) -> HttpResponse:
    comment_services.comment_restore(moderator=request.user, comment=comment)
    messages.success(request, _("Le commentaire est de nouveau visible."))
    return redirect("library:review_queue")
