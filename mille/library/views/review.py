"""The national coordination: review proposals, guide contributions and reported comments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mille.core.views_helpers import error_text, require_perm
from mille.library import selectors
from mille.library.forms import ReasonForm, ReviewForm
from mille.library.models import GuideContribution, ItemComment, LibraryItemPage
from mille.library.services import comments as comment_services
from mille.library.services import guide as guide_services
from mille.library.services import submissions


@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    if (refused := require_perm(request, "library.review")) is not None:
        return refused
    return render(
        request,
        "library/review_queue.html",
        {
            "items": selectors.review_queue(),
            "contributions": list(selectors.pending_guide_contributions()),
            "reported": list(selectors.reported_comments()),
        },
    )


@require_http_methods(["GET", "POST"])
def review_item(request: HttpRequest, pk: int) -> HttpResponse:
    if (refused := require_perm(request, "library.review")) is not None:
        return refused
    page = get_object_or_404(LibraryItemPage, pk=pk).specific
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = request.POST.get("decision")
        try:
            if decision == "publish":
                submissions.review_publish(
                    reviewer=request.user, page=page, comment=form.cleaned_data["comment"]
                )
                messages.success(request, _("C'est publié dans la bibliothèque."))
            elif decision == "changes":
                submissions.review_request_changes(
                    reviewer=request.user, page=page, comment=form.cleaned_data["comment"]
                )
                messages.success(
                    request, _("Le groupe va voir votre message et modifier sa proposition.")
                )
            else:
                raise ValidationError(_("Choisissez : publier ou demander des changements."))
        except ValidationError as error:
            form.add_error("comment", error_text(error))
        else:
            return redirect("library:review_queue")
    draft = page.get_latest_revision_as_object()
    return render(
        request,
        "library/review_item.html",
        {
            "item": draft,
            "form": form,
            "state": selectors.submission_state(page),
        },
    )


@require_POST
def contribution_decide(request: HttpRequest, pk: int) -> HttpResponse:
    if (refused := require_perm(request, "library.review")) is not None:
        return refused
    contribution = get_object_or_404(GuideContribution.objects.select_related("page"), pk=pk)
    try:
        if request.POST.get("decision") == "accept":
            guide_services.contribution_accept(reviewer=request.user, contribution=contribution)
            messages.success(request, _("Le texte est ajouté au guide."))
        else:
            guide_services.contribution_decline(
                reviewer=request.user,
                contribution=contribution,
                comment=request.POST.get("comment", ""),
            )
            messages.success(
                request, _("La contribution n'est pas retenue ; son auteur est prévenu.")
            )
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("library:review_queue")


@require_POST
def comment_hide(request: HttpRequest, pk: int) -> HttpResponse:
    if (refused := require_perm(request, "library.moderate")) is not None:
        return refused
    comment = get_object_or_404(ItemComment.objects.select_related("page", "author"), pk=pk)
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
def comment_restore(request: HttpRequest, pk: int) -> HttpResponse:
    if (refused := require_perm(request, "library.moderate")) is not None:
        return refused
    comment = get_object_or_404(ItemComment, pk=pk)
    comment_services.comment_restore(moderator=request.user, comment=comment)
    messages.success(request, _("Le commentaire est de nouveau visible."))
    return redirect("library:review_queue")
