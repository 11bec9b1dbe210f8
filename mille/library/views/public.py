"""Public pages of the library (served through Wagtail's page tree) and comments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mille.core.views_helpers import error_text
from mille.groups.selectors import groups_of_user
from mille.library import selectors
from mille.library.decorators import (
    comment_view,
    live_guide_view,
    live_item_view,
    visible_comment_view,
)
from mille.library.forms import CommentForm, ContributionForm, ReasonForm
from mille.library.models import GuidePage, ItemComment, LibraryItemPage, TestimonyPage
from mille.library.services import comments as comment_services
from mille.library.services import guide as guide_services


def library_index(request: HttpRequest, page=None) -> HttpResponse:
    """The library: search, facets, results. `page` is given for Wagtail's previews."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    index = selectors.index_content(page)
    if index is None:
        raise Http404
    query = selectors.parse_query(request.GET)
    return TemplateResponse(
        request,
        "library/index.html",
        {"index": index, "query": query, "results_html": selectors.results_html(query)},
    )


def item_page(request: HttpRequest, page: LibraryItemPage) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    printable = request.GET.get("imprimer") == "1"
    context = {
        "page": page,
        "self": page,
        "printable": printable,
        "kind_icon": selectors.KIND_ICONS.get(page.kind, "book"),
        "share_url": request.build_absolute_uri(page.url or request.path),
    }
    if not printable and page.live:
        context["comments"] = selectors.visible_comments(page, request.user)
        draft = (
            request.session.pop("library_comment_draft", "")
            if request.user.is_authenticated
            else ""
        )
        context["comment_form"] = CommentForm(initial={"body": draft})
    if isinstance(page, GuidePage):
        context["open_sections"] = guide_services.open_sections(page)
        if request.user.is_authenticated and context["open_sections"]:
            draft = request.session.pop(GUIDE_DRAFT, {})
            context["contribution_form"] = ContributionForm(
                sections=context["open_sections"],
                initial=draft if isinstance(draft, dict) else {},
            )
    template = "library/item_print.html" if printable else "library/item_page.html"
    return TemplateResponse(request, template, context)


GUIDE_DRAFT = "library_guide_draft"
AUDIO_TYPES = {"webm": "audio/webm", "ogg": "audio/ogg", "m4a": "audio/mp4"}


@require_GET
def testimony_audio(request: HttpRequest, pk: int) -> FileResponse:
    """A testimony's voice: public once published; before, for its group and the reviewers."""
    page = get_object_or_404(TestimonyPage, pk=pk)
    if not page.live and not (
        request.user.has_perm("library.edit_submission", page)
        or request.user.has_perm("library.review")
    ):
        raise Http404
    if not page.audio:
        raise Http404
    extension = page.audio.name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        page.audio.open("rb"), content_type=AUDIO_TYPES.get(extension, "audio/mp4")
    )
    # Checked again at each listening: a withdrawn consent (unpublished testimony) stops it at once.
    response["Cache-Control"] = "private, no-cache" if page.live else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@live_item_view("library.comment")
def comment_post(request: HttpRequest, page: LibraryItemPage) -> HttpResponse:
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Écrivez votre commentaire (2000 caractères au plus)."))
        request.session["library_comment_draft"] = request.POST.get("body", "")[:4000]
        return redirect(f"{page.url}#commentaires")
    try:
        comment_services.comment_create(
            author=request.user, page=page, body=form.cleaned_data["body"]
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        request.session["library_comment_draft"] = form.cleaned_data["body"]
        return redirect(f"{page.url}#commentaires")
    request.session.pop("library_comment_draft", None)
    messages.success(request, _("Votre commentaire est publié."))
    return redirect(f"{page.url}#commentaires")


@require_POST
@visible_comment_view("library.report_comment")
def comment_report(request: HttpRequest, comment: ItemComment) -> HttpResponse:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Dites en quelques mots pourquoi vous signalez ce commentaire."))
    else:
        try:
            comment_services.comment_report(
                reporter=request.user, comment=comment, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request, _("Merci. La coordination nationale va relire ce commentaire.")
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
    return redirect(f"{comment.page.specific.url}#commentaires")


@require_POST
@comment_view("library.delete_comment")
def comment_delete(request: HttpRequest, comment: ItemComment) -> HttpResponse:
    page = comment.page.specific
    comment_services.comment_delete(author=request.user, comment=comment)
    messages.success(request, _("Votre commentaire est effacé."))
    return redirect(f"{page.url}#commentaires")


@require_POST
@live_guide_view("library.contribute_to_guide")
def guide_contribute(request: HttpRequest, page: GuidePage) -> HttpResponse:
    form = ContributionForm(request.POST, sections=guide_services.open_sections(page))
    if not form.is_valid():
        messages.error(
            request, _("Choisissez une partie et écrivez votre texte (4000 caractères au plus).")
        )
        return redirect(f"{page.url}#contribuer")
    memberships = groups_of_user(request.user)
    group = memberships[0].group if len(memberships) == 1 else None
    try:
        guide_services.contribution_create(
            author=request.user,
            page=page,
            section_id=form.cleaned_data["section"],
            text=form.cleaned_data["text"],
            group=group,
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        # The text comes back in the form, to send later or to copy.
        request.session[GUIDE_DRAFT] = {
            "section": form.cleaned_data["section"],
            "text": form.cleaned_data["text"],
        }
        return redirect(f"{page.url}#contribuer")
    messages.success(
        request, _("Merci ! Votre texte est envoyé. La coordination nationale va le relire.")
    )
    return redirect(f"{page.url}#contribuer")
