"""The crossing: everyone sees every peer group's contributions, votes on statements drawn from
them, and reads what unites and what divides. Statements and show-of-hands counts are entered by
the workshop's facilitators."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mille.core.text import parse_int
from mille.core.views_helpers import error_text
from mille.workshops import selectors, services, svg
from mille.workshops.decorators import participant_view, workshop_view
from mille.workshops.forms import ProposalForm, RoomCountForm, SplitForm, StatementForm
from mille.workshops.models import Phase, RoomCount, Statement, VoteChoice, Workshop

CROSSING_OPEN = {Phase.CROSSING, Phase.ACTION, Phase.CLOSED}


@participant_view
def board(request: HttpRequest, workshop, participant) -> HttpResponse:
    """Every peer group's contributions, question by question; names are not shown."""
    if workshop.phase not in CROSSING_OPEN:
        return render(request, "workshops/crossing_closed.html", {"workshop": workshop})
    workshop = selectors.workshop_for_setup(workshop.pk)
    peer_groups = list(workshop.peer_groups.all())
    chosen = request.GET.get("groupe", "")
    selected = next((p for p in peer_groups if str(p.pk) == chosen), participant.peer_group)
    context = {
        "workshop": workshop,
        "participant": participant,
        "rows": selectors.facilitator_board(workshop, include_hidden=False),
        "peer_groups": peer_groups,
        "selected": selected,
    }
    return render(request, "workshops/crossing.html", context)


def _vote_closed(request: HttpRequest, workshop) -> HttpResponse | None:
    if workshop.phase not in (Phase.CROSSING, Phase.ACTION):
        return render(request, "workshops/crossing_closed.html", {"workshop": workshop})
    return None


@require_http_methods(["GET", "POST"])
@participant_view
def vote(request: HttpRequest, workshop, participant) -> HttpResponse:
    """One statement at a time, three large buttons; POST casts the vote."""
    if closed := _vote_closed(request, workshop):
        return closed
    if request.method == "POST":
        statement = get_object_or_404(
            Statement, pk=request.POST.get("statement") or 0, workshop=workshop
        )
        try:
            value = int(request.POST.get("value", ""))
            services.vote_cast(participant=participant, statement=statement, value=value)
        except (ValueError, ValidationError) as error:
            message = (
                error_text(error)
                if isinstance(error, ValidationError)
                else _("Choisissez : d'accord, pas d'accord, ou je ne sais pas.")
            )
            messages.error(request, message)
        return redirect("workshops:vote", pk=workshop.pk)
    proposal = ProposalForm(prefix="propose") if workshop.participants_propose else None
    return _vote_page(request, workshop, participant, proposal)


