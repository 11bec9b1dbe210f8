"""From crossing to action: the problem tree (edited with buttons and fields only), priorities by
dot voting, the action plan, each participant's own answers, and the one-page report."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mille.core.text import is_ascii_digits
from mille.core.views_helpers import csv_download, error_text, json_download
from mille.workshops import exports, paper, selectors, services, svg
from mille.workshops.decorators import participant_view, workshop_view
from mille.workshops.forms import ActionForm, PledgeForm
from mille.workshops.models import Action, NodeKind, Phase, Statement, TreeNode, Workshop
from mille.workshops.views.paper import file_stem, pdf_response

OPEN_AFTER_PEERS = {Phase.CROSSING, Phase.ACTION, Phase.CLOSED}


def _closed(request, workshop):
    return render(request, "workshops/crossing_closed.html", {"workshop": workshop})


def _pictures(tree: selectors.ProblemTree) -> dict:
    """The problem tree and the objectives tree as SVG, drawn from the same boxes."""

    def flat(branches):
        return [(b.node.text, [c.node.text for c in b.children]) for b in branches]

    problem_svg = svg.tree_picture(
        tree.problem.text if tree.problem else "",
        flat(tree.causes),
        flat(tree.consequences),
        title=_("L'arbre à problèmes"),
        description=_(
            "En haut les conséquences, au milieu le problème central, en bas ses causes."
        ),
        labels=(_("Conséquences"), _("Problème central"), _("Causes")),
        ident="problem-tree",
    )
    answering = {}
    for objective in tree.objectives:
        kind = objective.answers.kind if objective.answers else NodeKind.PROBLEM
        answering.setdefault(kind, []).append(objective.text)
    objectives_svg = svg.tree_picture(
        " · ".join(answering.get(NodeKind.PROBLEM, [])) or _("Nos objectifs"),
        [(text, []) for text in answering.get(NodeKind.CAUSE, [])],
        [(text, []) for text in answering.get(NodeKind.CONSEQUENCE, [])],
        title=_("L'arbre des objectifs"),
        description=_(
            "Les objectifs qui répondent aux conséquences en haut, au problème au milieu, "
            "aux causes en bas."
        ),
        labels=(_("Pour les conséquences"), _("Pour le problème"), _("Pour les causes")),
        colours=("#e3f1e6", "#e3f1e6", "#e3f1e6"),
        ident="objective-tree",
    )
    return {
        "problem_svg": mark_safe(problem_svg),  # noqa: S308 — svg.tree_picture escapes all text
        "objectives_svg": mark_safe(objectives_svg) if tree.objectives else "",  # noqa: S308
    }


def _node(workshop, raw) -> TreeNode | None:
    if not raw:
        return None
    if not is_ascii_digits(str(raw)):
        raise Http404
    return get_object_or_404(TreeNode, pk=raw, workshop=workshop)


def _tree_back(workshop, anchor: str = "") -> HttpResponse:
    return redirect(reverse("workshops:tree_edit", kwargs={"pk": workshop.pk}) + anchor)


def _tree_node(workshop, node_pk: int) -> TreeNode:
    node = get_object_or_404(TreeNode, pk=node_pk, workshop=workshop)
    node.workshop = workshop
    return node


@require_GET
@workshop_view("workshops.manage_workshop")
def tree_edit(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    tree = selectors.problem_tree(workshop)
    context = {
        "workshop": workshop,
        "tree": tree,
        "editing": True,
        "statements": list(selectors.statements_in_vote(workshop)),
        "kinds": NodeKind,
        "default_kind": NodeKind.CAUSE if tree.problem else NodeKind.PROBLEM,
        **_pictures(tree),
    }
    return render(request, "workshops/tree.html", context)


@require_POST
@workshop_view("workshops.manage_workshop")
def tree_node_add(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    statement_id = request.POST.get("statement") or None
    if statement_id is not None and not is_ascii_digits(statement_id):
        raise Http404
    statement = (
        get_object_or_404(Statement, pk=statement_id, workshop=workshop) if statement_id else None
    )
    text = request.POST.get("text", "") or (statement.text if statement else "")
    try:
        created = services.tree_node_add(
            workshop=workshop,
            actor=request.user,
            kind=request.POST.get("kind", ""),
            text=text,
            parent=_node(workshop, request.POST.get("parent")),
            answers=_node(workshop, request.POST.get("answers")),
            statement=statement,
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return _tree_back(workshop)
    messages.success(request, _("La case est ajoutée à l'arbre."))
    return _tree_back(workshop, f"#n{created.pk}")


@require_POST
@workshop_view("workshops.manage_workshop")
def tree_node_edit(request: HttpRequest, workshop: Workshop, node_pk: int) -> HttpResponse:
    node = _tree_node(workshop, node_pk)
    try:
        services.tree_node_update(node=node, actor=request.user, text=request.POST.get("text", ""))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("La case est modifiée."))
    return _tree_back(workshop, f"#n{node.pk}")


@require_POST
@workshop_view("workshops.manage_workshop")
def tree_node_move(request: HttpRequest, workshop: Workshop, node_pk: int) -> HttpResponse:
    node = _tree_node(workshop, node_pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        services.tree_node_move(node=node, actor=request.user, offset=offset)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("La case est déplacée."))
    return _tree_back(workshop, f"#n{node.pk}")


@require_POST
@workshop_view("workshops.manage_workshop")
def tree_node_delete(request: HttpRequest, workshop: Workshop, node_pk: int) -> HttpResponse:
    node = _tree_node(workshop, node_pk)
    try:
        services.tree_node_delete(node=node, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("La case est supprimée."))
    return _tree_back(workshop)


@participant_view
def tree(request: HttpRequest, workshop, participant) -> HttpResponse:
    if workshop.phase not in OPEN_AFTER_PEERS:
        return _closed(request, workshop)
    problem_tree = selectors.problem_tree(workshop)
    context = {
        "workshop": workshop,
        "participant": participant,
        "tree": problem_tree,
        "editing": False,
        **_pictures(problem_tree),
    }
    return render(request, "workshops/tree.html", context)


@require_GET
@participant_view
def dots(request: HttpRequest, workshop, participant) -> HttpResponse:
    if workshop.phase not in OPEN_AFTER_PEERS:
        return _closed(request, workshop)
    context = {
        "workshop": workshop,
        "participant": participant,
        "items": selectors.priorities(workshop, participant),
        "left": selectors.dots_left(participant),
        "open": workshop.phase in (Phase.CROSSING, Phase.ACTION),
    }
    return render(request, "workshops/dots.html", context)


def _dot_target(request: HttpRequest, workshop) -> tuple[str, TreeNode | None, Action | None]:
    """`n<id>` for an objective of the tree, `a<id>` for an action."""
    target = request.POST.get("target", "")
    if target.startswith("n") and is_ascii_digits(target[1:]):
        return target, get_object_or_404(TreeNode, pk=target[1:], workshop=workshop), None
    if target.startswith("a") and is_ascii_digits(target[1:]):
        return target, None, get_object_or_404(Action, pk=target[1:], workshop=workshop)
    raise Http404


def _dot_change(request, workshop, participant, change, done: str) -> HttpResponse:
    if workshop.phase not in OPEN_AFTER_PEERS:
        return _closed(request, workshop)
    target, node, action = _dot_target(request, workshop)
    try:
        change(participant=participant, node=node, action=action)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done)
    return redirect(reverse("workshops:dots", kwargs={"pk": workshop.pk}) + f"#{target}")


@require_POST
@participant_view
def dot_place(request: HttpRequest, workshop, participant) -> HttpResponse:
    return _dot_change(
        request, workshop, participant, services.dot_place, _("La gommette est placée.")
    )


@require_POST
@participant_view
def dot_remove(request: HttpRequest, workshop, participant) -> HttpResponse:
    return _dot_change(
        request, workshop, participant, services.dot_remove, _("La gommette est retirée.")
    )


@workshop_view("workshops.manage_workshop")
def action_plan(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form = ActionForm(request.POST or None, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_create(
                group=workshop.group, actor=request.user, workshop=workshop, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("L'action est ajoutée au plan."))
            return redirect("workshops:action_plan", pk=workshop.pk)
    context = {
        "workshop": workshop,
        "form": form,
        "actions": selectors.workshop_actions(workshop),
        "priorities": selectors.priorities(workshop),
        "pledges": selectors.pledges(workshop),
    }
    return render(
        request, "workshops/action_plan.html", context, status=400 if form.errors else 200
    )


@workshop_view("workshops.manage_workshop")
def action_edit(request: HttpRequest, workshop: Workshop, action_pk: int) -> HttpResponse:
    action = get_object_or_404(Action, pk=action_pk, workshop=workshop)
    action.workshop = workshop
    form = ActionForm(request.POST or None, instance=action, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action=action, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("L'action est enregistrée."))
            return redirect("workshops:action_plan", pk=workshop.pk)
    context = {"workshop": workshop, "form": form, "action": action}
    return render(
        request, "workshops/action_edit.html", context, status=400 if form.errors else 200
    )


@participant_view
def my_actions(request: HttpRequest, workshop, participant) -> HttpResponse:
    """The plan as it stands, and the person's own answers to the two questions of séance 3."""
    if workshop.phase not in OPEN_AFTER_PEERS:
        return _closed(request, workshop)
    pledge = getattr(participant, "pledge", None)
    form = PledgeForm(
        request.POST or None,
        initial={"can_do": pledge.can_do, "need": pledge.need} if pledge else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_save(participant=participant, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Merci ! Vos réponses sont enregistrées."))
            return redirect("workshops:my_actions", pk=workshop.pk)
    context = {
        "workshop": workshop,
        "participant": participant,
        "actions": selectors.workshop_actions(workshop),
        "form": form,
        "open": workshop.phase in (Phase.CROSSING, Phase.ACTION),
    }
    return render(request, "workshops/my_actions.html", context, status=400 if form.errors else 200)


# --- The report and the poster -----------------------------------------------------------------


def _report_pdf(workshop) -> HttpResponse:
    workshop = selectors.workshop_for_setup(workshop.pk)
    tree_data = selectors.problem_tree(workshop)
    context = {
        "workshop": workshop,
        "questions": list(workshop.questions.all()),
        "view": selectors.crossing_view(workshop),
        "tree": tree_data,
        "priorities": [p for p in selectors.priorities(workshop) if p.total][:5],
        "actions": list(selectors.workshop_actions(workshop)),
        "now": timezone.now(),
    }
    return pdf_response(paper.render_pdf("workshops/pdf/report.html", context), workshop, "rapport")


@workshop_view("workshops.manage_workshop")
def report(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    return _report_pdf(workshop)


@participant_view
def participant_report(request: HttpRequest, workshop, participant) -> HttpResponse:
    if workshop.phase not in OPEN_AFTER_PEERS:
        raise PermissionDenied
    return _report_pdf(workshop)


@workshop_view("workshops.manage_workshop")
def tree_poster(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    tree_data = selectors.problem_tree(workshop)
    context = {"workshop": workshop, "tree": tree_data, **_pictures(tree_data)}
    return pdf_response(
        paper.render_pdf("workshops/pdf/tree_poster.html", context), workshop, "arbre-a3"
    )


@require_GET
@workshop_view("workshops.manage_workshop")
def crossing_export(request: HttpRequest, workshop: Workshop, fmt: str) -> HttpResponse:
    """The crossing's outcome (votes per peer group, tree, priorities, actions), no names."""
    if fmt not in ("csv", "json"):
        raise Http404
    data = exports.crossing(workshop)
    name = file_stem(workshop, "croisement")
    if fmt == "csv":
        return csv_download(exports.crossing_csv(data), f"{name}.csv", bom=True)
    return json_download(data, f"{name}.json")
