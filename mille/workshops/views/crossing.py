"""The crossing: everyone sees every peer group's contributions, votes on statements drawn from
them, and reads what unites and what divides. Statements and show-of-hands counts are entered by
the workshop's facilitators."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mille.core.views_helpers import error_text
from mille.workshops import selectors, services, svg
from mille.workshops.forms import ProposalForm, RoomCountForm, SplitForm, StatementForm
from mille.workshops.models import Phase, RoomCount, Statement, VoteChoice
from mille.workshops.views.common import facilitated_workshop, participant_view

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


@participant_view
def vote(request: HttpRequest, workshop, participant) -> HttpResponse:
    if workshop.phase not in (Phase.CROSSING, Phase.ACTION):
        return render(request, "workshops/crossing_closed.html", {"workshop": workshop})
    proposal = ProposalForm(prefix="propose") if workshop.participants_propose else None
    if request.method == "POST" and "propose-text" in request.POST and proposal is not None:
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
    elif request.method == "POST":
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


def _results(request: HttpRequest, workshop, *, facilitator: bool) -> HttpResponse:
    view = selectors.crossing_view(workshop)
    description = _(
        "Chaque marque est une personne qui a voté sur assez de phrases. Les personnes proches "
        "ont voté de la même façon. La forme et la couleur disent son groupe d'opinion."
    )
    context = {
        "workshop": workshop,
        "view": view,
        "facilitator": facilitator,
        "map_svg": mark_safe(  # noqa: S308 — made by svg.opinion_map, which escapes its texts
            svg.opinion_map(view.points, title=_("Carte des opinions"), description=description)
        )
        if view.points
        else "",
        "legend": [
            (group, size, mark_safe(svg.legend_mark(group)))  # noqa: S308 — our own markup
            for group, size in view.opinion_groups
        ],
    }
    return render(request, "workshops/results.html", context)


@participant_view
def results(request: HttpRequest, workshop, participant) -> HttpResponse:
    if workshop.phase not in CROSSING_OPEN:
        return render(request, "workshops/crossing_closed.html", {"workshop": workshop})
    workshop = selectors.workshop_for_setup(workshop.pk)
    return _results(request, workshop, facilitator=False)


def facilitator_results(request: HttpRequest, pk: int) -> HttpResponse:
    workshop, denied = facilitated_workshop(request, pk)
    if denied:
        return denied
    return _results(request, workshop, facilitator=True)


# --- Facilitators: statements and show of hands ---------------------------------------------


def statements(request: HttpRequest, pk: int) -> HttpResponse:
    workshop, denied = facilitated_workshop(request, pk)
    if denied:
        return denied
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


def statement_edit(request: HttpRequest, pk: int, statement_pk: int) -> HttpResponse:
    workshop, denied = facilitated_workshop(request, pk)
    if denied:
        return denied
    statement = get_object_or_404(Statement, pk=statement_pk, workshop=workshop)
    statement.workshop = workshop
    peer_groups = list(workshop.peer_groups.all())
    counts = {
        room.peer_group_id: (room.agree, room.disagree, room.passes)
        for room in RoomCount.objects.filter(statement=statement)
    }
    split = SplitForm(prefix="split", initial={"first": statement.text})
    hands = RoomCountForm(peer_groups=peer_groups, initial_counts=counts, prefix="hands")
    back = reverse("workshops:statement_edit", kwargs={"pk": pk, "statement_pk": statement.pk})
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "text":
                services.statement_update(
                    statement=statement, actor=request.user, text=request.POST.get("text", "")
                )
                messages.success(request, _("La phrase est modifiée."))
            elif action in ("hide", "show"):
                services.statement_hide(
                    statement=statement, actor=request.user, hidden=action == "hide"
                )
                messages.success(request, _("C'est enregistré."))
            elif action == "split":
                split = SplitForm(request.POST, prefix="split")
                if not split.is_valid():
                    raise ValidationError(_("Écrivez les deux phrases."))
                services.statement_split(
                    statement=statement,
                    actor=request.user,
                    first=split.cleaned_data["first"],
                    second=split.cleaned_data["second"],
                )
                messages.success(request, _("La phrase est séparée en deux."))
            elif action == "hands":
                hands = RoomCountForm(request.POST, peer_groups=peer_groups, prefix="hands")
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
                messages.success(request, _("Les mains levées sont comptées."))
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, error_text(error))
            context = {
                "workshop": workshop,
                "statement": statement,
                "split": split,
                "hands": hands,
            }
            return render(request, "workshops/statement_edit.html", context, status=400)
        return redirect(back)
    context = {"workshop": workshop, "statement": statement, "split": split, "hands": hands}
    return render(request, "workshops/statement_edit.html", context)


@require_POST
def statements_merge(request: HttpRequest, pk: int) -> HttpResponse:
    workshop, denied = facilitated_workshop(request, pk)
    if denied:
        return denied
    ids = [value for value in request.POST.getlist("ids") if value.isdigit()]
    chosen = list(Statement.objects.filter(workshop=workshop, pk__in=ids).order_by("created_at"))
    if len(chosen) < 2:
        messages.error(request, _("Choisissez au moins deux phrases à fusionner."))
        return redirect("workshops:statements", pk=workshop.pk)
    for item in chosen:
        item.workshop = workshop
    try:
        services.statements_merge(actor=request.user, keep=chosen[0], others=chosen[1:])
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Les phrases sont fusionnées."))
    return redirect("workshops:statements", pk=workshop.pk)


def presentation(request: HttpRequest, pk: int) -> HttpResponse:
    """For the projector: one slide per question (every group's answers side by side), then one
    per statement (votes per group). Large type; arrow keys or a presenter's clicker move on."""
    workshop, denied = facilitated_workshop(request, pk)
    if denied:
        return denied
    rows = selectors.facilitator_board(workshop, include_hidden=False)
    view = selectors.crossing_view(workshop)
    slides = [("question", row) for row in rows] + [("statement", r) for r in view.statements]
    if not slides:
        raise Http404
    raw = request.GET.get("n", "1")
    index = min(max(int(raw) if raw.isdigit() else 1, 1), len(slides))
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
    }
    return render(request, "workshops/presentation.html", context)
