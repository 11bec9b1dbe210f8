"""From crossing to action: the problem tree (edited with buttons and fields only), priorities by
dot voting, the action plan, each participant's own answers, and the one-page report."""

import csv
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from mille.core.views_helpers import csv_download, error_text, json_download, require_perm
from mille.groups.models import LocalGroup
from mille.workshops import paper, selectors, services, svg
from mille.workshops.forms import ActionForm, PledgeForm
from mille.workshops.models import Action, NodeKind, Phase, Statement, TreeNode
from mille.workshops.views.common import facilitated_workshop, participant_view
from mille.workshops.views.paper import csv_cell, file_stem, pdf_response

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
    if not str(raw).isdigit():
        raise Http404
    return get_object_or_404(TreeNode, pk=raw, workshop=workshop)


def tree_edit(request: HttpRequest, pk: int) -> HttpResponse:
    workshop, denied = facilitated_workshop(request, pk)
    if denied:
        return denied
    if request.method == "POST":
        action = request.POST.get("action")
        node = _node(workshop, request.POST.get("node"))
        if node is not None:
            node.workshop = workshop
        anchor = ""
        try:
            if action == "add":
                statement_id = request.POST.get("statement") or None
                statement = (
                    get_object_or_404(Statement, pk=statement_id, workshop=workshop)
                    if statement_id
                    else None
                )
                text = request.POST.get("text", "") or (statement.text if statement else "")
                created = services.tree_node_add(
                    workshop=workshop,
                    actor=request.user,
                    kind=request.POST.get("kind", ""),
                    text=text,
                    parent=_node(workshop, request.POST.get("parent")),
                    answers=_node(workshop, request.POST.get("answers")),
                    statement=statement,
                )
                anchor = f"#n{created.pk}"
                messages.success(request, _("La case est ajoutée à l'arbre."))
            elif node is None:
                raise Http404
            elif action == "edit":
                services.tree_node_update(
                    node=node, actor=request.user, text=request.POST.get("text", "")
                )
                anchor = f"#n{node.pk}"
                messages.success(request, _("La case est modifiée."))
            elif action in ("up", "down"):
                services.tree_node_move(
                    node=node, actor=request.user, offset=-1 if action == "up" else 1
                )
                anchor = f"#n{node.pk}"
                messages.success(request, _("La case est déplacée."))
            elif action == "delete":
                services.tree_node_delete(node=node, actor=request.user)
                messages.success(request, _("La case est supprimée."))
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, error_text(error))
        return redirect(reverse("workshops:tree_edit", kwargs={"pk": pk}) + anchor)
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


@participant_view
def dots(request: HttpRequest, workshop, participant) -> HttpResponse:
    if workshop.phase not in OPEN_AFTER_PEERS:
        return _closed(request, workshop)
    if request.method == "POST":
        target = request.POST.get("target", "")
        node = action = None
        if target.startswith("n") and target[1:].isdigit():
            node = get_object_or_404(TreeNode, pk=target[1:], workshop=workshop)
        elif target.startswith("a") and target[1:].isdigit():
            action = get_object_or_404(Action, pk=target[1:], workshop=workshop)
        else:
            raise Http404
        try:
            if request.POST.get("op") == "remove":
                services.dot_remove(participant=participant, node=node, action=action)
                messages.success(request, _("La gommette est retirée."))
            else:
                services.dot_place(participant=participant, node=node, action=action)
                messages.success(request, _("La gommette est placée."))
        except ValidationError as error:
            messages.error(request, error_text(error))
        return redirect(reverse("workshops:dots", kwargs={"pk": workshop.pk}) + f"#{target}")
    context = {
        "workshop": workshop,
        "participant": participant,
        "items": selectors.priorities(workshop, participant),
        "left": selectors.dots_left(participant),
        "open": workshop.phase in (Phase.CROSSING, Phase.ACTION),
    }
    return render(request, "workshops/dots.html", context)


