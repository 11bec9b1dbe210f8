"""A local group proposes experience sheets and testimonies, and follows their review."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mille.core.views_helpers import error_text
from mille.groups.decorators import group_view
from mille.groups.models import LocalGroup
from mille.library import selectors
from mille.library.decorators import submission_view
from mille.library.forms import ExperienceForm, TestimonyForm
from mille.library.models import ExperiencePage, LibraryItemPage, TestimonyPage
from mille.library.search import plain_text
from mille.library.services import submissions

FORMS = {"experience": ExperienceForm, "testimony": TestimonyForm}
STATE_LABELS = {
    "draft": gettext_lazy("Brouillon"),
    "in_review": gettext_lazy("En relecture"),
    "needs_changes": gettext_lazy("Changements demandés"),
    "live": gettext_lazy("Publiée"),
}


@require_GET
@group_view("library.view_group_submissions")
def group_library(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    rows = [
        {
            "page": row.page,
            "state": row.state,
            "state_label": STATE_LABELS[row.state],
            "comment": row.comment,
            "can_edit": request.user.has_perm("library.edit_submission", row.page),
        }
        for row in selectors.group_submissions(group)
    ]
    return render(
        request,
        "library/group_library.html",
        {
            "group": group,
            "rows": rows,
            "can_submit": request.user.has_perm("library.submit_item", group),
        },
    )


def _form_data(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("consent", None)
    data.pop("audio", None)
    return data


@require_http_methods(["GET", "POST"])
@group_view("library.submit_item")
def submission_new(request: HttpRequest, group: LocalGroup, kind: str) -> HttpResponse:
    if kind not in FORMS:
        raise Http404
    form = FORMS[kind](request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            submissions.submission_create(
                user=request.user,
                group=group,
                kind=kind,
                data=_form_data(form),
                audio=form.cleaned_data.get("audio"),
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(
                request, _("C'est envoyé ! La coordination nationale va relire votre proposition.")
            )
            return redirect("library:group_library", slug=group.slug)
    return render(
        request, "library/submission_form.html", {"group": group, "form": form, "kind": kind}
    )


def _initial(page) -> dict:
    page = page.get_latest_revision_as_object()
    form_class = FORMS["experience" if isinstance(page, ExperiencePage) else "testimony"]
    initial = {}
    for name in form_class.base_fields:
        if not hasattr(page, name):
            continue
        value = getattr(page, name)
        if name in ("themes", "audiences", "schemes", "lenses"):
            value = list(value.all())
        elif name in submissions.EXPERIENCE_TEXT_FIELDS:
            value = plain_text(value).replace("\n", "\n\n")
        initial[name] = value
    return initial


@require_http_methods(["GET", "POST"])
@submission_view("library.edit_submission")
def submission_edit(request: HttpRequest, page: LibraryItemPage) -> HttpResponse:
    group = page.local_group
    kind = "experience" if isinstance(page, ExperiencePage) else "testimony"
    if not isinstance(page, (ExperiencePage, TestimonyPage)):
        raise Http404
    form = FORMS[kind](request.POST or None, initial=_initial(page))
    if kind == "testimony":
        form.fields["audio"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            submissions.submission_update(user=request.user, page=page, data=_form_data(form))
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("La nouvelle version est envoyée en relecture."))
            return redirect("library:group_library", slug=group.slug)
    return render(
        request,
        "library/submission_form.html",
        {
            "group": group,
            "form": form,
            "kind": kind,
            "editing": page,
            "review_comment": submissions.review_comment(page),
        },
    )


@require_POST
@submission_view("library.edit_submission")
def submission_withdraw(request: HttpRequest, page: LibraryItemPage) -> HttpResponse:
    group = page.local_group
    try:
        submissions.submission_withdraw(user=request.user, page=page)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("La proposition est retirée."))
    return redirect("library:group_library", slug=group.slug)