@require_POST
@participant_view
def propose(request: HttpRequest, workshop, participant) -> HttpResponse:
    """A participant proposes a statement, when the facilitators allow it."""
    if closed := _vote_closed(request, workshop):
        return closed
    if not workshop.participants_propose:
        raise PermissionDenied
    proposal = ProposalForm(request.POST, prefix="propose")
    if proposal.is_valid():
        try:
            services.statement_create(
                workshop=workshop, participant=participant, text=proposal.cleaned_data["text"]
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Merci ! Votre phrase est proposée au vote."))
            return redirect("workshops:vote", pk=workshop.pk)
    else:
        messages.error(request, _("Écrivez une phrase courte : 280 caractères au plus."))
    return _vote_page(request, workshop, participant, proposal)


def _vote_page(request, workshop, participant, proposal) -> HttpResponse:
    done, total = selectors.vote_progress(participant)
    context = {
        "workshop": workshop,
        "participant": participant,
        "statement": selectors.next_statement(participant),
        "proposal": proposal,
        "done": done,
        "total": total,
        "choices": [
            (VoteChoice.AGREE, "check", _("D'accord")),
            (VoteChoice.DISAGREE, "cross", _("Pas d'accord")),
            (VoteChoice.PASS, "question", _("Je ne sais pas")),
        ],
    }
    return render(request, "workshops/vote.html", context)


RESULTS_POLL_SECONDS = 4


def _results(request: HttpRequest, workshop, *, facilitator: bool) -> HttpResponse:
    """The results page; polled every few seconds by htmx, it answers 304 while neither the votes
    nor the stored analysis have changed, and the updated results otherwise."""
    live = selectors.results_version(workshop.pk)
    polled = bool(request.htmx)
    if polled and request.GET.get("v") == live:
        response = HttpResponseNotModified()
        response["Cache-Control"] = "no-store"
        return response
    if not facilitator:
        workshop = selectors.workshop_for_setup(workshop.pk)
    view = selectors.crossing_view(workshop)
    if view.stale:
        services.analysis_requested(workshop)
    description = _(
        "Chaque marque est une personne qui a voté sur assez de phrases. Les personnes proches "
        "ont voté de la même façon. La forme et la couleur disent son groupe d'opinion."
    )
    context = {
        "workshop": workshop,
        "view": view,
        "facilitator": facilitator,
        "map_svg": _map(view, description),
        "legend": _legend(view),
        "live_version": live,
        "poll_seconds": RESULTS_POLL_SECONDS,
        "announce": _("Les résultats ont été mis à jour.") if polled else "",
    }
    template = "workshops/results.html#live" if polled else "workshops/results.html"
    response = render(request, template, context)
    if polled:
        response["Cache-Control"] = "no-store"
    return response


def _map(view, description: str) -> str:
    if not view.points:
        return ""
    return mark_safe(  # noqa: S308 — made by svg.opinion_map, which escapes its texts
        svg.opinion_map(view.points, title=_("Carte des opinions"), description=description)
    )


def _legend(view) -> list:
    return [
        (group, size, mark_safe(svg.legend_mark(group)))  # noqa: S308 — our own markup
        for group, size in view.opinion_groups
    ]


@participant_view
def results(request: HttpRequest, workshop, participant) -> HttpResponse:
    if workshop.phase not in CROSSING_OPEN:
        if request.htmx:
            return HttpResponse(status=286)  # htmx stops polling
        return render(request, "workshops/crossing_closed.html", {"workshop": workshop})
    return _results(request, workshop, facilitator=False)


@workshop_view("workshops.manage_workshop")
def facilitator_results(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    return _results(request, workshop, facilitator=True)


# --- Facilitators: statements and show of hands ---------------------------------------------


@workshop_view("workshops.manage_workshop")
def statements(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form = StatementForm(request.POST or None, workshop=workshop)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.statement_create(
                    workshop=workshop,
                    actor=request.user,
                    text=form.cleaned_data["text"],
                    question=form.cleaned_data["question"],
                    sources=list(form.cleaned_data["sources"]),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("La phrase est ajoutée au vote."))
                return redirect("workshops:statements", pk=workshop.pk)
        status = 400
    items = list(
        Statement.objects.filter(workshop=workshop)
        .select_related("question", "merged_into")
        .prefetch_related("sources__peer_group")
    )
    context = {
        "workshop": workshop,
        "form": form,
        "statements": items,
        "rows": selectors.facilitator_board(workshop, include_hidden=False),
        "open": workshop.phase in (Phase.CROSSING, Phase.ACTION),
    }
    return render(request, "workshops/statements.html", context, status=status)


@require_http_methods(["GET", "POST"])
@workshop_view("workshops.manage_workshop")
def statements_grouped(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    """« Regrouper les contributions semblables »: contributions with the same idea, across peer
    groups, shown together, each group with its typical contribution and a suggested statement
    the facilitator edits; the ticked groups become statements, their contributions as sources."""
    groups = selectors.contribution_groups(workshop)
    error = ""
    texts: dict[int, str] = {}
    chosen: set[int] = set()
    if request.method == "POST":
        chosen = {parse_int(v, default=-1) for v in request.POST.getlist("groups")}
        texts = {g.index: request.POST.get(f"text-{g.index}", "") for g in groups}
        drafts = []
        for group in groups:
            if group.index in chosen:
                ids = [
                    parse_int(v, default=-1) for v in request.POST.getlist(f"members-{group.index}")
                ]
                drafts.append((texts[group.index], [pk for pk in ids if pk > 0]))
        try:
            created = services.statements_from_groups(
                workshop=workshop, actor=request.user, drafts=drafts
            )
        except ValidationError as refused:
            error = error_text(refused)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d phrase est ajoutée au vote.",
                    "%(count)d phrases sont ajoutées au vote.",
                    len(created),
                )
                % {"count": len(created)},
            )
            return redirect("workshops:statements", pk=workshop.pk)
    rows = [
        (
            group,
            texts.get(group.index, group.label),
            group.index in chosen if request.method == "POST" else len(group.members) > 1,
        )
        for group in groups
    ]
    context = {
        "workshop": workshop,
        "together": [row for row in rows if len(row[0].members) > 1],
        "alone": [row for row in rows if len(row[0].members) == 1],
        "error": error,
        "open": workshop.phase in (Phase.CROSSING, Phase.ACTION),
    }
    return render(
        request, "workshops/statements_grouped.html", context, status=400 if error else 200
    )


def _statement(workshop: Workshop, statement_pk: int) -> Statement:
    statement = get_object_or_404(Statement, pk=statement_pk, workshop=workshop)
    statement.workshop = workshop
    return statement


def _statement_page(request, workshop, statement, *, split=None, hands=None, status=200):
    peer_groups = list(workshop.peer_groups.all())
    counts = {
        room.peer_group_id: (room.agree, room.disagree, room.passes)
        for room in RoomCount.objects.filter(statement=statement)
    }
    context = {
        "workshop": workshop,
        "statement": statement,
        "split": split or SplitForm(prefix="split", initial={"first": statement.text}),
        "hands": hands
        or RoomCountForm(peer_groups=peer_groups, initial_counts=counts, prefix="hands"),
    }
    return render(request, "workshops/statement_edit.html", context, status=status)


def _statement_done(request, workshop, statement, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("workshops:statement_edit", pk=workshop.pk, statement_pk=statement.pk)


def _statement_refused(request, workshop, statement, error, **forms) -> HttpResponse:
    messages.error(request, error_text(error))
    return _statement_page(request, workshop, statement, status=400, **forms)


@require_GET
@workshop_view("workshops.manage_workshop")
def statement_edit(request: HttpRequest, workshop: Workshop, statement_pk: int) -> HttpResponse:
    """A statement's page: its text, the show of hands, split it, withdraw it from the vote."""
    return _statement_page(request, workshop, _statement(workshop, statement_pk))


@require_POST
@workshop_view("workshops.manage_workshop")
def statement_text(request: HttpRequest, workshop: Workshop, statement_pk: int) -> HttpResponse:
    statement = _statement(workshop, statement_pk)
    try:
        services.statement_update(
            statement=statement, actor=request.user, text=request.POST.get("text", "")
        )
    except ValidationError as error:
        return _statement_refused(request, workshop, statement, error)
    return _statement_done(request, workshop, statement, _("La phrase est modifiée."))


def _statement_visibility(request, workshop, statement_pk: int, *, hidden: bool):
    statement = _statement(workshop, statement_pk)
    try:
        services.statement_hide(statement=statement, actor=request.user, hidden=hidden)
    except ValidationError as error:
        return _statement_refused(request, workshop, statement, error)
    return _statement_done(request, workshop, statement, _("C'est enregistré."))


@require_POST
@workshop_view("workshops.manage_workshop")
def statement_hide(request: HttpRequest, workshop: Workshop, statement_pk: int) -> HttpResponse:
    return _statement_visibility(request, workshop, statement_pk, hidden=True)


@require_POST
@workshop_view("workshops.manage_workshop")
def statement_show(request: HttpRequest, workshop: Workshop, statement_pk: int) -> HttpResponse:
    return _statement_visibility(request, workshop, statement_pk, hidden=False)


@require_POST
@workshop_view("workshops.manage_workshop")
def statement_split(request: HttpRequest, workshop: Workshop, statement_pk: int) -> HttpResponse:
    statement = _statement(workshop, statement_pk)
    split = SplitForm(request.POST, prefix="split")
    try:
        if not split.is_valid():
            raise ValidationError(_("Écrivez les deux phrases."))
        services.statement_split(
            statement=statement,
            actor=request.user,
            first=split.cleaned_data["first"],
            second=split.cleaned_data["second"],
        )
    except ValidationError as error:
        return _statement_refused(request, workshop, statement, error, split=split)
    return _statement_done(request, workshop, statement, _("La phrase est séparée en deux."))


@require_POST
@workshop_view("workshops.manage_workshop")
def statement_hands(request: HttpRequest, workshop: Workshop, statement_pk: int) -> HttpResponse:
    """The show of hands, per peer group, for people without a phone."""
    statement = _statement(workshop, statement_pk)
    peer_groups = list(workshop.peer_groups.all())
    hands = RoomCountForm(request.POST, peer_groups=peer_groups, prefix="hands")
    try:
        if not hands.is_valid():
            raise ValidationError(
                _("Indiquez un nombre de mains levées entre 0 et 500 pour chaque groupe.")
            )
        for peer, agree, disagree, passes in hands.counts():
            services.room_count_set(
                actor=request.user,
                statement=statement,
                peer_group=peer,
                agree=agree,
                disagree=disagree,
                passes=passes,
            )
    except ValidationError as error:
        return _statement_refused(request, workshop, statement, error, hands=hands)
    return _statement_done(request, workshop, statement, _("Les mains levées sont comptées."))


@workshop_view("workshops.manage_workshop")
def presentation(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    """For the projector: one slide per question (every group's answers side by side), then one
    per statement (votes per group, and the opinion map with each opinion group's votes). Large
    type; arrow keys or a presenter's clicker move on. A statement's slide follows the votes by
    itself (htmx polling, 304 while nothing changed)."""
    live = selectors.results_version(workshop.pk)
    polled = bool(request.htmx)
    if polled and request.GET.get("v") == live:
        response = HttpResponseNotModified()
        response["Cache-Control"] = "no-store"
        return response
    rows = selectors.facilitator_board(workshop, include_hidden=False)
    view = selectors.crossing_view(workshop)
    if view.stale:
        services.analysis_requested(workshop)
    slides = [("question", row) for row in rows] + [("statement", r) for r in view.statements]
    if not slides:
        raise Http404
    raw = request.GET.get("n", "1")
    index = min(max(parse_int(raw, default=1), 1), len(slides))
    kind, content = slides[index - 1]
    base = reverse("workshops:presentation", kwargs={"pk": workshop.pk})
    context = {
        "workshop": workshop,
        "kind": kind,
        "content": content,
        "index": index,
        "count": len(slides),
        "previous_url": f"{base}?n={index - 1}" if index > 1 else "",
        "next_url": f"{base}?n={index + 1}" if index < len(slides) else "",
        "live_version": live,
        "poll_seconds": RESULTS_POLL_SECONDS,
        "announce": _("Les résultats ont été mis à jour.") if polled else "",
        "view": view,
    }
    if kind == "statement":
        context["map_svg"] = _map(
            view,
            _(
                "Chaque marque est une personne. Les personnes proches ont voté de la même "
                "façon. La forme et la couleur disent son groupe d'opinion."
            ),
        )
        context["opinion_rows"] = [
            (row, mark_safe(svg.legend_mark(row.group)))  # noqa: S308 — our own markup
            for row in view.opinion_votes(content.statement.pk)
        ]
    if polled:
        if kind != "statement":
            return HttpResponse(status=286)  # a question's slide does not change: stop polling
        response = render(request, "workshops/presentation.html#live", context)
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "workshops/presentation.html", context)