def action_plan(request: HttpRequest, pk: int) -> HttpResponse:
    workshop, denied = facilitated_workshop(request, pk)
    if denied:
        return denied
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


def action_edit(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    workshop, denied = facilitated_workshop(request, pk)
    if denied:
        return denied
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


def group_actions(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(LocalGroup, slug=slug)
    if denied := require_perm(request, "workshops.list_workshops", group):
        return denied
    context = {"group": group, "actions": selectors.group_actions(group)}
    return render(request, "workshops/group_actions.html", context)


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


def report(request: HttpRequest, pk: int) -> HttpResponse:
    workshop, denied = facilitated_workshop(request, pk)
    if denied:
        return denied
    return _report_pdf(workshop)


@participant_view
def participant_report(request: HttpRequest, workshop, participant) -> HttpResponse:
    if workshop.phase not in OPEN_AFTER_PEERS:
        raise PermissionDenied
    return _report_pdf(workshop)


def tree_poster(request: HttpRequest, pk: int) -> HttpResponse:
    workshop, denied = facilitated_workshop(request, pk)
    if denied:
        return denied
    tree_data = selectors.problem_tree(workshop)
    context = {"workshop": workshop, "tree": tree_data, **_pictures(tree_data)}
    return pdf_response(
        paper.render_pdf("workshops/pdf/tree_poster.html", context), workshop, "arbre-a3"
    )


def crossing_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The crossing's outcome: each statement's votes per peer group, the tree, the priorities and
    the actions. No names: peer groups only."""
    workshop, denied = facilitated_workshop(request, pk)
    if denied:
        return denied
    view = selectors.crossing_view(workshop)
    consensus = {r.statement.pk for r in view.consensus + view.consensus_against}
    divisive = {r.statement.pk for r in view.divisive}
    statements = [
        {
            "phrase": result.statement.text,
            "rassemble": result.statement.pk in consensus,
            "divise": result.statement.pk in divisive,
            "groupes": {
                bar.peer_group.name: {
                    "d_accord": bar.agree,
                    "pas_d_accord": bar.disagree,
                    "ne_sait_pas": bar.passes,
                }
                for bar in result.bars
            },
        }
        for result in view.statements
    ]
    name = file_stem(workshop, "croisement")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(
            ["phrase", "groupe", "d_accord", "pas_d_accord", "ne_sait_pas", "rassemble", "divise"]
        )
        for row in statements:
            for group, counts in row["groupes"].items():
                writer.writerow(
                    [
                        csv_cell(row["phrase"]),
                        csv_cell(group),
                        counts["d_accord"],
                        counts["pas_d_accord"],
                        counts["ne_sait_pas"],
                        csv_cell(row["rassemble"]),
                        csv_cell(row["divise"]),
                    ]
                )
        return csv_download(buffer.getvalue(), f"{name}.csv", bom=True)
    if fmt != "json":
        raise Http404
    tree_data = selectors.problem_tree(workshop)

    def branch(item):
        return {"texte": item.node.text, "sous": [branch(child) for child in item.children]}

    body = {
        "atelier": workshop.title,
        "phrases": statements,
        "arbre": {
            "probleme": tree_data.problem.text if tree_data.problem else None,
            "causes": [branch(b) for b in tree_data.causes],
            "consequences": [branch(b) for b in tree_data.consequences],
            "objectifs": [
                {"texte": n.text, "repond_a": n.answers.text if n.answers else None}
                for n in tree_data.objectives
            ],
        },
        "priorites": [
            {
                "libelle": p.label,
                "gommettes": p.total,
                "par_groupe": {g.name: c for g, c in p.per_group},
            }
            for p in selectors.priorities(workshop)
        ],
        "actions": [
            {
                "titre": a.title,
                "description": a.description,
                "porteur": a.lead,
                "avec": a.partners,
                "quand": a.when,
                "moyens": a.resources,
                "etat": a.status,
            }
            for a in selectors.workshop_actions(workshop)
        ],
    }
    return json_download(body, f"{name}.json")
